"""How the float32 ONNX model is fed: batch order and size, threads per batch, graph fusion; side by side.

Usage: .venv/bin/python bench/batching.py [--sample 500] [--rounds 3]

One fixed random sample of the FAQ benchmark's build texts (chunks, sentences, sentences after their
predecessor), tokenized once, embedded by each way in turn, ``--rounds`` times interleaved (the cores are
shared: compare within one run). Per way: CPU seconds of all threads (fewest and median over the rounds),
wall seconds, and the cosine of its vectors to the way the ``onnx`` backend worked before (batches of 32 sorted
by characters, both cores on each batch). ``fused`` is the same model after ONNX Runtime's transformer optimizer
(attention, skip-LayerNorm, bias-GELU and embedding fusions). Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from embedding import FAQ, corpus_texts  # noqa: E402

from qa.config import load_settings  # noqa: E402
from qa.embedding import Embedder, resolve_model_path  # noqa: E402
from qa.onnx_model import FILES, ensure_onnx_folder  # noqa: E402


def session(path: Path, threads: int):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level, options.enable_cpu_mem_arena = 3, False
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def fused_model(path: Path, config, target: Path) -> Path:
    from onnxruntime.transformers.optimizer import optimize_model

    model = optimize_model(str(path), model_type="bert", num_heads=config.num_attention_heads,
                           hidden_size=config.hidden_size, opt_level=0)
    print("fused:", {name: n for name, n in model.get_fused_operator_statistics().items() if n})
    model.save_model_to_file(str(target))
    return target


class Way:
    """Batches of ``size`` texts in order of ``key`` (characters or tokens), run by ``workers`` at a time."""

    def __init__(self, about: str, run, key: str, size: int, workers: int):
        self.about, self.run, self.key, self.size, self.workers = about, run, key, size, workers

    def embed(self, ids: list[list[int]], chars: list[int], pad: int) -> np.ndarray:
        lengths = [len(i) for i in ids]
        order = sorted(range(len(ids)), key=(chars if self.key == "chars" else lengths).__getitem__)
        batches = [order[b:b + self.size] for b in range(0, len(order), self.size)]
        vectors = np.zeros((len(ids), 384), np.float32)

        def one(rows: list[int]) -> None:
            width = max(lengths[r] for r in rows)
            tokens = np.full((len(rows), width), pad, np.int64)
            mask = np.zeros((len(rows), width), np.int64)
            for j, r in enumerate(rows):
                tokens[j, :lengths[r]], mask[j, :lengths[r]] = ids[r], 1
            states = self.run(None, {"input_ids": tokens, "attention_mask": mask})[0]
            pooled = (states * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            vectors[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

        with ThreadPoolExecutor(self.workers) as pool:
            list(pool.map(one, batches))
        return vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = load_settings()
    embedder = Embedder(settings.replace(embed_backend="onnx"))
    folder = ensure_onnx_folder(embedder.model, resolve_model_path(settings), settings.model_cache_dir)
    sample = random.Random(1).sample(corpus_texts(FAQ / "docs", settings), args.sample)
    texts = [embedder.model.prompts["document"] + t for t in sample]
    ids = embedder.model.tokenizer(texts, truncation=True, max_length=embedder.model.max_seq_length)["input_ids"]
    chars, pad = [len(t) for t in texts], embedder.model.tokenizer.pad_token_id
    two, one = session(folder / FILES["fp32"], 2), session(folder / FILES["fp32"], 1)
    with tempfile.TemporaryDirectory() as scratch:
        fused = session(fused_model(folder / FILES["fp32"], embedder.model[0].auto_model.config,
                                    Path(scratch) / "fused.onnx"), 1)
    ways = [Way("before: by characters, 32, both cores per batch", two.run, "chars", 32, 1),
            Way("by tokens, 32, both cores per batch", two.run, "tokens", 32, 1),
            Way("by tokens, 16, both cores per batch", two.run, "tokens", 16, 1),
            Way("by tokens, 32, batches side by side", one.run, "tokens", 32, 2),
            Way("**by tokens, 16, batches side by side** (now)", one.run, "tokens", 16, 2),
            Way("by tokens, 8, batches side by side", one.run, "tokens", 8, 2),
            Way("fused graph, by tokens, 16, side by side", fused.run, "tokens", 16, 2)]
    print(f"{len(sample)} FAQ build texts, {sum(map(len, ids))} tokens; {args.rounds} rounds, interleaved")
    for way in ways:
        way.embed(ids[:32], chars[:32], pad)  # warm-up
    times: dict[str, list[tuple[float, float]]] = {way.about: [] for way in ways}
    vectors = {}
    for _ in range(args.rounds):
        for way in ways:
            wall, cpu = time.perf_counter(), time.process_time()
            vectors[way.about] = way.embed(ids, chars, pad)
            times[way.about].append((time.process_time() - cpu, time.perf_counter() - wall))
    before = vectors[ways[0].about]
    print("\n| way | CPU s fewest / median | wall s fewest / median | cosine to before (min) |\n|---|---|---|---|")
    for way in ways:
        cpu, wall = (sorted(column) for column in zip(*times[way.about]))
        cosine = float((vectors[way.about] * before).sum(axis=1).min())
        print(f"| {way.about} | {cpu[0]:.2f} / {cpu[len(cpu) // 2]:.2f} | {wall[0]:.2f} / {wall[len(wall) // 2]:.2f} "
              f"| {cosine:.7f} |")


if __name__ == "__main__":
    main()
