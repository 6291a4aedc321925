"""Follow-up resolution: a question that leans on an earlier turn is retrieved with that turn's query."""
from __future__ import annotations

import pytest

from qa.conversation import MAX_CARRIED_CHARS, Conversation, Resolved, is_follow_up

FIRST = "Wie heeft de overeenkomst met Zuid-Korea getekend?"


@pytest.mark.parametrize("question", [
    "En bij welke gelegenheid was dat?",  # opener "en"
    "Maar waarom dan?",
    "And during whose state visit?",
    "What about the costs?",
    "Wie was daarbij aanwezig?",  # pointer "daarbij"
    "Welk ministerie leidt hij?",
    "Who was present there?",
    "Is that public or private money?",
    "Hoe groot is het marktaandeel van het land?",  # "het land"
    "Waarom?",  # too few content words
    "Wanneer precies?",
    "Waar vond die bijeenkomst plaats?",  # demonstrative "die"
    "Wie organiseerde deze handelsmissie?",
    "Wat is het doel ervan?",  # "ervan": a pronoun joined to its preposition
    "Wat is hiermee bereikt?",
    "Welke nog meer, naast kunstmatige intelligentie?",  # nothing asked besides what it sets aside
    "Waarin blinkt Nederland op dat gebied uit?",  # "dat" after a preposition points back
    "Wat moet ik in dit geval doen?",
])
def test_follow_ups(question):
    assert is_follow_up(question)


@pytest.mark.parametrize("question", [
    FIRST,
    "Hoeveel procent van het bbp investeert Zuid-Korea in onderzoek?",
    "Which digital technologies will the Netherlands and South Korea cooperate on?",
    "In welke stad werd de grote bedrijvenbijeenkomst gehouden?",
    "Hoe kan ik ervoor zorgen dat mijn paspoort geldig blijft?",  # "ervoor zorgen" points nowhere
    "Mag ik verhuizen zonder dat mijn uitkering stopt?",  # "zonder dat" joins a clause
])
def test_self_contained_questions(question):
    assert not is_follow_up(question)


def test_a_which_without_its_noun_takes_the_noun_of_the_question_before():
    conversation = Conversation()
    conversation.add("Welke technologieën worden genoemd?", "Welke technologieën worden genoemd?")
    resolved = conversation.resolve("Welke nog meer, naast AI?")
    assert resolved.question == "Welke technologieën nog meer, naast AI?"
    assert resolved.query.startswith("Welke technologieën nog meer")  # complete now: retrieved on its own
    assert conversation.resolve("Welke landen nog meer?").question == "Welke landen nog meer?"  # it has its own


def test_openers_must_be_whole_words():
    assert not is_follow_up("Energietransitie en halfgeleiders in Zuid-Korea besproken")
    assert not is_follow_up("Andersom investeert Zuid-Korea veel in onderzoek")


def test_resolve_adds_the_previous_query_to_follow_ups_only():
    conversation = Conversation()
    assert conversation.resolve("En bij welke gelegenheid was dat?").query == "En bij welke gelegenheid was dat?"
    conversation.add(FIRST, FIRST)
    assert conversation.resolve("En bij welke gelegenheid was dat?").query == \
        f"En bij welke gelegenheid was dat? {FIRST}"
    assert conversation.resolve("Hoeveel inwoners heeft Zuid-Korea volgens het artikel?").query == \
        "Hoeveel inwoners heeft Zuid-Korea volgens het artikel?"


def test_a_complete_question_after_another_topic_stands_alone():
    conversation = Conversation()
    conversation.add("Waar vond de bijeenkomst plaats?", "Waar vond de bijeenkomst plaats?")
    assert conversation.resolve("Wie heeft de overeenkomst ondertekend?").query == \
        "Wie heeft de overeenkomst ondertekend?"


def test_a_pronoun_for_a_person_binds_to_the_person_last_named():
    conversation = Conversation()
    conversation.add(FIRST, FIRST, lead="Micky Adriaansens", lead_kind="person")
    conversation.add("Waar was dat?", "Waar was dat?", lead="Amsterdam", lead_kind="place")
    resolved = conversation.resolve("And what did she say about startups?")
    assert resolved.question == "And what did Micky Adriaansens say about startups?"
    assert not conversation.resolve("Wie is de Koreaanse minister?").question.count("Adriaansens")


