"""Question sets -> metrics -> Report (JSON and Markdown).

Format: ``shared/notes/eval-format.md``. A retrieved chunk or a citation *hits* when it
overlaps an ``evidence`` passage (by text or character span); when a question has no
evidence passages, any chunk of an ``evidence_ids`` document hits. (Counting document
membership on top of passages would make every chunk of a one-document corpus a hit.)
"""
from __future__ import annotations

import json
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from qa.data import Answer, Chunk, Citation, Document, Hit
from qa.errors import QAError

KS = (1, 3, 5, 10)


@dataclass
class Question:
    id: str
    question: str
    lang: str = ""
    answerable: bool = True
    answers: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    evidence_ids: list[str] = field(default_factory=list)
    kind: str = ""
    history: list[str] = field(default_factory=list)
    twin: str = ""  # for a sloppy form ("overeenkmost", no capitals): the id of its clean twin


def load_questions(path: Path) -> list[Question]:
    """Read a JSON Lines question set; a bad line is an error naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise QAError(f"Question file {path} does not exist.")
    questions, seen = [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QAError(f"{path}:{number}: not valid JSON ({exc.msg}).") from None
        if not isinstance(row, dict) or not row.get("id") or not isinstance(row.get("question"), str):
            raise QAError(f"{path}:{number}: each line needs an 'id' and a 'question'.")
        if row["id"] in seen:
            raise QAError(f"{path}:{number}: duplicate id {row['id']!r}.")
        seen.add(row["id"])
        not_lists = [k for k in ("answers", "evidence", "evidence_ids", "history")
                     if row.get(k) is not None and not isinstance(row[k], list)]
        if not_lists:
            raise QAError(f"{path}:{number}: {', '.join(not_lists)} must be a list of strings.")
        try:
            questions.append(Question(
                id=str(row["id"]), question=row["question"], lang=str(row.get("lang") or ""),
                answerable=bool(row.get("answerable", True)), answers=[str(a) for a in row.get("answers") or []],
                evidence=[str(e) for e in row.get("evidence") or []],
                evidence_ids=[str(e) for e in row.get("evidence_ids") or []], kind=str(row.get("kind") or ""),
                history=[str(h) for h in row.get("history") or []], twin=str(row.get("twin") or "")))
        except TypeError:
            raise QAError(f"{path}:{number}: 'answers', 'evidence', 'evidence_ids' and 'history' must be lists.") from None
    if not questions:
        raise QAError(f"{path} holds no questions.")
    return questions


def normalise(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form used to compare answers and evidence."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def evidence_spans(question: Question, documents: dict[str, Document]) -> list[tuple[str, int, int]]:
    """Where each evidence passage occurs in the documents: (doc id, start, end)."""
    spans = []
    for passage in question.evidence:
        for doc_id, document in documents.items():
            start = document.text.find(passage)
            while start >= 0:
                spans.append((doc_id, start, start + len(passage)))
                start = document.text.find(passage, start + 1)
    return spans


def hits_evidence(doc_id: str, start: int, end: int, text: str, question: Question,
                  spans: list[tuple[str, int, int]]) -> bool:
    """Does a chunk or cited sentence (``text`` at ``start:end`` of ``doc_id``) support the answer?"""
    if question.evidence:
        if any(d == doc_id and start < e and s < end for d, s, e in spans):
            return True
        folded = normalise(text)
        return any(normalise(p) in folded or (len(folded) > 20 and folded in normalise(p)) for p in question.evidence)
    return doc_id in question.evidence_ids


def _chunk_hits(chunk: Chunk, question: Question, spans) -> bool:
    return hits_evidence(chunk.doc_id, chunk.start, chunk.end, chunk.text, question, spans)


def _citation_hits(citation: Citation, question: Question, spans) -> bool:
    return hits_evidence(citation.doc_id, citation.start, citation.end, citation.sentence, question, spans)


def answer_is_correct(answer: Answer, question: Question, strict: bool = True) -> bool:
    """Does the answer contain an accepted alias? Strictly, an answer with a lead is judged by its lead alone: a
    wrong name put first is wrong even when the right one stands in the quote below it."""
    if answer.abstained:
        return False
    text = normalise(answer.lead if strict and answer.lead else answer.text)
    return any(normalise(alias) in text for alias in question.answers)


Runner = Callable[[Question], tuple[list[Hit], Answer | None]]


def evaluate(questions: list[Question], run: Runner, documents: dict[str, Document], label: str = "") -> dict:
    """Run every question and score retrieval (and answers when ``run`` returns them)."""
    rows = []
    for question in questions:
        started = time.perf_counter()
        hits, answer = run(question)
        latency_ms = (time.perf_counter() - started) * 1000
        spans = evidence_spans(question, documents)
        flags = [_chunk_hits(hit.chunk, question, spans) for hit in hits[:10]]
        row = {
            "id": question.id, "question": question.question, "lang": question.lang, "kind": question.kind,
            "answerable": question.answerable, "history": question.history, "latency_ms": round(latency_ms, 2),
            "first_hit_rank": flags.index(True) + 1 if True in flags else None,
            "retrieved": [{"chunk": h.chunk.id, "hit": f, "scores": {k: round(v, 4) for k, v in h.scores.items()}}
                          for h, f in zip(hits[:10], flags)],
        }
        if answer is not None:
            cited = [_citation_hits(c, question, spans) for c in answer.citations]
            correct = answer_is_correct(answer, question)
            row["answer"] = {"text": answer.text, "lead": answer.lead, "abstained": answer.abstained,
                             "query": answer.query, "correct_lenient": answer_is_correct(answer, question, strict=False),
                             "citations": [{"doc_id": c.doc_id, "paragraph": c.paragraph, "sentence": c.sentence,
                                            "hit": f} for c, f in zip(answer.citations, cited)],
                             "correct": correct, "scored": bool(question.answers),
                             "why": _why(question, answer, correct, cited), "answered_by": answer.answered_by,
                             "notice": answer.notice, "claims": answer.claims, "dropped_claims": answer.dropped_claims}
        rows.append(row)
    report = {"label": label, "metrics": _metrics(rows), "by_kind": {}, "by_lang": {}, "questions": rows}
    for key, group in (("by_kind", "kind"), ("by_lang", "lang")):
        for value in sorted({r[group] for r in rows if r[group]}):
            report[key][value] = _metrics([r for r in rows if r[group] == value])
    twins = twin_pairs(questions)
    if twins and "answer" in rows[0]:
        report["twins"] = _twin_metrics(twins, {r["id"]: r for r in rows})
    return report


def twin_pairs(questions: list[Question]) -> list[tuple[str, str]]:
    """(sloppy id, clean id) for every question whose ``twin`` names another question of the set."""
    ids = {q.id for q in questions}
    return [(q.id, q.twin) for q in questions if q.twin and q.twin in ids]


def _twin_metrics(pairs: list[tuple[str, str]], rows: dict[str, dict]) -> dict:
    """Sloppy typing should cost nothing: the accuracy of the sloppy forms against that of their clean twins."""
    def accuracy(ids):
        return _ratio(sum(rows[i]["answer"]["correct"] for i in ids), len(ids))

    sloppy, clean = accuracy([s for s, _ in pairs]), accuracy([c for _, c in pairs])
    return {"pairs": len(pairs), "sloppy_accuracy": sloppy, "clean_accuracy": clean,
            "gap": round(clean - sloppy, 4),
            "differ": [s for s, c in pairs if rows[s]["answer"]["correct"] != rows[c]["answer"]["correct"]]}


def _why(question: Question, answer: Answer, correct: bool, cited: list[bool]) -> str:
    if not question.answerable:
        return "abstained on an unanswerable question" if answer.abstained else "answered an unanswerable question"
    if answer.abstained:
        return "abstained although the documents answer it" + (f" ({answer.reason})" if answer.reason else "")
    if not question.answers:
        return "no answer aliases to score against"
    if correct:
        return "answer contains an accepted alias" + ("" if any(cited) else ", but no citation hits the evidence")
    if answer.lead:
        return f"lead {answer.lead!r} contains none of {question.answers}"
    return f"answer contains none of {question.answers}"


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _metrics(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    ranks = [r["first_hit_rank"] for r in answerable]
    latencies = [r["latency_ms"] for r in rows]
    metrics = {
        "count": len(rows),
        "retrieval": {**{f"hit@{k}": _ratio(sum(1 for x in ranks if x and x <= k), len(ranks)) for k in KS},
                      "mrr@10": _ratio(sum(1 / x for x in ranks if x), len(ranks))},
        "latency_ms": {"p50": round(float(np.percentile(latencies, 50)), 2) if latencies else None,
                       "p95": round(float(np.percentile(latencies, 95)), 2) if latencies else None},
    }
    if rows and "answer" in rows[0]:
        unanswerable = [r for r in rows if not r["answerable"]]
        scored = [r for r in answerable if r["answer"]["scored"]]
        answered = [r for r in answerable if not r["answer"]["abstained"]]
        # every citation given counts, those on unanswerable questions too: none of them can support an answer
        citations = [c for r in rows for c in r["answer"]["citations"]]
        metrics["answer"] = {
            "accuracy": _ratio(sum(r["answer"]["correct"] for r in scored), len(scored)),
            "accuracy_lenient": _ratio(sum(r["answer"]["correct_lenient"] for r in scored), len(scored)),
            # answered questions whose answer puts a short answer first, not only a quoted sentence
            "lead_rate": _ratio(sum(bool(r["answer"]["lead"]) for r in answered), len(answered)),
            "citation_precision": _ratio(sum(c["hit"] for c in citations), len(citations)),
            "citation_recall": _ratio(sum(any(c["hit"] for c in r["answer"]["citations"]) for r in answered),
                                      len(answered)),
            "abstain_unanswerable": _ratio(sum(r["answer"]["abstained"] for r in unanswerable), len(unanswerable)),
            "false_abstain": _ratio(sum(r["answer"]["abstained"] for r in answerable), len(answerable)),
        }
        # generative answers: the share of the model's sentences the claim check dropped, and of the questions
        # where the model's answer was not used (server failure or nothing supported); absent for extractive runs
        generative = [r["answer"] for r in rows if r["answer"].get("answered_by") == "llm" or r["answer"].get("notice")]
        if generative:
            metrics["answer"]["unsupported_claims"] = _ratio(sum(a["dropped_claims"] for a in generative),
                                                             sum(a["claims"] for a in generative))
            metrics["answer"]["fallback_rate"] = _ratio(sum(bool(a["notice"]) for a in generative), len(generative))
    return metrics


def _flatten(metrics: dict) -> dict[str, float | None]:
    """{"retrieval.hit@1": 0.8, ...} for tables."""
    out = {}
    for group in ("retrieval", "answer", "latency_ms"):
        for name, value in (metrics.get(group) or {}).items():
            out[f"{group}.{name}"] = value
    return out


def _fmt(value) -> str:
    return "—" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def metrics_table(report: dict) -> str:
    """A Markdown table: overall, then each language and kind."""
    columns = {"all": report["metrics"]}
    columns.update({f"lang={k}": v for k, v in report["by_lang"].items()})
    columns.update({f"kind={k}": v for k, v in report["by_kind"].items()})
    names = list(_flatten(report["metrics"]))
    lines = ["| metric | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|",
             "| questions | " + " | ".join(str(c["count"]) for c in columns.values()) + " |"]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(_fmt(_flatten(c).get(name)) for c in columns.values()) + " |")
    return "\n".join(lines)


def report_markdown(report: dict) -> str:
    """The whole report for people: metrics, then every question that went wrong and why."""
    parts = [f"# Evaluation: {report.get('label') or 'report'}", "", metrics_table(report), ""]
    if report.get("twins"):
        twins = report["twins"]
        parts += [f"Sloppy twins: {twins['pairs']} pairs, accuracy sloppy {_fmt(twins['sloppy_accuracy'])} vs clean "
                  f"{_fmt(twins['clean_accuracy'])} (gap {twins['gap']:+.3f}); differ: "
                  f"{', '.join(twins['differ']) or 'none'}", ""]
    parts += ["## Misses", ""]
    for row in report["questions"]:
        answer = row.get("answer")
        missed_retrieval = row["answerable"] and not row["first_hit_rank"]
        wrong_answer = answer is not None and (
            (row["answerable"] and not answer["correct"] and answer["scored"])
            or (not row["answerable"] and not answer["abstained"]))
        stray = [c for c in answer["citations"] if not c["hit"]] if answer is not None and row["answerable"] else []
        if missed_retrieval or wrong_answer or stray:
            parts.append(f"- **{row['id']}** ({row['lang']}, {row['kind']}): {row['question']}")
            if missed_retrieval:
                parts.append("  - retrieval: no evidence in the top 10")
            if wrong_answer:
                parts.append(f"  - answer: {answer['text'][:300]!r} — {answer['why']}")
            for citation in stray:
                parts.append(f"  - citation off the evidence: {citation['sentence'][:200]!r}")
    return "\n".join(parts) + "\n"


def compare_markdown(first: dict, second: dict, names: tuple[str, str] = ("A", "B")) -> str:
    """Two reports' metrics side by side, with the difference."""
    a, b = _flatten(first["metrics"]), _flatten(second["metrics"])
    lines = [f"| metric | {names[0]} | {names[1]} | Δ |", "|---|---|---|---|"]
    for name in list(dict.fromkeys([*a, *b])):
        x, y = a.get(name), b.get(name)
        delta = f"{y - x:+.3f}" if isinstance(x, (int, float)) and isinstance(y, (int, float)) else "—"
        lines.append(f"| {name} | {_fmt(x)} | {_fmt(y)} | {delta} |")
    return "\n".join(lines)
