"""Answer extraction: question types, spans, and the extractive answerer on the real seed."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from qa.answering import spans
from qa.answering.extractive import is_statement, question_entities
from qa.conversation import Conversation
from qa.errors import QAError
from qa.pipeline import clean_question

SEED_DOC = "nederland-zuid-korea-digitale-technologie.txt"


@pytest.mark.parametrize("question, kind", [
    ("Wie heeft de overeenkomst getekend?", spans.PERSON),
    ("Who signed the agreement?", spans.PERSON),
    ("Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?", spans.PERCENT),
    ("What share of GDP does South Korea spend on R&D?", spans.PERCENT),
    ("When does the agreement take effect?", spans.WHEN),
    ("Hoe lang loopt de overeenkomst?", "duration"),
    ("Hoeveel geld is ermee gemoeid?", spans.MONEY),
    ("Hoeveel kost een rijbewijs?", spans.MONEY),
    ("Hoeveel bedrijven namen deel?", spans.NUMBER),
    ("Waar vond de bijeenkomst plaats?", spans.PLACE),
    ("Which ministry does Ahn lead?", spans.ORGANISATION),
    ("Which Korean university takes part?", spans.ORGANISATION),  # a kind of organisation: a name answers
    ("What is Ahn Duk-geun responsible for?", spans.ORGANISATION),  # a named person's portfolio
    ("Which EU country is one of Korea's main partners?", spans.COUNTRY),  # a word may qualify the country
    ("Welk EU-land is een belangrijke partner?", spans.COUNTRY),
    ("Which country invests 4.5% of its GDP in R&D?", spans.COUNTRY),  # a percentage given, not asked
    ("What % of GDP does Korea invest?", spans.PERCENT),
    ("What is the Dutch minister's name?", spans.PERSON),
    ("Waarvoor is minister Adriaansens verantwoordelijk?", spans.ORGANISATION),
    ("Waar gaat Ahn in de Koreaanse regering over?", spans.ORGANISATION),  # a named person's portfolio
    ("Micky Adriaansens is minister of what?", spans.ORGANISATION),
    ("Waar gaat het akkoord over?", None),  # what a thing is about: open, no portfolio
    ("Waarvoor is de overeenkomst bedoeld?", "purpose"),  # a goal
    ("Welke Nederlandse universiteiten doen mee?", spans.ORGANISATION),
    ("Welke technologieën worden genoemd?", spans.LIST),
    ("Waarom is Zuid-Korea interessant?", spans.REASON),
    ("Wie is Micky Adriaansens?", "role"),  # her title, not another name
    ("Who was Ahn Duk-geun?", "role"),
    ("Wat is de functie van Yoon Suk-yeol?", "role"),
    ("What is Ahn's job?", "role"),
    ("Welke positie heeft ons land binnen Europa?", "degree"),  # a country's rank, not a title
    ("Welke ministers waren erbij?", spans.PERSON),
    ("Which Dutch royal was there?", spans.PERSON),  # a group of titles asks for a person too
    ("Korean minister name", spans.PERSON),  # terse
    ("naam minister Korea", spans.PERSON),
    ("What is the weather tomorrow?", spans.SLOT),  # a "what" question: a short answer may fill it
    ("Which number must you give when applying?", spans.SLOT),  # "when" inside a question is a conjunction
    ("En wanneer was dat?", spans.WHEN),
])
def test_question_type(question, kind):
    assert spans.question_type(question) == kind


def _texts(kind, sentence):
    return [sentence[a:b] for a, b in spans.find_spans(kind, sentence)]


def test_spans_of_each_kind():
    meeting = ("In aanwezigheid van Koning Willem-Alexander en president Yoon namen minister Adriaansens (EZK) en "
               "haar Zuid-Koreaanse ambtsgenoot Ahn Duk-geun (Handel, Industrie en Energie) deel aan een grote "
               "bedrijvenbijeenkomst in Amsterdam met deelnemers uit beide landen.")
    assert _texts(spans.PERSON, meeting) == ["Willem-Alexander", "Yoon", "Adriaansens", "Ahn Duk-geun"]
    assert _texts(spans.PLACE, meeting) == ["Amsterdam"]
    assert "Handel, Industrie en Energie" in _texts(spans.ORGANISATION, meeting)
    assert _texts(spans.PERCENT, "met 4,5% van het bruto binnenlands product") == ["4,5%"]
    assert _texts(spans.DATE, "Het verdrag gaat in op 1 januari 2025.") == ["1 januari 2025"]
    assert _texts(spans.DATE, "Voor personen jonger dan 18 jaar blijft een paspoort 5 jaar geldig.") == ["5 jaar"]
    assert _texts(spans.DATE, "Wie 65 jaar of ouder is, krijgt de pas 10 jaar.") == ["10 jaar"]
    assert _texts(spans.MONEY, "Er is € 5 miljoen mee gemoeid.") == ["€ 5 miljoen"]
    assert _texts(spans.NUMBER, "Nederland is één van de partners.") == []
    assert _texts(spans.NUMBER, "Korea investeert 4,5% van het bbp, sinds 2023.") == ["4,5%", "2023"]  # with its unit
    assert _texts(spans.NUMBER, "Het gaat om 5G en 6G.") == []
    assert _texts(spans.LIST, "technologieën als AI, 5G en quantum.") == ["AI, 5G en quantum"]


@pytest.mark.parametrize("question, role", [
    ("Wie is de minister-president van Nederland?", "prime minister"),
    ("wie is de minister president van nederland", "prime minister"),  # typed without the hyphen
    ("Wie is de Zuid-Koreaanse ambtsgenoot van minister Adriaansens?", "counterpart"),  # "minister X" is known
    ("Who is the deputy of Korean trade minister Ahn Duk-geun?", "deputy"),
    ("Welke Zuid-Koreaanse president bracht een staatsbezoek?", "president"),
    ("Who signed the agreement?", None),
    ("Who is the Dutch minister's South Korean counterpart?", "counterpart"),  # the minister's is the possessor
])
def test_asked_role(question, role):
    asked = spans.asked_for(question)
    assert asked.kind == spans.PERSON and asked.role == role


@pytest.mark.parametrize("question, several", [
    ("Wie namen deel aan de bijeenkomst?", True),  # a plural verb: everyone who did it
    ("wie zijn de deelnemers van de bijeenkomst", True),
    ("Wie ondertekenden het akkoord?", True),
    ("Who were the participants of the meeting?", True),
    ("List everyone the article names as present at the meeting.", True),  # a request for all people
    ("Noem iedereen die aan de bijeenkomst deelnam", True),
    ("Name all the people who attended the meeting", True),
    ("Wie waren er aanwezig?", True),  # who was there
    ("Which dignitaries were present at the business event?", True),  # people by a noun for them
    ("Welke hoogwaardigheidsbekleders waren aanwezig?", True),
    ("Wie nam deel aan de bijeenkomst?", False),
    ("Wie heeft het akkoord ondertekend?", False),
    ("Wie binnen het kabinet tekende het akkoord?", False),  # "binnen" is no verb
    ("Who signed the agreement?", False),
])
def test_a_person_question_with_a_plural_verb_asks_for_everyone(question, several):
    asked = spans.asked_for(question)
    assert asked.several is several and asked.kind == spans.PERSON


@pytest.mark.parametrize("question, counted", [
    ("Hoeveel inwoners heeft Zuid-Korea?", "inwoners"),
    ("How many companies took part?", "companies"),
    ("Hoeveel geeft Korea uit aan R&D?", None),  # an amount: a verb follows "hoeveel"
    ("Hoeveel kost een paspoort?", None),
    ("Hoeveel bijstand krijgt een gehuwd stel?", None),  # a singular noun: an amount, not a count
    ("Hoeveel mensen kwamen er?", "mensen"),
])
def test_counted_noun(question, counted):
    assert spans.counted_noun(question) == counted


def test_answer_spans_demand_the_asked_role_and_no_percentage_for_a_count():
    meeting = ("In aanwezigheid van Koning Willem-Alexander en president Yoon namen minister Adriaansens (EZK) en "
               "haar Zuid-Koreaanse ambtsgenoot Ahn Duk-geun (Handel, Industrie en Energie) deel.")

    def texts(question, sentence, same_language=True):
        return [sentence[a:b] for a, b in spans.answer_spans(spans.asked_for(question), sentence, same_language)]

    # counterparts of each other; "Korean" then prefers Ahn (test_qualifiers_before_the_title_...)
    assert texts("And who is her Korean counterpart?", meeting) == ["Adriaansens", "Ahn Duk-geun"]
    assert texts("Wie is de minister-president van Nederland?", meeting) == []
    assert texts("Wie was erbij?", meeting) == ["Willem-Alexander", "Yoon", "Adriaansens", "Ahn Duk-geun"]
    assert spans.span_roles("Mark Rutte, de minister-president, sprak.", (0, 10)) == {"prime minister"}
    ahn = meeting.index("Ahn Duk-geun")
    assert spans.span_roles(meeting, (ahn, ahn + len("Ahn Duk-geun"))) == {"counterpart", "minister"}
    adriaansens = meeting.index("Adriaansens")  # counterparts hold each other's titles
    assert spans.span_roles(meeting, (adriaansens, adriaansens + len("Adriaansens"))) == {"minister", "counterpart"}
    assert texts("Wie is de koning van Nederland?", meeting) == ["Willem-Alexander"]  # a place, not a portfolio
    share = "Korea investeert 4,5% van het bbp en telt 51 miljoen inwoners."
    assert texts("Hoeveel inwoners heeft Korea?", share) == ["51 miljoen"]
    assert texts("Hoeveel inwoners heeft Korea?", "Korea telt 51 miljoen mensen.") == []  # not the counted noun
    assert texts("How many inhabitants does Korea have?", "Korea telt 51 miljoen mensen.", False) == ["51 miljoen"]
    assert texts("How many inhabitants does Korea have?", "Korea investeert 4,5% van het bbp.", False) == []


def test_a_count_is_no_day_or_year_of_a_date_and_a_count_of_days_has_its_unit():
    def counts(question, sentence, same_language=True):
        found = spans.answer_spans(spans.asked_for(question), sentence, same_language)
        return [sentence[a:b] for a, b in found]

    assert counts("Hoeveel leden heeft de Kamer?", "De Kamer heeft 150 leden sinds 1 januari 2022.") == ["150"]
    registered = "Dan moet uw gemeente u sinds 1 januari 2022 verplicht inschrijven."
    assert counts("How many days does registering take?", registered, same_language=False) == []
    assert counts("How many days does it take?", "Dit duurt 5 dagen.", same_language=False) == ["5"]
    assert counts("How many days does it take?", "U krijgt 3 brieven.", same_language=False) == []


def test_a_title_asked_with_its_portfolio_needs_that_portfolio_in_the_same_language():
    signed = "Minister Micky Adriaansens (Economische Zaken en Klimaat) heeft deze overeenkomst getekend."

    def texts(question, same_language=True):
        return [signed[a:b] for a, b in spans.answer_spans(spans.asked_for(question), signed, same_language)]

    assert spans.asked_for("Wie is de minister van Buitenlandse Zaken?").portfolio == ("buitenlandse", "zaken")
    assert texts("Wie is de minister van Buitenlandse Zaken?") == []
    assert texts("Wie is de minister van Economische Zaken?") == ["Micky Adriaansens"]
    # across languages one cognate of the portfolio is enough ("Economic" ~ "Economische")
    assert texts("Who is the minister of Economic Affairs and Climate?", False) == ["Micky Adriaansens"]
    assert texts("Who is the minister of Science and ICT?", False) == []


def test_qualifiers_before_the_title_prefer_the_person_they_describe():
    asked = spans.asked_for("Wie is de Koreaanse minister?")
    assert asked.qualifiers == ("koreaanse",) and asked.portfolio == ()
    meeting = "Minister Adriaansens (EZK) en haar Zuid-Koreaanse ambtsgenoot Ahn Duk-geun spraken."
    found = spans.answer_spans(asked, meeting)
    assert [meeting[a:b] for a, b in found] == ["Adriaansens", "Ahn Duk-geun"]  # both ministers ...
    assert [spans.qualified(asked, meeting, span) for span in found] == [False, True]  # ... one is Korean
    assert spans.asked_for("Who is her Korean counterpart?").qualifiers == ("korean",)
    assert spans.asked_for("Korean minister name").qualifiers == ("korean",)  # a terse query starts with it
    assert spans.asked_for("Welke Koreaanse minister?").qualifiers == ("koreaanse",)  # not the question word


def test_plural_company_questions_take_kinds_of_companies():
    sentence = "Zo krijgen onze innovatieve startups, mkb’ers en grootbedrijven meer kansen."
    plural, singular = spans.asked_for("Welke bedrijven krijgen kansen?"), spans.asked_for("Welk bedrijf krijgt kansen?")
    assert plural.companies and not singular.companies
    assert [sentence[a:b] for a, b in spans.answer_spans(plural, sentence)] == [
        "innovatieve startups, mkb’ers en grootbedrijven"]
    assert spans.answer_spans(singular, sentence) == []  # one company: a name is asked for
    themes = "Zij spraken over verduurzaming, energietransitie en halfgeleiders."
    assert spans.answer_spans(plural, themes) == []  # an enumeration, but not of companies


def test_speech_questions_need_a_quote_of_that_speaker():
    assert spans.asked_for("Wat zei president Yoon over de samenwerking?").speaker == "president Yoon"
    assert spans.asked_for("What did the king say at the meeting?").speaker == "the king"
    assert spans.asked_for("Wat zegt de overeenkomst over AI?").speaker is None  # a text, not a person, "says" it
    assert spans.asked_for("Wie zei dat?").speaker is None
    paragraph = "Minister Adriaansens (EZK): “Het is interessant. Zoals bij AI.” Daarna volgde een diner."
    attribution = spans.quote_attribution(paragraph, paragraph.index("Zoals"))
    assert attribution is not None
    assert spans.names_speaker(attribution, "de minister") and spans.names_speaker(attribution, "the minister")
    assert spans.names_speaker(attribution, "minister Adriaansens")
    assert not spans.names_speaker(attribution, "president Yoon")
    assert not spans.names_speaker(attribution, "the king")
    assert spans.names_speaker(attribution, "haar") and spans.names_speaker(attribution, "him")  # anyone quoted
    assert spans.quote_attribution(paragraph, paragraph.index("Daarna")) is None  # after the closing mark
    assert spans.quote_attribution(paragraph, 0) is None


@pytest.mark.parametrize("question, speaker, role", [
    ("Who benefits from the cooperation according to the minister?", "the minister", None),
    ("En wie profiteren er volgens Adriaansens van de samenwerking?", "Adriaansens", None),
    ("Volgens minister Adriaansens, wie profiteren ervan?", "minister Adriaansens", None),
    ("Wie is volgens de tekst de minister van EZK?", None, "minister"),  # a text tells: the minister is asked
    ("According to the article, who signed?", None, None),
    ("Wie profiteren er volgens haar?", "haar", None),  # nobody named before: whoever the documents quote
    ("Wie beslist volgens de Wet BRP?", None, None),  # a law's capitals make no speaker
    ("Who decides, according to the Participation Act?", None, None),
])
def test_according_to_names_who_tells_not_who_is_asked_for(question, speaker, role):
    asked = spans.asked_for(question)
    assert (asked.kind, asked.speaker, asked.role) == (spans.PERSON, speaker, role)


def test_the_one_who_tells_is_not_the_answer():
    sentence = "Minister Micky Adriaansens (EZK) sprak met president Yoon over de samenwerking."
    found = spans.answer_spans(spans.asked_for("Who benefits according to the minister?"), sentence)
    assert [sentence[a:b] for a, b in found] == ["Yoon"]


def test_organisation_questions_allow_one_adjective_but_not_kinds():
    assert spans.question_type("Welk Nederlands bedrijf is leidend?") == spans.ORGANISATION
    assert spans.question_type("Which Korean companies took part?") == spans.ORGANISATION
    assert spans.question_type("Which kinds of companies benefit?") == spans.LIST
    assert spans.question_type("Op welk gebied moeten bedrijven samenwerken?") != spans.ORGANISATION


def _corpus(tmp_path, settings, make_pipeline, files: dict[str, str]):
    """A pipeline over a small folder of documents written for one test."""
    from dataclasses import replace

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, content in files.items():
        (docs / name).write_text(content, encoding="utf-8")
    return make_pipeline(replace(settings, docs_dir=docs, index_dir=tmp_path / "index"))


def _coverage(pipeline, question: str, word: int, lang: str | None = None) -> dict[str, float]:
    """The coverage of every scored sentence for ``question``, keyed by the sentence's word at ``word``."""
    from qa.answering.extractive import ExtractiveAnswerer

    vector = pipeline.embedder.embed_queries([question])[0]
    scored = ExtractiveAnswerer(pipeline.index).score_sentences(
        question, spans.asked_for(question), pipeline.search(question), vector, lang)
    return {s.sentence.split()[word]: s.coverage for s in scored}


