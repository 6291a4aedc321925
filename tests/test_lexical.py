"""BM25 with Dutch and English stemming: folding, stopwords, per-language stems, scores."""
from __future__ import annotations

import numpy as np
import pytest

from qa.lexical import (LexicalIndex, compound_parts, fold, split_verbs, stems, synonym_words, synonyms, term_groups,
                        translated, translated_compounds, translations, with_compound_parts, words)


def test_fold_lowercases_and_strips_accents():
    assert fold("Één COÖRDINATIE, naïef café") == "een coordinatie, naief cafe"
    assert fold("Yoon Suk-yeol") == "yoon suk-yeol"


def test_words_drop_stopwords_of_both_languages():
    assert words("De minister heeft het akkoord getekend") == ["minister", "akkoord", "getekend"]
    assert words("The minister signed the agreement") == ["minister", "signed", "agreement"]
    assert words("de het een the of and") == []
    assert words("4,5% van het bbp") == ["4", "5", "bbp"]


def test_stems_per_language():
    assert stems("investeringen investering", ("nl",)) == ["investeer", "investeer"]
    assert stems("agreements agreement", ("en",)) == ["agreement", "agreement"]
    assert stems("", ("nl", "en")) == []


def test_a_verb_form_the_stemmer_leaves_whole_also_meets_its_other_forms():
    """The Dutch stemmer keeps "investeert" and "benoemd" whole; without the ending they meet "investeren" and
    "benoeming". A short word ending so is rarely a verb: "land" stays "land"."""
    for verb, other in (("investeert", "investeren"), ("benoemd", "benoeming"), ("betaalt", "betaling"),
                        ("beslist", "beslissing")):
        assert set(stems(verb, ("nl",))) & set(stems(other, ("nl",))), verb
    assert stems("land wet", ("nl",)) == ["land", "wet"]
    assert stems("signed", ("en",)) == ["sign"]  # a language without such endings is its stemmer alone


def test_two_languages_give_each_distinct_stem_once():
    both = stems("investeringen", ("nl", "en"))
    assert sorted(both) == sorted({*stems("investeringen", ("nl",)), *stems("investeringen", ("en",))})
    assert len(both) == len(set(both))
    assert stems("Amsterdam", ("nl", "en")) == ["amsterdam"]  # same stem in both: once


COUNTS = {"informatie": 40, "verzoek": 30, "bijstand": 12, "norm": 5, "stand": 9, "standaard": 2, "premie": 7,
          "voor": 500, "waarde": 8, "huis": 20, "genoten": 1, "zorg": 60, "toeslag": 25, "aard": 3}
JOINS = ("", "s", "e", "en")


@pytest.mark.parametrize("word, parts", [
    ("informatieverzoek", ("informatie", "verzoek")),
    ("bijstandsnorm", ("bijstand", "norm")),  # joined by an "s"
    ("standaardpremie", ("standaard", "premie")),  # not stand + aard + premie: the fewest parts win
    ("zorgtoeslag", ("zorg", "toeslag")),
    ("voorwaarde", ()),  # "voor" is a stopword, no part
    ("verzoek", ()),  # a corpus word that is no compound
    ("informatiepunt", ()),  # "punt" is no corpus word
    ("2024", ()),
])
def test_compound_parts_are_corpus_words(word, parts):
    assert compound_parts(word, COUNTS, JOINS) == parts


def test_of_two_splits_the_one_of_the_more_frequent_words_wins():
    assert compound_parts("zorgenbijstand", {"zorg": 9, "zorgen": 1, "bijstand": 4, "enbijstand": 1},
                          JOINS) == ("zorg", "bijstand")


DUTCH_WORDS = {"persoonsgegevens": 3, "burgerservicenummer": 2, "noodpaspoort": 1, "paspoort": 5, "gegevens": 4}


