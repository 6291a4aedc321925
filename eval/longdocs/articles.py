"""The long-document set as a corpus of single law articles: one document per article, as a law database serves
them (wetten.overheid.nl, a legal QA corpus), instead of eight whole laws.

Writes ``OUT/docs/<law>-art-<number>.txt`` (first line "<law>, Artikel <number>[. <title>]", then the article's
members) and ``OUT/questions.jsonl``: the questions of ``eval/longdocs/questions.jsonl`` with ``evidence_ids``
pointing at the articles that hold their evidence, so `qa eval` can tell whether the right article was cited.

    .venv/bin/python eval/longdocs/articles.py /tmp/law-articles
    .venv/bin/qa eval /tmp/law-articles/questions.jsonl --docs /tmp/law-articles/docs --json eval/reports/lawarticles.json
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLE = re.compile(r"(?m)^#*[ \t]*(?=Artikel \S+)")  # "Artikel 7. Opdracht college", "### Artikel 1.1"
CHAPTER = re.compile(r"(?m)^#+ .*$")  # a Markdown chapter heading between articles belongs to no article


def split_law(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The law's name (its first line) and its articles as (number, heading, body)."""
    name = text.splitlines()[0].lstrip("# ").strip()
    articles = []
    for part in ARTICLE.split(text)[1:]:
        heading, _, body = part.partition("\n")
        number = heading.split()[1].rstrip(".")
        articles.append((number, heading.strip(), CHAPTER.sub("", body).strip()))
    return name, articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write docs/ and questions.jsonl into (created)")
    parser.add_argument("--laws", type=Path, default=HERE / "docs")
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    args = parser.parse_args(argv)
    docs = args.out / "docs"
    if docs.exists() and any(docs.iterdir()):
        print(f"{docs} is not empty: give a new folder.", file=sys.stderr)
        return 2
    docs.mkdir(parents=True, exist_ok=True)
    texts = {}
    for law in sorted(args.laws.iterdir()):
        name, articles = split_law(law.read_text(encoding="utf-8"))
        for number, heading, body in articles:
            path = docs / f"{law.stem}-art-{number}.txt"
            texts[path.name] = f"{name}, {heading}\n\n{body}\n"
            path.write_text(texts[path.name], encoding="utf-8")
    unplaced = []
    with (args.out / "questions.jsonl").open("w", encoding="utf-8") as out:
        for line in args.questions.read_text(encoding="utf-8").splitlines():
            question = json.loads(line)
            found = [name for name, text in texts.items() if any(e in text for e in question.get("evidence", []))]
            if question.get("evidence") and not found:
                unplaced.append(question["id"])
            question["evidence_ids"] = found
            out.write(json.dumps(question, ensure_ascii=False) + "\n")
    print(f"{len(texts)} articles in {docs}, questions in {args.out / 'questions.jsonl'}"
          + (f"; evidence in no article: {', '.join(unplaced)}" if unplaced else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
