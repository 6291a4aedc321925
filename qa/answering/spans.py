"""What a question asks for (``Asked``), and the spans of a sentence that answer it.

The answer type comes from the plug-ins in ``qa.answering.types``; the words come from the language
modules in ``qa.languages`` (through ``qa.answering.patterns``). What stays here is what every type
shares: titles and the people who hold them, the speaker a question asks about, the count noun,
companies, names excluded by a follow-up, and the entity a sentence is about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa import languages
from qa.answering import types
from qa.answering.patterns import patterns
from qa.lexical import compound_with_head, fold, in_any_language, same_word, stems, words

PERSON, PLACE, COUNTRY, ORGANISATION, PERCENT, NUMBER, MONEY, DATE, LIST, WHEN, CONDITION, REASON, SLOT = (
    "person", "place", "country", "organisation", "percent", "number", "money", "date", "list", "when", "condition",
    "reason", "slot")
# Titles whose "van ..." names a portfolio ("minister van Financiën"), not a place ("koning van Nederland").
PORTFOLIO_ROLES = frozenset({"minister", "state secretary", "commissioner", "secretary-general"})
ROLE_WINDOW = 40  # characters around a name in which its title stands


@dataclass(frozen=True)
class Asked:
    """What a question asks for: the kind of span, and what must stand next to it in the text."""

    kind: str | None
    role: str | None = None  # the title an answered person must carry ("prime minister", "counterpart")
    role_group: frozenset[str] = frozenset()  # or one of these ("Which member of the royal family?": king, queen ...)
    counted: str | None = None  # the thing a count question counts ("inwoners"); a percentage never answers it
    # an organisation question about businesses or the like (universities, hospitals, banks), not about a ministry:
    # a bracket after a titled person (a portfolio) answers none
    company: bool = False
    span_required: bool = False  # only a sentence that satisfies the type answers the question
    portfolio: tuple[str, ...] = ()  # what the asked title is of: "minister van Buitenlandse Zaken" -> its words
    qualifiers: tuple[str, ...] = ()  # words before the asked title ("de Koreaanse minister"): preferred, not required
    several: bool = False  # the title is asked in the plural ("Welke ministers ...?"): name everyone who has it
    companies: bool = False  # plural company question ("Welke bedrijven ...?"): kinds of companies answer it too
    origin: bool = False  # "Which country is Yoon the president of?": a person's country (its adjective names it)
    behalf: str | None = None  # "Wie tekende namens Zuid-Korea?": the gazetteer concept the person acts for
    party: bool = False  # an organisation question about a political party: a portfolio in brackets is none
    speaker: str | None = None  # "Wat zei president Yoon?": only this speaker's words or views answer it
    excluded: tuple[str, ...] = ()  # names a follow-up sets aside ("Wie nog meer, behalve hem?")
    # the words, in any language, of what the question itself sets aside ("Apart from nuclear power, ...")
    set_aside: frozenset[str] = frozenset()
    excluded_roles: frozenset[str] = frozenset()  # titles set aside ("behalve de koning")
    entities: frozenset[str] = frozenset()  # gazetteer concepts the question names ("south-korea")
    topic: frozenset[str] = frozenset()  # stems of the topic a clause narrows the question to ("als het om chips gaat")
    terms: tuple[str, ...] = ()  # the question's content words (folded), to find the phrase that fills its slot
    defined: str = ""  # the term a definition question asks the meaning of ("permanent toezicht")
    presence: bool = False  # "Wie was erbij aanwezig?": who was there, also those named after "in aanwezigheid van"
    head: str = ""  # the noun after "welke"/"which" ("Met welke ontwikkelingen ...?" -> "ontwikkelingen")
    alternatives: tuple[str, ...] = ()  # "public or private": the two a choice question names
    group_words: tuple[str, ...] = ()  # the words naming the asked group ("head of state"): its type checks them
    copula: bool = False  # "Wat is ...?": the thing asked for may stand before the question's words
    prepositional: bool = False  # "Waarin ...?", "Tijdens welke ...?": it follows the question's words
    preposition: str = ""  # the one it follows in a sentence ("Waarover ...?": "over"), if the question says it
    time_relation: str | None = None  # "Tot wanneer ...?": "until" (the date after "tot", "voor", "uiterlijk")
    ranking: bool = False  # "Welk land gaat Zuid-Korea voor?": a sentence that states a rank answers it
    second_place: bool = False  # "the second-largest": not the one ranking ahead ("na de Verenigde Staten")
    region: str = ""  # the country a place question puts its answer in ("In welke Zuid-Koreaanse stad ...?")
    stated_age: int | None = None  # the age the question gives its person ("Mijn zoon van 15 ..."), if it does
    which_preposition: str = ""  # "bij" of "Bij welk bedrijf ...?": the name after it in a sentence may answer

    @property
    def type(self) -> types.AnswerType | None:
        return types.get(self.kind)


def content_words(text: str) -> list[str]:
    """The words of ``text`` that say what it is about: no stopwords, no question words."""
    interrogatives = patterns().interrogatives
    return [w for w in words(text) if w not in interrogatives]


def without_set_aside(question: str) -> tuple[str, tuple[int, int]]:
    """The question without the clause that sets something aside ("behalve hem", "apart from the king,"): what it
    asks; and where the set-aside words stand ((0, 0) without such a clause)."""
    clause = patterns().exclusion_clause.search(question)
    if not clause:
        return question, (0, 0)
    set_aside = (clause.end(), _clause_end(question, clause.end()))
    return " ".join((question[:clause.start()] + question[set_aside[1]:]).split()), set_aside


def asked_for(question: str, excluded: tuple[str, ...] = ()) -> Asked:
    p = patterns()
    exclusion = p.exclusion.search(question)  # "nog meer", "apart from": others than those named before
    asking, set_aside = without_set_aside(question)  # "behalve hem", "apart from the king," is set aside, not asked
    clause = set_aside != (0, 0)
    asking = keyword_question(asking)
    answer_type = types.asked_type(asking)
    kind = answer_type.name if answer_type else None
    speech = p.speech.search(asking)
    speaker_group = next((g for g in range(1, p.speech.groups + 1) if speech.group(g)), 0) if speech else 0
    speaker_span = speech.span(speaker_group) if speaker_group else (0, 0)
    # an organisation question may ask for a titled person's one: "Welk departement heeft de Koreaanse collega?"
    title = _asked_title(asking, speaker_span) if kind in (PERSON, ORGANISATION) else None
    role = _role(title) if title and kind == PERSON else None
    group = next(((name, found) for name, cue in p.role_groups.items() if (found := cue.search(asking))),
                 None) if kind == PERSON and role is None else None
    role_group = languages.ROLE_GROUPS[group[0]] if group else frozenset()
    behalf = _behalf(asking) if kind == PERSON else None
    company = p.company.search(question) if kind == ORGANISATION else None
    set_aside_words = in_any_language(words(question[slice(*set_aside)]))
    # "nog meer" sets aside the names the previous answer gave ("Wie nog meer, behalve de koning?" after "Yoon":
    # both), but after an answer that named everyone a question naming what it sets aside sets aside only that
    # ("Wie was er nog meer, behalve de koning en de president?"); "apart from those" points back to the answer
    names_aside = clause and not p.pointer.search(question, *set_aside)
    excluded = excluded if exclusion and not (names_aside and len(excluded) > 1) else ()
    # "behalve de ministers" sets a role aside; "together with minister Adriaansens" only the one it names
    excluded_roles = frozenset(_role(m) for m in p.role.finditer(question, *set_aside)
                               if not question[m.end():set_aside[1]].lstrip()[:1].isupper()) if clause else frozenset()
    asks_presence = bool(p.presence_question.search(asking))  # "aanwezig", "attended": who was there
    asks_several = asks_presence or bool(p.plural_person_question.search(asking))  # "Wie namen deel?": all of them
    # the question without its topic clause ("als het om chips gaat", "when it comes to chips"): the topic narrows
    # the answer (``topic``), the slot is filled from the rest ("Waarin loopt Nederland voorop?"); nor with words
    # about the text itself ("in het artikel", "the term")
    core = " ".join(p.text_reference.sub(" ", p.topic_clause.sub(" ", asking)).split())
    slot_preposition = p.slot_preposition.search(core)
    return Asked(kind=kind, role=role, counted=counted_noun(asking) if kind == NUMBER else None,
                 company=bool(company), companies=bool(company) and bool(p.company_plural.match(company.group(1))),
                 party=kind == ORGANISATION and bool(p.party.search(asking)),
                 span_required=bool(answer_type and answer_type.required(asking, role)) or bool(role_group or behalf),
                 behalf=behalf, origin=kind == COUNTRY and bool(p.origin.search(asking)),
                 role_group=role_group,
                 portfolio=_portfolio(asking, title) if role in PORTFOLIO_ROLES else (),
                 # "de Koreaanse minister", "Which South Korean leader": words before the title or group name
                 qualifiers=_qualifiers(asking, title or group[1]) if title or group else (),
                 # "Welke ministers ...?", who was there, who did it (a plural verb): all of them ("Who attended
                 # the meeting?", "Wie namen deel?"); of a list with some of it set aside, every run of items left
                 several=bool(role and title.group(2)) or (kind == PERSON and role is None and asks_several)
                 or (kind == LIST and bool(set_aside_words)),
                 speaker=_speaker(speech.group(speaker_group)) if speaker_group else None,
                 excluded=excluded, set_aside=frozenset(set_aside_words), excluded_roles=excluded_roles,
                 entities=frozenset(entities_in(asking)), topic=_topic(asking),
                 terms=tuple(content_words(p.attribution.sub(" ", core))),
                 defined=answer_type.defined(asking) if answer_type else "",
                 presence=asks_presence or bool(p.presence.search(asking)),
                 alternatives=_alternatives(asking) if kind == "choice" else (),
                 head=_head(asking), group_words=tuple(words(group[1].group())) if group else (),
                 copula=bool(p.copula_question.match(asking)), prepositional=bool(slot_preposition),
                 preposition=_preposition(slot_preposition),
                 time_relation=next((key for key, cue in p.time_relation_questions.items() if cue.search(asking)), None),
                 # "How does X rank among ...?" asks X's standing (degree), not who comes before whom
                 ranking=kind != "degree" and bool(p.ranking.search(asking)),
                 second_place=kind != "degree" and bool(p.second_place.search(asking)),
                 region=_region(asking) if kind == PLACE else "", stated_age=stated_age(question),
                 which_preposition=which.group(1).lower() if (which := p.which_preposition.search(core)) else "")


def _region(question: str) -> str:
    """The country a place question's cue names, as an adjective or after it: "In which South Korean city ...?",
    "Welke stad in Zuid-Korea ...?" -> "south-korea"; "" when it names none."""
    cue = patterns().question["named_place"].search(question)
    if not cue:
        return ""
    after = patterns().region_after.match(question, cue.end())
    named = entities_in(cue.group() + (after.group() if after else ""))
    return next((concept for concept in named if entity_kind(concept) == COUNTRY), "")


def _preposition(slot_preposition: re.Match | None) -> str:
    """The preposition a prepositional question names, as a sentence writes it ("waarmee": "met")."""
    said = next((group.lower() for group in slot_preposition.groups() if group), "") if slot_preposition else ""
    return patterns().preposition_forms.get(said, said)


MIN_TOPIC_STEM = 4  # shorter stems of a topic word stand inside too many unrelated words


def _topic(question: str) -> frozenset[str]:
    """The stems, in every language, of the words of the question's topic clause ("Waarom is Korea een logische
    partner als het om chips gaat?": chip)."""
    clause = patterns().topic_clause.search(question)
    if clause is None:
        return frozenset()
    return topic_stems(next(group for group in clause.groups() if group))