@pytest.mark.parametrize("question, compounds", [
    ("Who may see my personal data?", ["persoonsgegevens"]),  # persoon + s + gegevens
    ("Is my citizen service number on the chip?", ["burgerservicenummer"]),  # three words, as themselves or translated
    ("Can I get an emergency passport at the embassy?", ["noodpaspoort"]),
    ("Is the data personal?", []),  # "data personal" makes no corpus word
])
def test_adjacent_english_words_make_a_dutch_compound_of_the_corpus(question, compounds):
    assert translated_compounds(question, "en", ("nl",), DUTCH_WORDS) == compounds
    assert translated_compounds(question, "nl", ("nl",), DUTCH_WORDS) == []  # a question in the corpus's language


def test_keywords_get_the_parts_of_their_compounds_in_a_compounding_language():
    assert with_compound_parts("Hoe lang duurt een informatieverzoek?", COUNTS, ("nl",)) == \
        "Hoe lang duurt een informatieverzoek? informatie verzoek"
    assert with_compound_parts("informatieverzoek", COUNTS, ("en",)) == "informatieverzoek"  # English: no joins


def test_a_question_in_the_documents_language_is_its_stems_and_their_synonyms():
    groups = term_groups("Welke bedrijven tekenden?", "nl", ("nl",))
    assert len(groups) == 3 and all(group.known for group in groups)  # one per word that is no stop word
    for group, word in zip(groups, ("welke", "bedrijven", "tekenden")):
        assert stems(word, ("nl",))[0] in group.stems


def test_synonyms_are_the_words_a_lexicon_gives_for_the_same_foreign_word():
    (agreement,) = term_groups("akkoord", "nl", ("nl",))
    assert stems("overeenkomst", ("nl",))[0] in agreement.stems  # both "agreement"
    (signed,) = term_groups("ondertekend", "nl", ("nl",))
    assert stems("getekend", ("nl",))[0] in signed.stems  # both "signed"
    (excels,) = term_groups("blinkt", "nl", ("nl",))
    assert stems("leidend", ("nl",))[0] in excels.stems  # both "excel": "Waar blinkt Nederland in uit?"
    assert {"leidend", "toonaangevend"} <= synonym_words("koploper", "nl", ("nl",))  # the words, for alignment
    (signature,) = term_groups("handtekening", "nl", ("nl",))
    assert stems("getekend", ("nl",))[0] in signature.stems  # "zette haar handtekening onder": she signed
    # "allowance" is "toeslag", but also "toestaan", "mogen", "mogelijk maken": a meaning that broad adds nothing
    assert not set(stems("mogen toestaan", ("nl",))) & set(synonyms("toeslag", "nl", ("nl",)))


def test_a_verb_split_from_its_particle_is_the_whole_verb_the_documents_have():
    """"Wie stelt de commissie in?" asks who "instelt" (the documents' "ingesteld"), not who "stelt zich op de
    hoogte"; a word that joined to the particle makes nothing the documents have stays itself."""
    known = set(stems("De commissie wordt door de minister ingesteld.", ("nl",)))
    verb, commission = term_groups("Wie stelt de commissie in?", "nl", ("nl",), known)
    assert verb.stems == frozenset(stems("ingesteld", ("nl",)))
    assert commission.stems == frozenset(stems("commissie", ("nl",)))  # no "incommissie" in the documents
    assert term_groups("Wie stelt de commissie in?", "nl", ("nl",))[0].stems == frozenset(stems("stelt", ("nl",)))
    # a clause of a sentence ends in its particle too ("stelt ... vast, tenzij ...")
    assert split_verbs("Het college stelt de bijstand vast, tenzij het anders bepaalt.", "nl", ("nl",),
                       set(stems("vastgesteld", ("nl",)))) == {"stelt": frozenset(stems("vastgesteld", ("nl",)))}
    # English joins no particles
    assert not any("setup" in term.stems for term in term_groups("Who set it up?", "en", ("en",), {"setup"}))


