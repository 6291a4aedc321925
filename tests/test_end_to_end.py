"""The real pipeline on the real seed article: index, retrieve, answer with exact citations or abstain."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.answering.texts import text as phrase
from qa.conversation import Conversation
from qa.evaluation import evaluate, load_questions

SEED_QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "seed_questions.jsonl"
SEED_ID = "nederland-zuid-korea-digitale-technologie.txt"


def assert_grounded(answer, documents) -> None:
    """Every citation quotes its document exactly and is shown; every [n] marker points at a citation."""
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    if answer.abstained:
        assert answer.citations == [] and answer.reason, answer
        return
    assert answer.citations, answer.text
    assert markers == set(range(1, len(answer.citations) + 1)), answer.text
    for citation in answer.citations:
        document = documents[citation.doc_id]
        assert document.text[citation.start:citation.end] == citation.sentence
        assert citation.paragraph == document.paragraph_of(citation.start)
        assert citation.title == document.title
        assert citation.sentence in answer.text


def test_seed_index_is_built_and_reloads_without_rebuilding(seed_pipeline, make_pipeline, counting):
    assert list(seed_pipeline.index.documents) == [SEED_ID]
    again = make_pipeline(seed_pipeline.settings, embedder=(counter := counting()))
    assert again.open() is None and counter.texts == []
    assert again.index.chunks == seed_pipeline.index.chunks
    question = "Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?"
    assert again.ask(question).text == seed_pipeline.ask(question).text


def test_dutch_percentage_question_is_answered_and_cited(seed_pipeline):
    answer = seed_pipeline.ask("Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?")
    assert not answer.abstained, answer.reason
    assert answer.lang == "nl"
    assert "4,5%" in answer.text
    cited = [c for c in answer.citations if "4,5%" in c.sentence]
    assert cited and cited[0].doc_id == SEED_ID
    assert cited[0].sentence == ("Andersom staat het Aziatische land wereldwijd aan de top qua publieke en private "
                                 "investeringen in onderzoek en ontwikkeling met 4,5% van het bruto binnenlands "
                                 "product.")
    assert cited[0].paragraph == 3
    assert_grounded(answer, seed_pipeline.index.documents)


def test_english_question_the_article_does_not_answer_abstains_in_english(seed_pipeline):
    answer = seed_pipeline.ask("When does the agreement take effect?")
    assert answer.abstained and answer.citations == []
    assert answer.lang == "en"
    assert answer.text.startswith(phrase("en", "not_found"))
    assert answer.hits  # the related passages are still there to show


def test_who_signed_names_the_signatory(seed_pipeline):
    """The sentence names two people; the answer must lead with the one who signed, not the visiting president."""
    answer = seed_pipeline.ask("Wie heeft de overeenkomst met Zuid-Korea getekend?")
    assert not answer.abstained, answer.reason
    lead = answer.text.splitlines()[0]
    assert "Adriaansens" in lead and "Yoon" not in lead, answer.text


def test_follow_up_is_answered_from_the_thread(seed_pipeline):
    conversation = Conversation()
    seed_pipeline.ask("Who signed the agreement?", conversation)
    follow_up = seed_pipeline.ask("And during whose state visit?", conversation)
    assert follow_up.query == "And during whose state visit? Who signed the agreement?"
    assert follow_up.lang == "en" and not follow_up.abstained
    assert any("Yoon Suk-yeol" in c.sentence for c in follow_up.citations)


@pytest.fixture(scope="module")
def seed_run(seed_pipeline):
    """The whole seed question set through the real pipeline, keeping every answer."""
    answers = {}
    runner = seed_pipeline.evaluation_runner(k=10)  # as `qa eval` does

    def run(question):
        hits, answer = runner(question)
        answers[question.id] = answer
        return hits, answer

    report = evaluate(load_questions(SEED_QUESTIONS), run, seed_pipeline.index.documents, label="seed")
    return report, answers


def test_every_seed_answer_is_grounded(seed_run, seed_pipeline):
    _, answers = seed_run
    for answer in answers.values():
        assert_grounded(answer, seed_pipeline.index.documents)


def test_seed_retrieval_does_not_regress(seed_run):
    """One article of 12 chunks: the evidence is in the top 5 for (nearly) every answerable question."""
    report, _ = seed_run
    retrieval = report["metrics"]["retrieval"]
    assert retrieval["hit@5"] >= 0.95, report["metrics"]
    assert retrieval["hit@10"] == 1.0, [r["id"] for r in report["questions"] if r["answerable"]
                                        and not r["first_hit_rank"]]
