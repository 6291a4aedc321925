"""Answers rendered for people: chat Markdown, the sources panel (HTML) and a Markdown export.

The shells (``app.py``) only move these strings around; what an answer looks like is decided here.

Safety: every piece of text that comes from a document or a user is escaped before it is put
into HTML or Markdown, so a document containing ``<script>`` or ``<img onerror=...>`` is shown
as text and never runs. Answer texts are Markdown written by the answerer with document
sentences quoted inside them; the quoted sentences (the citations) are found and escaped
completely, the answerer's own markup keeps its Markdown but has ``<`` and ``&`` escaped.

Citation ids: the n-th citation of the t-th answer of a conversation is ``source-t-n``; the
inline marker ``[n]`` in the chat is a link to ``#source-t-n``. Passages shown after an
abstention ("possibly related") are ``related-t-n``.
"""
from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator, Mapping, Sequence

from qa.answering.texts import text
from qa.data import Answer, Citation, Document, Hit

UPLOAD_PREFIX = "uploads/"  # ids of uploaded documents (see qa.pipeline.UPLOAD_PREFIX)
RELATED_SHOWN = 3  # passages listed after an abstention
CONTEXT_CHARS = 700  # paragraph text shown on each side of a cited sentence at most
QUESTION_SHOWN = 600  # characters of a question echoed in the chat
EARLIER_SHOWN = 9  # earlier answers kept (collapsed) in the sources panel

