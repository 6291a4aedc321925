"""Dense, BM25 and hybrid retrieval: on the real seed index (real model) and on a small multi-document index."""
from __future__ import annotations

import numpy as np
import pytest

from qa.documents import load_folder
from qa.errors import QAError
from qa.index import build_index
from qa.retrieval import (RRF_K, Retriever, by_best, diversify, document_zscores, fuse, fuse_ranks,
                          reciprocal_ranks, zscore)

SIGNED = "Minister Micky Adriaansens (Economische Zaken en Klimaat) heeft deze overeenkomst getekend"
MODES = ("hybrid", "dense", "bm25")


@pytest.fixture(scope="module")
def seed_retriever(seed_pipeline) -> Retriever:
    return seed_pipeline.retriever()


# --- the seed article -------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["Wie ondertekende de overeenkomst?", "Who signed the agreement?"])
def test_signatory_chunk_ranks_first(seed_retriever, question):
    hits = seed_retriever.search(question, k=5, mode="hybrid")
    assert SIGNED in hits[0].chunk.text, [h.chunk.text[:80] for h in hits]


def test_hybrid_hits_carry_every_score(seed_retriever, seed_pipeline, embedder):
    query = "Wie ondertekende de overeenkomst?"
    hits = seed_retriever.search(query, k=5, mode="hybrid")
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    vector = embedder.embed_queries([query])[0]
    bm25 = seed_pipeline.index.lexical.scores(query)
    row = {chunk.id: i for i, chunk in enumerate(seed_pipeline.index.chunks)}
    for hit in hits:
        assert set(hit.scores) == {"dense", "bm25", "hybrid"}
        assert hit.score == hit.scores["hybrid"]
        i = row[hit.chunk.id]
        assert hit.scores["dense"] == pytest.approx(float(seed_pipeline.index.vectors[i] @ vector), abs=1e-4)
        assert hit.scores["bm25"] == pytest.approx(float(bm25[i]), abs=1e-5)
    # one document: diversification cannot reorder, so the ranking follows the score
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("mode", ["dense", "bm25"])
def test_single_retrievers_report_their_own_score(seed_retriever, mode):
    hits = seed_retriever.search("Wie ondertekende de overeenkomst?", k=3, mode=mode)
    assert len(hits) == 3
    assert all(set(h.scores) == {mode} and h.score == h.scores[mode] for h in hits)


@pytest.mark.parametrize("term", ["halfgeleiderproductiemachines", "Yoon Suk-yeol", "mkb’ers"])
def test_bm25_finds_exact_terms(seed_retriever, term):
    hits = seed_retriever.search(term, k=3, mode="bm25")
    assert term in hits[0].chunk.text
    assert hits[0].score > 0


def test_bm25_matches_inflections_and_ignores_case_and_accents(seed_retriever):
    hits = seed_retriever.search("HALFGELEIDER technologieen", k=1, mode="bm25")
    assert hits[0].score > 0 and "halfgeleider" in hits[0].chunk.text.lower()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_returns_nothing(seed_retriever, mode, query):
    assert seed_retriever.search(query, k=5, mode=mode) == []


def test_unknown_mode_is_a_clear_error(seed_retriever):
    with pytest.raises(QAError, match="hybrid, dense or bm25"):
        seed_retriever.search("overeenkomst", mode="semantic")


def test_k_larger_than_the_index_returns_every_chunk_once(seed_retriever, seed_pipeline):
    n = len(seed_pipeline.index)
    for mode in MODES:
        hits = seed_retriever.search("digitale technologieën", k=n + 50, mode=mode)
        assert len(hits) == len({h.chunk.id for h in hits}) == n, mode
        assert [h.rank for h in hits] == list(range(1, n + 1))


def test_given_query_vector_gives_the_same_hits(seed_retriever, embedder):
    query = "Who signed the agreement?"
    vector = embedder.embed_queries([query])[0]
    with_vector = seed_retriever.search(query, k=5, mode="hybrid", query_vector=vector)
    without = seed_retriever.search(query, k=5, mode="hybrid")
    assert [h.chunk.id for h in with_vector] == [h.chunk.id for h in without]
    np.testing.assert_allclose([h.score for h in with_vector], [h.score for h in without], atol=1e-5)


