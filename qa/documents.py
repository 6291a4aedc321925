"""Load a folder of files (.txt .md .html .pdf .docx .jsonl) into ``Document``s.

Every format ends up as plain text plus paragraph spans from ``paragraphs_of``, so the
rest of the pipeline never sees markup. A bad file never crashes a folder load: it is
listed in ``LoadReport.skipped`` with the reason; ``load_file`` raises ``QAError``.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from qa.data import Document
from qa.errors import QAError

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".jsonl")

_MAX_UNZIPPED = 200_000_000  # a .docx that unpacks to more than this is treated as a zip bomb
_TITLE_CHARS = 120
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# A run of non-blank lines; it starts at a non-space character so spans need only a right trim.
_BLOCK = re.compile(r"\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")
# An ATX heading line: up to three spaces, 1-6 '#', whitespace, the title. Matched per line on at most
# _HEADING_SCAN characters and without a lazy group before optional trailing '#'s: that combination
# backtracks quadratically on a heading holding a long run of spaces.
_MD_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+(\S.*)")
_HEADING_SCAN = 1000
_HTML_DROP = ("script", "style", "noscript", "template", "title", "svg", "iframe", "object")
_HTML_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article",
                "pre", "blockquote", "ul", "ol", "table", "header", "footer", "main", "nav", "aside",
                "figure", "figcaption", "dl", "dt", "dd", "hr", "form", "address", "caption")
_BREAK, _LINE = "\x00", "\x01"  # markers for paragraph breaks and <pre> line ends while flattening HTML

# pypdf logs damage it recovers from ("EOF marker not found") straight to the console; the user gets our QAError instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass
class LoadReport:
    """What a folder load produced, and what the user should know about the files it could not use."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One message for the user; empty when every file loaded cleanly."""
        lines = []
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)} file(s); fix or remove them and load again:")
            lines += [f"  - {path}: {reason}" for path, reason in self.skipped]
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s):")
            lines += [f"  - {warning}" for warning in self.warnings]
        if lines:
            lines.insert(0, f"Loaded {len(self.documents)} document(s).")
        return "\n".join(lines)


@dataclass(frozen=True)
class TextLimit:
    """At most ``chars`` characters of text per document, named by the ``setting`` that raises it. Readers
    check it while they extract, so a decompression bomb stops at the limit instead of filling memory."""

    chars: int
    setting: str

    def check(self, rel: str, length: int) -> None:
        """Refuse the file once its text is longer than the limit."""
        if length > self.chars:
            raise _fail(rel, f"holds more than {self.chars:,} characters of text (the {self.setting} setting)",
                        f"split it into smaller files, or raise {self.setting} in qa.toml")


UNLIMITED = TextLimit(sys.maxsize, "")


