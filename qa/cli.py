"""`qa` command line: argument parsing and printing only; the work is done by the library."""
from __future__ import annotations

import argparse
import json
import re
import signal
import sys
from pathlib import Path
from typing import Iterator

from qa.config import ANSWERERS, RETRIEVERS, load_settings
from qa.data import Answer
from qa.errors import QAError


def _progress_bar(description: str):
    """A tqdm bar over documents, with passages/s and the time left, as a build progress callback; created on the
    first report so quick jobs stay quiet."""
    from tqdm import tqdm

    state = {}

    def report(progress) -> None:  # a qa.index.BuildProgress
        if "bar" not in state:
            state["bar"] = tqdm(total=progress.documents_total, desc=description, unit="doc", file=sys.stderr,
                                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} documents"
                                           "{postfix}")
        bar = state["bar"]
        eta = progress.eta_s
        bar.set_postfix_str(f"{progress.passages_per_s:.1f} passages/s"
                            + ("" if eta is None else f", {int(eta) // 60}:{int(eta) % 60:02d} left"), refresh=False)
        bar.update(progress.documents_done - bar.n)
        if progress.documents_done >= progress.documents_total:
            bar.close()

    return report


# Terminal control characters (ESC sequences can retitle the window or clear the screen; C1 0x9b is a CSI
# on some terminals), bidirectional overrides and lone surrogates (unprintable): documents and file names can
# hold them, and they reach the terminal through answers, passages and messages. Newlines and tabs stay.
_UNSAFE_OUTPUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def safe_output(text: str) -> str:
    """Text as the terminal should get it: control characters, bidi overrides and lone surrogates removed."""
    return _UNSAFE_OUTPUT.sub("", text)


def _say(text: str = "", file=None) -> None:
    """Print for the user: every line of output goes through here, so nothing in it drives the terminal."""
    print(safe_output(str(text)), file=file or sys.stdout)


def _notify(message: str) -> None:
    _say(message, file=sys.stderr)


def _pipeline(args):
    from qa.pipeline import Pipeline

    overrides = {"docs_dir": args.docs, "retriever": getattr(args, "retriever", None), "top_k": getattr(args, "k", None),
                 "answerer": getattr(args, "answerer", None)}
    settings = load_settings(config_file=args.config, **overrides)
    return Pipeline(settings, notify=_notify)


def _service(args):
    """The opened index behind the operations the app and the API share (a command accepts k up to 100)."""
    from qa.service import Service

    pipeline = _pipeline(args)
    pipeline.open(progress=_progress_bar("Embedding"))
    return Service(pipeline, max_passages=100)


def cmd_index(args) -> int:
    pipeline = _pipeline(args)
    progress = _progress_bar("Embedding")
    stats = pipeline.update(progress=progress, reuse=False) if args.force else pipeline.open(progress=progress)
    if stats is None:
        _say(f"Index is up to date: {len(pipeline.index.documents)} documents, {len(pipeline.index)} chunks "
              f"({pipeline.index_folder}).")
    else:
        resumed = f"{stats.resumed_documents} resumed from an interrupted build, " if stats.resumed_documents else ""
        _say(f"Indexed {stats.documents} documents into {stats.chunks} chunks in {stats.seconds:.1f}s: "
             f"{len(stats.embedded_documents)} embedded, {stats.reused_documents} unchanged, {resumed}"
             f"{len(stats.removed_documents)} removed ({pipeline.index_folder}).")
    return 0