def topic_stems(said: str) -> frozenset[str]:
    """The stems, in every language, of the words of ``said``, long enough to be looked for inside compounds."""
    return frozenset(stem for stem in stems(" ".join(in_any_language(words(said))), languages.codes())
                     if len(stem) >= MIN_TOPIC_STEM)


def on_topic(sentence: str, topic: frozenset[str]) -> bool:
    """Does the sentence speak of the topic: one of its stems as a word or a part of a compound ("chipproductie",
    "halfgeleiderproductiemachines")?"""
    return any(stem in word for word in words(sentence) for stem in topic)


KEYWORD_QUERY_WORDS = 6  # a query this short, without a question word, article or question mark, is keywords
KEYWORD_OF_WORDS = 2  # keywords after a title that say whose title it is ("ambtsgenoot Adriaansens")


def keyword_question(query: str) -> str:
    """A keyword query read as the question its type noun asks ("Adriaansens ministerie": "welk ministerie
    Adriaansens"; "Koreaanse ambtsgenoot Adriaansens": "welke Koreaanse ambtsgenoot Adriaansens"), so it gets the
    short answer the question would; anything else is returned as it is."""
    p = patterns()
    if ("?" in query or len(query.split()) > KEYWORD_QUERY_WORDS or p.article.search(query)
            or any(word.lower() in p.interrogatives for word in words(query))):
        return query
    noun = p.keyword_type_noun.search(query)
    if noun is None:
        return query
    before, after = query[:noun.start()].strip(), query[noun.end():].strip()
    if len(before.split()) <= 2:  # "Koreaanse ambtsgenoot ...": the words before describe the noun
        head, rest = query[:noun.end()], after
    else:
        head, rest = noun.group(), f"{before} {after}".strip()
    link = " "
    if p.role.fullmatch(noun.group()):
        # "Korean minister name": the name is what a person question gives
        named = any(p.name_noun.fullmatch(word) for word in rest.split())
        rest = " ".join(word for word in rest.split() if not p.name_noun.fullmatch(word))
        if len(rest.split()) > KEYWORD_OF_WORDS:
            if not named:  # "minister EZK ondertekening Korea": which words say whose is unclear
                return query
            # "korean president state visit netherlands name": the name asked for, the rest says of which one
        elif rest:  # a title is asked about, not named: "ambtsgenoot Adriaansens" is his counterpart
            link = f" {p.of_word} "
    return f"{p.which_word} {head}{link}{rest}".strip()


