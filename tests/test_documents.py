"""Tests for qa.documents: every format, the seed document, and every way a file can be bad."""
from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest

from qa import documents
from qa.data import Document
from qa.documents import (SUPPORTED_SUFFIXES, LoadReport, content_hash, load_file, load_folder,
                          paragraphs_of)
from qa.errors import QAError

SEED = Path(__file__).resolve().parent.parent / "seeds" / "nederland-zuid-korea-digitale-technologie.txt"


def paragraph_texts(document: Document) -> list[str]:
    return [document.text[start:end] for start, end in document.paragraphs]


def load_one(path: Path, **kwargs) -> tuple[Document, list[str]]:
    docs, warnings = load_file(path, **kwargs)
    assert len(docs) == 1
    return docs[0], warnings


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A minimal valid PDF with one Helvetica text line per entry (xref offsets computed)."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, lines in enumerate(pages):
        escaped = (line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines)
        stream = ("BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"({line}) Tj T*" for line in escaped)
                  + " ET").encode("latin-1")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return write(path, out)


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Intro before the heading")
    document.add_heading("Jaarverslag 2024", level=1)
    document.add_paragraph("Eerste alinea met “aanhalingstekens”.")
    document.add_paragraph("   ")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Cel A"
    table.cell(0, 1).text = "Cel B"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Samengevoegd"
    document.add_paragraph("Slot")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


# --- paragraphs_of --------------------------------------------------------------------------

def test_paragraphs_are_trimmed_blank_line_separated_blocks():
    text = "  Eerste regel\ntweede regel  \n\n \t \n\n\nDerde\n   \nVierde   "
    spans = paragraphs_of(text)
    assert [text[s:e] for s, e in spans] == ["Eerste regel\ntweede regel", "Derde", "Vierde"]
    assert paragraphs_of("") == paragraphs_of(" \n\n\t ") == ()


def test_paragraph_spans_are_exact_for_any_text():
    text = "\n\nA b.\n  C d.  \n\n\n  E  \n\x0c\nF\n"
    for start, end in paragraphs_of(text):
        assert text[start:end] == text[start:end].strip() != ""
        assert "\n\n" not in text[start:end]


# --- the seed document ----------------------------------------------------------------------

def test_seed_document():
    raw = SEED.read_text(encoding="utf-8")
    doc, warnings = load_one(SEED)
    assert warnings == []
    assert doc.id == SEED.name and doc.source == str(SEED)
    assert doc.title == "Nederland en Zuid-Korea gaan meer samenwerken aan digitale technologieën"
    assert doc.text == raw  # kept exactly, so offsets point into the file
    expected = [block.strip() for block in re.split(r"\n\s*\n", raw) if block.strip()]
    assert len(doc.paragraphs) == len(expected) == 6
    assert paragraph_texts(doc) == expected
    assert paragraph_texts(doc)[0] == doc.title  # the title line stays part of the text
    quote = paragraph_texts(doc)[3]
    assert quote.count("“") == 1 and quote.endswith("wereldwijd.”") and "mkb’ers" in quote
    assert "thema’s" in paragraph_texts(doc)[4]
    assert doc.paragraph_of(doc.text.index("Het kabinet")) == 6


# --- plain text and markdown ----------------------------------------------------------------

def test_txt_newlines_and_bom_are_normalised(tmp_path):
    path = write(tmp_path / "notes.txt", b"\xef\xbb\xbfTitel\r\n\r\nTekst \xe2\x80\x9cmet\xe2\x80\x9d quotes.\rNog een regel.\r\n")
    doc, warnings = load_one(path)
    assert warnings == []
    assert doc.text == "Titel\n\nTekst “met” quotes.\nNog een regel.\n"
    assert doc.title == "Titel"
    assert paragraph_texts(doc) == ["Titel", "Tekst “met” quotes.\nNog een regel."]


