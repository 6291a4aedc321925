"""Dutch or English, from function words first and spelling second; unclear text gets the default."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.language import detect_language
from qa.languages import codes

LANGUAGES = codes()

SEED_QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "seed_questions.jsonl"


@pytest.mark.parametrize("text, lang", [
    ("Wie ondertekende de overeenkomst?", "nl"),
    ("Who signed the agreement?", "en"),
    ("Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?", "nl"),
    ("When does the agreement take effect?", "en"),
    ("Wat kost een paspoort en waar vraag ik het aan?", "nl"),
    ("How much does a passport cost and where do I apply?", "en"),
    ("Kan ik mijn rijbewijs online verlengen?", "nl"),
    ("Can I renew my driving licence online?", "en"),
    ("En wie was daarbij aanwezig?", "nl"),
    ("And who was there?", "en"),
])
@pytest.mark.parametrize("default", LANGUAGES)
def test_questions_with_function_words(text, lang, default):
    assert detect_language(text, default=default) == lang


@pytest.mark.parametrize("text", ["", "   ", "12345", "?!", "5G 6G AI", "ASML"])
@pytest.mark.parametrize("default", LANGUAGES)
def test_no_clue_gives_the_default(text, default):
    assert detect_language(text, default=default) == default


def test_default_is_dutch():
    assert detect_language("") == "nl"


@pytest.mark.parametrize("text, lang", [
    ("bbp Zuid-Korea onderzoek", "nl"),  # keyword queries: no function words, spelling decides
    ("Korea R&D spending GDP", "en"),
    ("chip production South Korea economy", "en"),
    ("huurtoeslag aanvragen", "nl"),
])
def test_keyword_queries_by_spelling(text, lang):
    assert detect_language(text) == lang


def test_case_and_punctuation_do_not_matter():
    assert detect_language("WIE ONDERTEKENDE DE OVEREENKOMST???") == "nl"
    assert detect_language("who...signed...the...agreement") == "en"


def test_a_mixed_question_follows_the_majority():
    assert detect_language("Wat is de 'state of the art' in onderzoek naar chips in Korea?") == "nl"
    assert detect_language("What does the word 'overeenkomst' mean in this text?") == "en"


def seed_questions():
    for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield pytest.param(row["question"], row["lang"], id=row["id"])


@pytest.mark.parametrize("question, lang", list(seed_questions()))
def test_seed_questions_are_detected_in_their_labelled_language(question, lang):
    """The reply language follows detection: every seed question must get the language it is written in."""
    assert detect_language(question) == lang
