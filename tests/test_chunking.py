import dataclasses
import random
import re
from pathlib import Path

import pytest

from qa.chunking import chunk_document, split_sentences
from qa.data import Document

SEED = Path(__file__).resolve().parent.parent / "seeds" / "nederland-zuid-korea-digitale-technologie.txt"


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def make_document(text: str, doc_id: str = "doc.txt") -> Document:
    """Paragraphs are the blank-line separated blocks (without relying on qa.documents)."""
    spans = tuple(m.span() for m in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text))
    spans = tuple((a, a + len(text[a:b].rstrip())) for a, b in spans)
    return Document(id=doc_id, title=text.split("\n", 1)[0], text=text, paragraphs=spans)


def seed_document() -> Document:
    return make_document(SEED.read_text(encoding="utf-8"), SEED.name)


# --- sentences ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "De economie groeide met 4,5% in dat jaar.",
    "The economy grew by 4.5% that year.",
    "Versie 3.5 heeft 1.000.000 gebruikers en 5G.",
    "Het kost 12.50 euro per stuk, zo'n 3,5 miljoen in totaal.",
])
def test_numbers_do_not_split(text):
    assert sentences(text) == [text]


def test_sentence_ending_in_number_splits():
    assert sentences("Dat was in 2023. 40% van de bedrijven deed mee.") == [
        "Dat was in 2023.", "40% van de bedrijven deed mee."]


@pytest.mark.parametrize("text", [
    "Er zijn bijv. Nederlandse bedrijven, o.a. ASML, d.w.z. chipmakers, m.b.t. export.",
    "Volgens mr. Jansen, dr. De Vries, prof. Bakker, ir. Smit, drs. Visser en ing. Mulder klopt het.",
    "Zie nr. 5, art. 12 en blz. 4 of p. 7, op 3 jan. 2024 of 1 dec. 2023.",
    "Het gaat om ca. 300 bedrijven incl. BTW en excl. Verzending.",
    "Mr. Smith, Mrs. Jones and Dr. Brown met at St. Paul's at 9 a.m. Tuesday.",
    "Apples vs. Oranges, e.g. Granny Smith, i.e. Green ones, in the U.S. Market.",
    "The winner is No. 5 on the list.",
])
def test_abbreviations_do_not_split(text):
    assert sentences(text) == [text]


def test_initials_do_not_split():
    assert sentences("Minister M. Adriaansens sprak met J. Smith en J.P. Balkenende. Daarna niet.") == [
        "Minister M. Adriaansens sprak met J. Smith en J.P. Balkenende.", "Daarna niet."]


def test_ambiguous_words_split_when_not_before_a_number():
    assert sentences("Ik sprak met Jan. Hij zei no. No. That is wrong.") == [
        "Ik sprak met Jan.", "Hij zei no.", "No.", "That is wrong."]


def test_etc_ends_a_sentence_before_a_capital():
    assert sentences("Appels, peren etc. zijn fruit. He bought apples etc. The end.") == [
        "Appels, peren etc. zijn fruit.", "He bought apples etc.", "The end."]


def test_terminal_punctuation_and_lowercase():
    assert sentences("Wat?! Echt? Ja! Goed. zo gaat het. Hij wachtte... en toen… Niets.") == [
        "Wat?!", "Echt?", "Ja!", "Goed. zo gaat het.", "Hij wachtte... en toen…", "Niets."]


def test_quotes_stay_with_their_sentence():
    assert sentences("Zij zei: “Dit is goed. Dat ook.” Toen ging ze.") == [
        "Zij zei: “Dit is goed.", "Dat ook.”", "Toen ging ze."]
    assert sentences("Hij riep ‘Ja!’ Daarna: \"Klaar.\" «Fin.» 'Echt.' (Zeker.) Einde") == [
        "Hij riep ‘Ja!’", "Daarna: \"Klaar.\"", "«Fin.»", "'Echt.'", "(Zeker.)", "Einde"]
    assert sentences("Het is af. “Nieuw citaat,” zei hij.") == ["Het is af.", "“Nieuw citaat,” zei hij."]


