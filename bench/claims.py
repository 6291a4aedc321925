"""Calibrate the claim check's similarity threshold (``ClaimPolicy.min_similarity``) on a question set.

For every answerable question with evidence, a claim is made from the question and its first accepted answer
("Wie heeft de overeenkomst ondertekend? Micky Adriaansens"), in the question's language, so half the pairs
cross nl/en. Its cosine to the evidence sentences (positives) is set against its cosine to the other sentences
of the retrieved passages (negatives). Prints both distributions and, per candidate threshold, the share of
positives kept and negatives dropped. Run: `.venv/bin/python bench/claims.py [--questions FILE]`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.answering.claims import ClaimPolicy  # noqa: E402
from qa.config import load_settings  # noqa: E402
from qa.evaluation import evidence_spans, load_questions  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "seed_questions.jsonl")
    args = parser.parse_args()
    pipeline = Pipeline(load_settings())
    pipeline.open()
    index = pipeline.index
    positives, negatives = [], []
    for question in load_questions(args.questions):
        if not (question.answerable and question.answers and question.evidence):
            continue
        spans = evidence_spans(question, index.documents)
        claim = pipeline.embedder.embed_queries([f"{question.question} {question.answers[0]}"])[0]
        for hit in pipeline.search(question.question, 5):
            for start, end in hit.chunk.sentences:
                row = index.sentence_row[(hit.chunk.doc_id, start, end)]
                cosine = float(index.sentence_vectors[row][0] @ claim)
                evidence = any(d == hit.chunk.doc_id and start < e and s < end for d, s, e in spans)
                (positives if evidence else negatives).append(cosine)
    positives, negatives = np.array(positives), np.array(negatives)
    print(f"{args.questions.name}: {len(positives)} claim-evidence pairs, {len(negatives)} claim-other pairs")
    for name, values in (("evidence", positives), ("other", negatives)):
        print(f"  {name:9s} cosine p5 {np.percentile(values, 5):.3f}  p25 {np.percentile(values, 25):.3f}  "
              f"p50 {np.median(values):.3f}  p75 {np.percentile(values, 75):.3f}")
    for threshold in np.arange(0.76, 0.87, 0.01):
        print(f"  threshold {threshold:.2f}: evidence kept {np.mean(positives >= threshold):.3f}   "
              f"other dropped {np.mean(negatives < threshold):.3f}")
    print(f"current ClaimPolicy.min_similarity = {ClaimPolicy().min_similarity}")


if __name__ == "__main__":
    main()
