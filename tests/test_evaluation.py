"""Question sets -> metrics -> reports, on synthetic documents, hits and answers whose scores are known."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.data import Answer, Chunk, Citation, Document, Hit
from qa.errors import QAError
from qa.evaluation import (Question, answer_is_correct, compare_markdown, evaluate, evidence_spans, hits_evidence,
                           load_questions, metrics_table, normalise, report_markdown)

SEED_QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "seed_questions.jsonl"


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- loading question sets --------------------------------------------------------------------


def test_seed_question_set_loads():
    questions = load_questions(SEED_QUESTIONS)
    assert len(questions) == len({q.id for q in questions}) > 50
    assert {q.lang for q in questions} == {"nl", "en"}
    assert any(not q.answerable for q in questions) and any(q.history for q in questions)


def test_fields_and_defaults(tmp_path):
    path = write_lines(
        tmp_path / "q.jsonl",
        json.dumps({"id": "a", "question": "Wie?", "lang": "nl", "answers": ["Jan"], "evidence": ["Jan zei het."],
                    "evidence_ids": ["doc.txt"], "kind": "fact", "history": ["Eerder?"], "source_url": "ignored"}),
        "",
        json.dumps({"id": "b", "question": "Why?", "answerable": False}),
    )
    first, second = load_questions(path)
    assert first == Question(id="a", question="Wie?", lang="nl", answerable=True, answers=["Jan"],
                             evidence=["Jan zei het."], evidence_ids=["doc.txt"], kind="fact", history=["Eerder?"])
    assert second == Question(id="b", question="Why?", answerable=False)


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "question": "Wie?"}).encode())
    assert [q.id for q in load_questions(path)] == ["a"]


GOOD = json.dumps({"id": "ok", "question": "Wie?"})


@pytest.mark.parametrize("lines, where, words", [
    ([GOOD, "{not json"], 2, "not valid JSON"),
    ([GOOD, "", "", '{"id": "x", "question": '], 4, "not valid JSON"),  # blank lines still count
    ([json.dumps({"question": "Wie?"})], 1, "needs an 'id' and a 'question'"),
    ([GOOD, json.dumps({"id": "", "question": "Wie?"})], 2, "needs an 'id' and a 'question'"),
    ([json.dumps({"id": "a"})], 1, "needs an 'id' and a 'question'"),
    ([json.dumps({"id": "a", "question": 42})], 1, "needs an 'id' and a 'question'"),
    (['["a", "Wie?"]'], 1, "needs an 'id' and a 'question'"),
    ([GOOD, json.dumps({"id": "b", "question": "Wat?"}), GOOD], 3, "duplicate id 'ok'"),
    ([json.dumps({"id": "a", "question": "Wie?", "answers": 5})], 1, "must be a list"),
])
def test_bad_lines_name_the_file_and_line(tmp_path, lines, where, words):
    path = write_lines(tmp_path / "set.jsonl", *lines)
    with pytest.raises(QAError) as caught:
        load_questions(path)
    assert f"{path}:{where}:" in str(caught.value)
    assert words in str(caught.value)


@pytest.mark.parametrize("field", ["answers", "evidence", "evidence_ids", "history"])
def test_a_string_where_a_list_belongs_is_an_error(tmp_path, field):
    """"answers": "Amsterdam" must not become the aliases A, m, s, ... (any answer with an "a" would count)."""
    path = write_lines(tmp_path / "set.jsonl", json.dumps({"id": "a", "question": "Waar?", field: "Amsterdam"}))
    with pytest.raises(QAError, match=f"{path}:1:"):
        load_questions(path)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(QAError, match="does not exist"):
        load_questions(tmp_path / "nope.jsonl")
    with pytest.raises(QAError, match="holds no questions"):
        load_questions(write_lines(tmp_path / "empty.jsonl", "", "  "))


# --- evidence ---------------------------------------------------------------------------------

TEXT = ("Het plan is klaar. Minister Jansen heeft het akkoord getekend in Den Haag. "
        "De kosten zijn 4,5 miljoen euro. Het akkoord geldt vijf jaar.")
DOC = Document(id="doc.txt", title="Akkoord", text=TEXT, paragraphs=((0, len(TEXT)),))
OTHER_TEXT = "Een ander verhaal. Minister Jansen heeft het akkoord getekend in Den Haag."
OTHER = Document(id="other.txt", title="Ander", text=OTHER_TEXT, paragraphs=((0, len(OTHER_TEXT)),))
DOCUMENTS = {DOC.id: DOC, OTHER.id: OTHER}
SIGNED = "Minister Jansen heeft het akkoord getekend in Den Haag."
COSTS = "De kosten zijn 4,5 miljoen euro."


def span(document: Document, sentence: str) -> tuple[int, int]:
    start = document.text.index(sentence)
    return start, start + len(sentence)


def chunk(document: Document, start: int, end: int, number: int = 0) -> Chunk:
    return Chunk(id=f"{document.id}::{number}", doc_id=document.id, title=document.title, paragraph=1,
                 start=start, end=end, text=document.text[start:end], sentences=((start, end),))


def test_evidence_spans_find_every_occurrence():
    question = Question(id="q", question="Wie?", evidence=[SIGNED])
    assert sorted(evidence_spans(question, DOCUMENTS)) == sorted(
        [("doc.txt", *span(DOC, SIGNED)), ("other.txt", *span(OTHER, SIGNED))])
    assert evidence_spans(Question(id="q", question="Wie?", evidence=["not in any document"]), DOCUMENTS) == []


def test_hit_by_span_overlap():
    question = Question(id="q", question="Wie?", evidence=[SIGNED])
    spans = evidence_spans(question, DOCUMENTS)
    start, end = span(DOC, SIGNED)
    cut = start + 20  # a chunk that holds only the second part of the evidence sentence
    assert hits_evidence("doc.txt", cut, end + 10, TEXT[cut:end + 10], question, spans)
    assert hits_evidence("doc.txt", 0, start + 1, TEXT[:start + 1], question, spans)  # first character overlaps


def test_no_hit_next_to_the_evidence():
    question = Question(id="q", question="Wie?", evidence=[SIGNED])
    spans = evidence_spans(question, DOCUMENTS)
    start, end = span(DOC, SIGNED)
    assert not hits_evidence("doc.txt", 0, start, TEXT[:start], question, spans)  # half-open: ends where it starts
    assert not hits_evidence("doc.txt", end, len(TEXT), TEXT[end:], question, spans)


def test_hit_by_containment_is_case_accent_and_space_insensitive():
    question = Question(id="q", question="Wie?", evidence=["Minister Jansen heeft het akkoord getekend"])
    text = "Zie   ook:  MINISTER Jánsen heeft het\nakkoord getekend, zei hij."
    assert hits_evidence("elsewhere.txt", 0, len(text), text, question, spans=[])


def test_cited_sentence_inside_a_longer_evidence_passage_hits():
    question = Question(id="q", question="Wie?", evidence=[f"{SIGNED} {COSTS}"])
    assert hits_evidence("x.txt", 0, len(COSTS), COSTS, question, spans=[])
    assert not hits_evidence("x.txt", 0, 7, "De kost", question, spans=[])  # a scrap of it does not


def test_evidence_ids_count_only_without_evidence_passages():
    by_document = Question(id="q", question="Wie?", evidence_ids=["doc.txt"])
    assert hits_evidence("doc.txt", 0, 10, TEXT[:10], by_document, [])
    assert not hits_evidence("other.txt", 0, 10, OTHER_TEXT[:10], by_document, [])
    both = Question(id="q", question="Wie?", evidence=[COSTS], evidence_ids=["doc.txt"])
    assert not hits_evidence("doc.txt", 0, 18, TEXT[:18], both, evidence_spans(both, DOCUMENTS))


def test_normalise_and_answer_correctness():
    assert normalise("  Économie\tEN  Klimaat ") == "economie en klimaat"
    question = Question(id="q", question="Wie?", answers=["Jansen", "de minister"])
    answer = Answer(question="Wie?", text="**JANSEN** [1]", citations=[], lang="nl", abstained=False)
    assert answer_is_correct(answer, question)
    answer.abstained = True
    assert not answer_is_correct(answer, question)
    assert not answer_is_correct(Answer("Wie?", "Pietersen", [], "nl", False), question)


# --- metrics on a synthetic runner --------------------------------------------------------------

START, END = span(DOC, SIGNED)
C_INTRO = chunk(DOC, 0, START - 1, 0)  # "Het plan is klaar."
C_SIGNED = chunk(DOC, START, END, 1)
C_COSTS = chunk(DOC, *span(DOC, COSTS), 2)
C_OTHER = chunk(OTHER, 0, 18, 0)  # "Een ander verhaal."


def hits(*chunks: Chunk) -> list[Hit]:
    return [Hit(chunk=c, score=1.0 / rank, rank=rank, scores={"dense": 0.5}) for rank, c in enumerate(chunks, 1)]


def cite(document: Document, sentence: str) -> Citation:
    start, end = span(document, sentence)
    return Citation(doc_id=document.id, title=document.title, paragraph=1, sentence=sentence, start=start, end=end,
                    score=1.0)


def answered(text: str, *citations: Citation) -> Answer:
    return Answer(question="", text=text, citations=list(citations), lang="nl", abstained=False)


def abstained() -> Answer:
    return Answer(question="", text="De documenten geven hierop geen antwoord.", citations=[], lang="nl",
                  abstained=True, reason="no date in the best passages")


# id -> (question, hits, answer)
CASES = {
    # evidence first found at rank 1, answer right, its one citation hits
    "q1": (Question("q1", "Wie tekende?", "nl", True, ["Jansen"], [SIGNED], kind="fact"),
           hits(C_SIGNED, C_INTRO), answered("**Jansen** [1]", cite(DOC, SIGNED))),
    # evidence at rank 3, answer wrong, one of its two citations hits
    "q2": (Question("q2", "What are the costs?", "en", True, ["4,5 miljoen"], [COSTS], kind="fact"),
           hits(C_INTRO, C_OTHER, C_COSTS), answered("**5 jaar** [1]", cite(DOC, "Het akkoord geldt vijf jaar."),
                                                      cite(DOC, COSTS))),
    # evidence only at rank 11 (beyond the top 10): a retrieval miss; abstains although answerable
    "q3": (Question("q3", "Hoe lang?", "nl", True, ["vijf jaar"], ["Het akkoord geldt vijf jaar."], kind="terse"),
           hits(*[C_INTRO] * 10, chunk(DOC, *span(DOC, "Het akkoord geldt vijf jaar."), 3)), abstained()),
    # unanswerable and abstains (retrieval is not scored for it)
    "q4": (Question("q4", "Wie betaalt?", "nl", False, kind="unanswerable"), hits(C_INTRO), abstained()),
    # unanswerable but answered
    "q5": (Question("q5", "Who pays?", "en", False, kind="unanswerable"), hits(C_OTHER),
           answered("Jansen [1]", cite(OTHER, SIGNED))),
    # answerable, no aliases (not scored for accuracy), cites a document outside evidence_ids
    "q6": (Question("q6", "Waar?", "nl", True, [], [], ["doc.txt"], kind="terse"), hits(C_OTHER, C_SIGNED),
           answered("Den Haag [1]", cite(OTHER, SIGNED))),
}


def run_case(question: Question):
    _, case_hits, answer = CASES[question.id]
    return case_hits, answer


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate([case[0] for case in CASES.values()], run_case, DOCUMENTS, label="synthetic")


def test_first_hit_ranks(report):
    ranks = {row["id"]: row["first_hit_rank"] for row in report["questions"]}
    # q6 has no passages: any chunk of doc.txt hits, and C_SIGNED is second
    assert ranks == {"q1": 1, "q2": 3, "q3": None, "q4": None, "q5": None, "q6": 2}


def test_retrieval_metrics(report):
    metrics = report["metrics"]
    assert metrics["count"] == 6
    # answerable: q1 (rank 1), q2 (rank 3), q3 (miss), q6 (rank 2)
    assert metrics["retrieval"] == {"hit@1": 0.25, "hit@3": 0.75, "hit@5": 0.75, "hit@10": 0.75,
                                    "mrr@10": round((1 + 1 / 3 + 1 / 2) / 4, 4)}
    assert metrics["latency_ms"]["p50"] is not None and metrics["latency_ms"]["p95"] >= metrics["latency_ms"]["p50"]


def test_answer_metrics(report):
    answer = report["metrics"]["answer"]
    assert answer["accuracy"] == round(1 / 3, 4)  # q1 right, q2 wrong, q3 abstained; q6 has no aliases
    # every citation given: q1 1/1, q2 1/2, q6 0/1, and q5's on an unanswerable question 0/1
    assert answer["citation_precision"] == 0.4
    assert answer["citation_recall"] == round(2 / 3, 4)  # q1 and q2 have a citation that hits, q6 not
    assert answer["abstain_unanswerable"] == 0.5  # q4 abstains, q5 answers
    assert answer["false_abstain"] == 0.25  # q3 of the four answerable


def test_rows_explain_each_answer(report):
    why = {row["id"]: row["answer"]["why"] for row in report["questions"]}
    assert why["q1"] == "answer contains an accepted alias"
    assert why["q2"].startswith("answer contains none of")
    assert why["q3"] == "abstained although the documents answer it (no date in the best passages)"
    assert why["q4"] == "abstained on an unanswerable question"
    assert why["q5"] == "answered an unanswerable question"
    assert why["q6"] == "no answer aliases to score against"
    q2 = next(row for row in report["questions"] if row["id"] == "q2")
    assert [c["hit"] for c in q2["answer"]["citations"]] == [False, True]
    assert [r["hit"] for r in q2["retrieved"]] == [False, False, True]


def test_question_without_aliases_is_not_scored_for_accuracy_even_when_it_abstains():
    """eval-format.md: "answers ... May be empty (then answer correctness is not scored for that question)"."""
    question = Question("q", "Waar?", "nl", True, [], [], ["doc.txt"])
    report = evaluate([question], lambda q: (hits(C_SIGNED), abstained()), DOCUMENTS)
    assert report["metrics"]["answer"]["accuracy"] is None
    assert report["metrics"]["answer"]["false_abstain"] == 1.0


def test_breakdowns_have_the_shape_of_the_metrics(report):
    assert set(report["by_lang"]) == {"nl", "en"}
    assert set(report["by_kind"]) == {"fact", "terse", "unanswerable"}
    for group in (*report["by_lang"].values(), *report["by_kind"].values()):
        assert set(group) == set(report["metrics"])
        assert set(group["retrieval"]) == set(report["metrics"]["retrieval"])
        assert set(group["answer"]) == set(report["metrics"]["answer"])
    assert report["by_lang"]["en"]["count"] == 2  # q2, q5
    assert report["by_lang"]["en"]["retrieval"]["hit@3"] == 1.0  # q2 is its only answerable question
    assert report["by_kind"]["unanswerable"]["retrieval"]["hit@1"] is None  # nothing to score
    assert report["by_kind"]["unanswerable"]["answer"]["abstain_unanswerable"] == 0.5


def test_retrieval_only_runs_have_no_answer_metrics():
    question = CASES["q1"][0]
    report = evaluate([question], lambda q: (hits(C_SIGNED), None), DOCUMENTS)
    assert "answer" not in report["metrics"] and "answer" not in report["questions"][0]
    assert report["metrics"]["retrieval"]["hit@1"] == 1.0


def test_report_is_json_serialisable(report):
    assert json.loads(json.dumps(report)) == report


# --- Markdown ---------------------------------------------------------------------------------


def test_metrics_table(report):
    lines = metrics_table(report).splitlines()
    assert lines[0] == "| metric | all | lang=en | lang=nl | kind=fact | kind=terse | kind=unanswerable |"
    assert lines[2] == "| questions | 6 | 2 | 4 | 2 | 2 | 2 |"
    assert "| retrieval.hit@1 | 0.250 |" in "\n".join(lines)
    assert any(line.startswith("| answer.accuracy | 0.333 |") for line in lines)


def test_report_markdown_lists_the_misses_with_reasons(report):
    markdown = report_markdown(report)
    assert markdown.startswith("# Evaluation: synthetic\n")
    misses = markdown.split("## Misses", 1)[1]
    assert "**q1**" not in misses and "**q4**" not in misses
    assert "**q2** (en, fact): What are the costs?" in misses
    assert "**q6**" in misses and "citation off the evidence" in misses  # no aliases to score, but cited off
    assert "**q3**" in misses and "retrieval: no evidence in the top 10" in misses
    assert "**q5**" in misses and "answered an unanswerable question" in misses


def test_compare_markdown(report):
    better = json.loads(json.dumps(report))
    better["metrics"]["retrieval"]["hit@1"] = 0.5
    del better["metrics"]["answer"]
    lines = compare_markdown(report, better, ("before.json", "after.json")).splitlines()
    assert lines[0] == "| metric | before.json | after.json | Δ |"
    assert "| retrieval.hit@1 | 0.250 | 0.500 | +0.250 |" in lines
    assert "| retrieval.hit@3 | 0.750 | 0.750 | +0.000 |" in lines
    assert "| answer.accuracy | 0.333 | — | — |" in lines


# --- strict scoring, leads and sloppy twins ----------------------------------------------------


def test_a_lead_is_judged_alone_and_the_quote_only_without_one():
    question = Question(id="q", question="Wie tekende?", answers=["Jansen"])
    wrong_lead = Answer("Wie tekende?", "**Pietersen** [1]\n\n> Jansen en Pietersen tekenden. [1]", [], "nl", False,
                        lead="Pietersen")
    assert not answer_is_correct(wrong_lead, question)
    assert answer_is_correct(wrong_lead, question, strict=False)
    quote_only = Answer("Wie tekende?", "> Jansen en Pietersen tekenden. [1]", [], "nl", False)
    assert answer_is_correct(quote_only, question)


def test_strict_and_lenient_accuracy_and_lead_rate():
    signed = Question("a", "Wie tekende?", "nl", True, ["Jansen"], [SIGNED], kind="fact")
    costs = Question("b", "Wat kost het?", "nl", True, ["4,5 miljoen"], [COSTS], kind="fact")
    answers = {"a": Answer("", f"**Pietersen** [1]\n\n> {SIGNED} [1]", [cite(DOC, SIGNED)], "nl", False,
                           lead="Pietersen"),
               "b": answered(f"> {COSTS} [1]", cite(DOC, COSTS))}
    report = evaluate([signed, costs], lambda q: (hits(C_SIGNED), answers[q.id]), DOCUMENTS)
    metrics = report["metrics"]["answer"]
    assert metrics["accuracy"] == 0.5  # the wrong lead counts against a, whose quote names Jansen
    assert metrics["accuracy_lenient"] == 1.0
    assert metrics["lead_rate"] == 0.5
    assert report["by_kind"]["fact"]["answer"]["lead_rate"] == 0.5
    row = next(r for r in report["questions"] if r["id"] == "a")
    assert row["answer"]["why"] == "lead 'Pietersen' contains none of ['Jansen']"


def test_sloppy_twins_are_compared_with_their_clean_forms(tmp_path):
    path = write_lines(
        tmp_path / "q.jsonl",
        json.dumps({"id": "clean", "question": "Wie tekende?", "answers": ["Jansen"]}),
        json.dumps({"id": "sloppy", "question": "wie tekende", "answers": ["Jansen"], "twin": "clean"}),
        json.dumps({"id": "orphan", "question": "wie", "answers": ["Jansen"], "twin": "missing"}))
    questions = load_questions(path)
    assert [q.twin for q in questions] == ["", "clean", "missing"]
    replies = {"clean": answered("**Jansen** [1]"), "sloppy": abstained(), "orphan": abstained()}
    report = evaluate(questions, lambda q: (hits(C_SIGNED), replies[q.id]), DOCUMENTS)
    assert report["twins"] == {"pairs": 1, "sloppy_accuracy": 0.0, "clean_accuracy": 1.0, "gap": 1.0,
                               "differ": ["sloppy"]}
    assert "Sloppy twins: 1 pairs" in report_markdown(report)