def test_statements_are_fit_to_cite_headings_and_questions_are_not():
    assert is_statement("U vraagt een uittreksel aan bij de gemeente.")
    assert is_statement("Minister Adriaansens (EZK): “Het sterk innovatieve karakter.”")
    assert not is_statement("Verdeling statushouders")  # a heading
    assert not is_statement("Hoe log ik in met DigiD?")  # a question in the text asks, it does not tell
    assert is_statement("2026: € 67,05", holds_span=True)  # a table cell holding the asked amount


def test_a_heading_points_at_its_section_and_a_statement_there_is_cited(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"fietsen.md": (
        "Fietsverlichting verplicht\n\nWanneer moet mijn fietslamp aan?\n\n"
        "Tussen zonsondergang en zonsopgang moet uw fiets voor- en achterlicht voeren. "
        "Ook bij slecht zicht overdag moet de verlichting aan.\n")})
    answer = pipeline.ask("Is fietsverlichting verplicht?")
    assert not answer.abstained
    assert all(is_statement(c.sentence) for c in answer.citations), [c.sentence for c in answer.citations]


def test_sentences_of_lower_ranked_documents_are_penalised_by_document_rank(tmp_path, settings, make_pipeline):
    from qa.answering.extractive import ExtractiveAnswerer, SentenceWeights

    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "paspoort.txt": "Een paspoort kost € 80. U vraagt het aan bij de gemeente.\n",
        "rijbewijs.txt": "Een rijbewijs kost € 45. U vraagt het aan bij de gemeente.\n"})
    question = "Wat kost een paspoort?"
    vector = pipeline.embedder.embed_queries([question])[0]
    hits = pipeline.search(question)
    first_document = hits[0].chunk.doc_id
    asked = spans.asked_for(question)

    def scores(document_rank):
        answerer = ExtractiveAnswerer(pipeline.index, weights=SentenceWeights(document_rank=document_rank))
        return {(s.doc_id, s.start): s.score for s in answerer.score_sentences(question, asked, hits, vector)}

    flat, ranked = scores(0.0), scores(0.1)
    assert {doc for doc, _ in flat} == {"paspoort.txt", "rijbewijs.txt"}
    for key, score in flat.items():
        assert ranked[key] == pytest.approx(score - (0.0 if key[0] == first_document else 0.1))


def test_a_sentence_saying_only_what_an_open_question_says_is_penalised(tmp_path, settings, make_pipeline):
    from qa.answering.extractive import ExtractiveAnswerer, SentenceWeights

    pipeline = _corpus(tmp_path, settings, make_pipeline, {"begraven.md": (
        "Begraven\n\nU mag een overledene niet eerder dan 36 uur na overlijden begraven. En niet later dan 6 "
        "werkdagen na overlijden. Bij begraven na 6 werkdagen heeft u toestemming nodig van de burgemeester.\n")})
    restating = "En niet later dan 6 werkdagen na overlijden."

    def penalties(question):
        vector = pipeline.embedder.embed_queries([question])[0]
        hits, asked = pipeline.search(question), spans.asked_for(question)

        def scores(restatement):
            answerer = ExtractiveAnswerer(pipeline.index, weights=SentenceWeights(restatement=restatement))
            return {s.sentence: s.score for s in answerer.score_sentences(question, asked, hits, vector)}
        flat, penalised = scores(0.0), scores(0.05)
        return {sentence: round(flat[sentence] - penalised[sentence], 6) for sentence in flat}

    open_question = "In welke gevallen mag je iemand later dan 6 werkdagen na het overlijden begraven?"
    assert {s: p for s, p in penalties(open_question).items() if p} == {restating: 0.05, "Begraven": 0.05}
    assert not any(penalties("Mag je iemand later dan 6 werkdagen na het overlijden begraven?").values())  # yes/no
    answer = pipeline.ask(open_question)
    assert "burgemeester" in answer.citations[0].sentence, answer.text


def test_a_generic_span_must_rank_high_unless_it_stands_next_to_the_question_words():
    from qa.answering.extractive import ScoredSentence, _answering

    def sentence(text, spans_=(), statement=True, coverage=0.0):
        return ScoredSentence(doc_id="d", start=0, end=len(text), sentence=text, paragraph=1, dense=0.9,
                              spans=list(spans_), hit_rank=1, statement=statement, coverage=coverage)

    asked = spans.asked_for("Wanneer zijn de verkiezingen?")
    heading, first, second = sentence("Verkiezingen", statement=False), sentence("Er zijn verkiezingen."), \
        sentence("Iedereen mag stemmen.")
    dated = sentence("De verkiezingen zijn op 18 maart.", [(24, 32)], coverage=1.0)
    undated_topic = sentence("Op 1 mei kwam er een wet.", [(3, 8)], coverage=0.0)
    assert _answering(asked, [heading, first, second, dated]) == [dated]  # headings do not count toward the depth
    assert _answering(asked, [heading, first, second, undated_topic]) == []  # a date, but about something else
    assert _answering(asked, [first, undated_topic]) == [undated_topic]  # among the best two any date will do


def test_a_list_item_is_cited_with_the_sentence_that_introduces_the_list(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"paspoort.md": (
        "De gemeente kan uw paspoort ongeldig verklaren.\n\nDit is mogelijk wanneer u bijvoorbeeld:\n\n"
        "- uw paspoort opzettelijk beschadigt;\n\n- fraude pleegt met uw paspoort. Bijvoorbeeld bij verkoop;\n\n"
        "- een schuld bij de overheid hebt en naar het buitenland wilt vluchten.\n")})
    answer = pipeline.ask("Wordt mijn paspoort ongeldig als ik een schuld bij de overheid heb?")
    assert not answer.abstained
    # one passage from the intro down to the item: the items between are part of the list it reads in
    passage = next(c.sentence for c in answer.citations if c.sentence.startswith("Dit is mogelijk wanneer u"))
    assert passage.endswith("- een schuld bij de overheid hebt en naar het buitenland wilt vluchten.")
    assert "> Dit is mogelijk wanneer u bijvoorbeeld:" in answer.text