def _alternatives(question: str) -> tuple[str, ...]:
    """The two alternatives of a choice question ("public", "private")."""
    match = types.get("choice").match(question)
    return match.groups() if match else ()


def _behalf(question: str) -> str | None:
    """The country a person question says the person acts for: "namens Zuid-Korea", "for the Netherlands"."""
    pattern, concept_of, _ = patterns().entities
    for cue in patterns().behalf.finditer(question):
        named = pattern.match(question, cue.end())
        if named and entity_kind(concept_of[named.group(1).casefold()]) == "country":
            return concept_of[named.group(1).casefold()]
    return None


def _clause_end(question: str, start: int) -> int:
    """Where the clause from ``start`` ends: at the next comma ("Apart from the king, who else ...?"), else where
    the question proper goes on, at its first question word and the preposition before it ("besides digital tech in
    which areas ...", typed without the comma) or at its verb ("Welke technologieën naast AI worden genoemd?"),
    else at the end."""
    comma = question.find(",", start)
    if comma >= 0:
        return comma + 1
    p = patterns()
    ends = [m.start() for m in (p.question_word.search(question, start), p.auxiliary.search(question, start)) if m]
    return min(ends, default=len(question))


def _head(question: str) -> str:
    """The content word right after "welke"/"which", folded: the kind of thing the question asks for."""
    return next(iter(words(head_word(question))), "")


