"""Answer types as plug-ins: the registry, and the types added with it (slot, when, condition, reason)."""
from __future__ import annotations

import pytest

from qa.answering import spans, types
from qa.answering.types import AnswerType

SIGNED = ("Minister Micky Adriaansens (Economische Zaken en Klimaat) heeft deze overeenkomst getekend tijdens het "
          "staatsbezoek van de Zuid-Koreaanse president Yoon Suk-yeol aan Nederland.")
LEADING = ("Nederland is leidend in technologie voor halfgeleiderproductiemachines, terwijl de chipproductie zelf één "
           "van de belangrijkste economische activiteiten in Zuid-Korea is.")
FIELDS = ("Nederland en Zuid-Korea werken samen aan kunstmatige intelligentie, quantum en digitalisering van de "
          "maakindustrie (smart industry).")
FAST = "En door samen te werken, kunnen ze meegaan met alle razendsnelle ontwikkelingen wereldwijd."
THEMES = ("Minister Adriaansens nam deel aan een grote bedrijvenbijeenkomst in Amsterdam met deelnemers uit beide "
          "landen over thema’s als verduurzaming & innovatie, energietransitie en halfgeleiders.")


def filled(question: str, sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in spans.answer_spans(spans.asked_for(question), sentence)]


def test_types_are_tried_in_priority_order():
    names = [t.name for t in types.registered()]
    assert names.index("condition") < names.index("when") < names.index("slot")  # specific before general
    assert names[-1] == "slot"


def test_a_new_type_is_a_class_and_a_register_call():
    class Colour(AnswerType):
        name = "colour"
        span_required = True

        def asks(self, question):
            return "kleur" in question.lower()

        def find(self, sentence, asked=None):
            return [(i, i + 4) for i in range(len(sentence)) if sentence.startswith("rood", i)]

    types.register(Colour(), before="slot")
    try:
        assert spans.question_type("Welke kleur heeft de vlag?") == "colour"
        assert filled("Welke kleur heeft de vlag?", "De vlag is rood.") == ["rood"]
        assert spans.asked_for("Welke kleur heeft de vlag?").span_required
    finally:
        types._REGISTRY[:] = [t for t in types._REGISTRY if t.name != "colour"]
    assert spans.question_type("Welke kleur heeft de vlag?") == spans.SLOT


@pytest.mark.parametrize("question, sentence, expected", [
    ("Waarin is Nederland leidend?", LEADING, ["technologie voor halfgeleiderproductiemachines"]),  # prepositional
    ("Waar is Nederland in leidend?", LEADING, ["technologie voor halfgeleiderproductiemachines"]),  # "waar ... in"
    # a synonym through the lexicon aligns: "koploper" and "leidend" are both "leading"
    ("Waar is Nederland koploper in?", LEADING, ["technologie voor halfgeleiderproductiemachines"]),
    ("South Korea is among the world's top investors in what?",  # the "s" of "world's" has no synonyms to align:
     "Andersom staat het Aziatische land wereldwijd aan de top qua publieke en private investeringen in onderzoek "
     "en ontwikkeling met 4,5% van het bruto binnenlands product.", []),  # no "ontwikkeling met 4,5% ..." cut
    ("Wat is een van de belangrijkste economische activiteiten in Zuid-Korea?", LEADING, ["chipproductie"]),  # copula
    ("What is one of South Korea's main economic activities?", LEADING, ["chipproductie"]),  # through the lexicon
    ("What is the Netherlands a leader in?", LEADING, ["technologie voor halfgeleiderproductiemachines"]),
    ("Between which parties should the agreement enable cooperation?",  # after "tussen", through the lexicon
     "De overeenkomst moet samenwerking mogelijk maken tussen Nederlandse en Zuid-Koreaanse bedrijven, "
     "kennisinstellingen en overheden op het gebied van digitalisering.",
     ["Nederlandse en Zuid-Koreaanse bedrijven, kennisinstellingen en overheden op het gebied van digitalisering"]),
    ("Tussen welke partijen moet de overeenkomst samenwerking mogelijk maken?",  # a long run ends before a preposition
     "De overeenkomst moet samenwerking mogelijk maken tussen Nederlandse en Zuid-Koreaanse bedrijven, "
     "kennisinstellingen, overheden en burgers op het gebied van digitalisering.",
     ["Nederlandse en Zuid-Koreaanse bedrijven, kennisinstellingen, overheden en burgers"]),
    ("Met welke ontwikkelingen kunnen ze meegaan?", FAST, ["alle razendsnelle ontwikkelingen wereldwijd"]),  # the noun asked
    ("Hoe wordt de digitalisering van de maakindustrie genoemd?", FIELDS, ["smart industry"]),  # alias in brackets
    ("Wat heeft de minister getekend?", SIGNED, []),  # the object stands between the question's words: no guess
    ("Wat is het doel?", LEADING, []),  # nothing aligns
    ("Op welke gebieden werken Nederland en Zuid-Korea samen?", LEADING, []),  # only names align: no guess
    ("Aan welke technologieën gaan de landen samenwerken?",
     "Zo kunnen beide landen op economisch en wetenschappelijk gebied voorop blijven lopen.", []),  # one word of three
    ("Wat is Nederland voor Zuid-Korea?", "Nederland is voor Zuid-Korea een handelspartner in de EU.",
     ["handelspartner in de EU"]),  # a question about names only is answered by what follows them
    ("What is smart industry?", FIELDS, ["digitalisering van de maakindustrie"]),  # the words the bracket glosses
    ("Wat is 5G?", "Ze werken samen aan AI, mobiele communicatie toepassingen (5G en 6G) en quantum.",
     ["mobiele communicatie toepassingen"]),  # not "6G", the other item in the bracket
    ("Wat is EZK?", "Minister Adriaansens (EZK) nam deel aan een bedrijvenbijeenkomst.", []),  # a name's bracket
    ("Waarover ging de bedrijvenbijeenkomst?", THEMES,  # what follows the question's preposition, not "Amsterdam"
     ["thema’s als verduurzaming & innovatie, energietransitie en halfgeleiders"]),
    ("Waarmee kunnen de landen voorop blijven lopen?", "De landen kunnen voorop blijven lopen in Europa met AI.",
     ["AI"]),  # "waarmee" asks "met wat"
    ("Waarin is Zuid-Korea sterk?", "Het sterk innovatieve karakter van Zuid-Korea maakt het interessant.", []),
    ("Wat is quantum?", "Ze werken samen aan AI, mobiele communicatie, quantum en digitalisering.", []),  # a list item
])
def test_the_slot_is_the_phrase_the_question_leaves_open(question, sentence, expected):
    assert filled(question, sentence) == expected


VISITED = ("Andersom staat het Aziatische land wereldwijd aan de top qua publieke en private investeringen in "
           "onderzoek en ontwikkeling met 4,5% van het bruto binnenlands product.")
PARTNER = "Nederland is voor Zuid-Korea één van de belangrijkste handelspartners in de EU."
MEETING = ("In aanwezigheid van Koning Willem-Alexander en president Yoon namen minister Adriaansens (EZK) en haar "
           "Zuid-Koreaanse ambtsgenoot Ahn Duk-geun (Handel, Industrie en Energie) deel aan een bedrijvenbijeenkomst.")


@pytest.mark.parametrize("question, sentence, expected", [
    ("Tijdens welke gelegenheid is de overeenkomst getekend?", SIGNED,
     ["het staatsbezoek van de Zuid-Koreaanse president Yoon Suk-yeol aan Nederland"]),
    ("On what occasion was the agreement signed?", SIGNED,
     ["het staatsbezoek van de Zuid-Koreaanse president Yoon Suk-yeol aan Nederland"]),  # across languages too
    ("And during whose state visit?", SIGNED,
     ["het staatsbezoek van de Zuid-Koreaanse president Yoon Suk-yeol aan Nederland"]),
    ("Bij welke gelegenheid werd het getekend?", LEADING, []),  # no "tijdens": no occasion
])
def test_an_occasion_is_the_phrase_after_during(question, sentence, expected):
    assert spans.question_type(question) == "occasion"
    assert spans.asked_for(question).span_required  # a sentence naming no occasion does not say
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Hoe belangrijk is Nederland als handelspartner voor Zuid-Korea?", PARTNER,
     ["één van de belangrijkste handelspartners in de EU"]),  # repeats the question's word: still the answer
    ("How does Seoul rank the Netherlands among its trading partners?", PARTNER,
     ["één van de belangrijkste handelspartners in de EU"]),
    ("Op welke plaats staat Zuid-Korea qua marktaandeel?",
     "Het land heeft na de Verenigde Staten hierin het grootste mondiale marktaandeel.",
     ["na de Verenigde Staten hierin het grootste mondiale marktaandeel"]),
    ("How does South Korea rank in spending on research?", VISITED, ["aan de top"]),  # too long a clause: the rank
    ("Welke plek neemt Zuid-Korea in?", "Nederland is leidend in technologie.", []),
])
def test_a_degree_is_the_rank_or_superlative_phrase(question, sentence, expected):
    assert spans.question_type(question) == "degree"
    assert filled(question, sentence) == expected