def test_a_pronoun_binds_to_a_person_named_in_a_lead_of_another_kind():
    conversation = Conversation()
    conversation.add(FIRST, FIRST, lead="Micky Adriaansens", lead_kind="person")
    conversation.add("During whose visit?", "During whose visit?", lang="en", lead_kind="occasion",
                     lead="het staatsbezoek van de Zuid-Koreaanse president Yoon Suk-yeol aan Nederland")
    resolved = conversation.resolve("Which country is he president of?")
    assert resolved.question == "Which country is Yoon Suk-yeol president of?"


def test_apart_from_sets_the_last_answer_aside():
    conversation = Conversation()
    conversation.add("Wie waren er?", "Wie waren er?", lead="Willem-Alexander, Yoon", lead_kind="person")
    assert conversation.resolve("Wie was er nog meer, behalve hen?").excluded == ("Willem-Alexander", "Yoon")
    assert conversation.resolve("En wie was er nog?").excluded == ()
    assert isinstance(conversation.resolve("En wie?"), Resolved)


def test_a_chain_of_follow_ups_carries_a_bounded_context():
    conversation = Conversation()
    conversation.add(FIRST, FIRST)
    follow_up = "En daarna?"
    for _ in range(60):
        query = conversation.resolve(follow_up).query
        assert query.startswith(follow_up)
        assert len(query) <= len(follow_up) + 1 + MAX_CARRIED_CHARS
        conversation.add(follow_up, query)
    assert len(conversation.last_query) > MAX_CARRIED_CHARS  # the bound was reached, not just respected


def test_conversation_keeps_the_last_turns():
    conversation = Conversation(max_turns=3)
    assert conversation.last_query is None
    for n in range(5):
        conversation.add(f"vraag {n}", f"query {n}", "nl", f"antwoord {n}")
    assert [t.question for t in conversation.turns] == ["vraag 2", "vraag 3", "vraag 4"]
    assert conversation.last_query == "query 4"
    assert conversation.turns[-1].answer_text == "antwoord 4"


def test_from_questions_replays_the_history():
    conversation = Conversation.from_questions([FIRST, "En bij welke gelegenheid was dat?", "Who was there?"])
    queries = [t.query for t in conversation.turns]
    assert queries[0] == FIRST
    assert queries[1] == f"En bij welke gelegenheid was dat? {FIRST}"
    assert queries[2] == f"Who was there? {queries[1]}"
    assert [t.lang for t in conversation.turns] == ["nl", "nl", "en"]
    assert conversation.resolve("En wie nog meer?").query.endswith(queries[2][:MAX_CARRIED_CHARS])
    assert Conversation.from_questions([]).turns == []


def test_each_conversation_has_its_own_turns():
    first, second = Conversation(), Conversation()
    first.add(FIRST, FIRST)
    assert second.turns == [] and second.last_query is None


def test_a_pronoun_binds_to_a_person_the_previous_question_named():
    conversation = Conversation()
    conversation.add("Wat zegt minister Adriaansens over AI?", "Wat zegt minister Adriaansens over AI?")
    assert conversation.resolve("En wat vindt zij van quantum?").question == "En wat vindt Adriaansens van quantum?"


def test_a_question_a_bound_pronoun_makes_complete_is_retrieved_on_its_own():
    conversation = Conversation()
    conversation.add(FIRST, FIRST, lead="Micky Adriaansens", lead_kind="person")
    complete = conversation.resolve("En wat zegt zij over startups?")
    assert complete.query == complete.question == "En wat zegt Micky Adriaansens over startups?"
    leaning = conversation.resolve("En wanneer was zij daar?")  # "daar" still points back
    assert leaning.query.endswith(FIRST)


@pytest.mark.parametrize("question, alone", [
    ("And what is the Netherlands to South Korea?", True),  # complete but for "And"
    ("En wat zegt Micky Adriaansens over startups?", True),
    ("En Zuid-Korea dan?", False),  # too little to stand without the earlier topic
    ("And during whose state visit?", False),  # about nothing it names
])
def test_a_question_complete_but_for_its_opener_is_retrieved_on_its_own(question, alone):
    conversation = Conversation()
    conversation.add(FIRST, FIRST)
    assert (conversation.resolve(question).query == question) is alone