@pytest.mark.parametrize("document, question, intro, first_item, last_item_end, after", [
    ("Bezwaar maken\n\nEen beslissing van de overheid kan u raken.\n\nU kunt in de volgende situaties bezwaar "
     "maken:\n\n- U bent het niet eens met de beslissing op uw aanvraag.\n\n- U heeft nadelige gevolgen van een "
     "beslissing.\n\nDaarna beslist de overheid opnieuw.\n", "In welke situaties kan ik bezwaar maken?",
     "U kunt in de volgende situaties", "- U bent het niet eens", "nadelige gevolgen van een beslissing.", "Daarna"),
    # announced without a colon
    ("Tweede Kamer\n\nDe Tweede Kamer heeft verschillende taken.\n\n- De Tweede Kamer controleert of het kabinet "
     "zijn werk goed doet.\n\n- De Tweede Kamer beslist over nieuwe wetten.\n\nDe Kamer vergadert in Den Haag.\n",
     "Wat zijn de taken van de Tweede Kamer?", "De Tweede Kamer heeft", "- De Tweede Kamer controleert",
     "nieuwe wetten.", "De Kamer vergadert"),
])
def test_a_list_intro_is_cited_with_its_items_as_one_passage(tmp_path, settings, make_pipeline, document, question,
                                                             intro, first_item, last_item_end, after):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"lijst.md": document})
    answer = pipeline.ask(question)
    assert not answer.abstained
    block = next(c.sentence for c in answer.citations if c.sentence.startswith(intro))
    assert first_item in block and block.rstrip().endswith(last_item_end)
    assert after not in block  # the list ends where its items end
    quoted = answer.text.split(":\n\n", 1)[1].splitlines()
    assert all(line.startswith("> ") for line in quoted)
    assert not any(w in answer.lead for w in ("verschillende", "volgende"))  # announcing several names none


def test_what_announces_a_list():
    from qa.answering.spans import introduces_list

    assert introduces_list("U kunt in de volgende situaties bezwaar maken:", in_list_item=False)
    assert introduces_list("De Tweede Kamer heeft verschillende taken.", in_list_item=False)
    assert introduces_list("The council has several duties.", in_list_item=False)
    assert not introduces_list("- Zij controleert verschillende ministers.", in_list_item=True)  # an item itself
    assert not introduces_list("De Kamer vergadert in Den Haag.", in_list_item=False)
    assert not introduces_list("Heeft de Kamer verschillende taken?", in_list_item=False)


def test_a_heading_holding_the_value_gives_way_to_the_sentence_that_states_it():
    from qa.answering.extractive import ScoredSentence, _stated_in_full

    def sentence(text, value, doc_id="d"):
        start = text.index(value) if value else 0
        return ScoredSentence(doc_id=doc_id, start=0, end=len(text), sentence=text, paragraph=1, dense=0.9,
                              spans=[(start, start + len(value))] if value else [], hit_rank=1, statement=True)

    heading = sentence("Begraven of cremeren binnen 36 uur", "36 uur")
    other_value = sentence("En niet later dan 6 werkdagen na overlijden.", "6 werkdagen")
    stated = sentence("U mag een overledene niet eerder dan 36 uur na overlijden laten begraven.", "36 uur")
    elsewhere = sentence("Een crematie kan na 36 uur.", "36 uur", doc_id="other")
    assert _stated_in_full(heading, [heading, other_value, stated]) is stated
    assert _stated_in_full(heading, [heading, elsewhere]) is heading  # only its own document states its value
    assert _stated_in_full(heading, [heading, other_value]) is heading
    table_cell = sentence("2026: € 67,05", "€ 67,05")  # no sentence says it otherwise: the cell stays
    assert _stated_in_full(table_cell, [table_cell, other_value]) is table_cell
    assert _stated_in_full(stated, [heading, stated]) is stated  # a sentence is already in full


def test_sharing_only_the_kind_of_thing_asked_for_is_not_being_on_topic(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"privacy.md": (
        "Persoonsgegevens doorgeven\n\nOrganisaties mogen uw persoonsgegevens alleen doorgeven als daar een "
        "goede reden voor is. En als zij zich houden aan de voorwaarden uit de privacywet.\n")})
    drone = pipeline.ask("Onder welke voorwaarden mag ik als particulier een drone vliegen?")
    assert drone.abstained, drone.text  # "voorwaarden" and "mag" are no topic the passage shares
    shared = pipeline.ask("Onder welke voorwaarden mogen organisaties persoonsgegevens doorgeven?")
    assert not shared.abstained


def test_question_entities_are_names_numbers_acronyms_and_compounds():
    assert question_entities("Wie is de minister-president van Nederland?") == ["minister-president", "Nederland"]
    assert question_entities("Wie won het WK in 2022?") == ["WK", "2022"]
    assert question_entities("Wat zei de minister?") == []  # the capitalised opening word is no name
    assert question_entities("Wat zei de minister? En wat zei Yoon?") == ["Yoon"]  # nor a later sentence's
    # a situation told before the question is not what it asks about
    assert question_entities("We huren een huisje op Texel. Wie krijgt de aanslag?") == []
    assert question_entities("ik woon op texel wie krijgt de aanslag van de WOZ") == ["WOZ"]


def _ask(pipeline, question, history=()):
    return pipeline.ask(question, Conversation.from_questions(list(history)))


def test_percentage_answer_cites_its_sentence(seed_pipeline):
    answer = _ask(seed_pipeline, "Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?")
    assert not answer.abstained and answer.lang == "nl"
    assert answer.text.startswith("**4,5%** [1]")
    cited = answer.citations[0]
    assert "4,5% van het bruto binnenlands product" in cited.sentence
    document = seed_pipeline.index.documents[cited.doc_id]
    assert document.text[cited.start:cited.end] == cited.sentence  # the span points at the exact sentence
    assert cited.paragraph == document.paragraph_of(cited.start) == 3


def test_person_answer_in_dutch_and_english(seed_pipeline):
    for question in ("Wie heeft de overeenkomst ondertekend?", "Who signed the agreement?"):
        answer = _ask(seed_pipeline, question)
        assert not answer.abstained
        assert "Adriaansens" in answer.text
        assert any("heeft deze overeenkomst getekend" in c.sentence for c in answer.citations)


def test_english_question_gets_english_framing_and_dutch_quote(seed_pipeline):
    answer = _ask(seed_pipeline, "What percentage of its GDP does South Korea invest in research?")
    assert answer.lang == "en" and "From the source" in answer.text
    assert "> Andersom staat het Aziatische land" in answer.text  # quoted as written


def test_every_answer_word_comes_from_a_cited_sentence(seed_pipeline):
    framing = {"uit", "de", "bron", "from", "the", "source"}
    for question in ("Wie is de Zuid-Koreaanse ambtsgenoot van minister Adriaansens?",
                     "In welke stad werd de grote bedrijvenbijeenkomst gehouden?",
                     "Which digital technologies will the Netherlands and South Korea work on?"):
        answer = _ask(seed_pipeline, question)
        cited = " ".join(c.sentence for c in answer.citations).lower()
        import re
        own = [w for w in re.findall(r"\w+", answer.text.lower()) if w not in cited and not w.isdigit()]
        assert not [w for w in own if w not in framing], (question, own)


@pytest.mark.parametrize("question, lang", [
    ("When does the agreement take effect?", "en"),
    ("Wanneer treedt de overeenkomst in werking?", "nl"),
    ("Hoeveel geld is er gemoeid met de samenwerking?", "nl"),
    ("Welke rol speelt Japan?", "nl"),
    ("What is the capital of France?", "en"),
    ("Wie is de burgemeester van Amsterdam?", "nl"),  # a person with a title no passage gives anyone
    ("Hoeveel medewerkers heeft het ministerie?", "nl"),  # a count; the only number is a percentage
    ("Welk Koreaans bedrijf maakt de chips?", "nl"),  # no company is named
    ("Wat zei koning Willem-Alexander over de samenwerking?", "nl"),  # only the minister is quoted
])
def test_abstains_when_the_documents_do_not_say(seed_pipeline, question, lang):
    answer = _ask(seed_pipeline, question)
    assert answer.abstained and answer.lang == lang and not answer.citations
    assert answer.text == {"nl": "De documenten geven hierop geen antwoord.",
                           "en": "The documents do not answer this."}[lang]
    assert answer.hits, "an abstention still offers the closest passages as possibly related"


def test_follow_up_resolves_against_the_previous_turn(seed_pipeline):
    conversation = Conversation()
    seed_pipeline.ask("Waar vond de grote bedrijvenbijeenkomst plaats?", conversation)
    answer = seed_pipeline.ask("En wie was daarbij aanwezig?", conversation)
    assert "bedrijvenbijeenkomst" in answer.query
    assert "Willem-Alexander" in answer.text
    assert len(conversation.turns) == 2


@pytest.mark.parametrize("first, then", [("Wie heeft de overeenkomst getekend?", "En wanneer was dat?"),
                                         ("Who signed the agreement?", "When?")])
def test_a_follow_up_naming_nothing_but_what_it_asks_shares_the_words_of_the_turn_before(seed_pipeline, first, then):
    conversation = Conversation()
    seed_pipeline.ask(first, conversation)
    answer = seed_pipeline.ask(then, conversation)
    assert not answer.abstained  # the occasion counts only in a sentence sharing words with what was asked
    assert answer.lead.startswith("tijdens het staatsbezoek")
    assert [c.paragraph for c in answer.citations] == [2]


def test_the_topic_a_follow_up_carries():
    from qa.answering.extractive import carried_topic

    carried = "En wanneer was dat? Wie heeft de overeenkomst getekend?"
    assert carried_topic("En wanneer was dat?", carried) == carried
    assert carried_topic("En waar tekende ze?", "En waar tekende ze? Wie heeft getekend?") == ""  # words of its own
    assert carried_topic("Wanneer?", "Wanneer?") == ""  # nothing carried


@pytest.mark.parametrize("first", ["Wie is Ahn Duk-geun?", "wie is ahn duk-geun"])
def test_a_pronoun_binds_to_the_person_a_sloppily_typed_turn_named(seed_pipeline, first):
    conversation = Conversation()
    seed_pipeline.ask(first, conversation)
    assert conversation.turns[0].question == first.replace("ahn duk-geun", "Ahn Duk-geun")  # kept as read
    assert seed_pipeline.ask("Welk ministerie leidt hij?", conversation).lead == "Handel, Industrie en Energie"


@pytest.mark.parametrize("question, name", [
    ("Welke ministers namen deel aan de bedrijvenbijeenkomst?", "Adriaansens, Ahn Duk-geun"),  # all of them
    ("Which ministry does Ahn Duk-geun lead?", "Handel, Industrie en Energie"),  # the bracket after his name
    ("Wie is de Koreaanse minister?", "Ahn Duk-geun"),  # a counterpart of a minister is a minister
    ("Wie is de Nederlandse ambtsgenoot van Ahn Duk-geun?", "Adriaansens"),
    ("Wie is de koning van Nederland?", "Willem-Alexander"),
])
def test_titles_and_counterparts_on_the_seed(seed_pipeline, question, name):
    answer = _ask(seed_pipeline, question)
    assert answer.text.startswith(f"**{name}** [1]") or answer.text.startswith(f"**Micky {name}** [1]"), answer.text


def test_speech_question_cites_the_quote_of_that_speaker(seed_pipeline):
    answer = _ask(seed_pipeline, "Wat zei de minister over digitale technologieën?")
    assert not answer.abstained
    paragraph = next(p for p in seed_pipeline.index.documents[answer.citations[0].doc_id].text.split("\n\n")
                     if answer.citations[0].sentence in p)
    assert paragraph.startswith("Minister Micky Adriaansens (Economische Zaken en Klimaat): “")