# --- several documents: diversification ----------------------------------------------------------

CITY = {
    "fietsen.txt": "Fietsen in de stad\n\nDe gemeente legt dit jaar drie nieuwe fietspaden aan in het centrum. "
                   "De fietspaden worden rood geasfalteerd.\n\nBij het station komt een fietsenstalling voor 3000 "
                   "fietsen. De fietsenstalling is gratis voor de eerste 24 uur.\n\nFietsers die door rood rijden "
                   "krijgen een boete. De politie controleert vaker op fietsverlichting.",
    "bus.txt": "Openbaar vervoer\n\nDe buslijn naar het station rijdt vaker in de spits. Reizigers kunnen hun fiets "
               "niet meenemen in de bus.",
    "markt.txt": "Weekmarkt\n\nDe weekmarkt op zaterdag verhuist naar het plein bij het station. Marktkramen staan "
                 "er van acht tot vijf.",
}


@pytest.fixture(scope="module")
def city_retriever(tmp_path_factory, settings, write_docs, embedder) -> Retriever:
    docs = write_docs(tmp_path_factory.mktemp("city") / "docs", CITY)
    small_chunks = settings.replace(docs_dir=docs, chunk_chars=120)  # several chunks for fietsen.txt
    index, _ = build_index(load_folder(docs).documents, small_chunks, embedder)
    assert sum(c.doc_id == "fietsen.txt" for c in index.chunks) >= 3
    return Retriever(index, embedder)


def test_diversification_puts_distinct_documents_first(city_retriever):
    diverse = Retriever(city_retriever.index, city_retriever.embedder, chunks_per_document=1)
    hits = diverse.search("fietsenstalling station fietspaden", k=6, mode="hybrid")
    assert hits[0].chunk.doc_id == "fietsen.txt"
    assert len({h.chunk.doc_id for h in hits[:3]}) == 3
    # It reorders: a second fietsen.txt chunk outscores the third document but comes after it.
    later = [h for h in hits[3:] if h.chunk.doc_id == "fietsen.txt"]
    assert later and max(h.score for h in later) > hits[2].score


def test_a_compound_in_the_query_finds_its_parts(city_retriever):
    # no text has "spitsreizigers"; bus.txt has "spits" and "reizigers"
    best = city_retriever.search("spitsreizigers", k=3, mode="bm25")[0]
    assert best.chunk.doc_id == "bus.txt" and best.score > 0


def test_english_words_that_make_a_dutch_compound_find_it(city_retriever):
    # "week market" is "weekmarkt": no Dutch word the lexicon gives for either word alone is in markt.txt
    best = city_retriever.search("Where is the week market held?", k=3, mode="bm25")[0]
    assert best.chunk.doc_id == "markt.txt" and best.score > 0


def test_by_default_hits_follow_the_score(city_retriever):
    hits = city_retriever.search("fietsenstalling station fietspaden", k=6, mode="hybrid")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert [h.chunk.doc_id for h in hits[:2]] == ["fietsen.txt", "fietsen.txt"]  # the second one is not held back


def test_reciprocal_rank_fusion_ranks_by_rank(city_retriever):
    rrf = Retriever(city_retriever.index, city_retriever.embedder, fusion="rrf")
    hits = rrf.search("fietsenstalling station", k=3, mode="hybrid")
    assert hits[0].chunk.doc_id == "fietsen.txt" and 0 < hits[0].score < 1
    with pytest.raises(QAError, match="zscore or rrf"):
        Retriever(city_retriever.index, city_retriever.embedder, fusion="borda")


