"""Sloppy questions read against the corpus vocabulary: capitals, hyphens and one typo repaired."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.reading import Vocabulary, read

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "nederland-zuid-korea-digitale-technologie.txt").read_text(
    encoding="utf-8")


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.from_texts([SEED])


@pytest.mark.parametrize("sloppy, meant", [
    ("wie heeft de overeenkmost getekend namens nederland", "wie heeft de overeenkomst getekend namens Nederland"),
    ("hoe heet de zuid koreaanse presdient", "hoe heet de Zuid-Koreaanse president"),
    ("welke technologieen worden genoemd", "welke technologieën worden genoemd"),
    ("wat zei adriaansens", "wat zei Adriaansens"),
])
def test_sloppy_questions_are_repaired(vocabulary, sloppy, meant):
    assert read(sloppy, vocabulary) == meant


@pytest.mark.parametrize("question", [
    "Wie heeft de overeenkomst getekend?",  # nothing to repair
    "Wie is de koning van Nederland?",  # capitals the user typed are kept as typed ("koning" stays lower)
    "Hoeveel procent is 4,5?",  # numbers are never touched
    "Wie tekende namens Nederland?",  # "namens" is no typo of "namen": they differ only at the end
    "What is the GDP of Korea",  # words the corpus lacks and no known word is one edit from
])
def test_clean_questions_are_left_alone(vocabulary, question):
    assert read(question, vocabulary) == question


def test_vocabulary_knows_names_by_their_capitals_mid_sentence(vocabulary):
    assert vocabulary.written["adriaansens"] == "Adriaansens"
    assert vocabulary.written["zuid-korea"] == "Zuid-Korea"
    assert "minister" not in vocabulary.written  # mostly lower case mid-sentence: not a name
    assert vocabulary.correction("presdient") == "president"
    assert vocabulary.correction("pres") is None  # too short to guess
    assert vocabulary.correction("worked", frozenset({"worker"})) is None  # known to the lexicon
    assert vocabulary.correction("namens") is None  # "namen" differs only in its last letters: another form


LEXICON = frozenset({"occasion", "economic", "signing", "agreement", "important", "activities", "names"})


def test_a_question_in_another_language_is_corrected_towards_the_lexicon(vocabulary):
    question = "what is one of the most important economic activities in south korea"
    assert "economie" not in read(question, vocabulary)  # "economic" differs from "economie" only at its end
    kept = read(question, vocabulary, LEXICON, same_language=False)
    assert "economic activities" in kept and "South Korea" in kept  # the gazetteer gives names their capitals
    assert read("occassion of signing", vocabulary, LEXICON, same_language=False) == "occasion of signing"
    assert read("wie tekende namens nederland", vocabulary, LEXICON) == "wie tekende namens Nederland"


def test_a_different_first_letter_makes_a_different_word_not_a_typo(vocabulary):
    assert "kracht" in vocabulary.counts  # "gedeelde kracht" in the seed: one edit from "bracht"
    assert read("Wie bracht een staatsbezoek aan Nederland?", vocabulary) == "Wie bracht een staatsbezoek aan Nederland?"
    assert read("wie heeft de voereenkomst getekend", vocabulary).startswith("wie heeft de overeenkomst")  # swapped


def test_a_letter_dropped_inside_an_ending_is_a_typo_an_added_or_swapped_ending_is_not(vocabulary):
    lexicon = LEXICON | {"signed", "worked"}
    assert read("who signd the agreemnt", vocabulary, lexicon, same_language=False) == "who signed the agreement"
    assert read("the worker agreements", vocabulary, lexicon, same_language=False) == "the worker agreements"


def test_the_model_tokenizer_gives_the_lexicon(embedder):
    assert {"occasion", "economic", "president"} <= embedder.lexicon
    assert "occassion" not in embedder.lexicon


def test_names_of_several_words_get_their_capitals_in_a_sloppy_question(vocabulary):
    assert read("what does the european union think", vocabulary) == "what does the European Union think"
    assert read("What does the European union think?", vocabulary) == "What does the European union think?"  # typed


def test_across_languages_only_names_are_corrected_towards_the_corpus():
    dutch = Vocabulary.from_texts(["Het is van groot belang, zei minister Adriaansens."])
    assert read("which party does he belong to", dutch, LEXICON, same_language=False) == \
        "which party does he belong to"  # "belang" is a Dutch word, not what an English question meant
    assert read("what did minister adriaasens say", dutch, LEXICON, same_language=False) == \
        "what did minister Adriaansens say"  # names are the same in every language


def test_four_letters_swapped_are_a_typo_other_edits_of_short_words_are_not(vocabulary):
    assert read("which ctiy was it in", vocabulary, LEXICON | {"city"}, same_language=False) == "which city was it in"
    assert vocabulary.correction("meet") is None  # a known word
    assert Vocabulary.from_texts(["Een stad en een land."]).correction("lnad") == "land"
    assert Vocabulary.from_texts(["Een stad en een land."]).correction("lan") is None  # one letter short


def test_a_name_typed_without_its_ending_is_a_typo_of_the_name(vocabulary):
    assert read("what ministry is micky adriaansen responsible for", vocabulary, LEXICON,
                same_language=False) == "what ministry is Micky Adriaansens responsible for"


def test_of_two_lexicon_words_the_one_the_documents_use_is_meant(vocabulary):
    lexicon = LEXICON | {"present", "president"}  # "presdent" is one edit from both
    assert read("name of the korean presdent", vocabulary, lexicon, same_language=False) == \
        "name of the Korean president"


def test_question_words_typed_contracted_or_without_apostrophe_are_written_out(vocabulary):
    assert read("whos ahn duk geun", vocabulary, LEXICON, same_language=False) == "who is Ahn Duk-geun"
    assert read("Who's Ahn?", vocabulary, LEXICON, same_language=False) == "Who is Ahn?"
    assert read("whats new", vocabulary, LEXICON, same_language=False) == "what is new"
    assert read("Whose idea was it?", vocabulary, LEXICON, same_language=False) == "Whose idea was it?"


def test_a_phrase_standing_in_for_a_name_is_read_as_it(vocabulary):
    # "ons land" is how a Dutch question says the Netherlands; the documents say "Nederland"
    assert read("Wie tekende namens ons land?", vocabulary) == "Wie tekende namens Nederland?"
    assert read("hoe belangrijk is ons eigen land", vocabulary) == "hoe belangrijk is Nederland"
    assert read("Is het land van ons belangrijk?", vocabulary) == "Is het land van ons belangrijk?"


def test_a_typo_of_a_word_the_language_modules_know_is_repaired(vocabulary):
    # neither word is in the article: "beleidsterreinen" is an organisation noun, "counterpart" a title
    assert read("voor welke beelidsterreinen is ahn verantwoordelijk", vocabulary).startswith(
        "voor welke beleidsterreinen")
    assert "counterpart" in read("who is his korean counteraprt", vocabulary, LEXICON, same_language=False)


def test_a_typo_of_a_question_word_is_repaired_from_five_letters(vocabulary):
    # "wanneer" is not in the article, and shorter than the other words of the modules that are corrected
    assert read("wanner was het staatsbezoek", vocabulary) == "wanneer was het staatsbezoek"
    assert read("hoevel procent", vocabulary) == "hoeveel procent"
    assert read("waaron", vocabulary) == "waaron"  # "waarom" or "waarop": no guess


def test_a_known_word_with_an_inflection_ending_is_a_form_of_it_not_a_typo():
    vocabulary = Vocabulary.from_texts(["De stemmen worden geteld. Alle gestelde vragen staan erin."])
    assert vocabulary.correction("getelde") is None  # "geteld" + "e", not "gestelde" mistyped
    assert vocabulary.correction("gestlde") == "gestelde"  # a letter dropped inside the word is a typo


def test_a_lexicon_word_with_an_inflection_ending_is_no_typo_of_another_lexicon_word(vocabulary):
    # the model tokenizer's whole words hold "sector" and, from another language, "sectores", not "sectors"
    lexicon = frozenset({"sector", "sectores", "themes", "meeting"})
    question = "Which sectors are the themes of the meeting?"
    assert read(question, vocabulary, lexicon, same_language=False) == question
    assert read("which sectores", vocabulary, lexicon, same_language=False) == "which sectores"  # a word itself