def test_a_degree_of_something_inside_the_asked_entity_is_not_its_degree():
    from qa.answering.extractive import _inside_asked
    asked = spans.asked_for("Welke plek neemt Korea wereldwijd in?")
    span = filled("Welke plek neemt Korea wereldwijd in?", LEADING)
    assert span == ["één van de belangrijkste economische activiteiten in Zuid-Korea is"]
    start = LEADING.index(span[0])
    assert _inside_asked(LEADING, (start, start + len(span[0])), asked.entities)
    start = PARTNER.index("één")
    assert not _inside_asked(PARTNER, (start, len(PARTNER) - 1), spans.asked_for("Hoe belangrijk is Zuid-Korea?").entities)


@pytest.mark.parametrize("question, expected", [
    ("Welk departement heeft de Koreaanse collega van de Nederlandse bewindsvrouw onder zich?",
     "Handel, Industrie en Energie"),  # the qualifier picks the person whose bracket it is
    ("What portfolio does Adriaansens' Korean counterpart hold?", "Handel, Industrie en Energie"),  # not the possessor
    ("What is Ahn Duk-geun's portfolio?", "Handel, Industrie en Energie"),
    ("Welke post heeft minister Adriaansens?", "EZK"),
])
def test_a_portfolio_is_the_bracket_of_the_person_asked_about(question, expected):
    from qa.answering.extractive import ScoredSentence, pick_span
    asked = spans.asked_for(question)
    assert asked.kind == spans.ORGANISATION
    found = spans.answer_spans(asked, MEETING)
    best = ScoredSentence(doc_id="d", start=0, end=len(MEETING), sentence=MEETING, paragraph=1, dense=0.9,
                          spans=found, hit_rank=1)
    assert MEETING[slice(*pick_span(best, question, asked))] == expected


@pytest.mark.parametrize("question", ["Which political party does Micky Adriaansens belong to?",
                                      "Tot welke partij behoort minister Adriaansens?"])
def test_a_portfolio_in_brackets_is_no_party(question):
    assert filled(question, SIGNED) == []
    assert filled(question, "Kamerlid Pieter Omtzigt (NSC) stelde vragen.") == ["NSC"]  # a bracket with no ministry


def test_across_languages_the_slot_aligns_by_cognates_only():
    asked = spans.asked_for("In which technology is the Netherlands leading?")  # "technology" ~ "technologie"
    found = spans.answer_spans(asked, LEADING, same_language=False)
    assert [LEADING[a:b] for a, b in found] == ["halfgeleiderproductiemachines"]
    asked = spans.asked_for("What do the two countries want to encourage?")  # no word of it aligns
    assert spans.answer_spans(asked, LEADING, same_language=False) == []


@pytest.mark.parametrize("question, kind", [
    ("Wanneer wordt een rijbewijs ongeldig verklaard?", spans.WHEN),
    ("When was the agreement signed?", spans.WHEN),
    ("Op welk moment werd het akkoord ondertekend?", spans.WHEN),  # a moment is a time or an occasion
    ("At what point can I object?", spans.WHEN),
    ("In welk jaar werd het getekend?", spans.DATE),
    ("In welke gevallen mag ik iemand machtigen?", spans.CONDITION),
    ("Under what conditions can I vote by proxy?", spans.CONDITION),
    ("Waarom werken de landen samen?", spans.REASON),
    ("What is the aim of the agreement?", "purpose"),
    ("What does the agreement aim for?", "purpose"),
    ("What do the two countries hope to achieve with the deal?", "purpose"),
    ("Wat beoogt de overeenkomst?", "purpose"),
    ("Wat willen beide landen met de overeenkomst bereiken?", "purpose"),
    ("Waar is de samenwerking op gericht?", "purpose"),
    ("Wat is de uiterste termijn voor de begrafenis?", "duration"),
    ("What is the earliest a body can be cremated after death?", "duration"),
    ("What is the time limit for an objection?", "duration"),
    ("Welke Aziatische natie staat bovenaan?", "country"),
    ("What is the share of GDP that Korea invests in research?", "percent"),  # not an attribute it must name
    ("Wat is het aandeel van het bbp dat Korea aan onderzoek besteedt?", "percent"),
])
def test_dates_conditions_and_reasons(question, kind):
    assert spans.question_type(question) == kind


@pytest.mark.parametrize("question, is_list", [
    ("Which technologies are covered?", True),
    ("Welke technologieën noemt het artikel?", True),
    ("What is the Netherlands to South Korea?", False),  # a name that ends like a plural
    ("what is the netherlands to south korea", False),
    ("What fields besides the Netherlands' strengths are named?", True),
    ("What are the benefits of the agreement?", True),  # a copula: the plural is what is asked
    ("What do businesses use to log in?", False),  # do-support: the plural is who does it
    ("What does the agreement cover?", False),  # "does" is no plural
    ("What must travellers bring to the desk?", False),
    ("Welk Nederlands overheidsorgaan sprak het af?", False),  # "welk" is singular: "Nederlands" is no plural
    ("Welke Nederlandse organen spraken het af?", True),
])
def test_a_list_is_asked_by_a_plural_not_by_a_name_that_looks_like_one(question, is_list):
    assert (spans.question_type(question) == "list") is is_list


def test_a_bare_when_is_satisfied_by_a_date_or_a_condition():
    when = types.get(spans.WHEN)
    signed = "Het akkoord is op 12 december 2023 getekend."
    assert [signed[a:b] for a, b in when.find(signed)] == ["12 december 2023"]
    assert when.marked("Heeft de andere ouder geen gezag, dan is diens toestemming niet nodig.")
    assert when.marked("Dit is mogelijk als u ouder bent dan 18 jaar.")
    assert not when.marked("Nederland is leidend in technologie.")
    assert when.satisfied([], True) and when.satisfied([(0, 4)], False) and not when.satisfied([], False)


def test_without_a_date_a_when_is_answered_by_the_occasion_the_sentence_tells_of():
    when = types.get(spans.WHEN)
    (occasion,) = when.find(SIGNED)
    assert SIGNED[slice(*when.lead(SIGNED, occasion))].startswith("tijdens het staatsbezoek")  # with its preposition
    assert when.min_coverage(SIGNED, occasion) > 0  # only a sentence sharing the question's words tells when
    dated = "Het akkoord is op 12 december 2023 getekend tijdens het staatsbezoek."
    assert [dated[a:b] for a, b in when.find(dated)] == ["12 december 2023"]  # a date comes first, and counts
    assert when.min_coverage(dated, when.find(dated)[0]) == 0


@pytest.mark.parametrize("question, kind", [
    # "when it comes to" is no time question
    ("What is South Korea's worldwide standing when it comes to investment in research?", "degree"),
    ("Hoe staat Zuid-Korea ervoor wanneer het om onderzoek gaat?", None),
    ("When was the agreement signed?", spans.WHEN),
    # a question word inside the question opens a clause: the first one asks
    ("Waar op mijn ID-kaart zie ik tot wanneer hij geldig is?", "place"),
    ("Where can I see until when my ID card is valid?", "place"),
    ("Tot wanneer is mijn ID-kaart geldig?", "date"),
    ("Hoe en wanneer moet ik betalen?", "condition"),  # both asked: the second joins the first
    ("Kunt u zeggen tot wanneer mijn ID-kaart geldig is?", "date"),  # no question word opens it: the inner asks
    ("Met hoeveel mogen ze de beslissing uitstellen?", "duration"),  # postponed by a length of time
    ("By how much can they extend the deadline?", "duration"),
    ("On which days could I watch the count?", "date"),  # days are dates, not a list
    ("Op welke dagen mocht ik bij het tellen zijn?", "date"),
    # what to do asks for steps
    ("Wat kan ik zelf doen om veilig te internetten?", "steps"),
    ("Wat moet ik regelen als ik in Nederland kom wonen?", "steps"),
    ("What should I do if my card has been skimmed?", "steps"),
    ("Wat doen Nederland en Zuid-Korea samen?", "slot"),  # what they do is no list of steps for the reader
    # what someone gains is asked apart from why
    ("Wat levert de samenwerking op voor ondernemers?", "benefit"),
    ("Hoe profiteren huurders van de nieuwe regeling?", "benefit"),
    ("Welke bedrijven profiteren ervan?", "organisation"),  # which ones gain is asked, not what they gain
    ("Wat heb ik aan een energielabel?", "benefit"),
    ("How do small firms benefit from the scheme?", "benefit"),
    ("What do students stand to gain from the exchange?", "benefit"),
    ("Why do small firms take part in the scheme?", spans.REASON),
    ("Can I get child benefit abroad?", None),  # an allowance, not a gain
])
def test_what_kind_of_answer_a_question_asks_for(question, kind):
    assert spans.question_type(question) == kind