def paragraphs_of(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the blank-line separated blocks of ``text``, trimmed of surrounding whitespace."""
    return tuple((m.start(), m.start() + len(m.group().rstrip())) for m in _BLOCK.finditer(text))


def content_hash(document: Document) -> str:
    """Fingerprint of what gets indexed, so unchanged documents keep their vectors."""
    data = f"{document.title}\x00{document.text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def load_folder(root: Path, max_file_bytes: int = 50_000_000, limit: TextLimit = UNLIMITED) -> LoadReport:
    """Load every supported file under root recursively (sorted, deterministic; hidden files/dirs skipped)."""
    root = Path(root)
    if not root.is_dir():
        state = "is not a folder" if root.exists() else "does not exist"
        raise QAError(f"Documents folder {root} {state}. Create it and put your documents in it, "
                      f"or point to the right folder (--docs / docs_dir).")
    files = sorted(_visible_files(root), key=lambda path: _relative(path, root))
    if not any(path.suffix.lower() in SUPPORTED_SUFFIXES for path in files):
        raise QAError(f"Documents folder {root} contains no supported files. "
                      f"Add files of these types: {', '.join(SUPPORTED_SUFFIXES)}.")
    report = LoadReport()
    for path in files:
        try:
            documents, warnings = load_file(path, root, max_file_bytes, limit)
        except QAError as error:
            report.skipped.append((_relative(path, root), getattr(error, "reason", str(error))))
            continue
        report.documents += documents
        report.warnings += warnings
    return report


def load_file(path: Path, root: Path | None = None, max_file_bytes: int = 50_000_000,
              limit: TextLimit = UNLIMITED) -> tuple[list[Document], list[str]]:
    """Load one file strictly: raise QAError with a clear reason (unsupported type, too large, too much
    text, content does not match its extension, no readable text, corrupt). Returns (documents, warnings)."""
    path = Path(path)
    rel = _relative(path, Path(root) if root is not None else path.parent)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _fail(rel, f"unsupported type ({suffix or 'no extension'}); supported: {', '.join(SUPPORTED_SUFFIXES)}",
                    "convert it to a supported type or remove it")
    try:
        if not path.is_file():
            raise _fail(rel, "not found" if not path.exists() else "not a file", "check the path")
        size = path.stat().st_size
        if size > max_file_bytes:
            raise _fail(rel, f"too large ({_size(size)}; the limit is {_size(max_file_bytes)})",
                        "split it into smaller files or raise the size limit")
        data = path.read_bytes()
    except OSError as error:
        raise _fail(rel, f"unreadable ({error.strerror or error})", "check that you may read the file") from error
    if not data.strip():
        raise _fail(rel, "empty", "add text to it or remove it")
    warnings: list[str] = []
    try:
        records = _READERS[suffix](data, rel, warnings, limit)
    except QAError:
        raise
    except Exception as error:  # parsers raise all kinds of errors; the user needs the file and a fix, not a traceback
        detail = (str(error).strip() or type(error).__name__)[:200]
        raise _fail(rel, f"corrupt or unreadable {suffix} file ({detail})",
                    "open it, save a fresh copy and try again") from error
    records = [(key, title, text) for key, title, text in records if text.strip()]
    if not records:
        raise _fail(rel, "empty" if suffix in (".txt", ".md") else "no readable text",
                    "add text to it or remove it")
    source = str(path.resolve())
    documents = [Document(id=rel + key, title=title or path.stem, text=text, paragraphs=paragraphs_of(text),
                          source=source) for key, title, text in records]
    return documents, warnings


# --- helpers ---------------------------------------------------------------------------------

def _fail(rel: str, reason: str, advice: str = "") -> QAError:
    """The QAError for a bad file: which file, what is wrong, what to do. ``reason`` feeds LoadReport.skipped."""
    error = QAError(f"{rel}: {reason}" + (f" — {advice}" if advice else ""))
    error.reason = reason
    return error


def _mismatch(rel: str, what: str) -> QAError:
    suffix = Path(rel).suffix.lower()
    return _fail(rel, f"content does not match its extension {suffix} ({what})",
                 "give it the extension of its real type, or remove it")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _relative(path: Path, root: Path) -> str:
    for p, r in ((path, root), (path.absolute(), root.absolute())):
        try:
            return p.relative_to(r).as_posix()
        except ValueError:
            pass
    return path.name


def _visible_files(root: Path):
    """Files under root, skipping hidden files/dirs and Office lock files (~$name.docx)."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        yield from (Path(folder, n) for n in names if not n.startswith((".", "~$")))


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def _shorten(line: str) -> str:
    line = " ".join(line.split())
    return line if len(line) <= _TITLE_CHARS else line[:_TITLE_CHARS - 1].rstrip() + "…"


def _first_line(text: str) -> str:
    block = _BLOCK.search(text)
    return _shorten(block.group().split("\n", 1)[0]) if block else ""


def _decode(data: bytes, rel: str, warnings: list[str]) -> str:
    """Bytes of a text file -> str: UTF-8 when possible, else a detected encoding, with a warning."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        if b"\x00" in data[:8192] or data.startswith((b"%PDF", b"PK\x03\x04")):
            raise _mismatch(rel, "it contains binary data, not text")
        try:
            return _normalise(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            encoding = _guess_encoding(data)
    warnings.append(f"{rel}: not UTF-8, decoded as {encoding}")
    return _normalise(data.decode(encoding))


def _guess_encoding(data: bytes) -> str:
    """charset-normalizer's guess, but cp1252 (the usual legacy encoding of Dutch/English text) when it
    reads about as cleanly: on short Western text the detector often picks look-alikes such as cp775."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    western = from_bytes(data, cp_isolation=["cp1252"], threshold=1.0).best()
    if western is not None and (best is None or western.chaos <= best.chaos + 0.1):
        return "cp1252"
    if best is not None:
        return best.encoding
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


# --- one reader per format: (bytes, relative path, warnings, text limit) -> [(id suffix, title, text)] ---

def _read_plain(data: bytes, rel: str, warnings: list[str], limit: TextLimit, markdown: bool = False):
    """Text kept exactly as written (markdown syntax included), so offsets point into the user's file."""
    text = _decode(data, rel, warnings)
    limit.check(rel, len(text))
    heading = _markdown_heading(text) if markdown else ""
    return [("", _shorten(heading) if heading else _first_line(text), text)]


def _markdown_heading(text: str) -> str:
    """The first ATX heading's text, without closing '#'s ('' if none). Lines are cut to _HEADING_SCAN
    characters before the pattern sees them: a title is shortened to 120 characters anyway."""
    for line in text.split("\n"):
        found = _MD_HEADING.match(line[:_HEADING_SCAN])
        if found:
            title = found.group(1).rstrip(" \t")
            unclosed = title.rstrip("#")
            if unclosed != title and unclosed[-1:] in (" ", "\t"):
                title = unclosed.rstrip(" \t")
            if title:
                return title
    return ""


def _read_html(data: bytes, rel: str, warnings: list[str], limit: TextLimit):
    from bs4 import BeautifulSoup

    markup = _decode(data, rel, warnings).replace(_BREAK, "").replace(_LINE, "")
    soup = BeautifulSoup(markup, "html.parser")
    title = _shorten(soup.title.get_text()) if soup.title else ""
    for element in soup.find_all(_HTML_DROP):
        element.extract()
    if soup.head and not soup.head.find(("body",) + _HTML_BLOCKS):  # html.parser nests the body in an unclosed <head>
        soup.head.extract()
    if not title and soup.h1:
        title = _shorten(soup.h1.get_text())
    for pre in soup.find_all("pre"):
        for string in pre.find_all(string=True):
            string.replace_with(string.replace("\n", _LINE))
    for element in soup.find_all(_HTML_BLOCKS):
        element.insert_before(_BREAK)
        element.insert_after(_BREAK)
    for cell in soup.find_all(("td", "th")):
        cell.insert_after(" ")
    blocks = ("\n".join(" ".join(line.split()) for line in block.split(_LINE)).strip()
              for block in soup.get_text().split(_BREAK))
    text = "\n\n".join(block for block in blocks if block)
    limit.check(rel, len(text))
    return [("", title or _first_line(text), text)]


def _read_pdf(data: bytes, rel: str, warnings: list[str], limit: TextLimit):
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise _mismatch(rel, "it is not a PDF")
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            unlocked = reader.decrypt("")  # many "protected" PDFs only restrict editing and open without a password
        except Exception:
            unlocked = 0
        if not unlocked:
            raise _fail(rel, "password-protected PDF", "save an unprotected copy and try again")
    pages, length = [], 0
    for number, page in enumerate(reader.pages, 1):
        try:
            pages.append(_normalise(page.extract_text() or "").strip())
        except Exception as error:  # one damaged page should not cost the whole document
            warnings.append(f"{rel}: page {number} could not be read ({error}); skipped")
            continue
        length += len(pages[-1]) + 2
        limit.check(rel, length)
    text = "\n\n".join(page for page in pages if page)
    if not text:
        raise _fail(rel, "no extractable text (is it a scanned image? run OCR first)")
    return [("", _first_line(text), text)]


def _read_docx(data: bytes, rel: str, warnings: list[str], limit: TextLimit):
    import docx

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _mismatch(rel, "it is an old .doc or a password-protected document; save it as an unprotected .docx")
    if not data.startswith(b"PK\x03\x04"):
        raise _mismatch(rel, "it is not a Word .docx file")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            raise _mismatch(rel, "it is a zip file but not a Word document")
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > _MAX_UNZIPPED:
        raise _fail(rel, f"unpacks to {_size(unpacked)}, over the {_size(_MAX_UNZIPPED)} limit (possible zip bomb)",
                    "remove it or save a smaller copy")
    paragraphs, texts, length = [], [], 0
    for paragraph in _docx_paragraphs(docx.Document(io.BytesIO(data))):
        paragraph_text = _normalise(paragraph.text).strip()
        if paragraph_text:
            paragraphs.append(paragraph)
            texts.append(paragraph_text)
            length += len(paragraph_text) + 2
            limit.check(rel, length)  # stop a document that unpacks to millions of characters early
    text = "\n\n".join(texts)
    heading = next((p for p in paragraphs if _style_name(p).startswith(("Heading", "Title"))), None)
    return [("", _shorten(heading.text) if heading else _first_line(text), text)]


def _docx_paragraphs(container):
    """Body and table-cell paragraphs in reading order; a merged cell is read once."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        yield from _docx_paragraphs(cell)
        else:
            yield block


def _style_name(paragraph) -> str:
    try:
        return paragraph.style.name or ""
    except (AttributeError, KeyError):
        return ""


def _read_jsonl(data: bytes, rel: str, warnings: list[str], limit: TextLimit):
    """One document per line; a bad line (or one over the text limit) is a warning, the other lines still load."""
    records, seen = [], set()
    for number, line in enumerate(_decode(data, rel, warnings).split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            warnings.append(f"{rel} line {number}: invalid JSON ({getattr(error, 'msg', error)}); line skipped")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            warnings.append(f'{rel} line {number}: missing "text"; line skipped')
            continue
        line_id = ("" if record.get("id") is None else str(record["id"]).strip()) or str(number)
        if len(record["text"]) > limit.chars:
            warnings.append(f"{rel} line {number}: more than {limit.chars:,} characters of text (the {limit.setting} "
                            f"setting); line skipped")
            continue
        if line_id in seen:
            warnings.append(f"{rel} line {number}: duplicate id {line_id!r}; line skipped")
            continue
        seen.add(line_id)
        text = _normalise(record["text"].encode("utf-8", "replace").decode("utf-8"))  # lone surrogates -> "?"
        title = _shorten(str(record.get("title") or "").encode("utf-8", "replace").decode("utf-8"))
        records.append((f"#{line_id}", title or _first_line(text), text))
    if not records:
        raise _fail(rel, "no valid lines" + (f" ({warnings[-1].removeprefix(rel + ' ')})" if warnings else ""),
                    'write one JSON object per line with a "text" field')
    return records


_READERS = {".txt": _read_plain, ".md": lambda *args: _read_plain(*args, markdown=True),
            ".html": _read_html, ".htm": _read_html, ".pdf": _read_pdf, ".docx": _read_docx, ".jsonl": _read_jsonl}
