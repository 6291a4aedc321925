"""Settings: defaults <- qa.toml (or --config / QA_CONFIG) <- QA_* environment <- explicit overrides."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from qa.config import PROJECT_ROOT, RETRIEVERS, Settings, load_settings
from qa.errors import QAError


def toml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_qa_toml_here(tmp_path, monkeypatch):
    """load_settings looks for ./qa.toml: run every test in an empty folder."""
    monkeypatch.chdir(tmp_path)


def test_defaults_without_file_or_environment():
    settings = load_settings(env={})
    assert settings == Settings()
    assert settings.docs_dir == PROJECT_ROOT / "seeds"
    assert settings.retriever == "hybrid" and settings.retriever in RETRIEVERS
    assert settings.model == "e5-small-offline"
    assert settings.default_lang == "nl"


def test_qa_toml_in_the_working_folder_is_read(tmp_path):
    toml(tmp_path / "qa.toml", 'top_k = 7\nretriever = "bm25"\nhybrid_weight = 0.25\n')
    settings = load_settings(env={})
    assert (settings.top_k, settings.retriever, settings.hybrid_weight) == (7, "bm25", 0.25)


def test_precedence_file_then_environment_then_overrides(tmp_path):
    config = toml(tmp_path / "mine.toml", "top_k = 7\nchunk_chars = 300\nport = 9000\n")
    settings = load_settings(config_file=config, env={"QA_TOP_K": "9", "QA_CHUNK_CHARS": "400"}, chunk_chars=250)
    assert settings.port == 9000  # file over default
    assert settings.top_k == 9  # environment over file
    assert settings.chunk_chars == 250  # override over environment
    assert load_settings(config_file=config, env={}, top_k=None).top_k == 7  # None overrides nothing


def test_qa_config_environment_names_the_file(tmp_path):
    config = toml(tmp_path / "elsewhere.toml", "top_k = 3\n")
    assert load_settings(env={"QA_CONFIG": str(config)}).top_k == 3


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_named_config_file_that_does_not_exist(tmp_path, how):
    missing = tmp_path / "typo.toml"
    with pytest.raises(QAError, match="typo.toml does not exist"):
        if how == "argument":
            load_settings(config_file=missing, env={})
        else:
            load_settings(env={"QA_CONFIG": str(missing)})


def test_environment_values_are_converted_to_the_field_types(tmp_path):
    settings = load_settings(env={"QA_INDEX_DIR": "~/my-index", "QA_HYBRID_WEIGHT": "0.7", "QA_TOP_K": "12",
                                  "QA_MODEL": "/models/e5", "UNRELATED": "x", "QA_NOT_A_SETTING": "ignored"})
    assert settings.index_dir == Path.home() / "my-index"
    assert settings.hybrid_weight == 0.7 and settings.top_k == 12 and settings.model == "/models/e5"
    assert all(isinstance(getattr(settings, f.name), Path) for f in fields(Settings) if f.type in ("Path", Path))


def test_every_setting_has_an_environment_variable():
    env = {"QA_" + f.name.upper(): str(getattr(Settings(), f.name)) for f in fields(Settings)}
    env["QA_TOP_K"] = "11"
    assert load_settings(env=env).top_k == 11


def test_invalid_toml_names_the_file(tmp_path):
    config = toml(tmp_path / "broken.toml", "top_k = [1,\n")
    with pytest.raises(QAError, match=r"broken\.toml is not valid TOML"):
        load_settings(config_file=config, env={})


def test_non_utf8_config_is_invalid_not_a_crash(tmp_path):
    config = tmp_path / "latin.toml"
    config.write_bytes('model = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(QAError, match="not valid TOML"):
        load_settings(config_file=config, env={})


def test_unknown_settings_are_listed(tmp_path):
    toml(tmp_path / "qa.toml", "top_k = 3\ncolour = 'blue'\nsize = 1\n")
    with pytest.raises(QAError) as caught:
        load_settings(env={})
    message = str(caught.value)
    assert "unknown settings: colour, size" in message and "top_k" in message  # the known ones are listed too


@pytest.mark.parametrize("env, setting", [
    ({"QA_TOP_K": "five"}, "top_k"),
    ({"QA_TOP_K": "5.5"}, "top_k"),
    ({"QA_HYBRID_WEIGHT": "half"}, "hybrid_weight"),
    ({"QA_PORT": ""}, "port"),
])
def test_invalid_values_name_the_setting(env, setting):
    with pytest.raises(QAError, match=f"Setting '{setting}' has an invalid value"):
        load_settings(env=env)


def test_a_boolean_is_not_a_number(tmp_path):
    toml(tmp_path / "qa.toml", "top_k = true\n")
    with pytest.raises(QAError, match="top_k"):
        load_settings(env={})


@pytest.mark.parametrize("env, words", [
    ({"QA_RETRIEVER": "semantic"}, "Unknown retriever 'semantic'"),
    ({"QA_TOP_K": "0"}, "top_k"),
    ({"QA_TOP_K": "101"}, "top_k"),
    ({"QA_CHUNK_CHARS": "10"}, "chunk_chars"),
    ({"QA_SECTION_CHUNK_CHARS": "10"}, "section_chunk_chars"),
    ({"QA_CHUNK_OVERLAP": "-1"}, "chunk_overlap"),
    ({"QA_CHUNKS_PER_DOCUMENT": "-1"}, "chunks_per_document"),
    ({"QA_DEFAULT_LANG": "de"}, "default_lang"),
    ({"QA_HYBRID_WEIGHT": "1.5"}, "hybrid_weight"),
    ({"QA_HYBRID_WEIGHT": "nan"}, "hybrid_weight"),
    ({"QA_EMBED_BACKEND": "tensorflow"}, "Unknown embed_backend 'tensorflow': choose one of torch, onnx, onnx-int8"),
    ({"QA_SENTENCE_CONTEXT": "both"}, "Unknown sentence_context 'both'"),
    ({"QA_INDEX_BATCH_CHARS": "0"}, "index_batch_chars"),
])
def test_out_of_range_values_are_refused(env, words):
    with pytest.raises(QAError, match=words):
        load_settings(env=env)


@pytest.mark.parametrize("name, value", [
    ("embed_batch_size", "0"),
    ("embed_batch_size", "-4"),  # a negative batch size makes Embedder.embed_passages return all-zero vectors
    ("max_question_chars", "0"),
])
def test_sizes_must_be_positive(name, value):
    with pytest.raises(QAError, match=name):
        load_settings(env={"QA_" + name.upper(): value})


def test_replace_ignores_none():
    settings = Settings()
    changed = settings.replace(top_k=9, retriever=None)
    assert changed.top_k == 9 and changed.retriever == settings.retriever
    assert settings.top_k == 5  # frozen: the original is untouched


@pytest.mark.parametrize("uri", ["ftp://example.org", "store.sqlite", "localhost:19530"])
def test_a_bad_milvus_uri_is_refused_with_the_forms_it_takes(uri):
    with pytest.raises(QAError, match="ending in .db .*http://127.0.0.1:19530"):
        load_settings(env={}, store="milvus", milvus_uri=uri)


@pytest.mark.parametrize("uri", ["", "index/milvus.db", "http://milvus:19530", "https://example.zillizcloud.com"])
def test_milvus_uris_of_both_forms_are_taken(uri):
    assert load_settings(env={}, store="milvus", milvus_uri=uri).milvus_uri == uri


def test_an_unknown_store_is_refused():
    with pytest.raises(QAError, match="choose one of faiss, milvus"):
        load_settings(env={}, store="qdrant")


def test_the_milvus_token_comes_from_the_environment_only(tmp_path):
    with pytest.raises(QAError, match="QA_MILVUS_TOKEN"):
        load_settings(config_file=toml(tmp_path / "secret.toml", 'milvus_token = "root:Milvus"\n'), env={})
    assert load_settings(env={"QA_MILVUS_TOKEN": "root:Milvus"}).milvus_token == "root:Milvus"
    assert "root:Milvus" not in repr(load_settings(env={"QA_MILVUS_TOKEN": "root:Milvus"}))
