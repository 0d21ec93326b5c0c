"""The web client's rules, with httpx's mock transport standing in for servers (no network): size limit
read as the body streams, redirects only to http(s) and only so many, error statuses, and which addresses
may be reached. (End to end over real HTTP: tests/feeds.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from retrieval.ingest.web import MAX_REDIRECTS, USER_AGENT, FetchError, WebClient
from retrieval.settings import load_settings


def client(tmp_path: Path, handler, **settings) -> WebClient:  # type: ignore[no-untyped-def]
    options = {"fetch_allow_networks": "127.0.0.0/8", "fetch_max_bytes": 1000, **settings}
    return WebClient(
        load_settings(_env_file=None, data_dir=tmp_path, **options), transport=httpx.MockTransport(handler)
    )


def test_a_body_over_the_limit_is_cut_off_while_it_streams(tmp_path: Path) -> None:
    def chunks() -> Iterator[bytes]:
        while True:
            yield b"x" * 300

    web = client(tmp_path, lambda request: httpx.Response(200, content=chunks()))  # no Content-Length
    with pytest.raises(FetchError, match=r"larger than the 1,000-byte limit"):
        web.get("http://127.0.0.1/page")


def test_redirects_only_to_http_and_only_so_many(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ftp":
            return httpx.Response(302, headers={"Location": "ftp://127.0.0.1/file"})
        if request.url.path.startswith("/loop"):
            return httpx.Response(301, headers={"Location": f"/loop{len(request.url.path)}"})
        assert request.headers["user-agent"] == USER_AGENT
        return httpx.Response(200, content=b"ok", headers={"Content-Type": "text/html"})

    web = client(tmp_path, handler)
    with pytest.raises(FetchError, match=r"only http and https links are fetched \(redirected to ftp://"):
        web.get("http://127.0.0.1/ftp")
    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        web.get("http://127.0.0.1/loop")
    assert web.get("http://127.0.0.1/fine").body == b"ok"


def test_error_statuses_say_whether_to_try_again(tmp_path: Path) -> None:
    web = client(tmp_path, lambda request: httpx.Response(int(request.url.path.strip("/"))))
    with pytest.raises(FetchError) as gone:
        web.get("http://127.0.0.1/404")
    with pytest.raises(FetchError) as busy:
        web.get("http://127.0.0.1/503")
    assert gone.value.lasting and not busy.value.lasting and "HTTP 503" in str(busy.value)


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.10", "169.254.169.254", "127.0.0.1", "[::1]", "0.0.0.0"])
def test_non_public_addresses_are_refused_unless_their_network_is_listed(tmp_path: Path, address: str) -> None:
    reached = []

    def handler(request: httpx.Request) -> httpx.Response:
        reached.append(request.url)
        return httpx.Response(200, content=b"ok")

    with pytest.raises(FetchError, match="is a private or local address"):
        client(tmp_path, handler, fetch_allow_networks="").get(f"http://{address}/x")
    assert reached == []
    allowed = {"10.1.2.3": "10.0.0.0/8", "192.168.0.10": "192.168.0.0/16", "169.254.169.254": "169.254.0.0/16"}
    if address in allowed:
        assert client(tmp_path, handler, fetch_allow_networks=allowed[address]).get(f"http://{address}/x").body == b"ok"