def test_steps_are_given_by_the_sentence_announcing_their_list():
    steps = types.get("steps")
    assert steps.marked("U kunt uzelf beschermen door de volgende dingen te doen:")
    assert not steps.marked("Deze maatregelen voorkomen dat u slachtoffer wordt van identiteitsfraude.")


def test_a_gain_is_stated_by_what_someone_gets_not_by_what_makes_it_possible():
    benefit = types.get("benefit")
    assert benefit.marked("En door samen te werken, krijgen onze startups meer economische kansen.")
    assert benefit.marked("Met zonnepanelen bespaart u op uw energierekening.")
    assert benefit.marked("Students gain experience abroad.")
    assert not benefit.marked("De overeenkomst moet meer samenwerking mogelijk maken tussen bedrijven.")


def test_eligibility_after_what_gives_it_states_a_condition():
    when = types.get(spans.WHEN)
    assert when.marked("Met een tijdelijke beperking komt u in aanmerking voor een paspoort zonder vingerafdrukken.")
    # eligible, but on no condition the sentence names
    assert not when.marked("U kunt als kleine zelfstandige ook in aanmerking komen voor kwijtschelding.")


def test_a_clause_type_is_described_by_its_cue_not_its_topic():
    question = "Onder welke voorwaarden mag ik een drone vliegen?"
    assert types.get(spans.CONDITION).describing(question) == "Onder welke voorwaarden"
    assert types.get(spans.REASON).describing("Waarom werken de landen samen?") == "Waarom"


def test_a_reason_is_marked_by_its_connective():
    reason = types.get(spans.REASON)
    assert reason.marked("Zo kunnen beide landen voorop blijven lopen.")
    assert reason.marked("They cooperate because both gain from it.")
    assert not reason.marked("Nederland is leidend in technologie.")
    # the means answers "how": "door samen te werken", "by working together"
    assert reason.marked("En door samen te werken, krijgen onze bedrijven meer kansen.")
    assert reason.marked("Companies gain by working together.")
    assert not reason.marked("Het besluit wordt door de minister genomen.")
    assert not reason.leads  # a reason is a clause: the quote answers


def test_a_fragment_is_no_statement_on_its_own():
    from qa.answering.extractive import is_statement

    assert not is_statement("Zoals bij digitale technologieën.")
    assert not is_statement("Such as quantum computing.")
    assert is_statement("Zoals verwacht heeft het kabinet de overeenkomst vandaag in Den Haag getekend.")  # long
    assert is_statement("Die zijn immers van steeds grotere invloed op maatschappij en economie.")


def test_a_country_question_is_answered_by_a_named_country_not_an_adjective():
    sentence = "Het land heeft na de Verenigde Staten het grootste marktaandeel, zegt de Zuid-Koreaanse minister."
    assert spans.question_type("Welk land heeft het grootste marktaandeel?") == spans.COUNTRY
    assert spans.question_type("Which country is ahead of South Korea?") == spans.COUNTRY
    assert filled("Which country is ahead of South Korea?", sentence) == ["Verenigde Staten"]
    assert spans.question_type("In welke stad was de bijeenkomst?") == spans.PLACE


@pytest.mark.parametrize("question, leads", [
    ("Which country is Yoon Suk-yeol the president of?", ["Zuid-Korea", "Nederland"]),
    ("Van welk land is de president?", ["Zuid-Korea", "Nederland"]),
    ("Welk land heeft een groot marktaandeel?", ["Nederland"]),  # no person asked about: the adjective only describes
    ("Which country did president Yoon visit?", ["Nederland"]),  # not the country he belongs to
])
def test_the_country_of_a_person_asked_about_is_the_adjective_before_their_title(question, leads):
    country = types.get(spans.COUNTRY)
    found = spans.answer_spans(spans.asked_for(question), SIGNED)
    assert [country.lead_text(SIGNED, span) for span in found] == leads  # "Zuid-Koreaanse" leads as its country


@pytest.mark.parametrize("question, portfolio", [
    ("Wie is de minister van Buitenlandse Zaken?", ("buitenlandse", "zaken")),
    ("who is south korea's minister of science and ict", ("science", "ict")),  # typed without capitals
    ("Wie is de minister van Economische Zaken die tekende?", ("economische", "zaken")),  # up to a function word
    ("Wie is de koning van Nederland?", ()),  # a king has no portfolio
])
def test_the_portfolio_asked_for(question, portfolio):
    assert spans.asked_for(question).portfolio == portfolio


@pytest.mark.parametrize("question", ["Which member of the Dutch royal family attended the business meeting?",
                                      "Welk lid van het koningshuis was bij de bijeenkomst?"])
def test_a_member_of_a_group_of_titles_is_a_person_with_one_of_them(question):
    asked = spans.asked_for(question)
    assert asked.kind == spans.PERSON and "king" in asked.role_group and asked.span_required
    assert filled(question, MEETING) == ["Willem-Alexander"]  # not president Yoon, who stands next to him
    assert filled(question, SIGNED) == []  # no royal in the sentence: it does not answer


def test_member_states_are_no_people():
    assert spans.question_type("Which member states signed?") != spans.PERSON


@pytest.mark.parametrize("question", ["What's his ministry?", "Wat is haar portefeuille?", "What's Ahn Duk-geun ministry?"])
def test_a_contracted_or_possessive_copula_question_asks_for_an_organisation(question):
    assert spans.question_type(question) == spans.ORGANISATION


TECHNOLOGIES = ("Nederland en Zuid-Korea hebben afgesproken samen te werken aan digitale technologieën als kunstmatige "
                "intelligentie (AI), quantum en digitalisering van de maakindustrie.")
OTHER_FIELDS = ("Het kabinet wil naast digitale technologieën ook samenwerken op terreinen als kernenergie, "
                "koolstofvrije energie en kennisuitwisseling.")


@pytest.mark.parametrize("question", ["Welke technologieën worden genoemd?",
                                      "Which technologies will the two countries work on?"])
def test_a_list_of_the_things_asked_for_is_marked_a_list_of_something_else_is_not(question):
    asked = spans.asked_for(question)
    assert asked.kind == spans.LIST
    assert asked.type.marked(TECHNOLOGIES, asked)  # "technologieën als ...": the asked noun opens the list
    assert not asked.type.marked(OTHER_FIELDS, asked)  # "terreinen als ...": a list, but of fields
    assert filled(question, OTHER_FIELDS)  # still a list: it answers when nothing better does


@pytest.mark.parametrize("question, sentence, expected", [
    ("Hoeveel mensen kwamen er?", "2. Er kwamen 300 mensen.", ["300"]),  # "2." numbers the paragraph
    ("Hoeveel mensen kwamen er?", "iv. Er kwamen 300 mensen.", ["300"]),
    ("Hoeveel mensen kwamen er?", "2 mensen kwamen.", ["2"]),  # a number, not a label
])
def test_the_label_of_a_paragraph_or_list_item_is_no_answer(question, sentence, expected):
    assert filled(question, sentence) == expected


def test_a_number_leads_with_its_unit_of_time():
    number = types.get("number")
    sentence = "Een tegemoetkoming wordt uitbetaald binnen vier weken na de beschikking."
    span = number.find(sentence)[0]
    assert sentence[slice(*span)] == "vier"
    assert sentence[slice(*number.lead(sentence, span))] == "vier weken"


@pytest.mark.parametrize("sentence, defines", [
    ("p. het briefadres: het adres waar voor betrokkene bestemde geschriften in ontvangst worden genomen;", True),
    ("Een briefadres is een adres waar post wordt ontvangen.", True),
    ("r. de briefadresgever: de persoon die een briefadres ter beschikking stelt;", False),  # another word
    ("Het adres van de briefadresgever is bekend.", False),
])
def test_a_what_is_question_marks_the_sentence_that_defines_its_subject(sentence, defines):
    asked = spans.asked_for("Wat is een briefadres volgens de wet?")
    assert asked.type.marked(sentence, asked) is defines


@pytest.mark.parametrize("question", ["Binnen hoeveel tijd moet een bestuursorgaan beslissen?",
                                      "Binnen welke termijn wordt beslist?", "Within what period is it decided?"])
def test_a_time_limit_is_a_duration_written_in_words_or_digits(question):
    assert spans.question_type(question) == "duration"
    assert filled(question, "Het bestuursorgaan beslist uiterlijk binnen vier weken.") == ["vier weken"]
    assert filled(question, "Op eenvoudige vragen volgt binnen 2 werkdagen antwoord.") == ["2 werkdagen"]


@pytest.mark.parametrize("question, kind", [
    ("Can I hand in a personal plan before a decision on my personal budget is made?", None),  # a budget, no sum
    ("Wat is het budget voor de samenwerking?", spans.MONEY),
    ("What is the total budget?", spans.MONEY),
])
def test_a_budget_named_is_no_money_question(question, kind):
    assert spans.question_type(question) == kind