def test_follow_up_asking_for_a_title_cites_the_name_that_carries_it(seed_pipeline):
    conversation = Conversation()
    seed_pipeline.ask("Who signed the agreement?", conversation)
    answer = seed_pipeline.ask("And who was her Korean counterpart?", conversation)
    assert answer.text.startswith("**Ahn Duk-geun** [1]")
    assert "ambtsgenoot Ahn Duk-geun" in answer.citations[0].sentence


@pytest.mark.parametrize("question", ["", "   \n\t", "\x00\x01\x02", "?!"])
def test_empty_questions_get_a_clear_reply(question):
    with pytest.raises(QAError, match="Stel een vraag"):
        clean_question(question, 2000)


def test_overlong_question_is_refused_with_its_length():
    with pytest.raises(QAError, match=r"too long \(\d{6} characters\)\. Keep it under 2000"):
        clean_question("What " * 20000 + "?", 2000, "en")


def test_control_characters_are_removed():
    assert clean_question("Wie\x00 tekende\u200b de\x1b overeenkomst?", 2000) == "Wie tekende de overeenkomst?"


CASED_QUESTIONS = [
    "Wie heeft namens Nederland de overeenkomst met Zuid-Korea over digitale technologieën getekend?",
    "Welke Zuid-Koreaanse president bracht een staatsbezoek aan Nederland?",
    "Hoeveel procent van het bruto binnenlands product investeert Zuid-Korea in onderzoek en ontwikkeling?",
    "Wie is de Koreaanse minister?",
    "Welke ministers namen deel aan de bedrijvenbijeenkomst?",
    "Which ministry does Ahn Duk-geun lead?",
    "Wie is de koning van Nederland?",
    "Who signed the agreement with South Korea?",
    "What share of GDP does South Korea spend on R&D?",
    "Hoeveel geeft Korea uit aan R&D?",
    "Korean minister name",
    "Welke digitale technologieën worden genoemd?",
    "In welke stad vond de bedrijvenbijeenkomst plaats?",
    "Who is the Korean counterpart of minister Adriaansens?",
    "Welke Nederlandse minister heeft de overeenkomst ondertekend?",
    "Hoe heet de Zuid-Koreaanse president die op staatsbezoek was in Nederland?",
    "Which Korean president made a state visit to the Netherlands?",
    "Welke bedrijven krijgen meer economische kansen?",
    "Who is the Dutch king?",
    "Wie is de Nederlandse ambtsgenoot van Ahn Duk-geun?",
]


def test_lower_case_questions_without_punctuation_get_the_leads_of_their_cased_forms(seed_pipeline):
    """Users type sloppily: all lower case and no question mark must not change the short answer."""
    leads = [seed_pipeline.ask(question).lead for question in CASED_QUESTIONS]
    assert sum(bool(lead) for lead in leads) == len(CASED_QUESTIONS)  # each has a short answer to compare
    sloppy = [seed_pipeline.ask(question.lower().rstrip("?")).lead for question in CASED_QUESTIONS]
    assert sloppy == leads


def test_the_sentence_that_opens_a_quotation_is_the_speakers():
    paragraph = "Minister Jansen (Financiën): “Het plan werkt goed. Het kost weinig.” Daarna ging ze naar huis."
    first_end = paragraph.index("goed.") + 5
    assert spans.attributed_to(paragraph, 0, first_end, "minister Jansen")
    assert spans.attributed_to(paragraph, first_end + 1, paragraph.index("”") + 1, "minister Jansen")
    assert not spans.attributed_to(paragraph, paragraph.index("Daarna"), len(paragraph), "minister Jansen")


def test_a_consequence_gives_way_to_the_sentence_it_borrows_its_relevance_from(seed_pipeline):
    """"Zo kunnen beide landen ... voorop blijven lopen." reads its predecessor in its in-context vector; the
    predecessor names the field asked about."""
    answer = seed_pipeline.ask("Op welk gebied moeten bedrijven, kennisinstellingen en overheden van beide landen "
                               "meer gaan samenwerken?")
    assert answer.citations[0].sentence.startswith("De overeenkomst moet meer samenwerking mogelijk maken")
    assert answer.lead == "digitalisering"
    kept = seed_pipeline.ask("Wat moet de samenwerking beide landen op economisch en wetenschappelijk gebied opleveren?")
    assert kept.citations[0].sentence.startswith("Zo kunnen beide landen")  # here the consequence is the answer


def test_of_the_speakers_sentences_the_one_on_the_topic_is_cited(seed_pipeline):
    answer = seed_pipeline.ask("Wat zegt minister Adriaansens over startups?")
    assert any("startups, mkb’ers en grootbedrijven" in c.sentence for c in answer.citations)


def test_a_reason_is_cited_with_the_consequence_that_completes_it(seed_pipeline):
    answer = seed_pipeline.ask("Waarom moet de overeenkomst meer samenwerking mogelijk maken?")
    sentences = [c.sentence for c in answer.citations]
    assert any(s.startswith("De overeenkomst moet meer samenwerking") for s in sentences)
    assert any(s.startswith("Zo kunnen beide landen") for s in sentences)  # the goal follows from it
    assert not answer.lead  # a reason is a clause: the quote answers


@pytest.mark.parametrize("question, ranking", [
    ("Welk land gaat Zuid-Korea voor in chipproductie?", True),
    ("Which country is it second to?", True),
    ("Which nation outranks Japan?", True),
    ("Welk land produceert chips?", False),
    ("Which country produces chips?", False),
])
def test_a_question_about_rank(question, ranking):
    assert spans.asked_for(question).ranking is ranking


def test_a_span_next_to_a_stated_rank_answers_a_question_about_rank():
    from qa.answering.extractive import ExtractiveAnswerer, ScoredSentence

    def sentence(asked, text, start, score):  # as score_sentences marks it
        found = spans.find_spans(spans.COUNTRY, text)
        marked = asked.ranking and bool(found) and bool(spans.patterns().ranking_marker.search(text))
        return ScoredSentence(doc_id="d", start=start, end=start + len(text), sentence=text, paragraph=1, dense=score,
                              spans=found, hit_rank=1, statement=True, score=score, marked=marked)

    def best(question):
        asked = spans.asked_for(question)
        scored = [sentence(asked, "Japan werkt samen met Nederland aan chips.", 0, 0.86),
                  sentence(asked, "Het land heeft na Duitsland het grootste marktaandeel.", 50, 0.84)]
        answerer = ExtractiveAnswerer(index=SimpleNamespace(sentence_row={}))  # no neighbours to look up
        return answerer.choose(asked, scored)[0].sentence

    assert best("Welk land gaat Japan voor in chipproductie?").startswith("Het land heeft na Duitsland")
    assert best("Met welk land werkt Japan samen aan chips?").startswith("Japan werkt")  # no rank asked


@pytest.mark.parametrize("question", [
    "Wie was er nog meer, behalve de koning?",
    "Apart from the king, who else was there?",  # the clause that sets aside comes first
    "Who else, apart from the king, attended?",
])
def test_the_clause_that_sets_aside_is_not_what_is_asked(question):
    asked = spans.asked_for(question, excluded=("Yoon",))
    assert asked.kind == spans.PERSON and asked.role is None  # a person, not the king
    assert asked.excluded_roles == {"king"} and asked.excluded == ("Yoon",)


@pytest.mark.parametrize("question, aside, kept", [
    ("Welke technologieën naast AI worden genoemd?", "ai", "genoemd"),  # the verb goes on with the question
    ("Which technologies are mentioned apart from quantum?", "quantum", "mentioned"),
    ("Op welke terreinen naast kernenergie wil het kabinet samenwerken?", "kernenergie", "kabinet"),
    ("Wanneer kan ik oplichting online melden in plaats van op het politiebureau?", "politiebureau", "oplichting"),
    ("What do businesses use instead of DigiD to log in?", "digid", "businesses"),
])
def test_a_clause_that_sets_aside_ends_where_the_question_goes_on(question, aside, kept):
    asked = spans.asked_for(question)
    assert aside in asked.set_aside and kept not in asked.set_aside


def test_a_list_answer_leaves_out_the_items_the_question_sets_aside():
    sentence = ("Zij werken samen aan technologieën als kunstmatige intelligentie (AI), mobiele communicatie "
                "(5G en 6G), quantum en smart industry.")

    def lead(question):
        asked = spans.asked_for(question)
        return [sentence[a:b] for a, b in spans.answer_spans(asked, sentence)]

    assert lead("Welke technologieën worden genoemd?") == [
        "kunstmatige intelligentie (AI), mobiele communicatie (5G en 6G), quantum en smart industry"]
    assert lead("Welke technologieën naast AI worden genoemd?") == [
        "mobiele communicatie (5G en 6G), quantum en smart industry"]
    assert lead("Which technologies apart from quantum?") == [
        "kunstmatige intelligentie (AI), mobiele communicatie (5G en 6G)", "smart industry"]
    assert spans.asked_for("Which technologies apart from quantum?").several  # every run of items left is named
    assert lead("Welke technologieën behalve 6G?") == [  # "en" inside brackets joins no items: the item goes whole
        "kunstmatige intelligentie (AI)", "quantum en smart industry"]


def test_else_sets_aside_who_was_named_before_without_naming_anyone():
    asked = spans.asked_for("Who else was there?", excluded=("Yoon",))
    assert asked.kind == spans.PERSON and asked.excluded == ("Yoon",) and not asked.excluded_roles
    assert spans.asked_for("Who was there?", excluded=("Yoon",)).excluded == ()


def test_after_a_list_of_names_a_clause_naming_what_it_sets_aside_replaces_the_list():
    everyone = ("Willem-Alexander", "Yoon", "Adriaansens", "Ahn Duk-geun")
    assert spans.asked_for("Wie was er nog meer, behalve de koning en de president?", everyone).excluded == ()
    assert spans.asked_for("And apart from those, who else was there?", everyone).excluded == everyone


@pytest.mark.parametrize("question", ["Wie waren er aanwezig bij de bedrijvenbijeenkomst?",
                                      "Wie was er bij de bedrijvenbijeenkomst?",
                                      "Who attended the business meeting?", "Who was at the business meeting?"])
def test_who_was_there_names_everyone_present(seed_pipeline, question):
    assert _ask(seed_pipeline, question).lead == "Willem-Alexander, Yoon, Adriaansens, Ahn Duk-geun"


def test_who_else_after_everyone_present_takes_the_others_than_those_set_aside(seed_pipeline):
    conversation = Conversation()
    seed_pipeline.ask("Wie waren er aanwezig bij de bedrijvenbijeenkomst?", conversation)
    answer = seed_pipeline.ask("Wie was daar nog meer bij, behalve de koning en de president?", conversation)
    assert answer.lead == "Adriaansens"


def test_a_follow_up_takes_its_topic_from_the_turns_before(seed_pipeline):
    # "Wat is het doel ervan?" shares no word with the purpose sentence: the earlier turn says what it is about
    conversation = Conversation()
    seed_pipeline.ask("Wanneer is de overeenkomst getekend?", conversation)
    answer = seed_pipeline.ask("Wat is het doel ervan?", conversation)
    assert not answer.abstained
    assert answer.citations[0].sentence.startswith("De overeenkomst moet meer samenwerking mogelijk maken")


