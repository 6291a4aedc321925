"""The embedding model as ONNX Runtime runs it: exported once from the loaded sentence-transformers model,
optionally int8-quantised, cached beside the other rebuilt models.

Why: on this project's 2-core CPUs ONNX Runtime runs the same transformer about 3 times as fast as torch
(same vectors), and its int8 (dynamic, per-channel) version about 7 times as fast, at cosine 0.996 to the
float32 vectors (``bench/embedding.py``). ``optimum`` cannot be used: its ONNX exporter requires
transformers < 4.58, and this project runs transformers 5; torch's own exporter and ``onnxruntime.quantization``
do the same job.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from qa import model_cache

_EXPORT_FORMAT = 1  # bump when the exported graph changes, so cached exports are rebuilt
FILES = {"fp32": "model.onnx", "int8": "model-int8.onnx"}


def ensure_onnx_folder(model, model_path: str, cache_dir: Path,
                       notify: Callable[[str], None] | None = None) -> Path:
    """A cache folder with the model as ONNX (``model.onnx``) and int8-quantised (``model-int8.onnx``)."""
    import onnxruntime

    source = Path(model_path)
    weights = next((p for p in (source / "model.safetensors", source / "pytorch_model.bin") if p.is_file()), None)
    identity = {"format": _EXPORT_FORMAT, "model": str(source.resolve()) if source.is_dir() else model_path,
                "weights": model_cache.stamp(weights, _EXPORT_FORMAT) if weights else None,
                "onnxruntime": onnxruntime.__version__}
    stamp = json.dumps(identity, sort_keys=True)
    slug = "".join(ch if ch.isalnum() else "-" for ch in source.name)[:40]
    target = Path(cache_dir) / f"onnx-{slug}-{hashlib.sha1(stamp.encode()).hexdigest()[:10]}"
    return model_cache.ensure_built(target, stamp, lambda work: _export(model, work), notify,
                                    "Exporting the embedding model to ONNX and quantising it (one-time, ~1 min)…")


def _export(model, folder: Path) -> None:
    """Trace the transformer (token ids and mask in, token states out; pooling stays in numpy) and quantise it."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    transformer = model[0].auto_model.eval()
    transformer.set_attn_implementation("eager")  # plain ops: the traced graph holds no shape-specific branches

    class TokenStates(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask):
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    sample = model.tokenizer(["passage: een korte zin", "passage: en een iets langere zin om mee te beginnen"],
                             padding=True, return_tensors="pt")
    axes = {0: "batch", 1: "tokens"}
    # The tracer warns about branches on shapes (padding the mask never needs: it always matches the ids) and
    # the quantiser suggests an optional pre-processing step; neither is something a user can act on.
    with torch.no_grad(), warnings.catch_warnings(), _quiet_logging():
        warnings.simplefilter("ignore")
        torch.onnx.export(TokenStates(), (sample["input_ids"], sample["attention_mask"]), str(folder / FILES["fp32"]),
                          input_names=["input_ids", "attention_mask"], output_names=["token_states"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_states": axes},
                          opset_version=17, dynamo=False)
        quantize_dynamic(str(folder / FILES["fp32"]), str(folder / FILES["int8"]), weight_type=QuantType.QInt8,
                         per_channel=True)


@contextlib.contextmanager
def _quiet_logging():
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


class OnnxEncoder:
    """Mean-pooled, L2-normalised vectors from an exported model. One session, made on first use: a second one
    would hold a second copy of the weights (~0.5 GB). Each run gets one thread: calls run side by side (a build's
    batches, one per core; queries of concurrent users), which costs about a tenth fewer CPU seconds than
    spreading each run over every core (its threads meet at every operation, and one that waits loses the core)."""

    def __init__(self, path: Path, tokenizer, max_tokens: int):
        self.path = path
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self._session = None
        self._making = threading.Lock()  # the first calls may come side by side: one session, one copy of weights

    def __call__(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_tokens,
                                 return_tensors="np")
        mask = encoded["attention_mask"].astype(np.int64)
        states = self.session().run(None, {"input_ids": encoded["input_ids"].astype(np.int64),
                                           "attention_mask": mask})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def session(self):
        with self._making:
            if self._session is None:
                self._session = self._make_session()
        return self._session

    def _make_session(self):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about the graph are ours to fix, not the user's to read
        options.enable_cpu_mem_arena = False  # the arena keeps the peak of every batch size; memory stays flat
        return onnxruntime.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