def test_until_and_after_state_when():
    when = types.get("when")
    assert when.marked("De informatie is niet openbaar totdat de formatie is afgerond.")
    assert when.marked("The information stays secret until the cabinet is formed.")


@pytest.mark.parametrize("question, yoon", [
    ("Met wie tekende Adriaansens de overeenkomst?", False),  # Yoon stands in the occasion, not with her pen
    ("Wie bracht een staatsbezoek aan Nederland?", True),  # the question points into the occasion
])
def test_a_person_inside_an_occasion_is_no_agent_unless_the_question_points_there(question, yoon):
    assert ("Yoon Suk-yeol" in filled(question, SIGNED)) is yoon


@pytest.mark.parametrize("question", ["Which South Korean leader was on a state visit to the Netherlands?",
                                      "Welk staatshoofd was op staatsbezoek?"])
def test_a_leader_is_a_head_of_state_or_government_and_a_visit_points_into_a_state_visit(question):
    asked = spans.asked_for(question)
    assert asked.kind == spans.PERSON and "president" in asked.role_group
    assert filled(question, SIGNED) == ["Yoon Suk-yeol"]  # in the occasion, which the question points into
    assert filled(question, MEETING) == ["Willem-Alexander", "Yoon"]  # a minister is no leader


def test_the_words_before_a_group_of_titles_qualify_the_person_asked_for():
    asked = spans.asked_for("Which South Korean leader was visiting the Netherlands?")
    assert asked.qualifiers == ("south", "korean")
    yoon = SIGNED.index("Yoon")
    assert spans.qualified(asked, SIGNED, (yoon, yoon + len("Yoon Suk-yeol")))  # "de Zuid-Koreaanse president"
    king = MEETING.index("Willem-Alexander")
    assert not spans.qualified(asked, MEETING, (king, king + len("Willem-Alexander")))


@pytest.mark.parametrize("question, expected", [
    ("Wat is de functie van Yoon Suk-yeol?", ["Zuid-Koreaanse president"]),
    ("Who is Ahn Duk-geun?", ["Zuid-Koreaanse ambtsgenoot"]),
    ("Wie is Micky Adriaansens?", ["Minister"]),
    ("What is Adriaansens's job?", ["Minister"]),
    ("Wie is Willem-Alexander?", []),  # not in this sentence
])
def test_a_persons_role_is_the_title_before_their_name_with_its_countrys_adjective(question, expected):
    sentence = SIGNED if "Ahn" not in question else MEETING
    assert filled(question, sentence) == expected


def test_the_companies_asked_for_are_not_the_asked_word_again():
    sentence = "De overeenkomst moet samenwerking tussen Nederlandse en Zuid-Koreaanse bedrijven mogelijk maken."
    assert filled("Welke Nederlandse bedrijven waren aanwezig?", sentence) == []
    kinds = filled("Welke bedrijven profiteren?", "Zo krijgen startups, mkb'ers en grootbedrijven kansen.")
    assert len(kinds) == 1 and "startups, mkb'ers en grootbedrijven" in kinds[0]  # kinds of companies do answer


@pytest.mark.parametrize("question, behalf, names", [
    ("Wie ondertekende de overeenkomst namens Zuid-Korea?", "south-korea", []),  # "Zuid-Koreaanse" is Yoon's
    ("Wie heeft de overeenkomst namens Nederland ondertekend?", "netherlands", ["Micky Adriaansens"]),
    ("Who signed the agreement for the Netherlands?", "netherlands", ["Micky Adriaansens"]),
])
def test_a_person_acting_for_a_country_must_not_leave_that_country_to_someone_else(question, behalf, names):
    asked = spans.asked_for(question)
    assert asked.behalf == behalf and asked.span_required
    assert filled(question, SIGNED) == names


def test_for_a_thing_is_no_behalf():
    assert spans.asked_for("Wie is verantwoordelijk voor het bijhouden van de gegevens?").behalf is None


def test_a_hyphenated_title_is_what_its_last_part_is_and_of_whom_it_is_no_portfolio():
    asked = spans.asked_for("Wat is de naam van de Zuid-Koreaanse collega-minister van Adriaansens?")
    assert asked.role == "minister" and asked.portfolio == ()
    met = ("In aanwezigheid van Koning Willem-Alexander namen minister Adriaansens (EZK) en haar Zuid-Koreaanse "
           "ambtsgenoot Ahn Duk-geun (Handel, Industrie en Energie) deel aan een bijeenkomst.")
    assert "Ahn Duk-geun" in filled("Wat is de naam van de Zuid-Koreaanse collega-minister van Adriaansens?", met)
    assert "Willem-Alexander" not in filled("Wat is de naam van de Zuid-Koreaanse collega-minister?", met)


def test_the_speaker_may_be_a_title_with_an_adjective_of_its_country():
    asked = spans.asked_for("Why do digital technologies matter, according to the Dutch minister?")
    assert asked.speaker == "the Dutch minister"
    assert spans.names_speaker("Minister Micky Adriaansens (Economische Zaken en Klimaat):", asked.speaker)
    assert not spans.names_speaker("President Yoon:", asked.speaker)


@pytest.mark.parametrize("question, sentence, expected", [
    ("Waar staat de afkorting AI voor?", FIELDS.replace("kunstmatige intelligentie", "kunstmatige intelligentie (AI)"),
     ["kunstmatige intelligentie"]),  # as many words as letters, in another language too
    ("waar staat ai voor", "Zij werken aan kunstmatige intelligentie (AI).", ["kunstmatige intelligentie"]),
    ("What does Woo stand for?", "De Wet open overheid (Woo) regelt dit.", ["Wet open overheid"]),
    ("Wat betekent de afkorting Woo?", "Het gaat om de Woo (Wet open overheid).", ["Wet open overheid"]),
    ("Waar staat BRP voor?", "Uw adres staat in de Basisregistratie Personen (BRP).", ["Basisregistratie Personen"]),
    ("What does RvS stand for?", "Vraag het aan de Raad van State (RvS) of de rechter.", ["Raad van State"]),
    ("Waar staat EZK voor?", "Minister Adriaansens (EZK) tekende.", []),  # a name that does not spell it
    ("waar staat bsn voor", "U mag uw burgerservicenummer (bsn) gebruiken.", ["burgerservicenummer"]),  # a compound
    ("Waar staat DigiD voor?", "DigiD staat voor Digitale Identiteit.", ["Digitale Identiteit"]),  # said so
    ("What does DigiD stand for?", "DigiD stands for digital identity, the login of the government.",
     ["digital identity"]),  # to the end of the clause
])
def test_an_abbreviation_is_spelled_out_by_the_words_beside_its_brackets(question, sentence, expected):
    assert spans.question_type(question) == "abbreviation"
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Waar staat EZK voor?", "Minister Micky Adriaansens (Economische Zaken en Klimaat) tekende.",
     ["Economische Zaken en Klimaat"]),  # the initials of the capitalised words
    ("Waar staat EZK voor?", "Het Ministerie van Economische Zaken en Klimaat tekende.",
     ["Economische Zaken en Klimaat"]),  # a run of capitalised words may start further on
    ("What does RvS stand for?", "Zij ging naar de Raad van State.", ["Raad van State"]),  # the initials of all words
    ("Waar staat EZK voor?", "Het ging over Energie, Zorg en Klimaat.", []),  # a comma ends a name
    ("Waar staat EZK voor?", "Het ging over Economische Zaken.", []),  # too few initials
])
def test_an_abbreviation_is_spelled_out_by_a_name_elsewhere_with_its_initials(question, sentence, expected):
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question, abbreviation", [
    ("Waar staat EZK voor?", "EZK"),
    ("What does the name DigiD actually stand for?", "DigiD"),  # two capitals make an abbreviation
    ("waar staat ezk voor", "ezk"),  # typed in lower case: the short word that is no cue word
    ("what does the name digid actually stand for", "digid"),
    ("Wat is de afkorting van Wet open overheid?", ""),  # the abbreviation itself is asked for
])
def test_the_abbreviation_asked_about_is_looked_up(question, abbreviation):
    assert spans.asked_for(question).defined == abbreviation


def test_a_sentence_pointing_back_fills_a_slot_with_the_words_of_the_one_before():
    question = "Waarop hebben digitale technologieën invloed?"
    sentence = "Die zijn immers van steeds grotere invloed op maatschappij en economie."
    asked = spans.asked_for(question)
    assert "waarop" not in asked.terms  # a question word is not one to align
    assert spans.answer_spans(asked, sentence) == []  # alone it shares only "invloed"
    found = spans.answer_spans(asked, sentence, antecedent="Zoals bij digitale technologieën.")
    assert [sentence[a:b] for a, b in found] == ["maatschappij en economie"]


