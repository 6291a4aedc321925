"""qa.presentation: chat Markdown, the sources panel and the Markdown export, escaping above all."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from qa import presentation as view
from qa.answering.texts import text
from qa.data import Answer, Chunk, Citation, Document, Hit
from qa.documents import paragraphs_of

XSS_SENTENCE = 'The code is <img src=x onerror="window.__xss=2"> 4711 <script>window.__xss=1</script>.'
XSS_TEXT = f"Project Zebra\n\nIntro sentence here. {XSS_SENTENCE} Closing [3] words.\n\nLast paragraph."


def make_doc(doc_id: str, text_: str, title: str = "") -> Document:
    return Document(id=doc_id, title=title or text_.split("\n", 1)[0], text=text_, paragraphs=paragraphs_of(text_))


def cite(doc: Document, sentence: str, occurrence: int = 0, score: float = 0.9) -> Citation:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(sentence, start + 1)
    return Citation(doc_id=doc.id, title=doc.title, paragraph=doc.paragraph_of(start), sentence=sentence,
                    start=start, end=start + len(sentence), score=score)


def hit_for(doc: Document, paragraph: int, rank: int = 1, **scores) -> Hit:
    start, end = doc.paragraphs[paragraph - 1]
    chunk = Chunk(id=f"{doc.id}::{rank}", doc_id=doc.id, title=doc.title, paragraph=paragraph, start=start, end=end,
                  text=doc.text[start:end], sentences=((start, end),))
    return Hit(chunk=chunk, score=scores.get("hybrid", 0.5), rank=rank, scores=scores or {"hybrid": 0.5})


def answered(question: str, citations: list[Citation], lang: str = "en", hits=(), query: str = "") -> Answer:
    quotes = "\n".join(f"> {c.sentence} [{n}]" for n, c in enumerate(citations, 1))
    body = f"**4711** [1]\n\n{text(lang, 'source_quote')}:\n\n{quotes}"
    return Answer(question=question, text=body, citations=citations, lang=lang, abstained=False, hits=list(hits),
                  query=query or question)


def abstained(question: str, hits, lang: str = "nl") -> Answer:
    return Answer(question=question, text=text(lang, "not_found"), citations=[], lang=lang, abstained=True,
                  hits=list(hits), query=question, reason="test")


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


SAFE_TAGS = {"div", "p", "span", "mark", "ol", "li", "h3", "section", "details", "summary", "q", "table", "thead",
             "tbody", "tr", "th", "td", "a"}


def assert_safe_html(markup: str) -> list[tuple[str, dict]]:
    """Only our own tags, no event handler attributes, no script URLs."""
    collector = TagCollector()
    collector.feed(markup)
    for tag, attrs in collector.tags:
        assert tag in SAFE_TAGS, f"unexpected <{tag}> in {markup[:300]}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            assert "javascript:" not in (value or "").lower()
    return collector.tags


# --- escaping -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
                                 "[click](javascript:alert(1))", "![img](http://evil/x.png)", "**bold** _it_ `code`",
                                 "# heading", "1. list", "- item", "$$x$$", "a | b", "&lt;already&gt;"])
def test_escape_markdown_neutralises_markup(raw):
    escaped = view.escape_markdown(raw)
    for dangerous in ("<", "[", "](", "**", "`", "$$", "|"):
        assert dangerous not in escaped
    assert not escaped.startswith(("#", "1.", "-"))
    assert "&lt;already&gt;" not in escaped  # an entity in the text is shown as typed, not decoded


def test_escape_markdown_keeps_ordinary_text_readable():
    assert view.escape_markdown("Zuid-Korea investeert 4,5% (bbp).") == "Zuid-Korea investeert 4,5% (bbp)."
    assert view.escape_markdown("  twee\n\nregels\t ") == "twee regels"
    assert view.escape_markdown("a\x00b\x07c\u202ed") == "a b c d"


def test_escape_markdown_plain_uses_backslashes():
    assert view.escape_markdown_plain("<b>*x*</b>") == r"\<b\>\*x\*\</b\>"
    assert view.escape_markdown_plain("# kop") == r"\# kop"
    assert view.escape_markdown_plain("12. item") == r"12\. item"


def test_render_question_escapes_and_shortens():
    assert view.render_question("   \n\t ") == ""
    shown = view.render_question('<img src=x onerror="alert(1)"> wie?')
    assert "<img" not in shown and "&lt;img" in shown
    long = view.render_question("woord " * 20_000)
    assert len(long) < view.QUESTION_SHOWN + 40 and long.endswith("ch.)")


# --- chat Markdown ------------------------------------------------------------------------------

def test_render_answer_links_markers_to_turn_scoped_ids():
    doc = make_doc("doc.txt", "Title\n\nFirst sentence here. The answer is 4711 indeed.")
    answer = answered("What is the number?", [cite(doc, "The answer is 4711 indeed.")])
    markdown = view.render_answer(answer, turn=3)
    links = re.findall(r'<a href="#(source-\d+-\d+)"[^>]*>\[(\d)\]</a>', markdown)
    assert links == [("source-3-1", "1"), ("source-3-1", "1")]
    assert markdown.startswith("**4711**")  # the answerer's Markdown is kept
    assert "> The answer is 4711 indeed." in markdown
    assert 'title="Title — paragraph 2"' in markdown


def test_render_answer_escapes_document_text_and_ignores_markers_inside_it():
    doc = make_doc("uploads/zebra.txt", XSS_TEXT)
    sentence = f"{XSS_SENTENCE} Closing [3] words."
    answer = answered("What is the code?", [Citation(doc.id, doc.title, 2, sentence, XSS_TEXT.index(sentence),
                                                     XSS_TEXT.index(sentence) + len(sentence), 0.9)])
    markdown = view.render_answer(answer, turn=1)
    assert "<script" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;window.&#95;&#95;xss=1&lt;/script&gt;" in markdown
    assert markdown.count("<a ") == 2  # the lead and the quote marker; "[3]" of the document is text
    assert "&#91;3&#93;" in markdown


def test_render_answer_keeps_out_of_range_markers_as_text():
    doc = make_doc("d.txt", "T\n\nOne sentence.")
    answer = answered("q", [cite(doc, "One sentence.")])
    answer.text += " [7]"
    assert view.render_answer(answer, 1).endswith("[7]")


def test_render_answer_escapes_raw_html_in_answerer_markup():
    answer = Answer(question="q", text="<b onclick=x>hi</b> & more", citations=[], lang="en", abstained=True)
    assert view.render_answer(answer, 1) == "&lt;b onclick=x>hi&lt;/b> &amp; more"


def test_render_message_is_escaped():
    assert view.render_message("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"


def test_stream_steps_grow_to_the_full_text_without_cutting_links():
    doc = make_doc("doc.txt", "Title\n\n" + " ".join(f"word{i}" for i in range(30)) + ". Answer & 4711 here.")
    answer = answered("q", [cite(doc, "Answer & 4711 here.")])
    markdown = view.render_answer(answer, 1)
    steps = list(view.stream_steps(markdown, words_per_step=2))
    assert len(steps) > 3
    assert steps[-1] == markdown
    for previous, step in zip(steps, steps[1:]):
        assert step.startswith(previous) and len(step) > len(previous)
    for step in steps:
        assert step.count("<a ") == step.count("</a>")
        assert not re.search(r"&#?\w*$", step) or step == markdown or step.endswith(";")


def test_stream_steps_of_short_text():
    assert list(view.stream_steps("Kort.")) == ["Kort."]
    assert list(view.stream_steps("")) == [""]


# --- sources panel ------------------------------------------------------------------------------

def test_sources_panel_highlights_the_exact_span_in_the_paragraph():
    text_ = "Kop\n\nHet land groeit. Het land groeit. Daarna iets anders."
    doc = make_doc("nl.txt", text_)
    citation = cite(doc, "Het land groeit.", occurrence=1)  # the second, identical sentence
    html_ = view.render_sources([answered("Groeit het land?", [citation], lang="nl")], {doc.id: doc})
    assert_safe_html(html_)
    card = re.search(r'<li class="qa-source" id="source-1-1"[^>]*>(.*?)</li>', html_, re.S).group(1)
    paragraph = re.search(r'<p class="qa-paragraph">(.*?)</p>', card, re.S).group(1)
    assert paragraph == "Het land groeit. <mark>Het land groeit.</mark> Daarna iets anders."
    assert "alinea 2" in card and "Kop" in card and "nl.txt" in card
    assert ">Bronnen<" in html_ and ">Vraag<" in html_


def test_sources_panel_escapes_document_text_and_titles():
    doc = make_doc("uploads/zebra.txt", XSS_TEXT, title='<img src=x onerror="window.__xss=3">')
    sentence = XSS_SENTENCE
    html_ = view.render_sources([answered("<b>code?</b>", [cite(doc, sentence)])], {doc.id: doc})
    tags = assert_safe_html(html_)
    assert "img" not in {tag for tag, _ in tags} and "script" not in {tag for tag, _ in tags}
    assert "<mark>The code is &lt;img src=x onerror=&quot;window.__xss=2&quot;&gt; 4711 " \
           "&lt;script&gt;window.__xss=1&lt;/script&gt;.</mark>" in html_
    assert "&lt;b&gt;code?&lt;/b&gt;" in html_


def test_sources_panel_ids_are_unique_per_citation_and_turn():
    doc = make_doc("d.txt", "T\n\nOne. Two. Three.")
    first = answered("q1", [cite(doc, "One."), cite(doc, "Two.")])
    second = answered("q2", [cite(doc, "Three.")])
    html_ = view.render_sources([first, second], {doc.id: doc})
    ids = re.findall(r'id="(source-[^"]+)"', html_)
    assert ids == ["source-2-1", "source-1-1", "source-1-2"]  # latest turn first
    assert html_.index('<section class="qa-turn qa-latest" id="turn-2"') < html_.index('<details class="qa-turn')
    assert html_.count("<details class=\"qa-turn qa-earlier\"") == 1


def test_sources_panel_keeps_a_bounded_number_of_earlier_turns():
    doc = make_doc("d.txt", "T\n\nOne.")
    answers = [answered(f"q{i}", [cite(doc, "One.")]) for i in range(15)]
    html_ = view.render_sources(answers, {doc.id: doc}, earlier=4)
    assert html_.count("qa-earlier\"") == 4 and 'id="source-15-1"' in html_ and 'id="source-10-1"' not in html_


def test_sources_panel_after_abstention_lists_possibly_related_passages():
    doc = make_doc("d.txt", "T\n\nA <b>bold</b> claim.\n\nMore.\n\nEven more.\n\nAnd more.")
    hits = [hit_for(doc, p, rank=r) for r, p in enumerate((2, 3, 4, 5), 1)]
    for lang, heading in (("nl", "Mogelijk gerelateerd"), ("en", "Possibly related")):
        html_ = view.render_sources([abstained("Wat is de hoofdstad van Frankrijk?", hits, lang)], {doc.id: doc})
        assert_safe_html(html_)
        assert heading in html_
        assert re.findall(r'id="(related-1-\d)"', html_) == ["related-1-1", "related-1-2", "related-1-3"]
        assert "<mark>" not in html_ and "source-1-" not in html_
        assert "A &lt;b&gt;bold&lt;/b&gt; claim." in html_
    empty = view.render_sources([abstained("?", [], "en")], {})
    assert text("en", "no_related") in empty


def test_sources_panel_shows_scores_only_when_asked():
    doc = make_doc("d.txt", "T\n\nOne sentence. Two.")
    hits = [hit_for(doc, 2, rank=1, hybrid=0.61, dense=0.83, bm25=7.25)]
    answer = answered("q", [cite(doc, "One sentence.", score=0.912)], hits=hits)
    plain = view.render_sources([answer], {doc.id: doc})
    assert "qa-scores" not in plain and "qa-hits" not in plain
    scored = view.render_sources([answer], {doc.id: doc}, show_scores=True)
    assert "0.912" in scored and "7.250" in scored and "0.830" in scored
    assert "Retrieved passages (1)" in scored


def test_sources_panel_shows_the_resolved_query_of_a_follow_up():
    doc = make_doc("d.txt", "T\n\nOne.")
    answer = answered("En wie was daarbij aanwezig?", [cite(doc, "One.")], lang="nl",
                      query="En wie was daarbij aanwezig? Waar was de bijeenkomst?")
    html_ = view.render_sources([answer], {doc.id: doc})
    assert "Gezocht met" in html_ and "Waar was de bijeenkomst?" in html_
    plain = view.render_sources([answered("q", [cite(doc, "One.")])], {doc.id: doc})
    assert "Searched for" not in plain


def test_sources_panel_survives_a_removed_or_changed_document():
    doc = make_doc("uploads/gone.txt", "T\n\nThe <cited> sentence.")
    citation = cite(doc, "The <cited> sentence.")
    for documents in ({}, {doc.id: make_doc(doc.id, "T\n\nSomething else entirely now.")}):
        html_ = view.render_sources([answered("q", [citation])], documents)
        assert "<mark>The &lt;cited&gt; sentence.</mark>" in html_


def test_long_paragraphs_are_trimmed_around_the_sentence():
    filler = "Vulling zonder einde " * 200
    text_ = f"T\n\n{filler}. Het antwoord staat hier. {filler}."
    doc = make_doc("d.txt", text_)
    html_ = view.render_sources([answered("q", [cite(doc, "Het antwoord staat hier.")])], {doc.id: doc})
    paragraph = re.search(r'<p class="qa-paragraph">(.*?)</p>', html_, re.S).group(1)
    assert paragraph.startswith("…") and paragraph.endswith("…")
    assert "<mark>Het antwoord staat hier.</mark>" in paragraph
    assert len(paragraph) < 2 * view.CONTEXT_CHARS + 100


def test_placeholder_is_bilingual_until_a_language_is_known():
    both = view.sources_placeholder()
    assert text("nl", "sources_placeholder") in both and text("en", "sources_placeholder") in both
    assert text("nl", "sources_placeholder") not in view.sources_placeholder("en")
    assert view.render_sources([], {}) == both


# --- documents list -----------------------------------------------------------------------------

def test_document_list_and_removable_choices():
    seed = make_doc("seed.txt", "Seed title\n\ntext")
    upload = make_doc("uploads/x.html", "<script>x</script> title\n\ntext")
    documents = {seed.id: seed, upload.id: upload}
    html_ = view.render_documents(documents)
    assert_safe_html(html_)
    assert "&lt;script&gt;x&lt;/script&gt; title" in html_
    assert html_.index("seed.txt") < html_.index("uploads/x.html")  # seeds first
    assert html_.count("qa-uploaded") == 1 and html_.count("qa-seed") == 1
    assert view.removable_choices(documents) == [("<script>x</script> title (uploads/x.html)", "uploads/x.html")]
    assert "No documents" in view.render_documents({})


# --- export -------------------------------------------------------------------------------------

def test_conversation_markdown_has_questions_answers_and_sources():
    doc = make_doc("uploads/zebra.txt", XSS_TEXT)
    first = answered("What is the <b>code</b>?", [cite(doc, XSS_SENTENCE)])
    hits = [hit_for(doc, 2)]
    second = abstained("Wat is de hoofdstad van Frankrijk?", hits, lang="nl")
    markdown = view.conversation_markdown([first, second], when=0)
    assert markdown.startswith("# Conversation — ")
    assert "## 1. What is the \\<b\\>code\\</b\\>?" in markdown
    assert "## 2. Wat is de hoofdstad van Frankrijk?" in markdown
    assert "**Sources**" in markdown and "**Mogelijk gerelateerd**" in markdown
    assert "1. Project Zebra — paragraph 2 (`uploads/zebra.txt`, " in markdown
    assert text("nl", "not_found") in markdown
    assert not re.search(r"(?<!\\)<", markdown)  # every "<" is backslash-escaped: no raw HTML
    assert "\\<script\\>window.\\_\\_xss=1\\</script\\>" in markdown
    assert "**4711** [1]" in markdown  # the answer's own Markdown and plain markers


def test_conversation_markdown_of_an_empty_conversation():
    assert view.conversation_markdown([], when=0).startswith("# Gesprek — ")


# --- with the real pipeline -----------------------------------------------------------------------

def test_real_answer_renders_with_its_exact_sentence(seed_pipeline):
    answer = seed_pipeline.ask("In welke stad werd de grote bedrijvenbijeenkomst gehouden?")
    assert not answer.abstained and answer.citations
    documents = seed_pipeline.index.documents
    html_ = view.render_sources([answer], documents)
    assert_safe_html(html_)
    for number, citation in enumerate(answer.citations, 1):
        document = documents[citation.doc_id]
        card = re.search(rf'id="source-1-{number}"[^>]*>(.*?)</li>', html_, re.S).group(1)
        marked = re.search(r"<mark>(.*?)</mark>", card, re.S).group(1)
        assert marked == view.escape_html(document.text[citation.start:citation.end])
    markdown = view.render_answer(answer, 1)
    assert 'href="#source-1-1"' in markdown and "Amsterdam" in markdown