def head_word(question: str) -> str:
    """The word right after "welke"/"which" as written; after a country's adjective, the word it describes ("Welke
    Nederlandse universiteiten": universiteiten)."""
    match = patterns().which_head.search(question)
    if not match:
        return ""
    first, following = match.group(1), match.group(2)
    if following and entities_in(first) and first.casefold() not in patterns().entity_nouns:
        first = following
    return first


def question_type(question: str) -> str | None:
    """The name of the answer type the question asks for, or None for open questions."""
    answer_type = types.asked_type(question)
    return answer_type.name if answer_type else None


def find_spans(kind: str, sentence: str, asked: Asked | None = None) -> list[tuple[int, int]]:
    """Character spans (within ``sentence``) of answers of this kind, in order of appearance."""
    answer_type = types.get(kind)
    return answer_type.find(sentence, asked) if answer_type else []


def _speaker(phrase: str) -> str | None:
    """A person (a name or a title) said it; "Wat zegt de overeenkomst?" asks about a text's content instead."""
    phrase = phrase.strip()
    if patterns().text_noun.search(phrase):  # "volgens de Wet BRP": a text tells, whatever its capitals
        return None
    names = [w for w in re.findall(r"[\w’'-]+", phrase) if w[:1].isupper()]
    return phrase if names or patterns().role.search(phrase) or _pronoun(phrase) else None


def _pronoun(phrase: str) -> bool:
    """Is the speaker a pronoun ("volgens haar") that no earlier turn named? Then it is whoever is quoted."""
    return bool(patterns().person_pronoun.fullmatch(phrase))


def _portfolio(question: str, title: re.Match) -> tuple[str, ...]:
    """The "of ..." after the asked title: "minister van Buitenlandse Zaken" -> (buitenlandse, zaken), typed with
    capitals or without ("minister of science and ict"): its words up to the first function word; none when an
    article follows the preposition ("de koning van het land")."""
    following = patterns().portfolio.match(question, title.end())
    if not following or question[title.start() - 1:title.start()] == "-":  # "collega-minister van X": X's colleague
        return ()
    portfolio = []
    for word in re.findall(r"[\w’'-]+", following.group(1)):
        if patterns().conjunction.fullmatch(word):
            continue
        if not words(word):  # a function word ends it ("die", "the", "who")
            break
        portfolio.extend(words(word))
    return tuple(portfolio)


def _qualifiers(question: str, title: re.Match) -> tuple[str, ...]:
    """The capitalised words right before the asked title: "haar Zuid-Koreaanse ambtsgenoot" -> (zuid, koreaanse);
    not a possessor ("Adriaansens' Korean counterpart" is not Adriaansens)."""
    qualifiers = []
    interrogatives = patterns().interrogatives
    for word in reversed(re.findall(r"[\w’'-]+", question[:title.start()])):
        if not word[:1].isupper() or word.lower() in interrogatives or re.search(r"['’]s?$", word):
            break
        qualifiers.insert(0, word)
    return tuple(w for qualifier in qualifiers for w in words(qualifier))