@pytest.mark.parametrize("query", ["fietsenstalling bij het station", "Where is the market on Saturday?", "zzzz"])
def test_document_evidence_from_moments_is_the_zscore_over_every_document(city_retriever, query):
    index = city_retriever.index
    vector = city_retriever.embedder.embed_queries([query])[0]
    every = 0.6 * zscore(index.doc_vectors @ vector) + 0.4 * zscore(index.doc_lexical.scores(query))
    docs = np.arange(len(index.doc_ids))
    np.testing.assert_allclose(document_zscores(index, query, vector, 0.6, docs), every, atol=1e-5)


def test_hits_never_repeat_a_chunk(city_retriever):
    for mode in MODES:
        hits = city_retriever.search("station", k=20, mode=mode)
        assert len(hits) == len({h.chunk.id for h in hits}) == len(city_retriever.index), mode


# --- the fusion arithmetic -----------------------------------------------------------------------


def test_zscore_and_by_best():
    np.testing.assert_allclose(zscore(np.array([1.0, 2.0, 3.0])), [-1.2247449, 0.0, 1.2247449], rtol=1e-6)
    assert zscore(np.array([0.5, 0.5])).tolist() == [0.0, 0.0]  # no spread: no evidence either way
    np.testing.assert_allclose(by_best(np.array([2.0, 1.0, 0.0])), [1.0, 0.5, 0.0])
    assert by_best(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]
    assert by_best(np.array([])).tolist() == []


def test_fuse_weights_the_two_signals():
    dense, bm25 = np.array([1.0, 2.0, 3.0]), np.array([4.0, 0.0, 2.0])
    np.testing.assert_allclose(fuse(dense, bm25, 1.0), zscore(dense))
    np.testing.assert_allclose(fuse(dense, bm25, 0.0), [1.0, 0.0, 0.5])
    np.testing.assert_allclose(fuse(dense, bm25, 0.25), 0.25 * zscore(dense) + 0.75 * np.array([1.0, 0.0, 0.5]))


def test_reciprocal_ranks_ignore_margins():
    np.testing.assert_allclose(reciprocal_ranks(np.array([0.1, 0.9, 0.5])), 1 / (RRF_K + np.array([3, 1, 2])))
    same_order = np.array([0.1, 90.0, 0.5])  # a larger margin, the same ranks
    np.testing.assert_allclose(reciprocal_ranks(same_order), reciprocal_ranks(np.array([0.1, 0.9, 0.5])))
    dense, bm25 = np.array([3.0, 2.0, 1.0]), np.array([0.0, 5.0, 9.0])
    np.testing.assert_allclose(fuse_ranks(dense, bm25, 1.0), reciprocal_ranks(dense))
    np.testing.assert_allclose(fuse_ranks(dense, bm25, 0.5), [(1 / 61 + 1 / 63) / 2, 1 / 62, (1 / 63 + 1 / 61) / 2])


def test_diversify_orders_best_chunk_of_each_document_first():
    doc_of = np.array([0, 0, 1, 1, 2])
    assert diversify([0, 1, 2, 3, 4], doc_of) == [0, 2, 4, 1, 3]
    assert diversify([3, 1, 0, 2], doc_of) == [3, 1, 0, 2]
    assert diversify([], doc_of) == []
    assert diversify([0, 1, 2, 3, 4], np.array([0, 0, 0, 1, 1]), per_document=2) == [0, 1, 3, 4, 2]


def test_across_languages_bm25_counts_only_for_the_terms_the_corpus_has(city_retriever):
    from qa.retrieval import DOCUMENT_DENSE_SHARE, dense_shares

    assert dense_shares(0.5, 1.0) == (0.5, DOCUMENT_DENSE_SHARE)  # the corpus's language: as tuned
    assert dense_shares(0.5, 0.0) == (1.0, 1.0)  # no term the corpus has: meaning alone
    assert dense_shares(0.5, 0.5)[0] == 0.75
    lexical = city_retriever.index.lexical
    # "station" of park, bicycle, near, station: the question words, pronouns and auxiliaries are no terms
    assert lexical.reach("Where can I park my bicycle near the station?") == pytest.approx(1 / 4)
    assert lexical.reach("Waar staan de marktkramen?") == pytest.approx(2 / 3)  # "waar" is no corpus word
