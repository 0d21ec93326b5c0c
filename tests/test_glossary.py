"""The English-to-Arabic glossary: lookups with exact stems, matches against real Arabic sentences, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.text.arabic import content_stems
from retrieval.text.glossary import (
    GlossaryError,
    arabic_stems_for,
    english_forms,
    load_glossary,
    parse_glossary,
    shipped_glossary,
)

SHIPPED = Path(__file__).resolve().parents[1] / "retrieval" / "data" / "glossary_en_ar.tsv"


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("delegation", ["delegation"]),
        ("Delegations", ["delegations", "delegation"]),
        ("Russia's", ["russia"]),
        ("countries", ["countries", "country", "countrie", "countri"]),
        ("announced", ["announced", "announce", "announc"]),
        ("planned", ["planned", "planne", "plann", "plan"]),
        ("hosting", ["hosting", "hoste", "host"]),
        ("used", ["used", "use"]),  # never "us": a derived form keeps 3+ letters
        ("attaché", ["attache"]),
    ],
)
def test_english_forms(word: str, forms: list[str]) -> None:
    assert english_forms(word) == forms


@pytest.mark.parametrize(
    ("word", "stems"),
    [
        ("delegation", {"وفد", "فدا", "فود"}),
        ("Delegations", {"وفد", "فدا", "فود"}),
        ("visited", {"زيار", "زار", "يزور"}),
        ("visiting", {"زيار", "زار", "يزور"}),
        ("Russia's", {"روس"}),
        ("sanctions", {"عقوب"}),
        ("minorities", {"اقلي", "اقل"}),
        ("defense", {"دفاع"}),
        ("attaché", {"ملحق"}),
        ("Hmeimim", {"حميميم"}),
        ("October", {"اكتوبر", "تشر", "اول"}),  # تشرين loses ين to the light stemmer, as in a sentence
    ],
)
def test_arabic_stems_for(word: str, stems: set[str]) -> None:
    assert arabic_stems_for(word) == frozenset(stems)


@pytest.mark.parametrize("word", ["zanzibarite", "used", "according", ""])
def test_words_the_glossary_lacks_give_nothing(word: str) -> None:
    assert arabic_stems_for(word) == frozenset()


@pytest.mark.parametrize(
    ("word", "sentence", "shared"),
    [
        ("delegation", "وصل وفد عسكري إلى العاصمة", {"وفد"}),
        ("military", "وصل وفد عسكري إلى العاصمة", {"عسكر"}),
        ("arrived", "وصل وفد عسكري إلى العاصمة", {"وصل"}),
        ("capital", "وصل وفد عسكري إلى العاصمة", {"عاصم"}),
        ("met", "والتقى الرئيس السوري أحمد الشرع في دمشق", {"تقي"}),
        ("president", "والتقى الرئيس السوري أحمد الشرع في دمشق", {"رييس"}),
        ("Damascus", "والتقى الرئيس السوري أحمد الشرع في دمشق", {"دمشق"}),
        ("visit", "تتزامن الزيارة مع تحركات عسكرية روسية في الساحل السوري", {"زيار"}),
        ("coincides", "تتزامن الزيارة مع تحركات عسكرية روسية في الساحل السوري", {"تتزامن"}),
        ("coast", "تتزامن الزيارة مع تحركات عسكرية روسية في الساحل السوري", {"ساحل"}),
        ("convoys", "ومع رصد أرتال عسكرية روسية ضخمة تتنقل في الساحل السوري", {"ارتال"}),
        ("bases", "تحتفظ روسيا بقاعدتين عسكريتين في سوريا", {"قاعدت"}),
        ("keeps", "تحتفظ روسيا بقاعدتين عسكريتين في سوريا", {"تحتفظ"}),
        ("Syria", "تحتفظ روسيا بقاعدتين عسكريتين في سوريا", {"سور"}),
        ("sources", "وقالت مصادر حكومية للجزيرة إن الوفد الروسي يضم نحو 190 شخصية", {"مصادر"}),
        ("government", "وقالت مصادر حكومية للجزيرة إن الوفد الروسي يضم نحو 190 شخصية", {"حكوم"}),
        ("asylum", "والذي منحته موسكو حق اللجوء الإنساني", {"جوء", "حق"}),
    ],
)
def test_glosses_meet_the_stems_of_real_arabic_sentences(word: str, sentence: str, shared: set[str]) -> None:
    assert arabic_stems_for(word) & set(content_stems(sentence)) == shared


def test_a_glossary_can_be_passed_in() -> None:
    glossary = parse_glossary("visit\tزيارة | زار\n")
    assert arabic_stems_for("Visits", glossary=glossary) == frozenset({"زيار", "زار"})


def test_load_glossary_reads_comments_blank_lines_and_spaces(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text("# english<TAB>arabic | arabic\n\nvisit\t زيارة |زار \ndefense\tالدفاع\n", encoding="utf-8")
    assert load_glossary(path) == {"visit": frozenset({"زيار", "زار"}), "defense": frozenset({"دفاع"})}


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ("visit زيارة", "with one TAB, found 0"),
        ("visit\tزيارة\tزار", "with one TAB, found 2"),
        ("Visit\tزيارة", "English key 'Visit' is not one lower-case word"),
        ("prime minister\tرئيس الوزراء", "English key 'prime minister' is not one lower-case word"),
        ("meet\tلقاء", "'meet' is already defined on line 2"),
        ("visit\tزيارة | | زار", "empty gloss for 'visit'"),
        ("visit\tزيارة | visite", "gloss 'visite' for 'visit' is not Arabic"),
        ("where\tفي | من", "the glosses for 'where' are all stopwords"),
    ],
)
def test_a_malformed_line_is_an_error_naming_file_and_line(tmp_path: Path, bad_line: str, problem: str) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text(f"# header\nmeet\tلقاء\n{bad_line}\ndefense\tالدفاع\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    assert str(caught.value).startswith(f"{path}:3: ")
    assert problem in str(caught.value)


def test_the_shipped_glossary_loads_through_the_package() -> None:
    glossary = shipped_glossary()
    assert 400 <= len(glossary) <= 600
    assert glossary == load_glossary(SHIPPED)


def test_every_line_of_the_shipped_glossary_parses_and_every_gloss_has_a_stem() -> None:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    entries = [line for line in lines if line.strip() and not line.startswith("#")]
    assert len(entries) == len(shipped_glossary())
    for line in entries:
        english, glosses = line.split("\t")
        assert parse_glossary(line) == {english: arabic_stems_for(english)}
        for gloss in glosses.split("|"):
            assert content_stems(gloss), f"{english}: {gloss!r} has no content stem"
