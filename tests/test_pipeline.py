"""Pipeline: question cleaning, opening/updating the index, uploads that change nothing when they fail,
and removing uploaded documents. Real model, small temporary corpora."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from qa.documents import load_folder
from qa.errors import QAError
from qa.index import CURRENT, load_index
from qa.pipeline import PENDING, UPLOAD_PREFIX, clean_question, hold

DOCS = {
    "fiets.txt": "Fietsbrug in Utrecht\n\nDe gemeente Utrecht bouwt een nieuwe fietsbrug over het Merwedekanaal. "
                 "De brug is in 2026 klaar.",
    "afval.txt": "Afval scheiden\n\nVanaf maart haalt de gemeente het plasticafval elke twee weken op.",
}
UPLOAD_TEXT = ("Zwembad De Kikker\n\nHet zwembad De Kikker aan de Kanaalweg is op zondag gesloten voor onderhoud. "
               "Op maandag is er banenzwemmen vanaf zeven uur.")


# --- clean_question ---------------------------------------------------------------------------


def test_clean_question_strips_control_and_invisible_characters():
    raw = "\ufeff Wie\x00 ondertekende\u200b\tde\r\n overeenkomst?\x7f\u202e "
    assert clean_question(raw, 2000) == "Wie ondertekende de overeenkomst?"
    assert clean_question("Wie  tekende?", 2000) == "Wie tekende?"


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01\x1b", "\u200b\u200b", "?!...", None])
def test_empty_questions_are_refused_in_the_conversation_language(question):
    with pytest.raises(QAError, match="Stel een vraag"):
        clean_question(question, 2000, "nl")
    with pytest.raises(QAError, match="Ask a question"):
        clean_question(question, 2000, "en")


def test_overlong_questions_are_refused_in_their_own_language():
    assert clean_question("a" * 50, 50) == "a" * 50
    english = "What is " + "the " * 623 + "answer?"
    with pytest.raises(QAError, match=rf"Your question is too long \({len(english)} characters\).*2000"):
        clean_question(english, 2000, "nl")
    with pytest.raises(QAError, match=r"Je vraag is te lang \(100000 tekens\)"):
        clean_question("Wat is de " + "x" * 99_990, 2000, "en")


# --- opening and updating -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory, settings, write_docs, make_pipeline):
    """The two-document folder indexed once; tests get copies of it."""
    base = tmp_path_factory.mktemp("pipeline-template")
    own = settings.replace(docs_dir=write_docs(base / "docs", DOCS), index_dir=base / "index",
                           upload_dir=base / "uploads")
    messages: list[str] = []
    pipeline = make_pipeline(own, notify=messages.append)
    stats = pipeline.open()
    return pipeline, stats, messages


def test_first_open_builds_the_index_and_says_so(template):
    pipeline, stats, messages = template
    assert stats is not None and sorted(stats.embedded_documents) == sorted(DOCS)
    assert any("No index yet" in m and "building it" in m for m in messages)
    assert set(load_index(pipeline.index_folder).documents) == set(DOCS)


@pytest.fixture
def fresh(template, tmp_path, write_docs, make_pipeline, counting):
    """A pipeline over a copy of the template (documents, index, empty uploads), already opened, whose
    embedder counts what it embeds."""
    original = template[0]
    docs = write_docs(tmp_path / "docs", DOCS)
    own = original.settings.replace(docs_dir=docs, index_dir=tmp_path / "index", upload_dir=tmp_path / "uploads")
    pipeline = make_pipeline(own, embedder=counting())
    shutil.copytree(original.index_folder, pipeline.index_folder)
    assert pipeline.open() is None  # loaded, not rebuilt
    return pipeline


def live(pipeline) -> str:
    return (pipeline.index_folder / CURRENT).read_text(encoding="utf-8")


def test_open_loads_a_current_index_without_embedding(fresh, make_pipeline, counting):
    again = make_pipeline(fresh.settings, embedder=(counter := counting()))
    assert again.open() is None
    assert counter.texts == []
    assert set(again.index.documents) == set(DOCS)


def test_update_reembeds_only_the_changed_file(fresh, write_docs):
    write_docs(fresh.settings.docs_dir, {"afval.txt": DOCS["afval.txt"] + " Glas gaat in de glasbak."})
    stats = fresh.update()
    assert stats.embedded_documents == ["afval.txt"] and stats.reused_documents == 1
    assert fresh.embedder.texts and all("Fietsbrug" not in t for t in fresh.embedder.texts)
    assert load_index(fresh.index_folder).documents["afval.txt"].text.endswith("glasbak.")


def test_update_without_reuse_embeds_everything(fresh):
    stats = fresh.update(reuse=False)
    assert sorted(stats.embedded_documents) == sorted(DOCS)


def test_a_build_reports_its_progress_and_an_old_done_total_callback_gets_documents(fresh):
    records, counts = [], []
    fresh.update(reuse=False, progress=records.append)
    assert records[-1].documents_done == records[-1].documents_total == len(DOCS)
    fresh.update(reuse=False, progress=lambda done, total, label="x": counts.append((done, total)))  # app.py's
    assert counts[-1] == (len(DOCS), len(DOCS)) and all(total == len(DOCS) for _, total in counts)


def test_search_uses_the_settings(fresh):
    hits = fresh.search("Wanneer is de fietsbrug klaar?")
    assert hits[0].chunk.doc_id == "fiets.txt"
    assert len(hits) == len(fresh.index)  # fewer chunks than top_k
    assert set(fresh.search("fietsbrug", mode="bm25")[0].scores) == {"bm25"}


# --- uploads ----------------------------------------------------------------------------------


def test_upload_is_indexed_and_searchable(fresh, tmp_path):
    source = tmp_path / "incoming.txt"
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    documents = fresh.add_upload(source, "zwembad.txt")
    assert [d.id for d in documents] == [UPLOAD_PREFIX + "zwembad.txt"]
    assert documents[0].source == str(fresh.settings.upload_dir / "zwembad.txt")
    assert (fresh.settings.upload_dir / "zwembad.txt").read_text(encoding="utf-8") == UPLOAD_TEXT
    assert all("Zwembad" in t or "zwem" in t or "Kikker" in t for t in fresh.embedder.texts)  # only the upload
    assert set(load_index(fresh.index_folder).documents) == {*DOCS, "uploads/zwembad.txt"}
    assert fresh.search("Wanneer is het zwembad gesloten?")[0].chunk.doc_id == "uploads/zwembad.txt"


def test_upload_names_are_made_safe(fresh, tmp_path):
    source = tmp_path / "x.txt"
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    documents = fresh.add_upload(source, "../../etc/zwem bad?.txt")
    assert [p.name for p in fresh.settings.upload_dir.iterdir()] == ["zwem bad_.txt"]
    assert documents[0].id == "uploads/zwem bad_.txt"
    assert not (tmp_path / "etc").exists()


def _empty(path):
    path.write_text("   \n", encoding="utf-8")


def _binary_as_text(path):
    path.write_bytes(b"\x00\x01\x02 binary \xff\xfe")


def _unsupported(path):
    path.write_text("MZ this is an executable", encoding="utf-8")


def _too_large(path):
    path.write_text("Een zin over niets. " * 60_000, encoding="utf-8")  # 1.2 MB, the limit is set to 1 MB


def _fake_pdf(path):
    path.write_text("Dit is geen PDF maar platte tekst.", encoding="utf-8")


@pytest.mark.parametrize("name, make, reason", [
    ("leeg.txt", _empty, "empty"),
    ("binair.txt", _binary_as_text, "binary"),
    ("programma.exe", _unsupported, "unsupported type"),
    ("groot.txt", _too_large, "too large"),
    ("nep.pdf", _fake_pdf, "not a PDF"),
])
def test_bad_upload_changes_nothing(fresh, tmp_path, name, make, reason):
    fresh.settings = fresh.settings.replace(max_upload_mb=1)
    source = tmp_path / f"source-{name}"
    make(source)
    before = live(fresh)
    with pytest.raises(QAError, match=reason):
        fresh.add_upload(source, name)
    assert not fresh.settings.upload_dir.exists() or list(fresh.settings.upload_dir.iterdir()) == []
    assert live(fresh) == before and fresh.embedder.texts == []
    assert set(fresh.index.documents) == set(DOCS)


def test_duplicate_upload_name_is_refused(fresh, tmp_path):
    source = tmp_path / "z.txt"
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    fresh.add_upload(source, "zwembad.txt")
    before = live(fresh)
    source.write_text("Iets heel anders over de bibliotheek.", encoding="utf-8")
    with pytest.raises(QAError, match="already indexed"):
        fresh.add_upload(source, "zwembad.txt")
    assert (fresh.settings.upload_dir / "zwembad.txt").read_text(encoding="utf-8") == UPLOAD_TEXT
    assert live(fresh) == before


class Broken:
    """An embedder that fails mid-build, like a crash or Ctrl-C while indexing."""

    def __init__(self, inner):
        self.inner = inner

    def embed_passages(self, texts, progress=None):
        raise KeyboardInterrupt

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_upload_that_fails_while_indexing_is_rolled_back(fresh, tmp_path, make_pipeline, embedder):
    source = tmp_path / "z.txt"
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    before = live(fresh)
    broken = make_pipeline(fresh.settings, embedder=Broken(embedder))
    assert broken.open() is None
    with pytest.raises(KeyboardInterrupt):
        broken.add_upload(source, "zwembad.txt")
    assert list(fresh.settings.upload_dir.iterdir()) == []
    assert live(fresh) == before and set(broken.index.documents) == set(DOCS)
    assert set(load_index(fresh.index_folder).documents) == set(DOCS)


# --- removing ---------------------------------------------------------------------------------


@pytest.fixture
def uploaded(fresh, tmp_path):
    source = tmp_path / "z.txt"
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    fresh.add_upload(source, "zwembad.txt")
    fresh.embedder.texts.clear()
    return fresh


def test_remove_uploaded_document(uploaded):
    uploaded.remove_document("uploads/zwembad.txt")
    assert list(uploaded.settings.upload_dir.iterdir()) == []  # no ".removing-" leftovers either
    assert set(uploaded.index.documents) == set(DOCS)
    assert set(load_index(uploaded.index_folder).documents) == set(DOCS)
    assert uploaded.embedder.texts == []  # removing embeds nothing
    assert all(hit.chunk.doc_id != "uploads/zwembad.txt" for hit in uploaded.search("zwembad gesloten"))


def test_documents_folder_files_cannot_be_removed_here(uploaded):
    before = live(uploaded)
    with pytest.raises(QAError, match="only uploaded documents can be removed"):
        uploaded.remove_document("fiets.txt")
    assert (uploaded.settings.docs_dir / "fiets.txt").is_file()
    assert live(uploaded) == before and "fiets.txt" in uploaded.index.documents


@pytest.mark.parametrize("doc_id", ["uploads/nope.txt", "uploads/", "uploads/../docs/fiets.txt",
                                    "uploads/{docs}/fiets.txt"])  # an absolute path after the prefix
def test_removing_anything_but_an_upload_is_refused(uploaded, doc_id):
    before = live(uploaded)
    with pytest.raises(QAError):
        uploaded.remove_document(doc_id.format(docs=uploaded.settings.docs_dir))
    assert (uploaded.settings.docs_dir / "fiets.txt").is_file()
    assert (uploaded.settings.upload_dir / "zwembad.txt").is_file()
    assert live(uploaded) == before


def test_failed_removal_restores_the_file(uploaded, make_pipeline, embedder):
    before = live(uploaded)
    broken = make_pipeline(uploaded.settings, embedder=Broken(embedder))
    assert broken.open() is None
    # A removal embeds nothing; a changed documents-folder file makes the same update embed, and fail.
    (uploaded.settings.docs_dir / "afval.txt").write_text(DOCS["afval.txt"] + " Nieuw.", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        broken.remove_document("uploads/zwembad.txt")
    assert (uploaded.settings.upload_dir / "zwembad.txt").read_text(encoding="utf-8") == UPLOAD_TEXT
    assert [p.name for p in uploaded.settings.upload_dir.iterdir()] == ["zwembad.txt"]
    assert live(uploaded) == before


def test_uploads_are_part_of_the_documents(uploaded):
    report = uploaded.load_documents()
    assert sorted(d.id for d in report.documents) == sorted([*DOCS, "uploads/zwembad.txt"])
    assert sorted(d.id for d in load_folder(uploaded.settings.docs_dir).documents) == sorted(DOCS)


# --- asking -----------------------------------------------------------------------------------


def test_ask_records_the_turn_and_resolves_follow_ups(fresh):
    from qa.conversation import Conversation

    conversation = Conversation()
    first = fresh.ask("Wanneer is de nieuwe fietsbrug in Utrecht klaar?", conversation)
    second = fresh.ask("En waar komt hij?", conversation)
    assert first.query == "Wanneer is de nieuwe fietsbrug in Utrecht klaar?"
    assert second.query == "En waar komt hij? Wanneer is de nieuwe fietsbrug in Utrecht klaar?"
    assert [t.question for t in conversation.turns] == [first.question, second.question]
    assert conversation.turns[0].answer_text == first.text
    assert first.lang == second.lang == "nl"


def test_ask_replies_in_the_language_of_the_question(fresh):
    assert fresh.ask("When will the new bridge in Utrecht be ready?").lang == "en"
    assert fresh.ask("Wanneer is de brug klaar?").lang == "nl"


def test_ask_refuses_empty_questions_in_the_conversation_language(fresh):
    from qa.conversation import Conversation

    conversation = Conversation()
    fresh.ask("When will the new bridge in Utrecht be ready?", conversation)
    with pytest.raises(QAError, match="Ask a question"):
        fresh.ask(" \x00 ", conversation)
    assert len(conversation.turns) == 1


def test_evaluation_runner(fresh):
    from qa.evaluation import Question

    question = Question(id="q", question="Wanneer is de fietsbrug klaar?", history=[])
    hits, answer = fresh.evaluation_runner(answers=False)(question)
    assert answer is None and hits[0].chunk.doc_id == "fiets.txt"
    hits, answer = fresh.evaluation_runner(k=1)(question)
    assert len(hits) == 1 and answer is not None and answer.question == question.question


# --- replicas: a shared upload folder ------------------------------------------------------------


def caught_up(pipeline, seconds: float = 60) -> None:
    """Let ``pipeline`` look at the shared upload folder now and wait for the update it starts."""
    pipeline._next_check = 0.0
    assert pipeline.refresh()
    deadline = time.monotonic() + seconds
    while pipeline._write_lock.locked() or pipeline._uploads_seen != pipeline.uploads_state():
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


@pytest.fixture
def replica(fresh, tmp_path, make_pipeline, counting):
    """A second pipeline on the same documents and upload folder with its own index folder (a copy)."""
    own = fresh.settings.replace(index_dir=tmp_path / "replica-index")
    other = make_pipeline(own, embedder=counting())
    shutil.copytree(fresh.index_folder, other.index_folder)
    assert other.open() is None
    return other


def test_a_replica_takes_in_uploads_and_removals_made_by_another(fresh, replica, tmp_path):
    source = tmp_path / "z.txt"
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    assert not replica.refresh()  # nothing changed: no update
    fresh.add_upload(source, "zwembad.txt")
    caught_up(replica)
    assert replica.search("Wanneer is zwembad De Kikker gesloten?", 1)[0].chunk.doc_id == "uploads/zwembad.txt"
    replica._next_check = 0.0
    assert not replica.refresh()  # taken in: the folder is as the index has it

    fresh.remove_document("uploads/zwembad.txt")
    caught_up(replica)
    assert set(replica.index.documents) == set(DOCS)


def test_a_replica_on_the_same_index_folder_loads_the_new_version_instead_of_embedding(fresh, make_pipeline,
                                                                                       counting, tmp_path):
    other = make_pipeline(fresh.settings, embedder=(counter := counting()))
    assert other.open() is None
    source = tmp_path / "z.txt"
    source.write_text(UPLOAD_TEXT, encoding="utf-8")
    fresh.add_upload(source, "zwembad.txt")
    caught_up(other)
    assert "uploads/zwembad.txt" in other.index.documents and counter.texts == []


def test_a_mark_held_by_a_live_process_is_left_alone_and_rolled_back_once_it_is_not(fresh, replica):
    uploads = Path(fresh.settings.upload_dir)
    uploads.mkdir(exist_ok=True)
    (uploads / "half.txt").write_text("De giraf van Artis heet Gerda.", encoding="utf-8")
    mark = hold(uploads / (PENDING + "half.txt"))  # as an upload at work in another replica holds it
    replica.recover()
    assert (uploads / "half.txt").is_file() and replica.uploads_state() is None  # left alone, not taken in yet
    mark.close()  # the uploading process died
    replica.recover()
    assert not (uploads / "half.txt").exists() and not (uploads / (PENDING + "half.txt")).exists()