def test_a_word_for_a_place_binds_to_the_country_or_place_last_named():
    conversation = Conversation()
    conversation.add("Welk land staat aan de top?", "Welk land staat aan de top?", lead="Zuid-Korea",
                     lead_kind="country")
    resolved = conversation.resolve("En wat is daar een belangrijke activiteit?")
    assert resolved.question == "En wat is in Zuid-Korea een belangrijke activiteit?"
    assert conversation.resolve("How much does that country invest?").question == "How much does Zuid-Korea invest?"
    named = Conversation()  # named by a question, as an adjective: its country
    named.add("Wie is de Zuid-Koreaanse minister?", "Wie is de Zuid-Koreaanse minister?")
    assert named.resolve("Wat doet dat land?").question == "Wat doet Zuid-Korea?"
    nowhere = Conversation()  # "daar" binds only to a place an answer gave, not one a question named
    nowhere.add(FIRST, FIRST, lead="Micky Adriaansens", lead_kind="person")
    assert nowhere.resolve("En wat gebeurde daar?").question == "En wat gebeurde daar?"
    chain = Conversation()  # an answer two turns back still counts
    chain.add("Welk land?", "Welk land?", lead="Zuid-Korea", lead_kind="country")
    chain.add("Hoeveel procent?", "Hoeveel procent?", lead="4,5%", lead_kind="percent")
    assert chain.resolve("En wat doen ze daar?").question == "En wat doen ze in Zuid-Korea?"


def test_a_place_question_without_a_short_answer_was_answered_by_the_place_its_answer_adds():
    asked = "Met welk land gaat Nederland samenwerken?"  # answered by a sentence naming both countries
    conversation = Conversation()
    conversation.add(asked, asked, "nl", "> De overeenkomst maakt samenwerking mogelijk tussen Nederlandse en "
                                         "Zuid-Koreaanse bedrijven. [1]")
    assert conversation.resolve("Hoeveel investeert dat land?").question == "Hoeveel investeert Zuid-Korea?"
    assert conversation.resolve("Wie is daar de president?").question == "Wie is in Zuid-Korea de president?"
    nothing_new = Conversation()  # the answer names only the question's country: that one is meant
    nothing_new.add(asked, asked, "nl", "> Nederland wil meer samenwerken. [1]")
    assert nothing_new.resolve("Hoeveel investeert dat land?").question == "Hoeveel investeert Nederland?"


@pytest.mark.parametrize("question, bound", [
    # the possessive of the person asked for: a complete question, not bound to the earlier turn
    ("Wie zette namens Nederland haar handtekening onder het akkoord?",
     "Wie zette namens Nederland haar handtekening onder het akkoord?"),
    ("Who signed his name under the agreement?", "Who signed his name under the agreement?"),
    ("Wie is haar ambtsgenoot?", "Wie is Micky Adriaansens ambtsgenoot?"),  # a copula: hers is another's
    ("Wie heeft haar benoemd?", "Wie heeft Micky Adriaansens benoemd?"),  # an object before a participle
    ("Wie volgde haar op?", "Wie volgde Micky Adriaansens op?"),
])
def test_a_possessive_of_the_person_asked_for_is_not_bound_to_an_earlier_person(question, bound):
    conversation = Conversation()
    conversation.add(FIRST, FIRST, lead="Micky Adriaansens", lead_kind="person")
    resolved = conversation.resolve(question)
    assert resolved.question == bound
    if bound == question:  # complete without binding: retrieved on its own, not with the earlier topic
        assert resolved.query == question


def test_a_pronoun_binds_to_the_person_a_who_is_question_asked_about():
    conversation = Conversation()
    conversation.add("Wie is Ahn Duk-geun?", "Wie is Ahn Duk-geun?", "nl", "...", lead="Zuid-Koreaanse ambtsgenoot",
                     lead_kind="role")  # the lead is his title, not a name
    assert conversation.resolve("And which ministry is he responsible for?").question == \
        "And which ministry is Ahn Duk-geun responsible for?"