@pytest.mark.parametrize("question, head", [
    ("Welke Nederlandse universiteiten doen mee?", "universiteiten"),  # a country's adjective describes the kind
    ("Which Dutch companies take part?", "companies"),
    ("Welke digitale technologieën noemt het artikel?", "digitale"),
])
def test_the_kind_asked_for_is_the_word_after_which_past_a_countrys_adjective(question, head):
    assert spans.asked_for(question).head == head


SMART = ("Zij werken samen aan kunstmatige intelligentie (AI), quantum en digitalisering van de maakindustrie "
         "(smart industry).")


@pytest.mark.parametrize("question, expected", [
    ("Hoe wordt het digitaliseren van fabrieken ook wel genoemd?", ["smart industry"]),
    ("Met welke Engelse term wordt de digitalisering van de maakindustrie aangeduid?", ["smart industry"]),
    ("What English term is used for digitising the manufacturing industry?", ["smart industry"]),
    ("Hoe wordt kunstmatige intelligentie ook wel genoemd?", ["AI"]),  # the bracket after the words asked about
    ("Noem de Engelse term voor het digitaliseren van de maakindustrie", ["smart industry"]),  # a request
    ("Give the English term for digitising the manufacturing industry.", ["smart industry"]),
])
def test_another_name_is_the_bracket_after_the_words_for_the_thing(question, expected):
    assert spans.question_type(question) == "alias"
    found = spans.answer_spans(spans.asked_for(question), SMART, same_language=question[0] != "W")
    assert [SMART[a:b] for a, b in found] == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Hoe heet het verslag waarin het stembureau de aantallen opschrijft?", "Dat heet ‘het proces-verbaal’.",
     ["het proces-verbaal"]),  # the quoted name after a naming verb
    ("What is the report of the polling station called?", "Dit verslag heet een ‘proces-verbaal’.",
     ["proces-verbaal"]),
])
def test_the_name_of_a_thing_is_the_quoted_name_after_a_naming_verb(question, sentence, expected):
    assert spans.question_type(question) == "alias"
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question", ["Hoe heet de Zuid-Koreaanse minister van Handel?",
                                      "Hoe heet de persoon die tekende?",
                                      "Hoe heet het Koreaanse staatshoofd dat naar Nederland kwam?"])
def test_the_name_of_a_titled_person_is_asked_for_by_the_person_type(question):
    assert spans.question_type(question) == "person"


@pytest.mark.parametrize("question", ["Met welke Engelse term wordt het aangeduid?",
                                      "Noem de Engelse term die het bericht ervoor gebruikt"])
def test_the_words_asking_for_another_name_are_no_topic(question):
    from qa.answering import types
    assert "Engelse" in types.get("alias").describing(question)


@pytest.mark.parametrize("question, sentence, expected", [
    ("Wat voor bezoek bracht Yoon aan Nederland?", SIGNED, ["staatsbezoek"]),
    ("What kind of visit was Yoon making?", SIGNED, ["staatsbezoek"]),  # "visit" is "bezoek" through the lexicon
    ("Welk soort bijeenkomst vond plaats?", MEETING, ["bedrijvenbijeenkomst"]),
])
def test_a_kind_of_thing_is_a_compound_ending_in_it(question, sentence, expected):
    assert spans.question_type(question) == "kind"
    assert filled(question, sentence) == expected


def test_a_kind_asked_in_the_plural_asks_for_a_list_and_the_head_skips_the_word_kind():
    assert spans.question_type("Wat voor technologieën worden genoemd?") == spans.LIST
    assert spans.asked_for("Wat voor soort evenement was het?").head == "evenement"
    assert spans.asked_for("What kind of visit was it?").head == "visit"


def test_a_kind_is_a_compound_or_the_word_with_an_adjective_before_it():
    sentence = ("Het kabinet wil samenwerken op terreinen als kernenergie, koolstofvrije energie en daarnaast "
                "kennisuitwisseling.")
    assert filled("Wat voor energie willen ze samen oppakken?", sentence) == ["kernenergie", "koolstofvrije energie"]
    assert filled("Wat voor energie willen ze?", "Zij leveren energie en kernenergie.") == ["kernenergie"]  # a verb


@pytest.mark.parametrize("question, sentence, expected", [
    ("Op welk vlak moet de overeenkomst de samenwerking bevorderen?",
     "De overeenkomst moet meer samenwerking mogelijk maken op het gebied van digitalisering.", ["digitalisering"]),
    ("In what field should the agreement boost cooperation?",
     "De overeenkomst moet meer samenwerking mogelijk maken op het gebied van digitalisering.", ["digitalisering"]),
    ("Op welke gebieden blijven ze voorop lopen?", "Zo blijven ze op economisch en wetenschappelijk gebied voorop.",
     ["economisch en wetenschappelijk"]),  # the field before its noun
    ("Op welke terreinen willen ze samenwerken?",  # an enumeration whole, without the clause's verb
     "Ze willen samenwerken op terreinen als kernenergie, koolstofvrije energie en daarnaast kennisuitwisseling op "
     "het gebied van halfgeleiders te stimuleren.",
     ["kernenergie, koolstofvrije energie en daarnaast kennisuitwisseling op het gebied van halfgeleiders",
      "halfgeleiders"]),
    ("Op welk gebied werken ze samen?", "Ze werken samen aan chips.", []),  # no field named: the quote answers
    ("In what area is the Netherlands a frontrunner?",  # no field named: the phrase filling the slot
     "Nederland is leidend in technologie voor halfgeleiderproductiemachines.",
     ["technologie voor halfgeleiderproductiemachines"]),
])
def test_a_field_is_what_follows_op_het_gebied_van_or_stands_before_the_fields_noun(question, sentence, expected):
    assert spans.question_type(question) == "domain"
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Hoeveel kan ik lenen?", "U kunt lenen voor bedragen van € 2.500 tot 25.000.", ["€ 2.500 tot 25.000"]),  # a range
    ("Wat is het maximale bedrag?", "U kunt maximaal € 65.000,- lenen.", ["€ 65.000"]),  # no trailing comma
    ("How much does a new passport cost?", "Een paspoort kost € 84,70.", ["€ 84,70"]),
    ("How much does registering in the BRP cost?", "Inschrijven in de BRP is gratis.", ["gratis"]),  # nothing
    ("Wat kost een uittreksel?", "U kunt het uittreksel kosteloos downloaden.", ["kosteloos"]),
    ("How much does the course cost?", "It is offered free of charge to residents.", ["free of charge"]),
    ("How much does the course cost?", "You are free to choose a course.", []),  # free, but no price
    ("Hoe laat gaan de stembureaus dicht?", "Om 21.00 uur gaan de stembureaus dicht.", ["21.00 uur"]),  # a time of day
    ("What time do polling stations close?", "They close at 9 p.m. sharp.", ["9 p.m."]),
    ("Wanneer gaat het zwembad open?", "Het gaat binnen 5 dagen open en is 1 jaar gratis.", ["5 dagen"]),
    ("Wanneer krijg ik een noodpaspoort?", "Een noodpaspoort is 1 jaar geldig.", []),  # how long, not when
    ("Hoeveel dagen per jaar mag er slagschaduw zijn?", "Niet meer dan 20 minuten per dag.", []),  # another unit
    ("Hoeveel dagen per jaar mag er slagschaduw zijn?", "Maximaal 17 dagen per jaar.", ["17"]),  # the unit asked
])
def test_amounts_ranges_times_and_durations(question, sentence, expected):
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question", ["Wat is het verschil tussen een afschrift en een uittreksel?",
                                      "What's the difference between a passport and an ID card?",
                                      "How does the counting of votes work?", "Waar gaat het akkoord over?",
                                      "What is the agreement about?"])
def test_a_question_for_an_explanation_is_open(question):
    assert spans.question_type(question) is None