def test_a_runner_up_to_a_reason_gives_a_reason_too():
    from qa.answering.extractive import ExtractiveAnswerer, ScoredSentence

    asked = spans.asked_for("Waarom werken de landen samen?")

    def sentence(text, start, score):
        return ScoredSentence(doc_id="d", start=start, end=start + len(text), sentence=text, paragraph=1, dense=score,
                              spans=[], hit_rank=1, statement=True, score=score, marked=asked.type.marked(text))

    reason = sentence("De landen werken samen omdat ze elkaar aanvullen.", 0, 0.810)
    plain = sentence("De minister tekende in Den Haag.", 60, 0.809)
    second = sentence("Daardoor groeit de handel.", 100, 0.800)
    answerer = ExtractiveAnswerer(index=SimpleNamespace(sentence_row={}))
    assert reason.marked and not plain.marked
    assert answerer.choose(asked, [reason, plain])[1] == [reason]  # close, but no reason: not cited
    assert answerer.choose(asked, [reason, plain, second])[1] == [reason]  # a marked runner-up still needs the margin


def test_a_short_answer_cites_no_runner_up_an_open_answer_may():
    from qa.answering.extractive import ExtractiveAnswerer, ScoredSentence

    question = "Waarin is Nederland leidend?"
    asked = spans.asked_for(question)
    leading = "Nederland is leidend in technologie voor halfgeleiderproductiemachines."
    close = "Het land heeft het grootste marktaandeel."
    answerer = ExtractiveAnswerer(index=SimpleNamespace(sentence_row={}))

    def scored(with_spans):
        best = ScoredSentence(doc_id="d", start=0, end=len(leading), sentence=leading, paragraph=1, dense=0.85,
                              spans=spans.answer_spans(asked, leading) if with_spans else [], hit_rank=1, score=0.851)
        runner_up = ScoredSentence(doc_id="d", start=80, end=80 + len(close), sentence=close, paragraph=1,
                                   dense=0.85, spans=[], hit_rank=1, score=0.850)
        return [best, runner_up]

    with_lead = scored(True)
    assert with_lead[0].spans  # "technologie voor halfgeleiderproductiemachines" answers: the rest is noise
    assert answerer.choose(asked, with_lead)[1] == [with_lead[0]]
    without_lead = scored(False)
    assert answerer.choose(asked, without_lead)[1] == without_lead  # open: a close runner-up may complete it


def test_a_sentence_pointing_back_shares_the_words_of_the_one_before(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "wind.txt": "Het kabinet investeert in windparken op zee. Die leveren straks veel stroom.\n\n"
                    "Deze tekst gaat verder over iets anders.\n"})
    coverage = _coverage(pipeline, "Wat doen windparken?", word=0)
    assert coverage["Die"] > 0  # "Die leveren ..." speaks of the windparken the sentence before names
    assert coverage["Deze"] == 0  # a new paragraph points back at nothing before it


@pytest.mark.parametrize("question, sentences, opposite", [
    ("Welk land heeft het kleinste marktaandeel?", ["Korea heeft na de VS het grootste marktaandeel."], "grootste"),
    ("Which country has the smallest market share?", ["Korea heeft na de VS het grootste marktaandeel."], "grootste"),
    ("Welk land heeft het grootste marktaandeel?", ["Korea heeft na de VS het grootste marktaandeel."], None),
    ("Welk land heeft het kleinste marktaandeel?",  # one of the best states the asked pole: no contradiction
     ["Korea heeft het grootste marktaandeel.", "Malta heeft het kleinste marktaandeel."], None),
    ("Wie is de grootste of de kleinste?", ["Korea heeft het grootste marktaandeel."], None),  # asks both poles
])
def test_a_question_for_one_pole_is_not_answered_by_the_other(question, sentences, opposite):
    from qa.answering.extractive import _opposite_pole
    assert _opposite_pole(question, sentences) == opposite


def test_a_superlative_question_asks_for_a_rank():
    assert spans.asked_for("What country has the largest market share?").ranking
    assert spans.asked_for("Welk land heeft het grootste marktaandeel?").ranking
    assert not spans.asked_for("Welk land heeft een groot marktaandeel?").ranking


@pytest.mark.parametrize("name, titles, spelled_out", [
    ("Woo-verzoek", {"Wet open overheid"}, True),  # the law's short name opens the compound
    ("Woo", {"Wet open overheid"}, True),
    ("NAVO", {"Wet open overheid"}, False),
    ("Woo", {"Wet op de zorgtoeslag"}, False),
    ("BRP", {"Wet basisregistratie personen"}, True),  # a letter may start a part of a compound
    ("BRP", {"Wet bereikbaarheid personen"}, False),  # the "r" of "bereikbaarheid" starts no part of it
    ("minister-president", {"Minister van Ministerie"}, False),  # no acronym
])
def test_a_short_name_may_be_spelled_out_by_a_title(name, titles, spelled_out):
    from qa.answering.extractive import _spelled_out
    assert _spelled_out(name, titles) is spelled_out


def _picked(sentence: str, question: str, words_asked: set[str] | None = None) -> str:
    """The lead ``pick_span`` takes from ``sentence`` (the best one) for ``question``."""
    from qa.answering.extractive import ScoredSentence, pick_span
    asked = spans.asked_for(question)
    best = ScoredSentence(doc_id="d", start=0, end=len(sentence), sentence=sentence, paragraph=1, dense=0.9,
                          spans=spans.answer_spans(asked, sentence), hit_rank=1)
    return sentence[slice(*pick_span(best, question, asked, words_asked))]


@pytest.mark.parametrize("question, expected", [
    ("Tot wanneer kan ik mijn zorgverzekering opzeggen voor het volgende jaar?", "1 november"),
    ("Until when can I cancel my insurance?", "1 november"),
    ("Vanaf wanneer geldt de nieuwe verzekering in het volgende jaar?", "1 januari"),
])
def test_a_deadline_question_takes_the_date_after_its_relation_word(question, expected):
    sentence = ("De verzekeringnemer kan de zorgverzekering voor 1 november van ieder jaar met ingang van 1 januari "
                "van het volgende kalenderjaar opzeggen.")
    assert _picked(sentence, question) == expected


@pytest.mark.parametrize("question, words_asked, expected", [
    ("Wie was er toen op bezoek?", None, "Yoon Suk-yeol"),  # "bezoek" is the head of "staatsbezoek"
    ("Who was on a visit then?", {"visit", "bezoek", "bezoeken"}, "Yoon Suk-yeol"),  # through the lexicon
    ("Wie heeft het akkoord getekend?", None, "Micky Adriaansens"),
])
def test_of_several_people_the_one_next_to_the_question_words_is_picked(question, words_asked, expected):
    sentence = ("Minister Micky Adriaansens heeft deze overeenkomst getekend tijdens het staatsbezoek van de "
                "Zuid-Koreaanse president Yoon Suk-yeol aan Nederland.")
    assert _picked(sentence, question, words_asked) == expected


def test_a_condition_from_another_document_does_not_jump_ahead():
    from qa.answering.extractive import ScoredSentence, _marked_in_best_document

    def sentence(doc_id, text, score, marked):
        return ScoredSentence(doc_id=doc_id, start=0, end=len(text), sentence=text, paragraph=1, dense=score,
                              spans=[], hit_rank=1, statement=True, score=score, marked=marked)

    best = sentence("kwijtschelding.md", "Of u voor kwijtschelding in aanmerking komt, bepaalt de gemeente.", 0.92, False)
    other = sentence("bezwaar.md", "Als de gemeente uw bezwaar afwijst, kunt u in beroep.", 0.75, True)
    same = sentence("kwijtschelding.md", "U komt in aanmerking als uw inkomen laag is.", 0.74, True)
    assert _marked_in_best_document([best, other], 2) == []
    assert _marked_in_best_document([best, same], 2) == [same]


def test_a_condition_question_the_passages_share_no_word_with_is_declined(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "begraven.txt": "Begraven of cremeren\n\nBij begraven of cremeren na 6 werkdagen heeft u toestemming nodig "
                        "van de burgemeester. Als u later wilt cremeren, vraagt u dat aan bij de gemeente.\n"})
    declined = pipeline.ask("Wanneer mag ik vuurwerk afsteken?")
    assert declined.abstained and declined.reason == "the best passages share no word with the question"
    assert not pipeline.ask("Wanneer heb ik toestemming nodig voor cremeren?").abstained


def test_a_date_sharing_only_its_day_number_with_the_question_answers_it(tmp_path, settings, make_pipeline):
    """"per 1 januari" names 1 januari, not "1 november": a number alone names nothing."""
    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "zorgverzekering.txt": "Opzeggen\n\nDe verzekeringnemer kan de zorgverzekering voor 1 november van ieder jaar "
                               "met ingang van 1 januari van het volgende kalenderjaar opzeggen.\n"})
    answer = pipeline.ask("Tot welke datum kan ik mijn zorgverzekering opzeggen om per 1 januari over te stappen?")
    assert answer.lead == "1 november"


def test_across_languages_a_date_sentence_sharing_no_translated_word_still_answers(tmp_path, settings, make_pipeline):
    """The lexicons translate too few words for sharing none to say a sentence is beside the point: "watch the vote
    count" is "aanwezig bij alle telmomenten"."""
    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "tellen.txt": "Aanwezig zijn bij tellen\n\nDe uitslag van de verkiezing voor het Europees Parlement is "
                      "vastgesteld in verschillende stappen. U mocht bij alle telmomenten aanwezig zijn: op "
                      "donderdagavond 6 juni én op vrijdag 7 juni.\n"})
    answer = pipeline.ask("On which days was I allowed to watch the vote count for the European Parliament election?")
    assert "6 juni" in answer.lead


def test_what_to_do_is_answered_by_the_list_of_steps_not_by_its_summary(tmp_path, settings, make_pipeline):
    text = ("Er zijn meerdere maatregelen die u kunt nemen om veilig te internetten. Deze maatregelen beschermen uw "
            "privacy en voorkomen dat u slachtoffer wordt van identiteitsfraude.\n\nBasistips veilig internetten\n\n"
            "Het is belangrijk om uzelf online te beschermen. Anders kunt u bijvoorbeeld slachtoffer worden van "
            "identiteitsfraude. U kunt uzelf hiertegen beschermen door onder andere de volgende dingen te doen:\n\n"
            "- gebruik geen wachtwoord dat voor de hand ligt;\n\n- stel tweestapsverificatie in;\n\n"
            "- installeer een virusscanner.\n")
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"internet.txt": text})
    answer = pipeline.ask("Wat kan ik zelf doen om veilig te internetten en geen slachtoffer te worden van "
                          "identiteitsfraude?")
    assert any("tweestapsverificatie" in citation.sentence for citation in answer.citations)


def test_a_runner_up_sharing_fewer_of_the_words_than_the_best_is_not_cited():
    from qa.answering.extractive import ExtractiveAnswerer, ScoredSentence

    asked = spans.asked_for("Waar blinkt Nederland in uit?")

    def sentence(text, start, score, coverage):
        return ScoredSentence(doc_id="d", start=start, end=start + len(text), sentence=text, paragraph=1, dense=score,
                              spans=[], hit_rank=1, score=score, coverage=coverage)

    best = sentence("Nederland is leidend in chipmachines.", 0, 0.864, 0.11)
    unrelated = sentence("Het land heeft het grootste marktaandeel.", 40, 0.861, 0.0)
    partly = sentence("Nederland heeft ook software.", 40, 0.861, 0.05)
    related = sentence("Nederland blinkt ook uit in software.", 40, 0.861, 0.2)
    answerer = ExtractiveAnswerer(index=SimpleNamespace(sentence_row={}))
    assert answerer.choose(asked, [best, unrelated])[1] == [best]
    assert answerer.choose(asked, [best, partly])[1] == [best]
    assert answerer.choose(asked, [best, related])[1] == [best, related]