def test_a_foreign_word_is_matched_by_its_equivalents_stems():
    companies, signed, pierogi = term_groups("companies signed pierogi", "en", ("nl",))
    assert {"bedrijf", "onderneem"} <= companies.stems and companies.known  # "companies" -> bedrijf, onderneming
    assert stems("getekend", ("nl",))[0] in signed.stems
    assert pierogi == (frozenset(stems("pierogi", ("nl",))), False)  # no entry: only its own stem, and unknown


def test_a_word_is_not_translated_as_a_longer_word_of_its_stem():
    # English stems "apartment" to "apart": a question's "apart" is no "appartement", its "apartments" is
    assert "appartement" not in translated("apart from him", "en", ("nl",))
    assert "appartement" in translated("apartments", "en", ("nl",))


def test_a_loanword_the_documents_never_use_stands_for_its_equivalents():
    corpus = {"uitgaven", "onderzoek", "research"}  # the words the documents use
    assert translated("uitgaven aan development", "nl", ("nl",), corpus).split() == [
        "uitgaven", "development", "ontwikkeling", "ontwikkelingen", "ontwikkelen"]
    assert translated("uitgaven aan research", "nl", ("nl",), corpus) == "uitgaven research"  # used: as is
    assert translated("uitgaven aan development", "nl", ("nl",)) == "uitgaven aan development"  # no vocabulary
    (development,) = term_groups("development", "nl", ("nl",), known=set(stems("onderzoek", ("nl",))))
    assert set(stems("ontwikkeling", ("nl",))) <= development.stems
    (research,) = term_groups("research", "nl", ("nl",), known=set(stems("research", ("nl",))))
    assert research.stems == frozenset(stems("research", ("nl",)))


def test_the_lexicon_reads_both_ways():
    (companies,) = term_groups("bedrijven", "nl", ("en",))
    assert {"compani", "busi", "firm"} <= companies.stems


@pytest.fixture(scope="module")
def mixed() -> LexicalIndex:
    return LexicalIndex(["De overeenkomst is getekend door de minister.",
                         "The agreement was signed by the minister.",
                         "Onderzoek, onderzoek en nog eens onderzoek!",
                         "Coördinatie tussen ministeries blijft lastig."],
                        ["nl", "en", "nl", "nl"])


def test_index_languages_follow_the_texts(mixed):
    assert mixed.langs == ("nl", "en") and mixed.size == 4
    assert LexicalIndex(["alleen Nederlands"], ["nl"]).langs == ("nl",)
    assert LexicalIndex([], []).langs == ("nl",)


def test_inflections_match_in_their_language(mixed):
    dutch = mixed.scores("overeenkomsten")
    assert dutch[0] > 0 and dutch[1:].tolist() == [0, 0, 0]
    english = mixed.scores("agreements signing")
    assert english[1] > 0 and english[[0, 2, 3]].tolist() == [0, 0, 0]


def test_more_occurrences_score_higher(mixed):
    scores = mixed.scores("onderzoeken")
    assert scores[2] > 0 and int(np.argmax(scores)) == 2


def test_accents_and_case_do_not_matter(mixed):
    assert mixed.scores("COORDINATIE")[3] > 0
    np.testing.assert_allclose(mixed.scores("coördinatie"), mixed.scores("coordinatie"))


@pytest.mark.parametrize("query", ["", "   ", "de het the", "?!", "fietsenstalling"])
def test_no_terms_or_no_match_scores_zero(mixed, query):
    scores = mixed.scores(query)
    assert scores.dtype == np.float32 and scores.shape == (4,)
    assert scores.tolist() == [0, 0, 0, 0]


def test_empty_texts_and_empty_index():
    index = LexicalIndex(["", "x y z"], ["nl", "nl"])
    assert index.scores("x")[0] == 0 and index.scores("x")[1] > 0
    empty = LexicalIndex([], [])
    assert empty.scores("anything").shape == (0,)