def test_urls_and_email_addresses():
    assert sentences("Kijk op www.rijksoverheid.nl/onderwerpen of werkenbijdeoverheid.nl. "
                     "Mail info@rijksoverheid.nl voor vragen. See https://example.com/a.b?x=1 Now.") == [
        "Kijk op www.rijksoverheid.nl/onderwerpen of werkenbijdeoverheid.nl.",
        "Mail info@rijksoverheid.nl voor vragen.", "See https://example.com/a.b?x=1 Now."]


def test_list_items_are_sentences():
    text = ("Dit zijn de opties:\n- eerste optie\n* tweede optie. Met uitleg.\n• derde\n"
            "1. Eerst dit\n2) dan dat\n   met een vervolgregel\nGewone tekst\nloopt door.")
    assert sentences(text) == [
        "Dit zijn de opties:", "- eerste optie", "* tweede optie.", "Met uitleg.", "• derde",
        "1. Eerst dit", "2) dan dat\n   met een vervolgregel", "Gewone tekst\nloopt door."]


def test_blank_line_separates():
    assert sentences("Titel zonder punt\n\nEerste zin.") == ["Titel zonder punt", "Eerste zin."]


def test_spans_are_exact_and_respect_bounds():
    text = "  Voorwoord.  Eerste zin hier.   Tweede zin!\n  Achteraf  "
    spans = split_sentences(text, 13, 44)
    assert [text[a:b] for a, b in spans] == ["Eerste zin hier.", "Tweede zin!"]
    assert all(13 <= a < b <= 44 and text[a:b] == text[a:b].strip() for a, b in spans)
    assert split_sentences("   \n ") == [] and split_sentences("") == []


def test_long_sentence_is_not_cut():
    text = "Dit is een " + "heel " * 400 + "lange zin. Kort."
    assert sentences(text) == [text[:-6], "Kort."]


def test_seed_sentences():
    text = SEED.read_text(encoding="utf-8")
    found = sentences(text)
    for sentence in [
        "Minister Micky Adriaansens (Economische Zaken en Klimaat) heeft deze overeenkomst getekend tijdens "
        "het staatsbezoek van de Zuid-Koreaanse president Yoon Suk-yeol aan Nederland.",
        "Andersom staat het Aziatische land wereldwijd aan de top qua publieke en private investeringen in "
        "onderzoek en ontwikkeling met 4,5% van het bruto binnenlands product.",
        "Nederland is voor Zuid-Korea één van de belangrijkste handelspartners in de EU.",
        "Zoals bij digitale technologieën.",
        "Het land heeft na de Verenigde Staten hierin het grootste mondiale marktaandeel.",
    ]:
        assert sentence in found
    quote = [s for s in found if s.startswith("En door samen te werken")]
    assert len(quote) == 1 and quote[0].endswith("wereldwijd.”")
    assert found[0] == "Nederland en Zuid-Korea gaan meer samenwerken aan digitale technologieën"
    assert len(found) == 16


def test_english_paragraph():
    text = ("The Netherlands and South Korea signed an agreement on Tuesday. Mr. Yoon met Dr. J. Smith "
            "of the U.S. delegation at 10 a.m. in The Hague. Investment rose by 4.5% to $1.2 billion, "
            "i.e. more than expected! Was it enough? \"Yes,\" said the minister. “We are pleased.” "
            "More at www.government.nl/news.")
    assert sentences(text) == [
        "The Netherlands and South Korea signed an agreement on Tuesday.",
        "Mr. Yoon met Dr. J. Smith of the U.S. delegation at 10 a.m. in The Hague.",
        "Investment rose by 4.5% to $1.2 billion, i.e. more than expected!",
        "Was it enough?",
        "\"Yes,\" said the minister.",
        "“We are pleased.”",
        "More at www.government.nl/news.",
    ]


def test_random_text_properties():
    rng = random.Random(1234)
    pieces = ["De", "zin", "Mr.", "bijv.", "J.", "4,5%", "3.5", "einde.", "Klaar!", "wat?", "“Citaat.”",
              "‘x’", "(haakje.)", "…", "...", "www.a.nl", "o.a.", "A.", "1.", "- item", "\n", "\n\n", "  ",
              "«Non.»", "'s", "?!", "Etc.", "e.g.", "\t", "."]
    for _ in range(500):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        spans = split_sentences(text, start, end)
        previous_end = start
        for a, b in spans:
            assert previous_end <= a < b <= end
            assert text[a:b] == text[a:b].strip()
            previous_end = b
        covered = {i for a, b in spans for i in range(a, b)}
        assert all(i in covered for i in range(start, end) if not text[i].isspace())