def _scored(text, start, score, coverage, attributed=False, marked=False, **fields):
    from qa.answering.extractive import ScoredSentence

    return ScoredSentence(doc_id="d", start=start, end=start + len(text), sentence=text, paragraph=1, dense=score,
                          hit_rank=1, score=score, coverage=coverage, attributed=attributed, marked=marked,
                          **{"spans": [], **fields})


@pytest.mark.parametrize("question", ["Wat levert de samenwerking op voor ondernemers?",
                                      "Wat levert de samenwerking volgens Adriaansens op voor ondernemers?"])
def test_a_gain_is_looked_for_below_the_sentences_sharing_the_question_s_words(question):
    """The sentence saying what is gained shares few of the question's words ("ondernemers" are "startups, mkb'ers
    en grootbedrijven"), and ranks below those that do; of a speaker's words too."""
    from qa.answering.extractive import ExtractiveAnswerer

    asked = spans.asked_for(question)
    sharing = [_scored(f"De samenwerking met ondernemers is nummer {n}.", 50 * n, 0.9 - n / 100, 0.5, True)
               for n in range(12)]
    gain = _scored("Onze startups krijgen meer economische kansen.", 1000, 0.8, 0.0, True, marked=True)
    answerer = ExtractiveAnswerer(index=SimpleNamespace(sentence_row={}))
    assert answerer.choose(asked, [*sharing[:6], gain])[0] is gain
    assert answerer.choose(asked, [*sharing, gain])[0] is not gain  # not when it ranks too far down


def test_of_the_sentences_naming_the_person_asked_for_one_sharing_the_question_s_words_is_the_evidence():
    from qa.answering.extractive import ExtractiveAnswerer

    asked = spans.asked_for("Welke bewindsvrouw zette haar handtekening onder het akkoord?")
    meeting = _scored("Minister Adriaansens nam deel aan een bijeenkomst.", 0, 0.814, 0.0, spans=[(9, 20)])
    signing = _scored("Minister Adriaansens heeft de overeenkomst getekend.", 60, 0.795, 0.42, spans=[(9, 20)],
                      on_topic=True)
    answerer = ExtractiveAnswerer(index=SimpleNamespace(sentence_row={}))
    assert answerer.choose(asked, [meeting, signing])[0] is signing
    assert answerer.choose(asked, [meeting, signing], same_language=False)[0] is meeting  # lexicons are too thin
    far = dataclasses.replace(signing, score=0.70)
    assert answerer.choose(asked, [meeting, far])[0] is meeting  # not when it scores far below


@pytest.mark.parametrize("question, kind", [
    ("What is the purpose of the agreement Adriaansens signed?", "purpose"),
    ("Met welk doel sloten de landen het akkoord?", "purpose"),
    ("Waarom sloten de landen het akkoord?", spans.REASON),
])
def test_a_goal_is_looked_for_deeper_than_a_reason(question, kind):
    """A question naming its subject by what was done with it shares most words with the sentence telling that
    ("the agreement Adriaansens signed"): the goal is looked for among the best four, a reason's cue among two."""
    from qa.answering.extractive import ExtractiveAnswerer

    asked = spans.asked_for(question)
    assert asked.kind == kind
    signed = [_scored(f"Adriaansens tekende akkoord {n}.", 40 * n, 0.9 - n / 100, 0.6) for n in range(2)]
    goal = _scored("De overeenkomst moet samenwerking mogelijk maken.", 200, 0.75, 0.3, marked=True)
    answerer = ExtractiveAnswerer(index=SimpleNamespace(sentence_row={}))
    assert (answerer.choose(asked, [*signed, goal])[0] is goal) is (kind == "purpose")


def test_a_foreign_question_and_a_sentence_share_words_through_the_lexicon(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "kansen.txt": "Nederlandse bedrijven krijgen daardoor meer kansen op de Aziatische markt.\n\n"
                      "Het weer was gisteren zonnig en warm in de hele provincie.\n"})
    coverage = _coverage(pipeline, "Which companies get more opportunities?", word=0, lang="en")
    assert coverage["Nederlandse"] > 0.5  # companies ~ bedrijven, get ~ krijgen, opportunities ~ kansen
    assert coverage["Het"] == 0


def test_a_sentence_naming_its_subject_by_an_anaphor_shares_the_subjects_name(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "chips.txt": "Zuid-Korea investeert veel in chips. Het land heeft een groot marktaandeel.\n\n"
                     "Er wordt veel gebouwd. Het land heeft een klein marktaandeel.\n"})
    coverage = _coverage(pipeline, "Welk marktaandeel heeft Zuid-Korea?", word=-2)
    assert coverage["groot"] > coverage["klein"] > 0  # "het land" is Zuid-Korea only after a sentence naming it


@pytest.mark.parametrize("question, declined", [
    ("Wie is de grootste handelspartner van Zuid-Korea in de EU?", True),
    ("Who is South Korea's biggest trading partner in the EU?", True),
    ("Wat is een van de belangrijkste handelspartners van Zuid-Korea?", False),  # asks for one of them
    ("Is Nederland een handelspartner van Zuid-Korea?", False),  # asks for no top one
    ("Welk land hoort bij de belangrijkste handelspartners van Zuid-Korea?", False),  # one among them
    ("Binnen welk blok hoort Nederland bij de voornaamste handelspartners?", False),  # words between the verb
    ("The Netherlands is one of South Korea's most important partners in which bloc?", False),
])
def test_one_of_the_top_ones_does_not_say_which_is_the_top_one(question, declined):
    from qa.answering.extractive import ScoredSentence, _one_of_the_top

    sentence = "Nederland is voor Zuid-Korea één van de belangrijkste handelspartners in de EU."
    best = [ScoredSentence(doc_id="d", start=0, end=len(sentence), sentence=sentence, paragraph=1, dense=0.9,
                           spans=[], hit_rank=1)]
    assert bool(_one_of_the_top(question, best)) == declined


def test_an_anaphor_answers_for_what_it_refers_to_when_its_sentence_names_nothing_else(tmp_path, settings,
                                                                                    make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "chips.txt": "Zuid-Korea en Japan werken samen. Andersom staat het Aziatische land aan de top in onderzoek. "
                     "Het land heeft na de Verenigde Staten het grootste marktaandeel in chips.\n"})
    top = pipeline.ask("Welk land staat aan de top in onderzoek?")
    assert top.lead == "Japan"  # "het Aziatische land": the nearest country named before it
    largest = pipeline.ask("Welk land heeft het grootste marktaandeel in chips?")
    assert largest.lead == "Verenigde Staten"  # a sentence naming a country answers with it, not its anaphor
    for question in ("Welk land heeft het op één na grootste marktaandeel in chips?",
                     "Which country has the second-largest market share in chips?"):
        assert pipeline.ask(question).lead == "Japan"  # "het land", the one "na de Verenigde Staten", is second


def test_a_name_the_gazetteer_knows_is_mentioned_when_the_documents_use_another_of_its_names(seed_pipeline):
    answer = seed_pipeline.ask("Hoe belangrijk is ons land voor Zuid-Korea binnen de Europese Unie?")
    assert not answer.abstained  # the article says "EU"
    assert "EU" in answer.citations[0].sentence


@pytest.mark.parametrize("question", ["Why did King Willem-Alexander travel to Seoul?",
                                      "When did Adriaansens sign the agreement during her trip to Seoul?",
                                      "Waarom reisde de koning naar Seoul?"])
def test_a_city_the_documents_never_name_is_a_premise_they_cannot_confirm(seed_pipeline, question):
    answer = seed_pipeline.ask(question)  # in English too: the gazetteer knows the city's names
    assert answer.abstained and "Seoul" in answer.reason


@pytest.mark.parametrize("question", ["Was Queen Máxima present at the business event in Amsterdam?",
                                      "Was koningin Máxima aanwezig bij de bedrijvenbijeenkomst in Amsterdam?",
                                      "Did Prime Minister Rutte attend the meeting?"])
def test_a_person_named_by_title_the_documents_never_name_is_not_confirmed(seed_pipeline, question):
    answer = seed_pipeline.ask(question)  # even when the question's other names are all known (Amsterdam)
    assert answer.abstained and ("Máxima" in answer.reason or "Rutte" in answer.reason)
    assert not seed_pipeline.ask("Was King Willem-Alexander present at the business event?").abstained


def test_the_sentence_saying_most_of_an_open_question_is_not_held_back_by_its_chunks_rank(seed_pipeline):
    answer = seed_pipeline.ask("Which kinds of businesses does the minister say will get more economic opportunities?")
    assert [c.sentence for c in answer.citations if "startups" in c.sentence]  # its chunk ranks fifth
    ministry = seed_pipeline.ask("Which ministry does the Dutch signatory lead?")  # a span's holders: by their rules
    assert ministry.lead == "Economische Zaken en Klimaat" and "getekend" in ministry.citations[0].sentence


def test_an_open_answer_goes_on_in_the_next_sentence_that_points_back_to_it(seed_pipeline):
    answer = seed_pipeline.ask("How do digital technologies affect people's lives, according to the minister?")
    quoted = [c.sentence for c in answer.citations]
    assert any("invloed" in s for s in quoted) and any(s.startswith("Dat gaat over hoe we communiceren") for s in quoted)
    signed = seed_pipeline.ask("Who signed the agreement?")  # a short answer needs no going on
    assert len(signed.citations) == 1


def test_a_figure_of_something_else_does_not_answer_a_figure_question(seed_pipeline):
    trade = seed_pipeline.ask("How large is the annual trade volume between the Netherlands and South Korea?")
    assert trade.abstained  # the 4,5% shares only the countries: it is Korea's research spending
    assert seed_pipeline.ask("Hoeveel procent van het bbp besteedt Zuid-Korea aan onderzoek?").lead == "4,5%"


def test_a_sentence_holding_most_of_the_question_is_close_enough_whatever_its_cosine(seed_pipeline):
    from dataclasses import replace

    from qa.answering.extractive import AbstainPolicy, ExtractiveAnswerer

    question = "During what kind of visit was the deal signed?"
    strict = AbstainPolicy(min_dense=0.99, min_dense_cross_lingual=0.99)  # every cosine is too low
    answerer = ExtractiveAnswerer(seed_pipeline.index, policy=strict)
    retriever = seed_pipeline.retriever()
    vector = seed_pipeline.embedder.embed_queries([question])[0]
    hits = retriever.search(question, 5, "hybrid", vector)
    assert not answerer.answer(question, question, hits, "en", vector).abstained  # most of its words are there
    never = ExtractiveAnswerer(seed_pipeline.index, policy=replace(strict, covered=1.01))
    assert never.answer(question, question, hits, "en", vector).reason.startswith("no sentence close enough")