def test_reach_is_the_share_of_query_terms_the_corpus_has():
    dutch = LexicalIndex(["Zuid-Korea investeert in onderzoek.", "De minister tekende in Amsterdam."], ["nl", "nl"])
    assert dutch.reach("Tekende de minister?") == 1.0
    # minister, amsterdam of minister, sign, amsterdam: "where" and "did" ask, they are no terms
    assert dutch.reach("Where did the minister sign in Amsterdam?") == pytest.approx(2 / 3)
    assert dutch.reach("What does Korea invest in research?") == pytest.approx(1 / 3)  # only the name
    assert dutch.reach("") == 0.0


def test_a_foreign_query_searches_with_its_words_equivalents():
    dutch = LexicalIndex(["Zuid-Korea investeert in onderzoek.", "De minister tekende in Amsterdam."], ["nl", "nl"])
    keywords = translated("What does Korea invest in research?", "en", ("nl",))
    assert "onderzoek" in keywords.split() and "korea" in keywords.split()
    assert translated("Wie tekende?", "nl", ("nl",)) == "Wie tekende?"  # the documents' language: as is
    assert dutch.scores(keywords)[0] > dutch.scores(keywords)[1]  # found by "onderzoek", not by "Korea" alone
    # the words the lexicon translates reach the corpus too: korea, invest (investeren), research (onderzoek), all
    # of its terms ("what" and "does" ask)
    assert dutch.reach("What does Korea invest in research?", "en") == 1.0


def test_a_compound_is_found_by_its_head():
    from qa.lexical import compound_with_head
    assert compound_with_head("bezoek", {"staatsbezoek", "koning"}) == "staatsbezoek"
    assert compound_with_head("land", {"nederland"}) is None  # too short a head: "land" ends too many words
    assert compound_with_head("werken", {"werkende"}) is None  # no compound ends in it
    assert compound_with_head("bezoek", {"bezoeke"}) is None


@pytest.mark.parametrize("query", ["overeenkomst minister", "onderzoek", "ministeries coördinatie getekend",
                                   "nothing here", ""])
def test_matches_are_the_nonzero_scores_and_their_zscores_those_of_every_text(mixed, query):
    every = mixed.scores(query)
    found = mixed.matches(query)
    assert found.rows.tolist() == np.flatnonzero(every).tolist()
    assert np.array_equal(found.scores, every[found.rows])  # the same sums, bit for bit
    rows = np.arange(mixed.size)
    assert np.array_equal(found.at(rows), every)
    spread = every.std()
    expected = (every - every.mean()) / spread if spread > 1e-6 else np.zeros_like(every)
    np.testing.assert_allclose(found.zscores(rows), expected, rtol=1e-5, atol=1e-6)
    assert set(found.top(1).tolist()) <= set(found.rows.tolist()) and len(found.top(1)) == min(1, len(found.rows))


def test_saved_and_loaded_index_scores_alike(mixed, tmp_path):
    mixed.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert loaded.langs == mixed.langs and loaded.size == mixed.size
    for query in ("overeenkomst", "the agreement was signed", "onbekend woord"):
        assert np.array_equal(loaded.scores(query), mixed.scores(query))


def test_a_dotted_number_is_also_one_word_so_an_article_number_is_found():
    assert {"1.9", "3.3.3", "5.4a"} <= set(words("artikel 1.9, artikel 3.3.3 en artikel 5.4a."))
    assert {"4", "5", "4.5"} <= set(words("4.5 percent"))  # its parts stay words: "4,5%" still matches
    index = LexicalIndex(["Wet BRP, Artikel 2.9", "Wet BRP, Artikel 1.9", "Wet BRP, Artikel 9.1"], ["nl"] * 3)
    assert int(np.argmax(index.scores("Wat zegt artikel 1.9?"))) == 1


def test_a_function_word_is_no_term_but_keeps_its_translation():
    """An English question's "how", "do", "I" are no words a Dutch corpus lacks; "between" still reads as "tussen"
    where a question's preposition is looked for in a sentence ("Between which parties ...?")."""
    assert words("How do I apply between May and June?") == ["apply", "between", "may", "june"]
    assert "tussen" in translations("between")
