from pathlib import Path

import pytest

from qa import languages
from qa.documents import paragraphs_of
from qa.headings import MAX_HEADING_CHARS, HeadingPaths, find_headings

LONGDOCS = Path(__file__).resolve().parent.parent / "eval" / "longdocs" / "docs"


def headings(text: str) -> list[tuple[int, str]]:
    return [(h.level, h.text) for h in find_headings(text, paragraphs_of(text))]


def test_markdown_headings_and_their_levels():
    text = "# Wet open overheid\n\n## Hoofdstuk 4 Openbaarmaking op verzoek\n\n### Artikel 4.4 ##\n\nTekst.\n"
    assert headings(text) == [(1, "Wet open overheid"), (2, "Hoofdstuk 4 Openbaarmaking op verzoek"),
                              (3, "Artikel 4.4")]
    assert headings("#hashtag is geen kop\n\n##\n") == []


@pytest.mark.parametrize("line, level", [
    ("Artikel 12", 5), ("Artikel 4.2a", 5), ("Artikel 4. Kind", 5), ("Hoofdstuk 3", 2), ("Hoofdstuk IV", 2),
    ("Hoofdstuk 3 - Rechten", 2), ("Afdeling 2.1", 3), ("Boek 7", 1), ("Article 5", 5), ("Chapter IV: Scope", 2),
    ("Section 3.1 Results", 4),
])
def test_section_words_of_every_language(line, level):
    assert headings(f"Inleiding.\n\n{line}\n\nDe tekst van het onderdeel.") == [(level, line)]


@pytest.mark.parametrize("line", [
    "Artikel 3 van de wet bepaalt dat.",  # a sentence that names an article
    "Artikel 8. Het college verlaagt de bijstand.",  # an article run on into its text
    "artikel 12",  # not capitalised: a wrapped line inside a paragraph
    "Hoofdstuk 3:",
    "Artikelen 1 tot en met 5",
])
def test_sentences_about_sections_are_not_headings(line):
    assert headings(f"{line}\n\nMeer tekst.") == []


def test_numbered_title_only_as_a_whole_paragraph():
    assert headings("3.2 Resultaten en analyse\n\nWe vonden veel.") == [(2, "3.2 Resultaten en analyse")]
    assert headings("1 Inleiding\n\nTekst.") == [(1, "1 Inleiding")]
    # numbered list items and numbered members of an article are not titles
    assert headings("1. Deze wet is van toepassing op:\na. bestuursorganen;\nb. de Kamers.") == []
    assert headings("1. Onze Minister wijst penitentiaire inrichtingen aan.") == []
    assert headings("Zie hieronder.\n2 Methode\nwerd gebruikt.") == []  # inside a paragraph


def test_overlong_lines_are_not_headings():
    line = "Artikel 1 " + "Titel " * (MAX_HEADING_CHARS // 6)
    assert headings(line + "\n\nTekst.") == []


def test_section_words_come_from_the_language_modules():
    stub = languages.Language(code="xx", name="Stub", stemmer="english", stopwords=frozenset(),
                              markers=frozenset(), spelling="", texts={}, section_words={2: "Kapitel"})
    assert headings("Kapitel 7\n\nText.") == []
    languages.register(stub)
    try:
        assert headings("Kapitel 7\n\nText.") == [(2, "Kapitel 7")]
    finally:
        languages.unregister("xx")
    assert headings("Kapitel 7\n\nText.") == []


def test_paths_nest_by_level():
    text = ("# Wet\n\n## Hoofdstuk 1\n\n### Artikel 1.1\n\nEen.\n\n### Artikel 1.2\n\nTwee.\n\n"
            "## Hoofdstuk 2\n\nDrie.\n\n### Artikel 2.1\n\nVier.")
    paths = HeadingPaths(find_headings(text, paragraphs_of(text)))
    assert paths.at(0) == ("Wet",)
    assert paths.at(text.index("Een.")) == ("Wet", "Hoofdstuk 1", "Artikel 1.1")
    assert paths.at(text.index("Twee.")) == ("Wet", "Hoofdstuk 1", "Artikel 1.2")
    assert paths.at(text.index("Drie.")) == ("Wet", "Hoofdstuk 2")
    assert paths.at(text.index("Vier.")) == ("Wet", "Hoofdstuk 2", "Artikel 2.1")
    assert HeadingPaths([]).at(10) == ()
    assert HeadingPaths(find_headings("Tekst.\n\n## Later", paragraphs_of("Tekst.\n\n## Later"))).at(0) == ()


def test_plain_text_law_of_the_long_document_set():
    text = (LONGDOCS / "penitentiaire-beginselenwet.txt").read_text(encoding="utf-8")
    found = headings(text)
    assert found[:3] == [(5, "Artikel 1"), (5, "Artikel 2"), (5, "Artikel 3")]
    assert len(found) == text.count("\nArtikel ")  # every article line, and nothing else
