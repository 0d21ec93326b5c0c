from collections import Counter

from retrieval.evaluation.splits import held_out, split_of


def test_the_split_is_fixed_and_about_half_and_half() -> None:
    keys = [f"article-{i}" for i in range(2000)]
    counts = Counter(split_of(k) for k in keys)
    assert 900 < counts["tune"] < 1100 and counts["tune"] + counts["measure"] == 2000
    assert [split_of(k) for k in keys] == [split_of(k) for k in keys]


def test_held_out_takes_the_share_asked_for_independently_of_the_split() -> None:
    keys = [f"paragraph-{i}" for i in range(4000)]
    out = [k for k in keys if held_out(k, 0.25)]
    assert 900 < len(out) < 1100
    assert 350 < sum(split_of(k) == "tune" for k in out) < 650
    assert not any(held_out(k, 0.0) for k in keys) and all(held_out(k, 1.0) for k in keys)