def test_long_first_line_title_is_truncated(tmp_path):
    doc, _ = load_one(write(tmp_path / "long.txt", "woord " * 100))
    assert len(doc.title) <= 120 and doc.title.endswith("…")
    assert doc.text == "woord " * 100


def test_markdown_title_from_heading_and_text_kept_as_is(tmp_path):
    source = "Some front text\n\n## Het *grote* plan ##\n\n- punt één\n- punt twee\n\n[link](https://x.nl)\n"
    doc, _ = load_one(write(tmp_path / "plan.md", source))
    assert doc.title == "Het *grote* plan"
    assert doc.text == source
    assert paragraph_texts(doc) == ["Some front text", "## Het *grote* plan ##", "- punt één\n- punt twee",
                                    "[link](https://x.nl)"]


def test_cp1252_fallback_with_warning(tmp_path):
    path = write(tmp_path / "oud.txt", "Café “De Zon”\n\nÉén idee voor ’s avonds: €12,50.\n".encode("cp1252"))
    doc, warnings = load_one(path)
    assert doc.text == "Café “De Zon”\n\nÉén idee voor ’s avonds: €12,50.\n"
    assert warnings == ["oud.txt: not UTF-8, decoded as cp1252"]


def test_encoding_guess_prefers_cp1252_but_detects_other_scripts(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    samples = {"seed.txt": (seed * 20, "cp1252"), "dicht.txt": ("Café “één” ’s avonds. " * 400, "cp1252"),
               "russisch.txt": ("Привет, как дела? Это тестовый документ на русском языке.\n" * 3, "cp1251"),
               "grieks.txt": ("Ελληνικά κείμενα εδώ για δοκιμή.\n" * 2, "cp1253")}
    for name, (text, encoding) in samples.items():
        doc, warnings = load_one(write(tmp_path / name, text.encode(encoding)))
        assert doc.text == text and warnings == [f"{name}: not UTF-8, decoded as {encoding}"]


def test_utf16_with_bom_is_text_not_binary(tmp_path):
    doc, warnings = load_one(write(tmp_path / "win.txt", "Hallo “wereld”\r\n\r\nTweede.".encode("utf-16")))
    assert doc.text == "Hallo “wereld”\n\nTweede."
    assert warnings == ["win.txt: not UTF-8, decoded as utf-16"]


# --- HTML -----------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>Nieuws &amp; updates</title>
<style>p { color: red }</style><script>var secret = 1;</script></head>
<body>
  <h1>Kop</h1>
  <p>Caf&eacute;&nbsp;open <b>vandaag</b>,
     tot   laat.<script>alert(1)</script><img src="x" onerror="alert(2)"></p>
  <!-- verborgen commentaar -->
  <noscript>Zet JavaScript aan</noscript><template><p>sjabloon</p></template>
  <ul><li>een</li><li>twee</li></ul>
  <div>regel<br>volgende</div>
  <table><tr><td>a</td><td>b</td></tr></table>
  <pre>code 1
  code 2</pre>
</body></html>"""


def test_html_is_plain_text_without_scripts_or_markup(tmp_path):
    doc, _ = load_one(write(tmp_path / "site" / "nieuws.html", HTML))
    assert doc.title == "Nieuws & updates"
    assert paragraph_texts(doc) == ["Kop", "Café open vandaag, tot laat.", "een", "twee", "regel", "volgende",
                                    "a b", "code 1\ncode 2"]
    for banned in ("alert", "secret", "onerror", "<", ">", "color", "commentaar", "JavaScript", "sjabloon", "&"):
        assert banned not in doc.text


def test_html_title_falls_back_to_h1_and_unclosed_head_keeps_body(tmp_path):
    doc, _ = load_one(write(tmp_path / "a.htm", "<html><head><meta charset=utf-8><body><h1>Hoofd</h1><p>Tekst"))
    assert doc.title == "Hoofd"
    assert paragraph_texts(doc) == ["Hoofd", "Tekst"]


def test_html_without_text_is_rejected(tmp_path):
    with pytest.raises(QAError, match="no readable text"):
        load_file(write(tmp_path / "leeg.html", "<html><script>alert(1)</script><img src=x></html>"))


# --- PDF ------------------------------------------------------------------------------------

def test_pdf_text_per_page(tmp_path):
    path = make_pdf(tmp_path / "rapport.pdf", [["Rapport over chips", "Nederland (NL) maakt machines."],
                                               ["Tweede pagina tekst."]])
    doc, warnings = load_one(path)
    assert warnings == []
    assert doc.title == "Rapport over chips"
    assert paragraph_texts(doc) == ["Rapport over chips\nNederland (NL) maakt machines.", "Tweede pagina tekst."]


def test_pdf_damaged_page_is_a_warning(tmp_path, monkeypatch):
    from pypdf import PageObject

    extract = PageObject.extract_text

    def flaky(page, *args, **kwargs):
        text = extract(page, *args, **kwargs)
        if "kapot" in text:
            raise ValueError("bad content stream")
        return text

    monkeypatch.setattr(PageObject, "extract_text", flaky)
    doc, warnings = load_one(make_pdf(tmp_path / "deels.pdf", [["Pagina een."], ["kapot"], ["Pagina drie."]]))
    assert paragraph_texts(doc) == ["Pagina een.", "Pagina drie."]
    assert warnings == ["deels.pdf: page 2 could not be read (bad content stream); skipped"]


def test_pdf_without_text_asks_for_ocr(tmp_path):
    with pytest.raises(QAError, match=r"no extractable text \(is it a scanned image\? run OCR first\)"):
        load_file(make_pdf(tmp_path / "scan.pdf", [[]]))


def test_fake_pdf_is_rejected(tmp_path):
    with pytest.raises(QAError, match=r"nep\.pdf: content does not match its extension \.pdf"):
        load_file(write(tmp_path / "nep.pdf", "Dit is gewoon tekst."))


def test_corrupt_pdf_is_a_clear_error(tmp_path):
    with pytest.raises(QAError, match=r"kapot\.pdf: corrupt or unreadable \.pdf file .* save a fresh copy"):
        load_file(write(tmp_path / "kapot.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF"))


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [["Geheime tekst."]])
    for name, user_password in (("locked.pdf", "geheim"), ("open.pdf", "")):
        writer = PdfWriter(clone_from=plain)
        writer.encrypt(user_password=user_password, owner_password="eigenaar", algorithm="RC4-128")
        with open(tmp_path / name, "wb") as handle:
            writer.write(handle)
    with pytest.raises(QAError, match="password-protected PDF — save an unprotected copy"):
        load_file(tmp_path / "locked.pdf")
    doc, _ = load_one(tmp_path / "open.pdf")  # only an owner password: opens without one
    assert doc.text == "Geheime tekst."


# --- DOCX -----------------------------------------------------------------------------------

def test_docx_paragraphs_tables_and_heading_title(tmp_path):
    doc, warnings = load_one(make_docx(tmp_path / "verslag.docx"))
    assert warnings == []
    assert doc.title == "Jaarverslag 2024"
    assert paragraph_texts(doc) == ["Intro before the heading", "Jaarverslag 2024",
                                    "Eerste alinea met “aanhalingstekens”.", "Cel A", "Cel B", "Samengevoegd", "Slot"]


def test_docx_zip_bomb_guard(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "bom.docx")
    monkeypatch.setattr(documents, "_MAX_UNZIPPED", 1000)
    with pytest.raises(QAError, match="possible zip bomb"):
        load_file(path)


@pytest.mark.parametrize("content, message", [
    (b"just text, not a zip", "content does not match its extension .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old .doc"),
    (b"PK\x03\x04" + b"\x13\x37" * 50, "corrupt or unreadable .docx"),
])
def test_bad_docx_is_rejected(tmp_path, content, message):
    with pytest.raises(QAError, match=re.escape(message)):
        load_file(write(tmp_path / "kapot.docx", content))


def test_zip_that_is_not_word_or_has_broken_xml(tmp_path):
    with zipfile.ZipFile(tmp_path / "archief.docx", "w") as archive:
        archive.writestr("readme.txt", "hallo")
    with pytest.raises(QAError, match="zip file but not a Word document"):
        load_file(tmp_path / "archief.docx")
    with zipfile.ZipFile(tmp_path / "half.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed")
    with pytest.raises(QAError, match=r"half\.docx: corrupt or unreadable \.docx"):
        load_file(tmp_path / "half.docx")


# --- JSONL ----------------------------------------------------------------------------------

def test_jsonl_one_document_per_line_and_bad_lines_warned(tmp_path):
    lines = [json.dumps({"id": "a1", "title": "Eerste", "text": "Tekst een.\n\nTweede alinea."}),
             "{not json",
             "",
             json.dumps({"id": "a2", "title": "Geen tekst"}),
             json.dumps({"text": "Zonder id of titel."}),
             json.dumps({"id": "a1", "text": "dubbel"}),
             json.dumps(["geen", "object"]),
             json.dumps({"id": 0, "text": "Id nul."})]
    docs, warnings = load_file(write(tmp_path / "data" / "faq.jsonl", "\n".join(lines) + "\n"), root=tmp_path)
    assert [d.id for d in docs] == ["data/faq.jsonl#a1", "data/faq.jsonl#5", "data/faq.jsonl#0"]
    assert [d.title for d in docs] == ["Eerste", "Zonder id of titel.", "Id nul."]
    assert paragraph_texts(docs[0]) == ["Tekst een.", "Tweede alinea."]
    assert len(warnings) == 4
    assert warnings[0].startswith("data/faq.jsonl line 2: invalid JSON")
    assert warnings[1] == 'data/faq.jsonl line 4: missing "text"; line skipped'
    assert warnings[2] == "data/faq.jsonl line 6: duplicate id 'a1'; line skipped"
    assert warnings[3].startswith("data/faq.jsonl line 7:")


def test_jsonl_without_valid_lines_is_rejected(tmp_path):
    with pytest.raises(QAError, match="no valid lines"):
        load_file(write(tmp_path / "kapot.jsonl", "{oops\n[1, 2]\n"))


# --- bad files ------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf\n  \n"])
def test_empty_files(tmp_path, content):
    path = write(tmp_path / "leeg.txt", content)
    with pytest.raises(QAError, match=r"leeg\.txt: empty — add text"):
        load_file(path)


def test_binary_disguised_as_text_is_rejected(tmp_path):
    for name in ("foto.txt", "foto.md", "foto.jsonl"):
        with pytest.raises(QAError, match="content does not match its extension"):
            load_file(write(tmp_path / name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200)))


def test_unsupported_and_missing_files(tmp_path):
    with pytest.raises(QAError, match=r"unsupported type \(\.xyz\); supported: \.txt, \.md"):
        load_file(write(tmp_path / "data.xyz", "tekst"))
    with pytest.raises(QAError, match="not found"):
        load_file(tmp_path / "weg.txt")


def test_size_limit(tmp_path):
    with pytest.raises(QAError, match=r"too large \(2,000 bytes; the limit is 1,000 bytes\)"):
        load_file(write(tmp_path / "groot.txt", "x" * 2000), max_file_bytes=1000)


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_garbage_never_escapes_as_a_library_exception(tmp_path, suffix):
    for seed in range(5):
        data = bytes((seed * 37 + i * 101) % 256 for i in range(300)).replace(b"\0", b"")
        for content in (data, b"%PDF-1.7\n" + data, b"PK\x03\x04" + data):
            try:
                load_file(write(tmp_path / f"x{suffix}", content))
            except QAError:
                pass


# --- folders --------------------------------------------------------------------------------

def build_folder(root: Path) -> None:
    write(root / "b.txt", "Bee\n\nTekst b.")
    write(root / "a.md", "# Aa\n\nTekst a.")
    write(root / "sub" / "deep" / "c.html", "<title>Cee</title><p>Tekst c.</p>")
    write(root / "sub" / "d.jsonl", '{"id": 1, "text": "Tekst d."}\nkapot\n')
    make_docx(root / "sub" / "e.docx")
    make_pdf(root / "f.pdf", [["Tekst f."]])
    write(root / "sub" / "oud.txt", "Caf\xe9 \x93quote\x94\n".encode("latin-1"))
    write(root / "leeg.txt", "  \n")
    write(root / "foto.jpg", b"\xff\xd8\xff")
    write(root / ".verborgen.txt", "geheim")
    write(root / ".git" / "config.txt", "geheim")
    write(root / "sub" / "~$e.docx", b"lock")


def test_load_folder_nested_deterministic_and_hidden_skipped(tmp_path):
    build_folder(tmp_path)
    report = load_folder(tmp_path)
    ids = [d.id for d in report.documents]
    assert ids == ["a.md", "b.txt", "f.pdf", "sub/d.jsonl#1", "sub/deep/c.html", "sub/e.docx", "sub/oud.txt"]
    assert [d.title for d in report.documents][:3] == ["Aa", "Bee", "Tekst f."]
    assert all("geheim" not in d.text for d in report.documents)
    assert report.skipped == [("foto.jpg", f"unsupported type (.jpg); supported: {', '.join(SUPPORTED_SUFFIXES)}"),
                              ("leeg.txt", "empty")]
    assert report.warnings == ["sub/d.jsonl line 2: invalid JSON (Expecting value); line skipped",
                               "sub/oud.txt: not UTF-8, decoded as cp1252"]
    assert load_folder(tmp_path) == report  # deterministic


def test_summary_lists_skipped_files_and_warnings(tmp_path):
    build_folder(tmp_path)
    summary = load_folder(tmp_path).summary()
    assert summary.startswith("Loaded 7 document(s).\nSkipped 2 file(s); fix or remove them")
    for needle in ("foto.jpg: unsupported type (.jpg)", "leeg.txt: empty", "sub/oud.txt: not UTF-8, decoded as cp1252"):
        assert needle in summary
    assert LoadReport([], [], []).summary() == ""


def test_load_folder_skips_bad_files_with_their_reason(tmp_path):
    write(tmp_path / "goed.txt", "Goed.")
    write(tmp_path / "nep.pdf", "geen pdf")
    write(tmp_path / "groot.txt", "x" * 500)
    report = load_folder(tmp_path, max_file_bytes=100)
    assert [d.id for d in report.documents] == ["goed.txt"]
    assert [path for path, _ in report.skipped] == ["groot.txt", "nep.pdf"]
    assert report.skipped[0][1].startswith("too large") and "does not match" in report.skipped[1][1]


def test_load_folder_errors_say_what_to_do(tmp_path):
    with pytest.raises(QAError, match="does not exist. Create it"):
        load_folder(tmp_path / "nergens")
    with pytest.raises(QAError, match="is not a folder"):
        load_folder(write(tmp_path / "file.txt", "x"))
    write(tmp_path / "only" / "foto.jpg", b"\xff")
    write(tmp_path / "only" / ".hidden.txt", "verborgen")
    with pytest.raises(QAError, match=r"contains no supported files. Add files of these types: \.txt"):
        load_folder(tmp_path / "only")


def test_content_hash_tracks_title_and_text():
    doc = Document(id="a", title="T", text="tekst", paragraphs=((0, 5),))
    same = Document(id="b", title="T", text="tekst", paragraphs=(), source="/elders")
    assert content_hash(doc) == content_hash(same) and len(content_hash(doc)) == 64
    assert content_hash(doc) != content_hash(Document(id="a", title="T2", text="tekst", paragraphs=()))
    assert content_hash(doc) != content_hash(Document(id="a", title="T", text="tekst!", paragraphs=()))