def _asked_title(question: str, speaker: tuple[int, int] = (0, 0)) -> re.Match | None:
    """The title a person question asks about ("Wie is de minister-president?"): the first one not followed by
    a name. "de ambtsgenoot van minister Adriaansens" asks for the ambtsgenoot; "minister Adriaansens" is known;
    the title of the ``speaker`` span ("according to the minister") says who tells, not who is asked for, and a
    possessive one ("the Dutch minister's counterpart") whose title is asked for."""
    for match in patterns().role.finditer(question):
        following = question[match.end():].split(maxsplit=1)
        possessive = question.startswith(("'s", "’s"), match.end())
        if not (following and following[0][:1].isupper()) and not speaker[0] <= match.start() < speaker[1] \
                and not possessive:
            return match
    return None


def _role(title: re.Match) -> str:
    """The role a title match names, whatever its language or plural: "ambtsgenoten" -> "counterpart"."""
    return patterns().role_of[title.group(1).lower()]


def stated_age(question: str) -> int | None:
    """The age the question gives the person it is about ("Mijn dochter is 10 en ...", "my 15-year-old")."""
    stated = patterns().stated_age.search(question)
    return int(re.search(r"\d+", stated.group()).group()) if stated else None


def counted_noun(question: str) -> str | None:
    """The noun a "how many" question counts, or None when it asks for an amount ("Hoeveel geeft Korea uit?")."""
    p = patterns()
    match = p.count.search(question)
    if not match:
        return None
    word, after = match.group(1), match.group(2) or ""
    if p.count_noun_always.match(match.group(0)):
        return word.lower()
    if after[:1].isupper() or after.lower() in p.not_counted:
        return None
    # "Hoeveel bijstand krijgt ...?" asks an amount: only a plural is counted, or a unit ("hoeveel uur/meter")
    if not (p.plural.search(word) or p.time_unit_word.fullmatch(word) or p.measure_unit_word.fullmatch(word)):
        return None
    return word.lower()


