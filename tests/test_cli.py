"""The `qa` command as users run it: real subprocesses of the installed console script, the real model
and the seed documents, with the index in a temporary folder."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEED_QUESTIONS = ROOT / "eval" / "seed_questions.jsonl"
SIGNED = "Minister Micky Adriaansens (Economische Zaken en Klimaat) heeft deze overeenkomst getekend"


@pytest.fixture(scope="module")
def cli_settings(settings, tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    return settings.replace(index_dir=base / "index", upload_dir=base / "uploads", feedback_file=base / "fb.jsonl")


@pytest.fixture(scope="module")
def qa(qa_command, qa_env, cli_settings, tmp_path_factory):
    """``qa(*args, input=None, **env)`` runs the console script in a scratch folder (no qa.toml there)."""
    cwd = tmp_path_factory.mktemp("cli-cwd")

    def run(*args: str, input: str | None = None, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run([*qa_command, *args], env=qa_env(cli_settings, **env), cwd=cwd, input=input,
                              capture_output=True, text=True, timeout=600)

    run.cwd = cwd
    return run


@pytest.fixture(scope="module")
def built(qa):
    """The first `qa index` of the module: it builds the seed index the other commands use."""
    return qa("index")


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return result


# --- commands that work ---------------------------------------------------------------------------


def test_index_builds_then_is_up_to_date(built, qa, cli_settings):
    ok(built)
    assert "Indexed 1 documents into" in built.stdout
    assert "1 embedded, 0 unchanged, 0 removed" in built.stdout
    assert any((cli_settings.index_dir).glob("seeds-*/CURRENT"))
    again = ok(qa("index"))
    assert again.stdout.startswith("Index is up to date: 1 documents")


def test_search_json(built, qa):
    hits = json.loads(ok(qa("search", "Wie ondertekende de overeenkomst?", "--json")).stdout)
    assert [hit["rank"] for hit in hits] == [1, 2, 3, 4, 5]
    assert SIGNED in hits[0]["chunk"]["text"]
    assert set(hits[0]["scores"]) == {"dense", "bm25", "hybrid"}
    assert hits[0]["chunk"]["doc_id"] == "nederland-zuid-korea-digitale-technologie.txt"


def test_documents_lists_the_indexed_documents(built, qa):
    lines = ok(qa("documents")).stdout.splitlines()
    assert lines == ["nederland-zuid-korea-digitale-technologie.txt\tNederland en Zuid-Korea gaan meer samenwerken "
                     "aan digitale technologieën\t6 paragraphs\tseed"]


def test_ask_json(built, qa):
    answer = json.loads(ok(qa("ask", "Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?",
                              "--json")).stdout)
    assert answer["lang"] == "nl" and answer["abstained"] is False
    assert "4,5%" in answer["text"]
    assert answer["citations"] and "4,5%" in answer["citations"][0]["sentence"]
    assert answer["citations"][0]["doc_id"] == "nederland-zuid-korea-digitale-technologie.txt"
    assert answer["hits"] and set(answer["hits"][0]) == {"chunk", "rank", "scores"}


def test_chat_answers_like_the_library_and_keeps_the_thread(built, qa, seed_pipeline):
    """The chat loop prints what Pipeline.ask gives with one Conversation for the session; the follow-up
    ("daarin", "het land") is retrieved together with the first question."""
    from qa.cli import format_answer
    from qa.conversation import Conversation

    from qa.answering.texts import text as phrase

    questions = ["Waarin is Nederland leidend?", "Welke plek neemt het land daarin wereldwijd in?"]
    conversation = Conversation()
    expected = [format_answer(seed_pipeline.ask(q, conversation)) for q in questions]
    assert conversation.turns[1].query.endswith(questions[0])
    # a line of control characters is an empty question: a reply, and the loop goes on until the empty line
    result = ok(qa("chat", input="\n".join(questions) + "\n\x01\x02\n\n"))
    refusal = phrase("nl", "empty_question")
    assert result.stdout.endswith(f"> {expected[0]}\n\n> {expected[1]}\n\n> {refusal}\n\n> "), result.stdout


@pytest.fixture(scope="module")
def report(built, qa, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    result = ok(qa("eval", str(SEED_QUESTIONS), "--json", str(out / "report.json")))  # Markdown goes next to it
    return result, out


def test_eval_writes_json_and_markdown_reports(report):
    result, out = report
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    count = sum(1 for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip())
    assert data["metrics"]["count"] == len(data["questions"]) == count
    retrieval = data["metrics"]["retrieval"]
    assert set(retrieval) == {"hit@1", "hit@3", "hit@5", "hit@10", "mrr@10"}
    assert 0 <= retrieval["hit@1"] <= retrieval["hit@3"] <= retrieval["hit@5"] <= retrieval["hit@10"] <= 1
    answer = data["metrics"]["answer"]
    assert {"accuracy", "citation_precision", "citation_recall", "abstain_unanswerable", "false_abstain"} <= set(answer)
    assert 0 <= answer["accuracy"] <= 1
    assert set(data["by_lang"]) == {"nl", "en"}
    assert 0 <= data["by_lang"]["en"]["answer"]["accuracy"] <= 1
    assert {"fact", "unanswerable", "followup"} <= set(data["by_kind"])
    assert "| metric | all | lang=en | lang=nl |" in result.stdout
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Evaluation: seed_questions.jsonl") and "## Misses" in markdown


def test_eval_compare(report, qa, tmp_path):
    _, out = report
    first = json.loads((out / "report.json").read_text(encoding="utf-8"))
    second = json.loads(json.dumps(first))
    second["metrics"]["retrieval"]["hit@1"] = round(first["metrics"]["retrieval"]["hit@1"] - 0.125, 4)
    (tmp_path / "after.json").write_text(json.dumps(second), encoding="utf-8")
    result = ok(qa("eval", "--compare", str(out / "report.json"), str(tmp_path / "after.json")))
    assert "| metric | report.json | after.json | Δ |" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("| retrieval.hit@1 |"))
    assert row.endswith("| -0.125 |")
    mrr = next(line for line in result.stdout.splitlines() if line.startswith("| retrieval.mrr@10 |"))
    assert mrr.endswith("| +0.000 |")


# --- bad input: exit code 2, one `qa: ...` line, no traceback -------------------------------------


def _files(tmp: Path) -> dict[str, Path]:
    (tmp / "bad.toml").write_text("top_k = [unclosed\n", encoding="utf-8")
    (tmp / "unknown.toml").write_text("top_k = 3\ncolour = 'blue'\n", encoding="utf-8")
    (tmp / "bad.jsonl").write_text('{"id": "a", "question": "Wie?"}\n{"id": "b", "question": \n',
                                   encoding="utf-8")
    (tmp / "not-json.json").write_text("{ not json", encoding="utf-8")
    (tmp / "a-file.txt").write_text("not a folder", encoding="utf-8")
    return {name: tmp / name for name in ("bad.toml", "unknown.toml", "bad.jsonl", "not-json.json", "a-file.txt")}


BAD_INPUTS = [
    # id, args, extra environment, words the message must contain
    ("missing-docs-folder", ["index", "--docs", "{tmp}/no-such-folder"], {}, ["no-such-folder", "does not exist"]),
    ("docs-is-a-file", ["index", "--docs", "{tmp}/a-file.txt"], {}, ["a-file.txt", "not a folder"]),
    ("invalid-toml", ["index"], {"QA_CONFIG": "{tmp}/bad.toml"}, ["bad.toml", "not valid TOML"]),
    ("missing-config-option", ["--config", "{tmp}/nope.toml", "index"], {}, ["nope.toml", "does not exist"]),
    ("missing-config-env", ["index"], {"QA_CONFIG": "{tmp}/nope.toml"}, ["nope.toml", "does not exist"]),
    ("unknown-setting", ["index"], {"QA_CONFIG": "{tmp}/unknown.toml"}, ["unknown settings", "colour"]),
    ("invalid-env-value", ["index"], {"QA_TOP_K": "many"}, ["top_k", "many"]),
    ("invalid-retriever", ["index"], {"QA_RETRIEVER": "magic"}, ["magic", "hybrid"]),
    ("empty-question", ["ask", ""], {}, ["Stel een vraag"]),
    ("blank-question", ["ask", " \t  "], {}, ["Stel een vraag"]),
    ("100kB-question", ["ask", "Wat " + "heel " * 20_000 + "lang?"], {}, ["100", "2000"]),
    ("control-characters", ["ask", "\x01\x02\x1b\x7f\u200b"], {}, ["Stel een vraag"]),
    ("corrupt-question-file", ["eval", "{tmp}/bad.jsonl"], {}, ["bad.jsonl:2", "not valid JSON"]),
    ("missing-question-file", ["eval", "{tmp}/nope.jsonl"], {}, ["nope.jsonl", "does not exist"]),
    ("eval-without-file", ["eval"], {}, ["question file"]),
    ("compare-missing-report", ["eval", "--compare", "{tmp}/nope.json", "{tmp}/nope.json"], {}, ["nope.json"]),
    ("compare-non-json-report", ["eval", "--compare", "{tmp}/not-json.json", "{tmp}/not-json.json"], {},
     ["not-json.json"]),
]


@pytest.mark.parametrize("args, env, words", [pytest.param(*case[1:], id=case[0]) for case in BAD_INPUTS])
def test_bad_input_gives_one_line_and_exit_code_2(built, qa, tmp_path, args, env, words):
    _files(tmp_path)
    fill = lambda value: value.replace("{tmp}", str(tmp_path))  # noqa: E731
    result = qa(*map(fill, args), **{key: fill(value) for key, value in env.items()})
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 2, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("qa: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    assert result.stdout == ""
