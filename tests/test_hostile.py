"""Hostile input: files and questions built to hurt (CPU bombs, decompression bombs, odd names, bad bytes).

Every case must end in a clear message or a correct answer: never a traceback, a hang or a lost file.
The complexity check is the only timed assertion, with a bound (30x for 10x the text) far above the
linear expectation (about 10x), so it cannot flake, while the quadratic behaviour it guards against
costs 70-230x.
"""
from __future__ import annotations

import time

import pytest

from qa.chunking import MAX_SENTENCE_CHARS, chunk_document, split_sentences
from qa.documents import load_file

# Pathological texts of about n characters: long runs of what the sentence and heading patterns look at.
PATHOLOGICAL = {
    "dots.txt": lambda n: "." * n,
    "exclamations.txt": lambda n: "Ja" + "!?" * (n // 2) + " Nee.",
    "dot-then-spaces.txt": lambda n: "Een zin." + " " * n + "Nog een.",
    "spaced-dots.txt": lambda n: ". " * (n // 2),
    "numbered.txt": lambda n: "1. a " * (n // 5),
    "long-word.txt": lambda n: "Woord " + "x" * n + ". Einde.",
    "blank-lines.txt": lambda n: "Tekst.\n" + " \n" * (n // 2),
    "heading.md": lambda n: "# Ibex" + " " * n + "x\n\nText.\n",
    "heading-hashes.md": lambda n: "# Ibex " + "# " * (n // 2) + "\n\nText.\n",
}


def _process(tmp_path, name: str, text: str) -> float:
    """Seconds (best of five: the least disturbed run) to load the file and chunk its documents, as an upload does."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        documents, _ = load_file(path)
        for document in documents:
            chunk_document(document, 300, 1)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_ten_times_more_pathological_text_costs_about_ten_times_more(tmp_path, name):
    small = _process(tmp_path, name, PATHOLOGICAL[name](200_000))
    large = _process(tmp_path, name, PATHOLOGICAL[name](2_000_000))
    ratio = large / max(small, 1e-4)  # a tiny small-case time must not inflate the ratio
    print(f"{name}: {small * 1000:.1f} ms -> {large * 1000:.1f} ms for 10x the text (ratio {ratio:.1f})")
    assert ratio < 30, f"{name}: 10x the text cost {ratio:.0f}x the time (quadratic?)"


def test_markdown_heading_with_a_long_run_of_spaces_gives_its_title(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("# Ibex" + " " * 60_000 + "x\n\nText.\n", encoding="utf-8")
    (document,), _ = load_file(path)
    assert document.title == "Ibex"


@pytest.mark.parametrize("line, title", [
    ("# Title ##", "Title"), ("## Title#", "Title#"), ("   ### Spaced   ", "Spaced"), ("# #", "#"),
    ("#NoSpace", "#NoSpace"), ("    # indented code", "# indented code"),
])
def test_markdown_heading_forms(tmp_path, line, title):
    path = tmp_path / "x.md"
    path.write_text(f"{line}\n\nBody text.\n", encoding="utf-8")
    (document,), _ = load_file(path)
    assert document.title == title


def test_a_run_of_dots_becomes_sentences_under_the_cap():
    text = "Begin. " + "." * 10_000 + " Einde."
    spans = split_sentences(text)
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert "".join(text[start:end] for start, end in spans) == text.replace(" ", "")