_MARKER = re.compile(r"\[(\d+)\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# Characters that start Markdown or HTML constructs anywhere in a line.
_MD_INLINE = {"\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "~", "$", "!"}
# Constructs that only count at the start of a line: headings, lists, quotes, rules, tables.
_MD_LINE_START = re.compile(r"^(\s*)([#=+\-]|\d+[.)])")


def source_id(turn: int, number: int) -> str:
    return f"source-{turn}-{number}"


def related_id(turn: int, number: int) -> str:
    return f"related-{turn}-{number}"


# --- escaping ---------------------------------------------------------------------------------

def clean_display(value: str) -> str:
    """Text for display on one line: control and invisible characters removed, whitespace collapsed."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


def escape_html(value: str) -> str:
    """Text for HTML element content or attribute values."""
    return html.escape(value or "", quote=True)


def escape_markdown(value: str) -> str:
    """Text shown literally inside the chat Markdown: no Markdown syntax, no HTML, one line.

    ``<``, ``>`` and ``&`` become HTML entities (as ``html.escape`` does); the other characters
    that start Markdown constructs become numeric character references, which Markdown shows
    as the character itself but never interprets.
    """
    value = clean_display(value)
    out = "".join(_entity(ch) if ch in _MD_INLINE else ch for ch in value)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "".join(_entity(ch) for ch in m.group(2)), out)


def _entity(ch: str) -> str:
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(ch) or f"&#{ord(ch)};"


def escape_markdown_plain(value: str) -> str:
    """Text shown literally in an exported Markdown file: backslash escapes, readable as plain text."""
    value = clean_display(value)
    out = "".join("\\" + ch if ch in _MD_INLINE else ch for ch in value)
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], out)


def _split_quoted(answer_text: str, sentences: Sequence[str]) -> list[tuple[str, bool]]:
    """Split an answer text into (segment, is_document_text) pieces: quoted sentences vs. markup."""
    spans: list[tuple[int, int]] = []
    for sentence in sorted({s for s in sentences if s and s.strip()}, key=len, reverse=True):
        start = answer_text.find(sentence)
        while start != -1:
            end = start + len(sentence)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = answer_text.find(sentence, end)
    pieces, position = [], 0
    for start, end in sorted(spans):
        pieces.append((answer_text[position:start], False))
        pieces.append((answer_text[start:end], True))
        position = end
    pieces.append((answer_text[position:], False))
    return [(piece, quoted) for piece, quoted in pieces if piece]


def _escape_markup(markup: str) -> str:
    """The answerer's own Markdown: kept, but raw HTML is turned into text."""
    return _CONTROL.sub(" ", markup).replace("&", "&amp;").replace("<", "&lt;")


# --- chat ---------------------------------------------------------------------------------------

def render_question(question: str, limit: int = QUESTION_SHOWN) -> str:
    """The user's question as shown in the chat (escaped, shortened when very long); "" when blank."""
    shown = clean_display(question)
    if len(shown) > limit:
        shown = shown[:limit].rstrip() + f"… ({len(shown):,} ch.)"
    return escape_markdown(shown)


def render_message(message: str) -> str:
    """A plain message (an error, a notice) as chat Markdown."""
    return escape_markdown(message)


def citation_label(citation: Citation, lang: str) -> str:
    return f"{clean_display(citation.title)} — {text(lang, 'paragraph')} {citation.paragraph}"


def render_answer(answer: Answer, turn: int) -> str:
    """The answer as chat Markdown; each marker [n] links to its source card ``#source-<turn>-<n>``."""
    citations = answer.citations

    def link(match: re.Match) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(citations):
            return match.group(0)
        title = escape_html(citation_label(citations[number - 1], answer.lang))
        return f'<a href="#{source_id(turn, number)}" class="qa-cite" title="{title}">[{number}]</a>'

    out = []
    for piece, quoted in _split_quoted(answer.text, [c.sentence for c in citations]):
        out.append(escape_markdown(piece) if quoted else _MARKER.sub(link, _escape_markup(piece)))
    return answerer_note(answer) + "".join(out).strip()


def answerer_note(answer: Answer) -> str:
    """A line above the answer when a language model is configured: that it wrote (and the check kept) the
    answer, or why the extractive answer stands in for it."""
    note = answer.notice or (text(answer.lang, "answered_by_llm") if answer.answered_by == "llm" else "")
    return f'<span class="qa-note">{escape_html(note)}</span>\n\n' if note else ""


_STREAM_TOKEN = re.compile(r"<a\b[^>]*>.*?</a>|&#?\w+;|\s+|[^\s<&]+|[<&]", re.S)


def stream_steps(markdown: str, words_per_step: int = 3) -> Iterator[str]:
    """Growing prefixes of ``markdown``, a few words at a time, ending with the whole text.

    Links and character references are never cut, so every prefix renders cleanly.
    """
    tokens = _STREAM_TOKEN.findall(markdown)
    assert "".join(tokens) == markdown
    shown, words = "", 0
    for token in tokens:
        shown += token
        if not token.isspace():
            words += 1
            if words % words_per_step == 0 and len(shown) < len(markdown):
                yield shown
    yield markdown


# --- sources panel --------------------------------------------------------------------------------

def sources_placeholder(lang: str | None = None) -> str:
    """The sources panel before the first answer (both languages when ``lang`` is None)."""
    langs = [lang] if lang else ["nl", "en"]
    lines = "".join(f'<p lang="{code}">{escape_html(text(code, "sources_placeholder"))}</p>' for code in langs)
    return f'<div class="qa-sources qa-empty">{lines}</div>'


def render_sources(answers: Sequence[Answer], documents: Mapping[str, Document],
                   show_scores: bool = False, earlier: int = EARLIER_SHOWN) -> str:
    """The sources panel for a conversation: the latest answer in full, earlier ones collapsed.

    ``answers[i]`` is turn ``i + 1``; ``documents`` maps ids to documents (the live index) so
    each citation shows its whole paragraph with the cited sentence in ``<mark>``.
    """
    if not answers:
        return sources_placeholder()
    latest_turn = len(answers)
    parts = [f'<section class="qa-turn qa-latest" id="turn-{latest_turn}" lang="{answers[-1].lang}">'
             + _render_turn(latest_turn, answers[-1], documents, show_scores, asked=True) + "</section>"]
    first_earlier = max(1, latest_turn - earlier)
    for turn in range(latest_turn - 1, first_earlier - 1, -1):
        answer = answers[turn - 1]
        summary = (f'<span class="qa-earlier-label">{escape_html(text(answers[-1].lang, "earlier"))} {turn}</span> '
                   f'{escape_html(_shorten(clean_display(answer.question), 90))}')
        parts.append(f'<details class="qa-turn qa-earlier" id="turn-{turn}" lang="{answer.lang}">'
                     f"<summary>{summary}</summary>{_render_turn(turn, answer, documents, show_scores)}</details>")
    return f'<div class="qa-sources">{"".join(parts)}</div>'


def _render_turn(turn: int, answer: Answer, documents: Mapping[str, Document], show_scores: bool,
                 asked: bool = False) -> str:
    lang = answer.lang
    parts = []
    if asked:
        parts.append(f'<p class="qa-asked"><span class="qa-asked-label">{escape_html(text(lang, "question"))}</span> '
                     f"{escape_html(_shorten(clean_display(answer.question), 300))}</p>")
    query = clean_display(answer.query)
    if query and query != clean_display(answer.question):
        parts.append(f'<p class="qa-searched">{escape_html(text(lang, "searched_for"))}: '
                     f"<q>{escape_html(_shorten(query, 300))}</q></p>")
    if answer.citations:
        parts.append(f'<h3 class="qa-heading">{escape_html(text(lang, "sources"))}</h3><ol class="qa-cards">')
        for number, citation in enumerate(answer.citations, 1):
            parts.append(_citation_card(turn, number, citation, documents.get(citation.doc_id), answer,
                                        show_scores))
        parts.append("</ol>")
    else:
        parts.append(f'<h3 class="qa-heading qa-related-heading">{escape_html(text(lang, "related"))}</h3>')
        related = answer.hits[:RELATED_SHOWN]
        if not related:
            parts.append(f'<p class="qa-none">{escape_html(text(lang, "no_related"))}</p>')
        else:
            parts.append('<ol class="qa-cards qa-related">')
            for number, hit in enumerate(related, 1):
                parts.append(_related_card(turn, number, hit, lang, show_scores))
            parts.append("</ol>")
    if show_scores and answer.hits:
        parts.append(_hits_table(answer.hits, lang))
    return "".join(parts)


def _card_head(number: int | str, title: str, paragraph: int, doc_id: str, lang: str) -> str:
    return (f'<div class="qa-card-head"><span class="qa-num">{escape_html(str(number))}</span>'
            f'<span class="qa-doc-title">{escape_html(clean_display(title) or doc_id)}</span></div>'
            f'<div class="qa-card-sub"><span class="qa-para">{escape_html(text(lang, "paragraph"))} '
            f'{paragraph}</span> · <span class="qa-doc-id">{escape_html(doc_id)}</span></div>')


def _citation_card(turn: int, number: int, citation: Citation, document: Document | None, answer: Answer,
                   show_scores: bool) -> str:
    body = _highlighted_paragraph(citation, document)
    scores = ""
    if show_scores:
        values: dict[str, float] = {"score": citation.score}
        hit = _hit_for(citation, answer.hits)
        if hit is not None:
            values.update({"rank": hit.rank, **hit.scores})
        scores = _scores_line(values)
    return (f'<li class="qa-source" id="{source_id(turn, number)}" data-doc-id="{escape_html(citation.doc_id)}">'
            f"{_card_head(number, citation.title, citation.paragraph, citation.doc_id, answer.lang)}"
            f'<p class="qa-paragraph">{body}</p>{scores}</li>')


def _related_card(turn: int, number: int, hit: Hit, lang: str, show_scores: bool) -> str:
    chunk = hit.chunk
    body = escape_html(_shorten(chunk.text.strip(), 2 * CONTEXT_CHARS))
    scores = _scores_line({"rank": hit.rank, **hit.scores}) if show_scores else ""
    return (f'<li class="qa-source qa-related-item" id="{related_id(turn, number)}" '
            f'data-doc-id="{escape_html(chunk.doc_id)}">'
            f"{_card_head(number, chunk.title, chunk.paragraph, chunk.doc_id, lang)}"
            f'<p class="qa-paragraph">{body}</p>{scores}</li>')


def _highlighted_paragraph(citation: Citation, document: Document | None) -> str:
    """The paragraph of a citation as HTML with the cited sentence (its exact span) in <mark>."""
    start, end = citation.start, citation.end
    if document is None or not (0 <= start < end <= len(document.text)) \
            or clean_display(document.text[start:end]) != clean_display(citation.sentence):
        return f"<mark>{escape_html(citation.sentence)}</mark>"  # the document changed or was removed
    if 1 <= citation.paragraph <= len(document.paragraphs):
        para_start, para_end = document.paragraphs[citation.paragraph - 1]
    else:
        para_start, para_end = start, end
    para_start, para_end = min(para_start, start), max(para_end, end)
    before = document.text[max(para_start, start - CONTEXT_CHARS):start]
    after = document.text[end:min(para_end, end + CONTEXT_CHARS)]
    lead = "…" if start - para_start > CONTEXT_CHARS else ""
    tail = "…" if para_end - end > CONTEXT_CHARS else ""
    return (f"{lead}{escape_html(before)}<mark>{escape_html(document.text[start:end])}</mark>"
            f"{escape_html(after)}{tail}")


def _hit_for(citation: Citation, hits: Sequence[Hit]) -> Hit | None:
    for hit in hits:
        if hit.chunk.doc_id == citation.doc_id and hit.chunk.start <= citation.start < hit.chunk.end:
            return hit
    return None


def _scores_line(values: Mapping[str, float]) -> str:
    items = " · ".join(f'<span class="qa-score"><span>{escape_html(name)}</span> '
                       f'{value if isinstance(value, int) else f"{value:.3f}"}</span>'
                       for name, value in values.items())
    return f'<div class="qa-scores">{items}</div>'


def _hits_table(hits: Sequence[Hit], lang: str) -> str:
    names = list(dict.fromkeys(name for hit in hits for name in hit.scores))
    head = "".join(f"<th>{escape_html(name)}</th>" for name in names)
    rows = []
    for hit in hits:
        cells = "".join(f"<td>{hit.scores[name]:.3f}</td>" if name in hit.scores else "<td>–</td>" for name in names)
        passage = (f'<span class="qa-doc-title">{escape_html(clean_display(hit.chunk.title))}</span> '
                   f'<span class="qa-para">{escape_html(text(lang, "paragraph"))} {hit.chunk.paragraph}</span>'
                   f'<div class="qa-snippet">{escape_html(_shorten(clean_display(hit.chunk.text), 160))}</div>')
        rows.append(f"<tr><td>{hit.rank}</td><td>{passage}</td>{cells}</tr>")
    return (f'<details class="qa-retrieved" open><summary>{escape_html(text(lang, "retrieved"))} ({len(hits)})'
            f'</summary><table class="qa-hits"><thead><tr><th>#</th><th></th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></details>')


def _shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[:limit - 1].rstrip() + "…"


# --- documents ----------------------------------------------------------------------------------

def is_uploaded(doc_id: str) -> bool:
    return doc_id.startswith(UPLOAD_PREFIX)


def render_documents(documents: Mapping[str, Document]) -> str:
    """The indexed documents as an HTML table: title, id, and whether it can be removed here."""
    if not documents:
        return f'<p class="qa-none">{escape_html(text("en", "no_documents"))}</p>'
    rows = []
    for doc_id, document in sorted(documents.items(), key=lambda item: (is_uploaded(item[0]), item[0])):
        kind = ('<span class="qa-badge qa-uploaded">uploaded</span>' if is_uploaded(doc_id)
                else '<span class="qa-badge qa-seed">seed</span>')
        rows.append(f'<tr><td class="qa-doc-title">{escape_html(clean_display(document.title) or doc_id)}</td>'
                    f'<td class="qa-doc-id">{escape_html(doc_id)}</td><td>{len(document.paragraphs)}</td>'
                    f"<td>{kind}</td></tr>")
    return ('<table class="qa-doc-table"><thead><tr><th>Title</th><th>Id</th><th>¶</th><th></th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def removable_choices(documents: Mapping[str, Document]) -> list[tuple[str, str]]:
    """(label, id) of the documents that can be removed in the app: the uploaded ones."""
    return [(f"{_shorten(clean_display(doc.title) or doc_id, 60)} ({doc_id})", doc_id)
            for doc_id, doc in sorted(documents.items()) if is_uploaded(doc_id)]


# --- export -------------------------------------------------------------------------------------

def conversation_markdown(answers: Sequence[Answer], when: float | None = None) -> str:
    """A conversation as a Markdown document: every question, its answer and its sources."""
    lang = answers[0].lang if answers else "nl"
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(when if when is not None else time.time()))
    lines = [f"# {text(lang, 'conversation')} — {stamp}", ""]
    for turn, answer in enumerate(answers, 1):
        lines += [f"## {turn}. {escape_markdown_plain(answer.question)}", ""]
        body = "".join(escape_markdown_plain(piece) if quoted else _escape_markup(piece)
                       for piece, quoted in _split_quoted(answer.text, [c.sentence for c in answer.citations]))
        lines += [body.strip(), ""]
        if answer.citations:
            lines += [f"**{text(answer.lang, 'sources')}**", ""]
            for number, citation in enumerate(answer.citations, 1):
                lines.append(f"{number}. {escape_markdown_plain(citation_label(citation, answer.lang))} "
                             f"(`{citation.doc_id.replace('`', '')}`, {citation.start}–{citation.end})")
                lines.append(f"   > {escape_markdown_plain(citation.sentence)}")
            lines.append("")
        elif answer.hits:
            lines += [f"**{text(answer.lang, 'related')}**", ""]
            for hit in answer.hits[:RELATED_SHOWN]:
                label = f"{clean_display(hit.chunk.title)} — {text(answer.lang, 'paragraph')} {hit.chunk.paragraph}"
                lines.append(f"- {escape_markdown_plain(label)}: "
                             f"{escape_markdown_plain(_shorten(clean_display(hit.chunk.text), 240))}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