def cmd_search(args) -> int:
    hits = _service(args).search(args.query, args.k, args.retriever)
    if args.json:
        from dataclasses import asdict

        _say(json.dumps([asdict(hit) for hit in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        _say("No passages found.")
    for hit in hits:
        scores = ", ".join(f"{name} {value:.3f}" for name, value in hit.scores.items())
        _say(f"{hit.rank}. [{hit.chunk.doc_id} ¶{hit.chunk.paragraph}] ({scores})")
        _say("   " + " ".join(hit.chunk.text.split())[:400])
    return 0


def format_answer(answer) -> str:
    """The answer with its numbered sources (or, after an abstention, the possibly related passages)."""
    from qa.answering.texts import text

    lines = ([answer.notice, ""] if answer.notice else []) + [answer.text, ""]
    if answer.citations:
        lines.append(text(answer.lang, "sources") + ":")
        for n, c in enumerate(answer.citations, 1):
            unverified = " (?)" if c.verified is False else ""  # cited beside the sentence that carries the claim
            lines.append(f"[{n}] {c.title} — {text(answer.lang, 'paragraph')} {c.paragraph} ({c.doc_id})"
                         + unverified)
    elif answer.hits:
        lines.append(text(answer.lang, "related") + ":")
        for hit in answer.hits[:3]:
            lines.append(f"- {hit.chunk.title} — {text(answer.lang, 'paragraph')} {hit.chunk.paragraph}: "
                         + " ".join(hit.chunk.text.split())[:200])
    return "\n".join(lines).rstrip()


def answer_json(answer) -> str:
    from dataclasses import asdict

    data = asdict(answer)
    data["hits"] = [{"chunk": h["chunk"]["id"], "rank": h["rank"], "scores": h["scores"]} for h in data["hits"]]
    return json.dumps(data, ensure_ascii=False, indent=1)


def _streamed(events: Iterator[str | Answer]) -> Answer:
    """Show a model's text as it is written (on stderr: stdout gets only the checked answer); return the Answer."""
    shown = False
    for event in events:
        if isinstance(event, str):
            print(safe_output(event), end="", file=sys.stderr, flush=True)
            shown = True
        else:
            if shown:
                print("\n", file=sys.stderr, flush=True)
            return event


def cmd_ask(args) -> int:
    service = _service(args)
    if args.json:
        _say(answer_json(service.ask(args.question, k=args.k, retriever=args.retriever)))
    else:
        _say(format_answer(_streamed(service.ask_stream(args.question, k=args.k, retriever=args.retriever))))
    return 0


def cmd_chat(args) -> int:
    from qa.conversation import Conversation

    service = _service(args)
    conversation = Conversation()
    _say("Stel je vragen / ask your questions (empty line or Ctrl-D to stop).")
    while True:
        try:
            question = input("> ")
        except EOFError:
            _say()
            return 0
        if not question.strip():
            return 0
        try:
            _say(format_answer(_streamed(service.ask_stream(question, conversation, args.k, args.retriever))) + "\n")
        except QAError as exc:
            _say(f"{exc}\n")


def cmd_eval(args) -> int:
    from qa import evaluation

    if args.compare:
        reports = []
        for path in args.compare:
            try:
                reports.append(json.loads(Path(path).read_text(encoding="utf-8")))
                reports[-1]["metrics"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise QAError(f"Cannot read the report {path} ({type(exc).__name__}). Give two reports written by "
                              "`qa eval --json`.") from None
        first, second = reports
        _say(evaluation.compare_markdown(first, second, tuple(Path(p).name for p in args.compare)))
        return 0
    if not args.questions:
        raise QAError("Give a question file: `qa eval QUESTIONS.jsonl`, or `--compare A.json B.json`.")
    questions = evaluation.load_questions(Path(args.questions))
    pipeline = _pipeline(args)
    pipeline.open(progress=_progress_bar("Embedding"))
    run = pipeline.evaluation_runner(args.k, args.retriever, answers=not args.retrieval_only)
    settings = pipeline.settings
    label = f"{Path(args.questions).name} ({args.retriever or settings.retriever}, {settings.answerer})"
    report = evaluation.evaluate(questions, run, pipeline.index.documents, label=label)
    _say(evaluation.metrics_table(report))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        _say(f"Report written to {args.json}", file=sys.stderr)
    default_markdown = Path(args.json).with_suffix(".md") if args.json else \
        Path("eval/reports") / (Path(args.questions).stem + ".md")
    markdown = Path(args.markdown or default_markdown)
    markdown.parent.mkdir(parents=True, exist_ok=True)
    markdown.write_text(evaluation.report_markdown(report), encoding="utf-8")
    _say(f"Markdown report written to {markdown}", file=sys.stderr)
    return 0


def cmd_documents(args) -> int:
    for document in _service(args).list_documents():
        kind = "uploaded" if document.uploaded else "seed"
        _say(f"{document.id}\t{document.title}\t{document.paragraphs} paragraphs\t{kind}")
    return 0


def cmd_serve(args) -> int:
    """The HTTP API (qa/api.py) until Ctrl-C or SIGTERM; its own messages and exit status."""
    from qa import api, hosting

    overrides = {"docs_dir": args.docs, "host": args.host, "port": args.port}
    return hosting.run("qa serve", lambda: load_settings(config_file=args.config, **overrides), api.serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Ask questions about a folder of documents.")
    parser.add_argument("--config", type=Path, help="settings file (default: qa.toml if present)")
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str, handler):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--docs", type=Path, help="documents folder (default: the seed documents)")
        command.set_defaults(handler=handler)
        return command

    index = add("index", "build or update the index of the documents folder", cmd_index)
    index.add_argument("--force", action="store_true", help="re-embed everything")

    search = add("search", "show the passages retrieved for a query", cmd_search)
    search.add_argument("query")
    search.add_argument("--k", type=int, default=5)
    search.add_argument("--retriever", choices=RETRIEVERS)
    search.add_argument("--json", action="store_true", help="print hits as JSON")

    ask = add("ask", "answer a question with cited sources", cmd_ask)
    ask.add_argument("question")
    ask.add_argument("--k", type=int)
    ask.add_argument("--retriever", choices=RETRIEVERS)
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--answerer", choices=ANSWERERS, help="extractive (default) or llm (settings llm_*)")

    chat = add("chat", "ask questions in a loop; follow-up questions keep the thread", cmd_chat)
    chat.add_argument("--k", type=int)
    chat.add_argument("--retriever", choices=RETRIEVERS)
    chat.add_argument("--answerer", choices=ANSWERERS, help="extractive (default) or llm (settings llm_*)")

    add("documents", "list the indexed documents (id, title, paragraphs, seed or uploaded)", cmd_documents)

    serve = add("serve", "serve the HTTP API (OpenAI-compatible chat, search, documents) on host:port", cmd_serve)
    serve.add_argument("--host", help="address to listen on (default: the host setting)")
    serve.add_argument("--port", type=int, help="port (default: the port setting)")

    evaluate = add("eval", "score retrieval and answers on a question set", cmd_eval)
    evaluate.add_argument("questions", nargs="?", help="question set (JSON Lines)")
    evaluate.add_argument("--k", type=int, default=10)
    evaluate.add_argument("--retriever", choices=RETRIEVERS)
    evaluate.add_argument("--answerer", choices=ANSWERERS, help="extractive (default) or llm (settings llm_*)")
    evaluate.add_argument("--json", metavar="OUT", help="write the full report as JSON")
    evaluate.add_argument("--markdown", metavar="OUT", help="Markdown report path (default: next to --json, else eval/reports/<set>.md)")
    evaluate.add_argument("--retrieval-only", action="store_true", help="skip answering")
    evaluate.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"), help="print two reports side by side")
    return parser


def _interrupt(signum, frame):
    """SIGTERM (a service stop, `kill`) ends the command the way Ctrl-C does: builds stop, nothing half-saved."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "k", None) is not None and not 1 <= args.k <= 100:
        _say("qa: --k must be between 1 and 100.", file=sys.stderr)
        return 2
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return args.handler(args)
    except QAError as exc:
        _say(f"qa: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `qa search ... | head` closed the pipe: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        _say("qa: interrupted; the previous index is still in place.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not the user's doing: one line and what to do, never a traceback
        _say(f"qa: unexpected error ({type(exc).__name__}: {str(exc)[:300]}). Run the command again; if it "
             "keeps failing, report it with this line.", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