def answer_spans(asked: Asked, sentence: str, same_language: bool = True,
                 antecedent: str = "") -> list[tuple[int, int]]:
    """The spans of ``sentence`` that answer what was asked: of the asked type, a person with the asked title
    (and portfolio), a count that is no percentage, no name a follow-up set aside. Words are compared strictly
    within one language (every portfolio word, the counted noun); across languages only cognates can match, so
    one portfolio word must and the counted noun is not checked. ``antecedent``: the sentence this one points back
    to ("Die zijn ..."), whose words it speaks of."""
    answer_type = asked.type
    if answer_type is None:
        return []
    found = answer_type.find_after(antecedent, sentence, asked) if antecedent else answer_type.find(sentence, asked)
    label = patterns().label.match(sentence)  # "2. De zorgverzekeraar ...", "r. de briefadresgever: ...": a label
    if label:
        found = [span for span in found if span[0] >= label.end()]
    people = people_roles(sentence) if asked.role or asked.role_group or asked.company or asked.excluded_roles else {}
    if asked.role_group:
        found = [span for span in found if people.get(span, set()) & asked.role_group]
    if asked.role:
        found = [span for span in found if asked.role in people.get(span, set())]
        if asked.portfolio:  # "(Economische Zaken)" is not Buitenlandse Zaken
            match = all if same_language else any
            found = [span for span in found
                     if match(_mentions(set(words(mention(sentence, span))), w) for w in asked.portfolio)]
    if asked.company:  # "minister Adriaansens (EZK)": the bracket after a titled person is a portfolio or party
        titled = [person for person, roles in people.items() if roles]
        found = [span for span in found if not any(0 < span[0] - end <= 3 for _, end in titled)]
        if asked.companies:
            p = patterns()
            # kinds of companies, not the asked word itself ("Nederlandse en Zuid-Koreaanse bedrijven" restates it)
            found += [m.span() for m in p.enumeration.finditer(sentence) if p.company_kinds.search(m.group())
                      and asked.head not in words(m.group())]
    if asked.party:  # "Minister Adriaansens (Economische Zaken en Klimaat)" names her portfolio, not her party
        found = [span for span in found if not patterns().portfolio_words.search(sentence, *span)]
    if asked.kind == NUMBER:  # the day or year of a date counts nothing ("sinds 1 januari 2022")
        found = [span for span in found if not _within(sentence, span, "date")]
    if asked.kind == NUMBER and not asked.counted:  # an amount ("Hoeveel kinderbijslag?"): no age or duration
        found = [span for span in found if not patterns().time_unit.match(sentence, span[1])]
    if asked.counted:
        found = [span for span in found if not patterns().percentage.search(sentence, span[0], span[1])
                 and not _other_unit(sentence, span, asked.counted) and not _within(sentence, span, "money")]
        if patterns().time_unit_word.fullmatch(asked.counted):  # "How many days": a number of days, in any language
            found = [span for span in found if patterns().time_unit.match(sentence, span[1])]
        sentence_words = set(words(sentence))
        if patterns().people_noun.fullmatch(asked.counted):  # "hoeveel mensen": "150 volksvertegenwoordigers"
            if not any(_mentions(sentence_words, word) for word in in_any_language([fold(asked.counted)])):
                found = [span for span in found if patterns().counted_plural.match(sentence, span[1])]
        elif same_language and not _mentions(sentence_words, asked.counted):
            return []
    if asked.kind == PERSON:  # "tijdens het staatsbezoek van president Yoon": Yoon did not sign, unless asked so
        adjuncts = [a for a in types.get("occasion").find(sentence) if not _points_into(sentence, a, asked.terms)]
        found = [span for span in found if not any(a[0] <= span[0] and span[1] <= a[1] for a in adjuncts)]
    if asked.kind == PERSON and not asked.presence:
        # "In aanwezigheid van Koning Willem-Alexander en president Yoon namen minister Adriaansens ... deel": the king
        # was there, the minister took part; those who were only present answer only when no one else is named
        present = _present(sentence, found)
        if len(present) < len(found):
            found = [span for span in found if span not in present]
    if asked.behalf:  # "namens Zuid-Korea": not Adriaansens when "Zuid-Koreaanse" stands with president Yoon
        concepts = {span: set(entities_in(mention(sentence, span))) for span in find_spans(PERSON, sentence)}
        taken = any(asked.behalf in named for named in concepts.values())
        found = [span for span in found if asked.behalf in concepts.get(span, set()) or not taken]
    if asked.excluded_roles:
        found = [span for span in found if not people.get(span, set()) & asked.excluded_roles]
    if asked.speaker:  # "Who benefits, according to the minister?": the one who tells is not the answer
        found = [span for span in found if not names_speaker(mention(sentence, span), asked.speaker)]
    if asked.excluded:
        set_aside = {w for name in asked.excluded for w in words(name)}
        found = [span for span in found if not any(same_word(w, set_aside) for w in words(sentence[span[0]:span[1]]))]
    if asked.set_aside:
        found = [span for span in found if not _set_aside(sentence, span, asked.set_aside)]
        if asked.kind == LIST:
            found = [part for span in found for part in _without_items_set_aside(sentence, span, asked.set_aside)]
    # "een aantal belangrijke taken", "verschillende manieren": announcing several things names none of them
    announced = [m.span() for m in patterns().list_announcer.finditer(sentence)]
    return [span for span in found if not any(a < span[1] and span[0] < b for a, b in announced)]