@pytest.mark.parametrize("question, sentence, expected", [
    ("Hoe lang worden de leden benoemd?", "De leden worden sinds 2015 benoemd voor ten hoogste vier jaar.",
     ["vier jaar"]),  # a duration, not the year; "ten" is no number in Dutch
    ("Binnen welke termijn beslist de gemeente?", "De gemeente beslist binnen acht weken.", ["acht weken"]),
    ("How long is the passport valid?", "Het paspoort is 10 jaar geldig.", ["10 jaar"]),
    ("Hoe lang is de aanvraag geldig?", "Zie artikel 5.2 van de wet uit 2001.", []),  # a year says no length
    ("Hoeveel leden heeft de commissie?", "Volgens artikel 5.2, onder 1°, heeft de commissie 7 leden.", ["7"]),
    ("Hoeveel uur bezoek krijgt een gedetineerde?", "De norm is € 345,68 per maand.", []),  # an amount counts no hours
    ("Hoeveel meter moet een windmolen van een huis staan?", "Een windmolen maakt niet meer dan 47 decibel.", []),
    ("Hoeveel meter moet een windmolen van een huis staan?", "Minstens 400 meter van een huis.", ["400"]),
    ("Hoeveel kinderbijslag krijg ik?", "Als uw kind 18 jaar wordt, stopt de kinderbijslag.", []),  # an age, no amount
    ("Hoe lang is de looptijd?", "De looptijd is 7, 10, 15 of 20 jaar, afhankelijk van de lening.",
     ["7, 10, 15 of 20 jaar"]),  # every alternative, not the last one
    ("Hoe lang duurt het?", "Het duurt 2 tot 5 dagen.", ["2 tot 5 dagen"]),  # "tot" ends a range, not an age
    ("Hoe lang is het geldig?", "In 2022, 5 jaar geleden, werd het 10 jaar geldig.", ["5 jaar", "10 jaar"]),
    ("Tot welke leeftijd is het gratis?", "Kinderen tot 12 jaar betalen niets.", ["12 jaar"]),  # an age
])
def test_durations_and_numbers_that_count_something(question, sentence, expected):
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Is that public or private money?", "Het land staat aan de top qua publieke en private investeringen.",
     ["publieke en private"]),  # both, in the documents' words
    ("Moet ik het verzoek schriftelijk of mondeling indienen?", "Een verzoek wordt schriftelijk ingediend.",
     ["schriftelijk"]),
    ("Is dat publiek of privaat geld?", "Het gaat om geld van de overheid.", []),  # neither named: the quote answers
])
def test_a_choice_is_answered_by_the_alternatives_the_sentence_holds(question, sentence, expected):
    assert spans.question_type(question) == "choice"
    assert filled(question, sentence) == expected


def test_a_choice_is_read_in_the_questions_own_language():
    # "of" is the Dutch "or", but in English it joins no alternatives
    assert spans.question_type("Is my citizen service number on the chip of the ID card?") != "choice"


@pytest.mark.parametrize("question, sentence, expected", [
    ("Wie stelt het recht op bijstand vast?", "1. Het college stelt het recht op bijstand vast.", ["Het college"]),
    ("Wie betaalt de pgb's uit?", "De pgb's worden uitbetaald door de Sociale verzekeringsbank.",
     ["de Sociale verzekeringsbank"]),  # the agent of a passive sentence
    ("Wie heeft de overeenkomst getekend?", "Minister Micky Adriaansens heeft de overeenkomst getekend.",
     ["Micky Adriaansens"]),  # a person first
    ("Wie tekende namens Zuid-Korea?", "Het kabinet heeft met Zuid-Korea afgesproken samen te werken.", []),
    ("Welke instantie voert de zorgtoeslag uit?", "1. De Dienst Toeslagen is belast met de uitvoering van deze wet.",
     ["De Dienst Toeslagen"]),  # a body named after its noun
    ("Welke instantie beslist?", "De dienst is gratis.", []),  # a service that bears no name is no body
])
def test_who_is_answered_by_the_body_that_acts_when_no_person_does(question, sentence, expected):
    assert filled(question, sentence) == expected



def led(question: str, sentence: str) -> list[str]:
    asked = spans.asked_for(question)
    return [asked.type.lead_text(sentence, span) for span in spans.answer_spans(asked, sentence)]


@pytest.mark.parametrize("question, sentence, expected", [
    ("Vanaf welke leeftijd worden vingerafdrukken opgenomen?", "Kinderen vanaf 12 jaar geven vingerafdrukken.",
     ["vanaf 12 jaar"]),
    ("Until what age does my child need consent?", "Voor personen jonger dan 18 jaar is het paspoort 5 jaar geldig.",
     ["jonger dan 18 jaar"]),  # the age, not how long the passport is valid
    ("Hoe oud moet je zijn om te stemmen?", "Wie 18 jaar of ouder is, mag stemmen.", ["18 jaar"]),
    ("Hoe oud is de zebra?", "Hij is zeven jaar oud.", ["zeven jaar"]),  # in words too
    ("From what age do you pay?", "From the age of 12 everyone pays.", ["From the age of 12"]),
    ("Voor welke leeftijd geldt de korting?", "De korting geldt voor 65-jarigen.", ["65-jarigen"]),
    ("Vanaf welke leeftijd mag het?", "Het paspoort is 10 jaar geldig.", []),  # a duration is no age
    ("Tot hoe oud krijg ik kinderbijslag?", "Als uw kind 18 jaar wordt, stopt de kinderbijslag.", ["18 jaar"]),
    ("Tot welke leeftijd geldt het?", "Hij is dan 18 jaar geworden.", ["18 jaar"]),
    ("Vanaf welke leeftijd mag het?", "Het bewijs dat 5 jaar wordt bewaard, geldt niet.", []),  # a passive's "wordt"
])
def test_an_age_is_a_number_of_years_the_sentence_says_is_an_age(question, sentence, expected):
    assert spans.question_type(question) == "age"
    assert led(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Wanneer vergadert de nieuwe raad?", "Op woensdag 1 april 2026 gaan de raadsleden vergaderen.",
     ["woensdag 1 april 2026"]),  # the weekday is part of the date, not a date of its own
    ("When do they meet?", "They meet on Wednesday, April 1, 2026.", ["Wednesday, April 1, 2026"]),
    ("Vanaf wanneer geldt de regel?", "Vanaf 1 januari 2026 geldt de regel.", ["1 januari 2026"]),  # no age
    ("Tot wanneer kan ik het aanvragen?", "Dat kan tot 1. april van het volgende jaar.",
     ["1. april"]),  # a day written with a dot
])
def test_a_date_keeps_its_weekday_and_a_date_after_from_is_no_age(question, sentence, expected):
    assert led(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Hoeveel mensen zitten in de Tweede Kamer?", "In totaal komen 150 volksvertegenwoordigers in de Kamer.",
     ["150"]),  # people counted by what they are
    ("Hoeveel mensen zitten in de raad?", "In 2026 kreeg de raad 12 nieuwe leden.", ["12"]),
    ("Hoeveel mensen zitten in de Tweede Kamer?", "In 1956 werd de Kamer groter.", []),  # no plural counted
    ("How many people live there?", "Er wonen 3 miljoen inwoners.", ["3 miljoen"]),
])
def test_a_count_of_people_is_a_number_before_a_plural(question, sentence, expected):
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question, kind", [
    ("Hoe hoog is de dwangsom als de gemeente te laat beslist?", "money"),  # a charge named by its noun
    ("Wat is het minimumloon per uur?", "money"),
    ("What fine do I get if I keep the passport?", "money"),
    ("What is the Dutch minimum wage per hour?", "money"),
    ("Hoeveel vermogen mag ik hebben voor de bijstand?", "money"),  # how much of a sum of money: an amount
    ("Hoeveel mag ik als student bijverdienen?", "money"),
    ("How much rent can the landlord ask?", "money"),
    ("How much can I earn on top of my benefit?", "money"),
    ("Hoe hoog is de hondenbelasting in mijn gemeente?", "money"),  # a tax asked how high: an amount
    ("Hoe hoog is het griffierecht bij de rechtbank?", "money"),
    ("What is the tourist tax per person per night?", "money"),
    ("What is the maximum monthly amount of the fee?", "money"),
    ("What is the income limit for remission?", "money"),
    ("Wat is de hondenbelasting?", "slot"),  # what the tax is, not how high
    ("What is the inheritance tax?", "slot"),
    ("Hoeveel bijstand krijg ik?", "number"),  # a benefit may be a share of a norm ("50% van de norm")
    ("Hoeveel huurders zijn er?", "number"),  # how many of them: a count
    ("What is the benefit of the agreement?", "slot"),  # an advantage, not an allowance
    ("Welke uitkering krijg ik?", "slot"),  # which kind, not how much
    ("What interest rate does the fund charge?", "percent"),
    ("Welke rente betaal ik over de lening?", "percent"),
    ("How quickly is a reported post removed?", "duration"),
    ("Welk nummer kan ik bellen om discriminatie te melden?", "phone"),
    ("What's the phone number of the helpdesk?", "phone"),
    ("Hoeveel nummers staan op de lijst?", "number"),
    ("Which number must you give when applying?", "slot"),  # a citizen service number, not one to call
    # a size asked by its noun is a figure
    ("How large is the annual trade volume between the two countries?", "number"),
    ("Hoe groot is het jaarlijkse handelsvolume tussen beide landen?", "number"),
    ("Hoe groot is de kans op regen?", None),  # a chance is no volume
])
def test_charges_rates_speed_and_phone_numbers_are_asked_by_their_nouns(question, kind):
    assert spans.question_type(question) == kind


@pytest.mark.parametrize("sentence, expected", [
    ("Bel gratis 0800-0880 of kijk op de website.", ["0800-0880"]),
    ("Bel 070 - 123 45 67 of (070) 123 4567.", ["070 - 123 45 67", "(070) 123 4567"]),
    ("Vanuit het buitenland belt u +31 88 123 4567.", ["+31 88 123 4567"]),
    ("Bel 112 als er direct gevaar is.", ["112"]),
    ("Zie artikel 112 van de wet.", []),  # an article number is no phone number
    ("In 2026 meldden 1.400 mensen zich, voor € 0,50 per gesprek.", []),  # counts and amounts are none
])
def test_a_phone_number_has_the_shape_of_one(sentence, expected):
    assert filled("Welk telefoonnummer moet ik bellen?", sentence) == expected