def test_a_span_in_a_sentence_about_something_else_does_not_answer(seed_pipeline):
    declined = seed_pipeline.ask("In which city was the agreement signed?")
    assert declined.abstained  # the signing sentence names no city; Amsterdam is where the business meeting was
    assert "names no place" in declined.reason
    assert seed_pipeline.ask("In which city was the business meeting held?").lead == "Amsterdam"
    # the Korean minister stands in the meeting's sentence, which says little of what the signing sentence says
    assert seed_pipeline.ask("Who signed the agreement on behalf of South Korea?").abstained
    assert seed_pipeline.ask("Who signed on behalf of South Korea?").abstained  # (the meeting shares 0.54 / 0.91)
    assert seed_pipeline.ask("Which South Korean minister signed the agreement on behalf of South Korea?").abstained
    assert seed_pipeline.ask("Who signed the agreement on behalf of the Netherlands?").lead == "Micky Adriaansens"
    # the sentence naming a person the question's qualifier describes ("Korean") is the one to check, as the
    # answer would come from it, not the signing sentence naming a minister of another country
    declined = seed_pipeline.ask("Welke Koreaanse minister ondertekende het akkoord?")
    assert declined.abstained and "names no minister" in declined.reason
    assert seed_pipeline.ask("Which South Korean minister was at the business meeting?").lead == "Ahn Duk-geun"
    # unless the best sentence names the same one ("president Yoon" beside "Zuid-Koreaanse president Yoon Suk-yeol")
    assert seed_pipeline.ask("What is the name of the Korean president who visited?").lead == "Yoon Suk-yeol"
    # "akkoord ondertekend" is "overeenkomst getekend" (synonyms through the lexicon); "stad" is what is asked
    assert seed_pipeline.ask("In welke stad werd het akkoord ondertekend?").abstained


def test_an_occasion_is_looked_for_below_the_best_sentences_when_its_sentence_holds_the_question(seed_pipeline):
    answer = seed_pipeline.ask("Bij welke gelegenheid is de afspraak ondertekend?")
    assert "staatsbezoek" in answer.lead


def test_a_language_asked_for_is_no_name_the_documents_must_mention(seed_pipeline):
    answer = seed_pipeline.ask("Met welke Engelse term wordt het digitaliseren van de maakindustrie aangeduid?")
    assert answer.lead == "smart industry"  # the article never says "Engelse"; the question asks for that term


def test_a_near_sentence_holding_the_asked_span_answers_before_one_holding_none(seed_pipeline):
    # "Zo kunnen beide landen ..." and the companies' sentence name no country; the agreement's sentence does
    answer = seed_pipeline.ask("Met welk land gaat Nederland intensiever samenwerken op digitaal gebied?")
    assert answer.lead == "Zuid-Korea"


def test_a_country_the_question_names_is_not_the_country_it_asks_for(seed_pipeline):
    # "Het land heeft na de Verenigde Staten ...": the US are named by the question; "het land" is Zuid-Korea
    assert seed_pipeline.ask("which country has 2nd bigest chip market share after the us").lead == "Zuid-Korea"
    assert seed_pipeline.ask("What does AI stand for?").lead == "kunstmatige intelligentie"  # the same thing, asked


def test_a_heading_that_ends_the_best_chunk_brings_the_section_it_names(tmp_path, settings, make_pipeline):
    """The chunk holding "Voorwaarden klacht indienen" ends there; the conditions follow in the next chunk, which
    is not retrieved: the sentences after the heading are read with it."""
    pipeline = _corpus(tmp_path, settings.replace(top_k=1), make_pipeline, {
        "ombudsman.txt": "U kunt uw klacht schriftelijk of elektronisch indienen bij de Nationale ombudsman. Uw klacht "
                         "moet wel aan een aantal voorwaarden voldoen.\n\nVoorwaarden klacht indienen Nationale "
                         "ombudsman\n\nU kunt een klacht indienen bij de Nationale ombudsman als u eerst zelf bij de "
                         "overheidsinstantie heeft geklaagd. De ombudsman is onafhankelijk en wordt benoemd door de "
                         "Tweede Kamer voor een periode van zes jaar. Hij doet jaarlijks verslag van zijn werk.\n"})
    answer = pipeline.ask("Onder welke voorwaarden kan ik een klacht indienen bij de Nationale ombudsman?")
    assert "als u eerst zelf bij de overheidsinstantie heeft geklaagd" in answer.citations[0].sentence


def test_a_condition_posed_as_a_question_is_cited_with_the_answer_that_follows(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {
        "asbus.txt": "Na de crematie wordt de asbus 30 dagen bewaard.\n\n"
                     "Wilt u de asbus meteen meenemen naar het buitenland? Dan moet u de officier van justitie om "
                     "ontheffing vragen. Dat kan per brief.\n"})
    answer = pipeline.ask("Wanneer moet ik de officier van justitie om ontheffing vragen?")
    cited = [c.sentence for c in answer.citations]
    assert "Wilt u de asbus meteen meenemen naar het buitenland?" in cited  # the condition
    assert any(s.startswith("Dan moet u") for s in cited)  # and what follows from it
    assert not any(s.startswith("Dat kan") for s in cited)


def test_a_clause_set_aside_without_its_comma_ends_where_the_question_proper_starts():
    clean = spans.asked_for("Apart from digital tech, in what other areas do they want to cooperate?")
    typed = spans.asked_for("apart from digital tech in what other areas do they want to cooperate")
    assert (typed.kind, typed.terms) == (clean.kind, clean.terms) == (spans.LIST, ("other", "areas", "cooperate"))
    assert spans.asked_for("Apart from the king who else was there?").excluded_roles == {"king"}


@pytest.mark.parametrize("question, lead", [
    ("Apart from nuclear power, what kind of energy do the two governments want to cooperate on?",
     "koolstofvrije energie"),  # the thing set aside is no answer, in another language too
    ("Besides digital technologies, which other areas do the Netherlands and South Korea want to cooperate on?",
     "kernenergie"),  # nor are its members ("digitale technologieën als kunstmatige intelligentie, ...")
    ("Naast digitale technologieën, op welke andere terreinen willen de landen samenwerken?", "kernenergie"),
])
def test_what_a_question_sets_aside_is_not_its_answer(seed_pipeline, question, lead):
    answer = seed_pipeline.ask(question)
    assert answer.lead.startswith(lead), answer.lead


def test_a_follow_up_that_sets_the_previous_answer_aside_looks_for_a_sentence_with_something_else(seed_pipeline):
    conversation = Conversation()
    first = seed_pipeline.ask("Which digital technologies are the Netherlands and South Korea going to develop "
                              "together?", conversation)
    assert "kunstmatige intelligentie" in first.lead
    answer = seed_pipeline.ask("And apart from those, what other areas did they agree to work on?", conversation)
    assert "kernenergie" in answer.lead and "kunstmatige intelligentie" not in answer.lead


@pytest.mark.parametrize("question, lead", [
    ("In welke Nederlandse stad kwamen ondernemers uit beide landen samen?", "Amsterdam"),  # an adjective before "stad"
    ("In which Dutch city did the business meeting take place?", "Amsterdam"),
    ("Welke vorst woonde de bedrijvenbijeenkomst bij?", "Willem-Alexander"),  # a monarch is of the royal group
    ("Which monarch attended the business meeting?", "Willem-Alexander"),
])
def test_typed_questions_with_a_qualifier_or_another_noun_for_the_type(seed_pipeline, question, lead):
    assert seed_pipeline.ask(question).lead == lead


def test_a_group_asked_for_and_a_name_set_aside_are_not_what_the_question_is_about(seed_pipeline):
    """"head of state" is the type's to check, and "Yoon" is set aside: neither makes the signing sentence (which
    names neither group member nor anyone else of it) the one the question is about."""
    conversation = Conversation()
    seed_pipeline.ask("Which South Korean president came to the Netherlands?", conversation)
    answer = seed_pipeline.ask("Apart from him, which head of state was there?", conversation)
    assert answer.lead == "Willem-Alexander"


def test_makers_are_companies_and_a_sentence_naming_none_does_not_answer(seed_pipeline):
    assert spans.asked_for("Welke Zuid-Koreaanse chipfabrikanten waren aanwezig?").company
    assert seed_pipeline.ask("Welke Zuid-Koreaanse chipfabrikanten waren aanwezig bij de bijeenkomst in "
                             "Amsterdam?").abstained
    assert seed_pipeline.ask("Which Korean chipmakers attended the meeting in Amsterdam?").abstained


def test_the_inhabitants_of_a_country_are_a_name_of_it(seed_pipeline):
    """"de Zuid-Koreanen" are not a name the article lacks: it writes "Zuid-Korea"."""
    assert seed_pipeline.ask("Welk deel van hun bbp steken de Zuid-Koreanen in R&D?").lead == "4,5%"


def test_a_sentence_sharing_no_word_with_the_question_does_not_answer_it(seed_pipeline):
    """The building of the meeting is not given; "in Zuid-Korea" stands in a sentence about chips, which shares
    none of the question's words while the meeting's sentence shares some."""
    assert seed_pipeline.ask("In welk gebouw in Amsterdam vond de bedrijvenbijeenkomst plaats?").abstained


@pytest.mark.parametrize("question, declined", [
    ("What is the capital of South Korea?", True),  # no sentence names a capital
    ("Wat is de hoofdstad van Zuid-Korea?", True),
    ("What is the population of South Korea?", True),
    ("Wat is het marktaandeel van Zuid-Korea?", False),  # "marktaandeel" is in the sentence
    ("Wat is de rol van Nederland daarin?", False),  # a role is what Nederland does: the sentence need not say "rol"
    # with words before the attribute, and of two things
    ("What is the annual trade volume between the Netherlands and South Korea?", True),
    ("Wat is het jaarlijkse handelsvolume tussen Nederland en Zuid-Korea?", True),
    # a difference is what the sentences say of both, not a value that must be named
    ("Wat is het verschil tussen de rol van Nederland en die van Zuid-Korea in de chipindustrie?", False),
])
def test_an_attribute_asked_of_something_must_be_named_by_the_answer(seed_pipeline, question, declined):
    answer = seed_pipeline.ask(question)
    assert answer.abstained is declined
    if declined:
        assert answer.reason.startswith("the best passages do not name the")


def test_a_ministers_portfolio_is_no_university_or_company(seed_pipeline):
    assert seed_pipeline.ask("Which Dutch university signed the agreement?").abstained  # "(Economische Zaken ...)"
    assert seed_pipeline.ask("Welk ministerie leidt Adriaansens?").lead == "Economische Zaken en Klimaat"


def test_a_persons_country_comes_from_a_sentence_naming_it_with_them(seed_pipeline):
    # the business meeting's "president Yoon" names no country; the signing sentence's "Zuid-Koreaanse president" does
    assert seed_pipeline.ask("Van welk land is Yoon president?").lead == "Zuid-Korea"
    assert spans.asked_for("Van welk land is Yoon president?").span_required
    assert not spans.asked_for("Which country did Yoon visit?").span_required


@pytest.mark.parametrize("question, cited, lead", [
    # the reason on the topic of the clause, not the minister's general praise that shares "interessant"
    ("Waarom is Zuid-Korea een logische partner als het om chips gaat?", "chipproductie", ""),
    # a ranked sentence pointing back to the topic ("hierin") stays first
    ("Welk land gaat Zuid-Korea nog voor als het om de wereldwijde productie van chips gaat?", "hierin",
     "Verenigde Staten"),
])
def test_a_topic_clause_prefers_a_sentence_on_that_topic(seed_pipeline, question, cited, lead):
    answer = seed_pipeline.ask(question)
    assert any(cited in c.sentence for c in answer.citations), [c.sentence for c in answer.citations]
    assert answer.lead == lead


LAW = ("# Wet op de buurthulp\n\n## Artikel 1\n\nIn deze wet wordt verstaan onder: a. Onze Minister: Onze Minister van "
       "Binnenlandse Zaken; b. buurthulp: onbetaalde hulp die een bewoner een andere bewoner van dezelfde wijk "
       "verleent; c. wijk: een deel van een gemeente dat de gemeenteraad als wijk aanwijst.\n\n"
       "## Artikel 2\n\nDe gemeente bevordert buurthulp. Buurthulp in de wijk wordt jaarlijks door de gemeente "
       "gemeten en buurthulp wordt in het wijkplan beschreven.\n\n"
       "## Artikel 3\n\nDe gemeente vergoedt kosten van buurthulp tot een bedrag van € 500 per jaar. Wie buurthulp "
       "verleent, meldt de buurthulp bij de gemeente.\n")