def _present(sentence: str, found: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans a presence phrase names: the names right after "in aanwezigheid van", "in the presence of", joined
    by "en", "and" or a comma, each perhaps with its title."""
    p = patterns()
    present = set()
    for cue in p.presence.finditer(sentence):
        end, before = cue.end(), p.name_opening
        for span in sorted(found):
            if span[0] < end:
                continue
            if not before.fullmatch(sentence, end, span[0]):
                break
            before = p.name_joiner
            present.add(span)
            end = span[1]
    return present


def _set_aside(sentence: str, span: tuple[int, int], set_aside: frozenset[str]) -> bool:
    """Is the span what the question sets aside ("kernenergie" for "apart from nuclear power"), or one of its
    members ("digitale technologieën als kunstmatige intelligentie, ..." for "besides digital technologies")?"""
    inside = words(sentence[span[0]:span[1]])
    if inside and all(same_word(w, set_aside) for w in inside):
        return True
    intro = patterns().list_intro_before.search(sentence[:span[0]])
    return bool(intro) and any(same_word(w, set_aside) for w in words(intro.group(1)))


def _without_items_set_aside(sentence: str, span: tuple[int, int],
                             set_aside: frozenset[str]) -> list[tuple[int, int]]:
    """A list span without the items the question sets aside ("Welke technologieën naast AI?": "mobiele communicatie
    toepassingen (5G en 6G), quantum en ..." without "kunstmatige intelligentie (AI)"), as the runs of items left;
    joints inside brackets ("(5G en 6G)") join no items of the list."""
    start, end = span
    joints = [(m.start(), m.end()) for m in patterns().list_joint.finditer(sentence, start, end)
              if sentence.count("(", start, m.start()) == sentence.count(")", start, m.start())]
    bounds = [start] + [j for joint in joints for j in joint] + [end]
    items = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    kept = [not any(same_word(w, set_aside) for w in words(sentence[a:b])) for a, b in items]
    if all(kept) or not any(kept):
        return [span]
    runs, run = [], None
    for (a, b), keep in zip(items, kept):
        if keep:
            run = (run[0] if run else a, b)
        elif run:
            runs.append(run)
            run = None
    runs += [run] if run else []
    return [(a + len(sentence[a:b]) - len(sentence[a:b].lstrip()), b) for a, b in runs]


def _within(sentence: str, span: tuple[int, int], kind: str) -> bool:
    """Is the number part of a span of ``kind``: an amount of money ("€ 345,68"), a date ("1 januari 2022"; a
    duration, "5 dagen", is a number of days)?"""
    p = patterns()
    return any(m.start() <= span[0] and span[1] <= m.end() and not p.duration.fullmatch(sentence, *m.span())
               for m in p.spans[kind].finditer(sentence))


def _other_unit(sentence: str, span: tuple[int, int], counted: str) -> bool:
    """Does a unit other than the counted one follow the number ("20 minuten" for "How many days", "47 decibel" for
    "Hoeveel meter")?"""
    unit = patterns().time_unit.match(sentence, span[1]) or patterns().measure_unit.match(sentence, span[1])
    return bool(unit) and not same_word(fold(unit.group(1)), in_any_language([counted]) | {counted})


def _points_into(sentence: str, span: tuple[int, int], terms: tuple[str, ...]) -> bool:
    """Does one of the question's words (not a name), in any language, stand inside the span, alone or as the
    head of a compound ("Wie bracht een staatsbezoek?", "Who was on a state visit?" and "tijdens het staatsbezoek
    van president Yoon")?"""
    inside = {fold(w) for w in re.findall(r"[\w’'-]+", sentence[span[0]:span[1]]) if w[:1].islower()}
    asked = in_any_language(terms)
    return any(same_word(w, asked) for w in inside) or any(compound_with_head(term, inside) for term in asked)


def people_roles(sentence: str) -> dict[tuple[int, int], set[str]]:
    """The titles of every titled person in ``sentence`` (see ``span_roles``), worked out once per sentence."""
    people = find_spans(PERSON, sentence)
    return {person: span_roles(sentence, person, people) for person in people}


def span_roles(sentence: str, span: tuple[int, int], people: list[tuple[int, int]] | None = None) -> set[str]:
    """The titles of the person at ``span``: right before the name ("ambtsgenoot Ahn Duk-geun") or in an
    apposition after it ("Mark Rutte, de minister-president"). Counterparts hold each other's titles:
    "minister Adriaansens en haar ambtsgenoot Ahn" makes Ahn a minister and Adriaansens Ahn's counterpart.
    ``people`` are the sentence's person spans, when already found."""
    people = find_spans(PERSON, sentence) if people is None else people
    role = _title_of(sentence, span)
    roles = {role} if role else set()
    earlier = [other for other in people if other[1] <= span[0]]
    later = [other for other in people if other[0] >= span[1]]
    if role == "counterpart" and earlier and (theirs := _title_of(sentence, earlier[-1])):
        roles.add(theirs)
    if later and _title_of(sentence, later[0]) == "counterpart":
        roles.add("counterpart")
    return roles


def qualified(asked: Asked, sentence: str, span: tuple[int, int]) -> bool:
    """Does the person at ``span`` carry the words the question puts before the title ("Koreaanse")?"""
    if not asked.qualifiers:
        return False
    said_text = mention(sentence, span)
    said = set(words(said_text))
    concepts = set(entities_in(said_text))  # "Korean" qualifies "Zuid-Koreaanse ambtsgenoot"
    return any(_mentions(said, word) or set(entities_in(word)) & concepts for word in asked.qualifiers)


def _title_of(sentence: str, span: tuple[int, int]) -> str | None:
    before = sentence[max(0, span[0] - ROLE_WINDOW):span[0]]
    titles = [m for m in patterns().role.finditer(before) if not before[m.end():].strip()]
    if titles:
        return _role(titles[-1])
    after = patterns().apposition_title.match(sentence[span[1]:])
    return _role(after) if after else None


def mention(sentence: str, span: tuple[int, int]) -> str:
    """A name with its title before and its bracket or apposition after: "minister Adriaansens (EZK)"."""
    start, end = span
    after = sentence[end:]
    closing = re.match(r"\s*\([^()]*\)|,[^,.;]*", after)
    return sentence[max(0, start - ROLE_WINDOW):end + (closing.end() if closing else 0)]


def attributed_to(paragraph: str, start: int, end: int, speaker: str) -> bool:
    """Does the sentence at ``start:end`` of ``paragraph`` give the speaker's words or views: inside a quotation
    attributed to them, or naming them with a verb of saying or thinking?"""
    opening = min((i for i in (paragraph.find(mark, start, end) for mark in "“„") if i >= 0), default=-1)
    # a sentence that opens a quotation ("Minister X: “Het ...") is inside it from its opening mark on
    attribution = quote_attribution(paragraph, opening + 1 if opening >= 0 else start)
    if attribution is not None:
        return names_speaker(attribution, speaker)
    sentence = paragraph[start:end]
    return bool(patterns().says.search(sentence)) and names_speaker(sentence, speaker)


def quote_attribution(paragraph: str, offset: int) -> str | None:
    """The words around the quotation that holds ``offset`` (who said it: "Minister Adriaansens: “..."), or
    None when ``offset`` is not inside a quotation."""
    opened = max(paragraph.rfind(mark, 0, offset + 1) for mark in "“\"„")
    if opened < 0 or any(mark in paragraph[opened + 1:offset] for mark in "”\""):
        return None
    closed = min((i for i in (paragraph.find(mark, offset) for mark in "”\"") if i >= 0), default=len(paragraph))
    return paragraph[:opened] + " " + paragraph[closed + 1:]


def names_speaker(attribution: str, speaker: str) -> bool:
    """Does the attribution name the speaker: by a name ("Yoon") or, when the question gives only a title
    ("de minister", "the king"), by that title in either language?"""
    if _pronoun(speaker):
        return True
    role = patterns().role
    titled = role.search(speaker)  # "the Dutch minister": a title with an adjective of its country, not a name
    names = [w for w in re.findall(r"[\w’'-]+", speaker)
             if w[:1].isupper() and not role.fullmatch(w) and not (titled and entities_in(w))]
    if names:
        said = set(words(attribution))
        return all(_mentions(said, part) for name in names for part in words(name))
    return bool({_role(m) for m in role.finditer(speaker)} & {_role(m) for m in role.finditer(attribution)})


def _mentions(sentence_words: set[str], word: str) -> bool:
    return same_word(fold(word), sentence_words)


# --- entities: what a question and a sentence are about ----------------------------------------------


def entities_in(text: str) -> list[str]:
    """The gazetteer concepts named in ``text``, in order ("Zuid-Korea", "South Korea" -> "south-korea")."""
    pattern, concept_of, _ = patterns().entities
    return [concept_of[m.group(1).casefold()] for m in pattern.finditer(text)]


def entity_kind(concept: str) -> str | None:
    return patterns().entities[2].get(concept)


def anaphor_referents(paragraph: str, start: int, end: int) -> set[str]:
    """What the anaphors of the sentence at ``start:end`` of ``paragraph`` refer to: for "het Aziatische land"
    or "the country", the nearest earlier concept of that kind in the paragraph."""
    return {concept for _, concept, _ in anaphors(paragraph, start, end)}


def anaphors(paragraph: str, start: int, end: int) -> list[tuple[tuple[int, int], str, str]]:
    """The anaphors of the sentence at ``start:end`` of ``paragraph`` that refer to something: their span in the
    sentence, the concept and the words that named it last ("het Aziatische land" -> south-korea, "Zuid-Korea")."""
    p = patterns()
    pattern, concept_of, _ = p.entities
    sentence = paragraph[start:end]
    found = []
    for match in p.anaphor.finditer(sentence):
        kind = p.anaphor_kinds[int(match.lastgroup[1:])]
        earlier = [m for m in pattern.finditer(paragraph[:start + match.start()])
                   if entity_kind(concept_of[m.group(1).casefold()]) == kind]
        if earlier:
            found.append((match.span(), concept_of[earlier[-1].group(1).casefold()], earlier[-1].group(1)))
    return found


def about_another(asked: Asked, paragraph: str, start: int, end: int) -> bool:
    """Is the sentence about another entity than the one the question asks about? The question asks about the
    Netherlands; the sentence names no Netherlands, and its "het land" refers to South Korea."""
    kinds = {entity_kind(c) for c in asked.entities} - {None}
    named = {c for c in entities_in(paragraph[start:end]) if entity_kind(c) in kinds}
    if not kinds or named & asked.entities:
        return False
    referents = {c for c in anaphor_referents(paragraph, start, end) if entity_kind(c) in kinds}
    return bool(referents) and not (referents & asked.entities)


def introduces_list(sentence: str, in_list_item: bool) -> bool:
    """Does the sentence say what the list after it holds: "Dit kan in de volgende gevallen:", or, outside a list,
    "De Tweede Kamer heeft verschillende taken." (a list it announces need not follow a colon)?"""
    text_ = sentence.rstrip()
    return text_.endswith(":") or (not in_list_item and text_.endswith(".")
                                   and bool(patterns().list_announcer.search(text_)))