# --- chunks ------------------------------------------------------------------------------


def all_sentences(document: Document) -> list[tuple[int, int]]:
    return [s for a, b in document.paragraphs for s in split_sentences(document.text, a, b)]


def check_chunks(document: Document, chunks, chunk_chars: int) -> None:
    spans = all_sentences(document)
    for n, chunk in enumerate(chunks):
        assert chunk.id == f"{document.id}::{n}" and chunk.doc_id == document.id
        assert chunk.title == document.title
        assert chunk.text == document.text[chunk.start:chunk.end]
        assert chunk.sentences[0][0] == chunk.start and chunk.sentences[-1][1] == chunk.end
        first = spans.index(chunk.sentences[0])
        assert list(chunk.sentences) == spans[first:first + len(chunk.sentences)]  # consecutive, whole
        assert chunk.paragraph == document.paragraph_of(chunk.start)
        assert chunk.end - chunk.start <= chunk_chars or len(chunk.sentences) == 1
    for previous, chunk in zip(chunks, chunks[1:]):
        assert chunk.end > previous.end and chunk.start >= previous.start  # progress, never contained
    assert {s for c in chunks for s in c.sentences} == set(spans)  # nothing lost


@pytest.mark.parametrize("chunk_chars", [50, 200, 500, 2000])
@pytest.mark.parametrize("overlap", [0, 1, 2, 100])
def test_seed_chunks(chunk_chars, overlap):
    document = seed_document()
    chunks = chunk_document(document, chunk_chars, overlap)
    check_chunks(document, chunks, chunk_chars)


def test_seed_chunks_default():
    document = seed_document()
    chunks = chunk_document(document)
    spans = all_sentences(document)
    assert [c.paragraph for c in chunks] == [1, 2, 3, 3, 4, 5, 6]
    assert chunks[0].sentences == tuple(spans[:2])  # the short title paragraph joins the next one
    assert chunks[1].sentences == tuple(spans[1:3])  # overlap: same paragraph 2
    assert chunks[5].sentences == (spans[12],) and chunks[6].start > chunks[5].end  # no overlap across paragraphs
    assert chunks[-1].text.endswith("het grootste mondiale marktaandeel.")


def test_overlap_within_paragraph_only():
    one = " ".join(f"Zin nummer {i} van de eerste alinea." for i in range(10))
    two = " ".join(f"Zin nummer {i} van de tweede alinea." for i in range(10))
    document = make_document(one + "\n\n" + two)
    chunks = chunk_document(document, chunk_chars=120, overlap=1)
    check_chunks(document, chunks, 120)
    kinds = set()
    for previous, chunk in zip(chunks, chunks[1:]):
        added = next(s for s in chunk.sentences if s not in previous.sentences)
        same = document.paragraph_of(added[0]) == document.paragraph_of(previous.end - 1)
        assert (chunk.sentences[0] == previous.sentences[-1]) == same
        assert same or chunk.start > previous.end
        kinds.add(same)
    assert kinds == {True, False}
    plain = chunk_document(document, chunk_chars=120, overlap=0)
    assert all(b.start > a.end for a, b in zip(plain, plain[1:]))


def test_short_paragraphs_share_a_chunk():
    text = "\n\n".join(f"Vraag {i}?\n\nAntwoord {i}." for i in range(30))
    document = make_document(text)
    chunks = chunk_document(document, chunk_chars=200)
    check_chunks(document, chunks, 200)
    assert all(len(c.sentences) > 5 for c in chunks[:-1])
    assert len({c.paragraph for c in chunks}) == len(chunks)


def test_chunk_breaks_at_paragraph_when_half_full():
    first = "Een middellange zin die ruim over de helft van de chunk komt, met nog wat extra woorden erbij."
    document = make_document(first + "\n\nKort.")
    chunks = chunk_document(document, chunk_chars=150)
    assert [c.text for c in chunks] == [first, "Kort."]
    assert [c.paragraph for c in chunk_document(document, chunk_chars=400)] == [1]