@pytest.mark.parametrize("query, kind, role", [
    ("Adriaansens ministerie", "organisation", None),  # keywords: the type noun says what is asked
    ("portefeuille Ahn Duk-geun", "organisation", None),
    ("Koreaanse ambtsgenoot Adriaansens", "person", "counterpart"),  # his counterpart, not someone called so
    ("minister EZK ondertekening Korea", None, None),  # whose title it is is unclear: left an open query
    ("korean president state visit netherlands name", "person", "president"),  # the name asked: the rest says which
    ("Zuid-Korea marktaandeel chipproductie", None, None),  # no type noun: an open query
])
def test_a_keyword_query_asks_what_its_type_noun_names(query, kind, role):
    asked = spans.asked_for(query)
    assert (asked.kind, asked.role) == (kind, role)


@pytest.mark.parametrize("question", ["wie heeft de overeenkomst getekend", "Noem de ministers",
                                      "Welk ministerie heeft Adriaansens?"])
def test_a_question_is_no_keyword_query(question):
    assert spans.keyword_question(question) == question


@pytest.mark.parametrize("question, topic", [
    ("Waarom is Zuid-Korea een logische partner als het om chips gaat?", {"chip"}),
    ("Wat doet Nederland wat halfgeleiders betreft?", {"halfgeleid"}),
    ("Who leads when it comes to semiconductors?", {"semiconductor"}),
    ("Wanneer het om chips gaat, wie leidt?", {"chip"}),
    ("Wie heeft de overeenkomst getekend?", set()),
])
def test_a_topic_clause_narrows_the_question(question, topic):
    assert topic <= spans.asked_for(question).topic and bool(topic) == bool(spans.asked_for(question).topic)


def test_a_sentence_is_on_a_topic_through_a_part_of_a_compound():
    topic = spans.asked_for("Waarom is Korea een partner als het om chips gaat?").topic
    assert spans.on_topic("De chipproductie is een van de belangrijkste activiteiten.", topic)
    assert not spans.on_topic("Het innovatieve karakter maakt het interessant.", topic)


@pytest.mark.parametrize("question, term", [
    ("Wat wordt in de Wlz verstaan onder 'permanent toezicht'?", "permanent toezicht"),  # quoted
    ("Wat wordt voor de zorgtoeslag verstaan onder toetsingsinkomen?", "toetsingsinkomen"),
    ("Wie geldt als ingezetene in de zin van de Wet basisregistratie personen?", "ingezetene"),
    ("Wat is een briefadres volgens de Wet BRP?", "briefadres"),
    ("What is meant by a document under the Open Government Act?", "document"),
    ("What is a 'penitentiair programma' under the Penitentiary Principles Act?", "penitentiair programma"),
    ("Who counts as a resident under the BRP Act?", "resident"),
    ("Welke minister is in de Wet open overheid bedoeld met 'Onze Minister'?", "Onze Minister"),
])
def test_a_definition_question_names_the_term_it_asks_the_meaning_of(question, term):
    asked = spans.asked_for(question)
    assert (asked.kind, asked.defined) == ("definition", term)


@pytest.mark.parametrize("question", ["Wat is een briefadres?", "Wat betekent het akkoord voor bedrijven?",
                                      "What is the Netherlands a leader in, according to the piece?",
                                      "Wat is de rol van Nederland volgens de minister?",
                                      "What does the agreement mean for companies?", "Wie tekende het akkoord?"])
def test_a_question_without_a_definition_cue_asks_no_definition(question):
    assert spans.question_type(question) != "definition"


@pytest.mark.parametrize("question, sentence, expected", [
    ("Wat wordt verstaan onder 'permanent toezicht'?",  # a list item inside a longer sentence
     "In het eerste lid wordt verstaan onder: a. blijvend: van niet voorbijgaande aard; b. permanent toezicht: "
     "onafgebroken toezicht gedurende het gehele etmaal;", ["onafgebroken toezicht gedurende het gehele etmaal"]),
    ("Wat is een briefadres volgens de Wet BRP?", "p. het briefadres: het adres waar post wordt ontvangen;",
     ["het adres waar post wordt ontvangen"]),
    ("Wat is een briefadres volgens de Wet BRP?", "q. het adres: het woonadres, dan wel het briefadres;",
     []),  # the term used, not defined
    ("Wat is een briefadres volgens de Wet BRP?", "r. de briefadresgever: de persoon die een briefadres geeft;", []),
    ("What is meant by 'inkomensafhankelijke regeling'?",  # a lead-in, the term inflected
     "Onder inkomensafhankelijke regelingen worden verstaan regelingen die personen een bijdrage geven.",
     ["regelingen die personen een bijdrage geven"]),
    ("What is a 'penitentiair programma' under the Act?",  # the term opens the sentence
     "Een penitentiair programma is een samenstel van activiteiten.", ["een samenstel van activiteiten"]),
    ("What is a 'penitentiair programma' under the Act?", "De directeur stelt het penitentiair programma vast.", []),
])
def test_a_definition_is_the_meaning_a_text_gives_the_term(question, sentence, expected):
    assert filled(question, sentence) == expected


def test_a_phone_number_is_looked_for_among_the_best_four_statements():
    from qa.answering.extractive import ScoredSentence, _answering

    def sentence(text, spans_=()):
        return ScoredSentence(doc_id="d", start=0, end=len(text), sentence=text, paragraph=1, dense=0.9,
                              spans=list(spans_), hit_rank=1)

    asked = spans.asked_for("Welk nummer kan ik bellen om discriminatie te melden?")
    phone = sentence("Bellen kan ook: 0800-0880.", [(16, 25)])
    assert _answering(asked, [sentence("Meld het op de website."), sentence("Zij helpen u."), phone]) == [phone]


@pytest.mark.parametrize("question, sentence, expected", [
    ("Hoeveel dagen per week moet het kind bij mij wonen?", "Het kind woont ten minste drie gehele dagen per week bij "
     "elk van de ouders.", ["ten minste drie gehele dagen"]),  # the unit with the words that qualify and bound it
    ("How many days a week must the child live with me?", "The child lives there at least three full days a week.",
     ["at least three full days"]),
    ("Hoeveel uur per week mag ik werken?", "U mag 12 hele dagen per jaar werken.", []),  # another unit
    ("Hoeveel geluid mag een windmolen 's nachts maken?", "'s Nachts mag dit niet meer dan gemiddeld 41 decibel zijn.",
     ["gemiddeld 41 decibel"]),  # a measure: "41" alone says nothing
    ("Voor hoeveel mensen mag ik met een volmacht stemmen?", "U mag voor maximaal 2 andere kiezers met een volmacht "
     "stemmen.", ["maximaal 2 andere kiezers"]),  # the bound and what is counted
    ("Hoeveel opnamen van een vinger worden er gemaakt?", "Er worden minimaal 2 en maximaal 3 opnamen van een vinger "
     "gemaakt.", ["minimaal 2 en maximaal 3 opnamen"]),  # a range is one answer
    ("Hoeveel kan ik lenen?", "U kunt maximaal € 65.000,- lenen.", ["maximaal € 65.000"]),
])
def test_a_count_leads_with_its_unit_and_a_word_that_qualifies_it(question, sentence, expected):
    assert led(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Welke instantie voert de zorgtoeslag uit?", "De Belastingdienst/Toeslagen voert de zorgtoeslag uit.",
     ["De Belastingdienst/Toeslagen"]),  # no name in brackets: the body the sentence says acts
    ("Which Korean companies took part?", "De gemeente voert de regeling uit.", []),  # a company is no such body
    ("Welk ministerie is verantwoordelijk?", "Het ministerie van Financiën (FIN) is verantwoordelijk.",
     ["ministerie van Financiën", "FIN"]),  # names first
])
def test_an_organisation_is_a_name_else_the_body_that_acts(question, sentence, expected):
    assert filled(question, sentence) == expected


@pytest.mark.parametrize("question, is_goal", [
    ("What is the deal supposed to achieve?", True),
    ("Between what kinds of parties is the deal supposed to enable more collaboration?", False),  # who, not what for
    ("With what partners will the agreement make cooperation possible?", False),
])
def test_a_preposition_before_what_asks_for_a_thing_not_a_goal(question, is_goal):
    assert (spans.question_type(question) == "purpose") is is_goal


PRESENT = ("In aanwezigheid van Koning Willem-Alexander en president Yoon namen minister Adriaansens (EZK) en haar "
           "Zuid-Koreaanse ambtsgenoot Ahn Duk-geun deel aan een bedrijvenbijeenkomst.")


