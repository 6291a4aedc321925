"""Languages as data: a new language is one module that registers a ``Language``; detection, stemming,
question types and replies then use it, without a change to general code."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa import languages
from qa.answering import spans
from qa.answering.texts import text
from qa.language import detect_language
from qa.languages import Language, register, unregister
from qa.lexical import stems, term_groups, words

QA_DIR = Path(__file__).resolve().parent.parent / "qa"
SEED = (Path(__file__).resolve().parent.parent / "seeds" / "nederland-zuid-korea-digitale-technologie.txt").read_text(
    encoding="utf-8")


@pytest.fixture
def german():
    """A stub third language, registered for one test and removed after it."""
    stub = Language(
        code="de", name="Deutsch", stemmer="german", stopwords=frozenset({"der", "die", "das", "und", "ist"}),
        markers=frozenset({"wer", "was", "wann", "wieviel", "welche", "der", "und", "ist", "hat", "unterzeichnet"}),
        spelling=r"sch|ß|ü", texts={**languages.get("en").texts, "not_found": "Die Dokumente beantworten das nicht."},
        question_cues={"number": "wie viele"}, who="wer", titles={"minister": "ministerin"},
        follow_up_openers="und", translations={"nl": "Firma = bedrijf, onderneming\nVereinbarung = overeenkomst"})
    register(stub)
    yield stub
    unregister("de")


def test_the_builtin_languages_are_registered():
    assert languages.codes()[:2] == ("nl", "en")
    assert languages.get("xx").code == "nl"  # an unknown code falls back to the first language


def test_every_language_has_every_phrase_with_the_same_placeholders():
    import string

    def placeholders(phrase: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}

    nl, en = languages.get("nl").texts, languages.get("en").texts
    assert nl.keys() == en.keys()
    assert all(placeholders(nl[key]) == placeholders(en[key]) for key in nl)


def test_a_registered_language_is_detected_and_used(german):
    assert "de" in languages.codes()
    assert detect_language("Wer hat die Vereinbarung unterzeichnet?") == "de"
    assert detect_language("Wie heeft de overeenkomst getekend?") == "nl"  # the others still win their own
    assert detect_language("Who signed the agreement?") == "en"
    assert text("de", "not_found") == "Die Dokumente beantworten das nicht."
    assert spans.question_type("Wer hat unterzeichnet?") == spans.PERSON  # its cue words join the patterns
    assert spans.question_type("Wie viele Firmen?") == spans.NUMBER
    assert spans.asked_for("Wer ist die Ministerin?").role == "minister"  # its titles too
    assert stems("unterzeichnet", ("de",)) == ["unterzeichn"]  # its (German) stemmer
    assert "und" not in words("Korea und Nederland")  # its stop words
    firms = term_groups("Welche Firma?", "de", ("nl",))[-1]  # its lexicon, read both ways
    assert {"bedrijf", "onderneem"} <= firms.stems and firms.known
    assert "firma" in next(t for t in term_groups("Welk bedrijf?", "nl", ("de",)) if "bedrijf" in t.stems).stems


def test_unregistering_removes_the_language(german):
    unregister("de")
    assert "de" not in languages.codes()
    assert spans.question_type("Wer hat unterzeichnet?") is None


def test_no_general_module_holds_words_of_the_seed_article():
    """Language-specific words live in qa/languages; the seed's topic words in none of the general modules."""
    seed_words = {"overeenkomst", "agreement", "samenwerking", "bedrijven", "halfgeleiders", "adriaansens"}
    general = [p for p in QA_DIR.rglob("*.py") if "languages" not in p.parts]
    for path in general:
        source = path.read_text(encoding="utf-8").lower()
        code = re.sub(r'""".*?"""|#[^\n]*', "", source, flags=re.S)  # docstrings and comments may give examples
        found = {w for w in seed_words if re.search(rf"\b{w}\b", code)}
        assert not found, f"{path.relative_to(QA_DIR)} holds {found}"


@pytest.mark.parametrize("question, concepts", [
    ("Hoeveel investeert Zuid-Korea?", ["south-korea"]),
    ("How much does South Korea invest?", ["south-korea"]),
    ("What do the Netherlands and the US share?", ["netherlands", "united-states"]),
    ("Let us look at the EU", ["eu"]),  # "us" is a pronoun, "US" a country
])
def test_the_gazetteer_maps_names_across_languages(question, concepts):
    assert spans.entities_in(question) == concepts


def test_het_land_refers_to_the_nearest_country_before_it():
    paragraph = next(p for p in SEED.split("\n\n") if "Aziatische land" in p)
    start = paragraph.index("Andersom")
    end = paragraph.index(".", paragraph.index("product")) + 1
    assert spans.anaphor_referents(paragraph, start, end) == {"south-korea"}
    about_netherlands = spans.asked_for("Hoeveel procent van het bbp investeert Nederland?")
    about_korea = spans.asked_for("What share of GDP does South Korea invest?")
    assert spans.about_another(about_netherlands, paragraph, start, end)
    assert not spans.about_another(about_korea, paragraph, start, end)