def test_oversize_sentence_is_its_own_chunk():
    long = "Deze zin is " + "erg " * 100 + "lang."
    document = make_document(f"Kort begin. {long} Kort einde.")
    chunks = chunk_document(document, chunk_chars=100, overlap=1)
    check_chunks(document, chunks, 100)
    assert [c.text for c in chunks] == ["Kort begin.", long, "Kort einde."]


def test_progress_when_overlap_exceeds_sentences():
    text = " ".join(f"Zin {i} is precies zo lang." for i in range(20))
    document = make_document(text)
    for chunk_chars in (10, 30, 60, 100):
        chunks = chunk_document(document, chunk_chars=chunk_chars, overlap=50)
        check_chunks(document, chunks, chunk_chars)
        assert len(chunks) <= 20


def test_document_without_paragraphs_and_empty_document():
    document = Document(id="x", title="X", text="Eerste zin. Tweede zin.", paragraphs=())
    chunks = chunk_document(document)
    assert len(chunks) == 1 and chunks[0].paragraph == 1 and chunks[0].text == document.text
    assert chunk_document(Document(id="e", title="E", text="", paragraphs=())) == []


# --- headings ------------------------------------------------------------------------------


def law_document() -> Document:
    text = ("# Wet op de proef\n\n## Hoofdstuk 1 Algemeen\n\n### Artikel 1\n\nDeze wet geldt voor iedereen. "
            "Zij geldt ook in de nacht.\n\n### Artikel 2\n\n1. De minister stelt regels.\n\n"
            "2. Hij doet dat jaarlijks.\n\n"
            "## Hoofdstuk 2 Slot\n\n### Artikel 3\n\nDeze wet treedt morgen in werking.")
    return dataclasses.replace(make_document(text, "proef.md"), title="Wet op de proef")  # as the loader titles it


def test_chunks_carry_the_headings_above_them():
    document = law_document()
    chunks = chunk_document(document, chunk_chars=500)
    by_text = {c.text.split("\n")[-1]: c.heading for c in chunks}
    assert by_text["Deze wet geldt voor iedereen. Zij geldt ook in de nacht."] == "Hoofdstuk 1 Algemeen — Artikel 1"
    assert by_text["2. Hij doet dat jaarlijks."] == "Hoofdstuk 1 Algemeen — Artikel 2"
    assert by_text["Deze wet treedt morgen in werking."] == "Hoofdstuk 2 Slot — Artikel 3"
    assert {c.title for c in chunks} == {"Wet op de proef"}  # the title heading is the document's title


def test_a_heading_starts_a_new_chunk_and_spans_stay_exact():
    document = law_document()
    chunks = chunk_document(document, chunk_chars=2000)  # the whole law would fit in one chunk
    check_chunks(document, chunks, 2000)
    assert len(chunks) == 3  # one per article; headings in a row stay with the text after them
    assert chunks[0].text.startswith("# Wet op de proef") and chunks[0].text.endswith("in de nacht.")
    assert chunks[1].text.startswith("### Artikel 2") and chunks[2].text.startswith("## Hoofdstuk 2 Slot")
    for chunk in chunks:
        assert chunk.text == document.text[chunk.start:chunk.end]  # citations quote the real text, no context
        assert all(document.text[a:b] in chunk.text for a, b in chunk.sentences)


def test_documents_without_headings_chunk_as_before():
    document = seed_document()
    assert all(c.heading == "" for c in chunk_document(document))


def test_documents_with_sections_use_the_section_chunk_size():
    article = " ".join(f"Lid {i} van dit artikel regelt een ander onderwerp dan de andere leden." for i in range(8))
    text = f"# Wet\n\n## Artikel 1\n\n{article}\n\n## Artikel 2\n\nKort."
    law = dataclasses.replace(make_document(text), title="Wet")
    small, sections = chunk_document(law, 200), chunk_document(law, 200, section_chars=2000)
    check_chunks(law, sections, 2000)
    assert len(small) > len(sections) == 2  # one chunk per article
    assert [c.heading for c in sections] == ["Artikel 1", "Artikel 2"]
    # a document without headings below its title keeps the ordinary size
    plain = dataclasses.replace(make_document(f"# Wet\n\n{article}"), title="Wet")
    assert chunk_document(plain, 200, section_chars=2000) == chunk_document(plain, 200)