@pytest.mark.parametrize("question, expected", [
    ("Wie nam namens Nederland deel aan de bijeenkomst?", ["Adriaansens", "Ahn Duk-geun"]),  # the king was there
    ("Who took part in the business meeting?", ["Adriaansens", "Ahn Duk-geun"]),
    ("Wie waren aanwezig bij de bijeenkomst?", ["Willem-Alexander", "Yoon", "Adriaansens", "Ahn Duk-geun"]),
    ("In aanwezigheid van wie vond de bijeenkomst plaats?", ["Willem-Alexander", "Yoon", "Adriaansens",
                                                             "Ahn Duk-geun"]),  # the question asks for them
    ("Which Dutch royal was there?", ["Willem-Alexander"]),  # only those present hold the asked title
])
def test_people_named_after_in_the_presence_of_were_there_and_did_not_act(question, expected):
    assert filled(question, PRESENT) == expected


@pytest.mark.parametrize("question, region", [
    ("In which South Korean city was the meeting held?", "south-korea"),  # an adjective in the cue
    ("Welke stad in Zuid-Korea ontving de bijeenkomst?", "south-korea"),  # a country after it
    ("In welke Nederlandse stad kwamen ze samen?", "netherlands"),
    ("In welke stad vond de bijeenkomst met Zuid-Koreaanse bedrijven plaats?", ""),  # the companies', not the city's
])
def test_a_place_question_may_put_its_answer_in_a_country(question, region):
    assert spans.asked_for(question).region == region


def test_a_city_the_gazetteer_puts_in_another_country_is_no_answer():
    sentence = "De bijeenkomst vond plaats in Amsterdam."
    assert filled("In welke Nederlandse stad was de bijeenkomst?", sentence) == ["Amsterdam"]
    assert filled("In welke Zuid-Koreaanse stad was de bijeenkomst?", sentence) == []
    assert filled("In which South Korean city was the meeting?", sentence) == []
    assert filled("In which city was the meeting?", sentence) == ["Amsterdam"]


@pytest.mark.parametrize("question, age", [
    ("Mijn zoon van 15 krijgt een nieuwe identiteitskaart. Hoe lang kan hij die gebruiken?", 15),
    ("Mijn dochter is 10 en heeft een paspoort nodig. Wat kost dat?", 10),
    ("Ik ben 17, mag ik stemmen?", 17),
    ("My 16-year-old needs a passport. How long is it valid?", 16),
    ("I'm 70. Do I need a new driving licence?", 70),
    ("Hoe lang is een paspoort 10 jaar geldig?", None),  # a duration, no one's age
    ("Mijn zoon van 3 maanden heeft een paspoort nodig.", None),  # months: a baby, not an age in years here
    ("Vanaf welke leeftijd mag ik stemmen?", None),  # asks for an age, states none
])
def test_a_question_may_state_the_age_of_its_person(question, age):
    assert spans.asked_for(question).stated_age == age


@pytest.mark.parametrize("sentence, age, excluded", [
    ("Vanaf 18 jaar hoeft u maar eens in de 10 jaar een nieuw paspoort aan te vragen.", 15, True),
    ("Vanaf 18 jaar hoeft u maar eens in de 10 jaar een nieuw paspoort aan te vragen.", 40, False),
    ("Voor personen jonger dan 18 jaar blijft een paspoort 5 jaar geldig.", 15, False),
    ("Voor personen jonger dan 18 jaar blijft een paspoort 5 jaar geldig.", 30, True),
    ("Wie 18 jaar of ouder is, mag stemmen.", 17, True),
    ("Kinderen tot 12 jaar reizen gratis.", 12, False),  # at the bound: "tot" may include it
    ("Jonger dan 18 jaar: 5 jaar geldig; vanaf 18 jaar: 10 jaar.", 15, False),  # one of its bounds fits
    ("Een paspoort is 10 jaar geldig.", 15, False),  # a duration bounds no age
    ("Children under 12 years travel for free.", 14, True),
])
def test_a_sentence_bounding_an_age_excludes_people_of_another_age(sentence, age, excluded):
    assert types.get("age").excludes(sentence, age) is excluded


@pytest.mark.parametrize("question, sentence, expected", [
    ("What is the capital of Saba?", "Hoofdstad: The Bottom", ["The Bottom"]),  # the label, across languages
    ("Wat is de hoofdstad van Bonaire?", "Hoofdstad: Kralendijk", ["Kralendijk"]),
    ("Wat is de hoofdstad van Bonaire?", "Oppervlakte: 288 km²", []),  # a label of something else
])
def test_a_labelled_value_fills_the_slot_its_label_names(question, sentence, expected):
    assert led(question, sentence) == expected


@pytest.mark.parametrize("question, sentence, expected", [
    ("Bij welk bedrijf kan ik in het buitenland een paspoort aanvragen?",
     "U kunt in de volgende landen bij VFS Global terecht voor het aanvragen van een paspoort.", ["VFS Global"]),
    ("Bij welke instantie kan ik een vervalst document laten checken?",
     "U kunt het laten checken bij het Expertisecentrum Identiteitsfraude.", ["Expertisecentrum Identiteitsfraude"]),
    ("Bij welk bedrijf kan ik een paspoort aanvragen?", "U kunt in Spanje een paspoort aanvragen.", []),  # no name
    # the preposition of a clause, not of the noun asked for
    ("Welk bedrijf maakt de machines waarin Nederland leidend is?", "Nederland is leidend in Europa.", []),
])
def test_an_organisation_asked_with_a_preposition_is_the_name_after_it(question, sentence, expected):
    assert led(question, sentence) == expected


@pytest.mark.parametrize("question", [
    "What is smart industry?", "What does 'smart industry' refer to in the agreement?",
    "what does smart industy refer to in the agrement",
    "What does the term 'smart industry' refer to in the article?"])  # words about the text align with nothing
def test_what_a_term_refers_to_is_asked_as_what_it_is(question):
    sentence = ("Zij werken samen aan digitale technologieën als kunstmatige intelligentie (AI), quantum en "
                "digitalisering van de maakindustrie (smart industry).")
    assert led(question, sentence) == ["digitalisering van de maakindustrie"]


@pytest.mark.parametrize("question, sentence, expected", [
    ("Where does South Korea rank in chip market share?", "Het land heeft na de Verenigde Staten het grootste "
     "mondiale marktaandeel.", ["tweede: na de Verenigde Staten het grootste mondiale marktaandeel"]),
    ("Where does Korea rank?", "Korea ranks after the United States as the largest producer.",
     ["second: after the United States as the largest producer"]),
    ("Hoe belangrijk is Nederland als handelspartner?", "Nederland is één van de belangrijkste handelspartners.",
     ["één van de belangrijkste handelspartners"]),  # no rank after another: the phrase as it stands
])
def test_a_rank_after_the_first_says_second(question, sentence, expected):
    assert led(question, sentence) == expected


@pytest.mark.parametrize("text, term, meaning", [
    ("i. rechtsbijstandverlener: de advocaat; j. Raad: de Raad voor strafrechtstoepassing en jeugdbescherming; "
     "k. commissie: een commissie", "Raad", "de Raad voor strafrechtstoepassing en jeugdbescherming"),
    ("1. Het college:\na. ondersteunt bij arbeidsinschakeling;", "college", ""),  # a list of its tasks follows
    ("De Raad behandelt beroepschriften.", "Raad", ""),  # used, not defined
])
def test_the_meaning_a_document_gives_a_short_term(text, term, meaning):
    from qa.answering.types.definition import meaning_in

    assert meaning_in(text, term) == meaning


def test_a_meaning_that_only_repeats_the_term_is_none():
    from qa.answering.types.definition import meaning_in

    assert meaning_in("f. CIZ: het CIZ, genoemd in artikel 7.1.1;", "CIZ") == ""
    assert meaning_in("g. zorgverzekeraar: een verzekeraar, voor zover deze zorg aanbiedt;", "zorgverzekeraar") == ""
    assert meaning_in("d. directeur: de persoon, bedoeld in artikel 3;", "directeur") == ""  # a kind, not a name


@pytest.mark.parametrize("question, sentence, expected", [
    ("Hoe vaak zijn er gemeenteraadsverkiezingen?", "De Europese verkiezingen zijn elke 5 jaar, alle andere "
     "verkiezingen elke 4 jaar.", ["elke 5 jaar", "elke 4 jaar"]),
    ("How often do I get paid?", "You are paid twice a month.", ["twice a month"]),
    ("Hoeveel keer per jaar krijg ik het?", "U krijgt het 4 keer per jaar.", ["4 keer per jaar"]),
    ("hoe vaak moet ik dat doen", "Dat doet u jaarlijks.", ["jaarlijks"]),
    ("Hoe vaak wordt het geëvalueerd?", "Dat gebeurt ten minste eens per zes maanden.", ["eens per zes maanden"]),
    ("How often are elections held?", "The elections were held in 2023 and 4 years later.", []),  # no frequency
])
def test_a_frequency_says_how_often(question, sentence, expected):
    assert spans.question_type(question) == "frequency"
    assert filled(question, sentence) == expected