@pytest.mark.parametrize("question, lang", [("Wat wordt in de Wet op de buurthulp verstaan onder buurthulp?", "nl"),
                                            ("What is meant by 'buurthulp' in this law?", "en")])
def test_a_definition_question_is_answered_by_the_definition_even_where_retrieval_misses_it(
        tmp_path, settings, make_pipeline, question, lang):
    from qa.answering.extractive import ExtractiveAnswerer

    pipeline = _corpus(tmp_path, settings.replace(section_chunk_chars=250), make_pipeline, {"buurthulp.md": LAW})
    pipeline.open()
    # retrieved: only the other articles (not the definitions, nor the heading that leads into them)
    hits = [hit for hit in pipeline.search(question, 4) if "Artikel 1" not in hit.chunk.text
            and "b. buurthulp:" not in hit.chunk.text]
    assert hits
    vector = pipeline.embedder.embed_queries([question])[0]
    answer = ExtractiveAnswerer(pipeline.index).answer(question, question, hits, lang, vector)
    assert answer.lead == "onbetaalde hulp die een bewoner een andere bewoner van dezelfde wijk verleent"
    assert any("b. buurthulp:" in c.sentence for c in answer.citations)
    assert pipeline.ask(question).lead == answer.lead  # and the same through the pipeline


def test_a_question_that_only_uses_a_defined_term_is_no_definition_question():
    assert spans.question_type("Hoeveel vergoedt de gemeente voor buurthulp?") != "definition"
    assert spans.question_type("Wat betekent het akkoord voor Nederlandse bedrijven?") != "definition"


def test_a_when_question_is_answered_by_the_date_before_a_condition_stated_next_to_it(tmp_path, settings,
                                                                                       make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"verkiezing.md": (
        "Kandidaten\n\nUiterlijk 2 weken voor de verkiezing krijgt u een overzicht met alle partijen en kandidaten "
        "thuisgestuurd. Dan kunt u alvast kijken op wie u wilt stemmen.\n")})
    answer = pipeline.ask("Wanneer krijg ik de lijst met alle partijen en kandidaten thuis?")
    assert answer.lead == "2 weken"
    assert answer.citations[0].sentence.startswith("Uiterlijk 2 weken")


def test_a_sentence_naming_by_demonstrative_shares_the_words_of_the_one_before(seed_pipeline):
    # "heeft deze overeenkomst getekend": the agreement on digital cooperation the sentence before describes
    answer = seed_pipeline.ask("Op welk moment werd het akkoord over digitale samenwerking ondertekend?")
    assert not answer.abstained
    assert "staatsbezoek" in answer.lead


@pytest.mark.parametrize("question", ["How will working together benefit Dutch companies, according to Adriaansens?",
                                      "Hoe profiteren Nederlandse bedrijven volgens Adriaansens van de samenwerking?"])
def test_the_rest_of_a_quote_cut_by_chunking_answers_a_question_about_its_speaker(seed_pipeline, question):
    answer = seed_pipeline.ask(question)
    assert not answer.abstained
    assert any("startups" in c.sentence for c in answer.citations), [c.sentence for c in answer.citations]



def test_a_sentence_about_people_of_another_age_than_the_question_gives_is_penalised(tmp_path, settings,
                                                                                      make_pipeline):
    from qa.answering.extractive import ExtractiveAnswerer, SentenceWeights

    pipeline = _corpus(tmp_path, settings, make_pipeline, {"id.md": (
        "# Geldigheid van de identiteitskaart\n\n"
        "Vanaf 18 jaar is een identiteitskaart 10 jaar geldig. "
        "Voor personen jonger dan 18 jaar blijft een identiteitskaart 5 jaar geldig.\n")})

    def ranked(question, other_age):
        answerer = ExtractiveAnswerer(pipeline.index, weights=SentenceWeights(other_age=other_age))
        scored = answerer.score_sentences(question, spans.asked_for(question), pipeline.search(question),
                                          pipeline.embedder.embed_queries([question])[0])
        return [(s.sentence[:20], s.score) for s in scored]

    child = "Hoe lang is de identiteitskaart van mijn zoon van 15 geldig?"
    flat, penalised = dict(ranked(child, 0.0)), ranked(child, 0.1)
    assert penalised[0][0] == "Voor personen jonger"
    for opening, score in penalised:
        assert score == pytest.approx(flat[opening] - (0.1 if opening == "Vanaf 18 jaar is een" else 0.0))
    assert ranked("Ik ben 40. Hoe lang is mijn identiteitskaart geldig?", 0.1)[0][0] == "Vanaf 18 jaar is een"


@pytest.mark.parametrize("first, follow_up", [
    ("Welk land heeft het grootste marktaandeel in chips?", "En welk land komt daarna?"),
    ("Which country has the largest market share in chips?", "And which country comes next?"),
])
def test_what_comes_next_after_a_ranking_asks_for_the_second_place(seed_pipeline, first, follow_up):
    assert _ask(seed_pipeline, first).lead == "Verenigde Staten"
    assert _ask(seed_pipeline, follow_up, history=(first,)).lead == "Zuid-Korea"


@pytest.mark.parametrize("question", [
    "Apart from carbon-free energy, which energy source is named as an area of cooperation?",
    "apart from carbon-free energy which energy source is named as an area of cooperaton",
])
def test_a_sentence_naming_what_the_question_sets_aside_is_the_list_it_picks_from(seed_pipeline, question):
    answer = _ask(seed_pipeline, question)
    assert not answer.abstained, answer.reason
    assert any("kernenergie" in c.sentence for c in answer.citations)


@pytest.mark.parametrize("question", ["How are both countries supposed to stay ahead economically and scientifically?",
                                      "Hoe moeten beide landen economisch en wetenschappelijk voorop blijven lopen?"])
def test_an_open_answer_opening_with_a_consequence_is_cited_with_what_it_follows_from(seed_pipeline, question):
    cited = [c.sentence for c in _ask(seed_pipeline, question).citations]
    assert any(s.startswith("Zo kunnen beide landen") for s in cited)
    assert any(s.startswith("De overeenkomst moet meer samenwerking") for s in cited), cited


def test_an_answer_saying_hierin_is_cited_with_the_sentence_that_names_what_it_is_about(seed_pipeline):
    cited = [c.sentence for c in _ask(seed_pipeline, "In welke sector heeft Zuid-Korea na Amerika het grootste "
                                                     "marktaandeel?").citations]
    assert any("hierin het grootste mondiale marktaandeel" in s for s in cited)
    assert any("chipproductie" in s for s in cited), cited  # what "hierin" points back to


@pytest.mark.parametrize("question", ["Waar staat EZK voor?", "What does EZK stand for?"])
def test_an_abbreviation_is_spelled_out_by_the_name_its_initials_make(seed_pipeline, question):
    # the article writes "minister Adriaansens (EZK)" and, elsewhere, "(Economische Zaken en Klimaat)"
    assert _ask(seed_pipeline, question).lead == "Economische Zaken en Klimaat"


def test_an_abbreviation_spelled_out_in_a_question_of_the_text_is_answered_there(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"uittreksel.md": (
        "# Uittreksel aanvragen\n\n"
        "Wilt u weten wat er over u in de Registratie Niet-ingezetenen (RNI) staat? "
        "Elke gemeente met een RNI-loket helpt u verder. "
        "Het uittreksel kost geld.\n")})
    answer = _ask(pipeline, "What does RNI stand for?")
    assert answer.lead == "Registratie Niet-ingezetenen"
    assert answer.citations[0].sentence.startswith("Wilt u weten")


def test_a_list_question_is_answered_by_a_near_sentence_holding_a_list(seed_pipeline):
    # the signing sentence scores a little higher but lists nothing
    answer = _ask(seed_pipeline, "Which generations of mobile communication technology are covered by the agreement?")
    assert "5G en 6G" in answer.lead


@pytest.mark.parametrize("question, lead", [
    ("Which head of state attended the business meeting together with the Dutch king?", "Yoon"),
    # a role the set-aside clause gives with a name sets aside that person only, not every minister
    ("Who took part in the business meeting together with minister Adriaansens?", "Ahn Duk-geun"),
])
def test_together_with_sets_aside_whom_it_names(seed_pipeline, question, lead):
    assert _ask(seed_pipeline, question).lead == lead


@pytest.mark.parametrize("question, roles", [
    ("Who took part apart from the ministers?", {"minister"}),
    ("Wie was er behalve de minister?", {"minister"}),
    ("Who took part apart from minister Adriaansens?", set()),  # the one minister named, not her role
    ("Wie was er behalve minister Adriaansens?", set()),
])
def test_a_set_aside_role_with_a_name_sets_aside_only_that_person(question, roles):
    assert spans.asked_for(question).excluded_roles == roles


@pytest.mark.parametrize("question", [
    "Why, according to the minister, do digital technologies matter for ordinary people's lives?",  # a reason
    "Welke aspecten van ons leven raken digitale technologieën volgens de minister",  # a list without one
])
def test_an_answer_without_a_lead_is_cited_with_the_next_sentence_explaining_it(seed_pipeline, question):
    # "Die zijn immers van steeds grotere invloed ..." goes on: "Dat gaat over hoe we communiceren, leven ..."; the
    # second sentence comes from a lower-ranked chunk, which does not count against it
    cited = [c.sentence for c in _ask(seed_pipeline, question).citations]
    assert any(s.startswith("Die zijn immers") for s in cited)
    assert any(s.startswith("Dat gaat over hoe we communiceren") for s in cited), cited


def test_after_a_typed_answer_only_a_sentence_explaining_it_is_cited(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"wet.md": (
        "# De inlichtingenwet\n\n"
        "De diensten mogen telefoongesprekken aftappen als de minister toestemming geeft. "
        "Deze diensten werken ook samen met buitenlandse diensten.\n")})
    cited = [c.sentence for c in _ask(pipeline, "Wanneer mogen de diensten gesprekken aftappen?").citations]
    assert cited == ["De diensten mogen telefoongesprekken aftappen als de minister toestemming geeft."]


def test_a_body_named_by_a_defined_term_is_led_with_its_meaning(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"wet.md": (
        "# Beginselenwet\n\n"
        "Artikel 1. In deze wet wordt verstaan onder: a. directeur: de directeur van een inrichting; "
        "b. Raad: de Raad voor strafrechtstoepassing en jeugdbescherming.\n\n"
        "Artikel 73. De Raad behandelt de beroepschriften van gedetineerden.\n")})
    assert _ask(pipeline, "Welke instantie behandelt beroepschriften van gedetineerden?").lead == \
        "De Raad (de Raad voor strafrechtstoepassing en jeugdbescherming)"


def test_a_sentence_saying_how_often_answers_a_frequency_question(tmp_path, settings, make_pipeline):
    pipeline = _corpus(tmp_path, settings, make_pipeline, {"verkiezingen.md": (
        "# Gemeenteraadsverkiezingen\n\n"
        "Bij de gemeenteraadsverkiezingen kiest u de leden van de gemeenteraad in uw gemeente. "
        "De gemeenteraad beslist over plannen en regels in de gemeente. "
        "De verkiezingen voor de gemeenteraad zijn elke 4 jaar.\n")})
    for question in ("Hoe vaak zijn er gemeenteraadsverkiezingen?", "How often are municipal elections held?"):
        answer = _ask(pipeline, question)
        assert answer.lead == "elke 4 jaar", (question, answer.text)
