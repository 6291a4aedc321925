"""Languages as data: every word, cue and phrase that belongs to one language lives in its own module.

A language module (``nl.py``, ``en.py``) builds one ``Language`` and registers it. The general code
(detection, stemming, question types, answer spans, follow-ups, replies) asks the registry for the
cues of all registered languages, so adding a language is adding one module and registering it.
Cue fields are regular-expression alternatives ("procent|percentage"), matched case-insensitively
as whole words unless a field says otherwise.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache

BUILTIN = ("nl", "en")  # modules of this package registered on first use, in this order
# Groups of role ids (the keys of ``titles``) a question may ask for as one ("a member of the royal family"):
# the same in every language, so kept here; each language says how it names a group (``role_groups``).
ROLE_GROUPS = {"royal": frozenset({"king", "queen", "prince", "princess"}),
               "leader": frozenset({"president", "prime minister", "king", "queen"})}  # of a state or government


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    stemmer: str  # a PyStemmer algorithm name ("dutch")
    stopwords: frozenset[str]
    markers: frozenset[str]  # frequent words of this language only: detection counts them
    spelling: str  # letter groups typical of the language, for keyword queries without function words
    texts: dict[str, str]  # every fixed reply and label the shells show
    # questions: which answer type is asked for (see qa.answering.types)
    # verb endings the stemmer leaves on ("investeert", "benoemd"): a long word it leaves whole that ends in one
    # is also its stem without the ending, so it meets "investeren", "benoeming"
    bare_endings: tuple[str, ...] = ()
    # a language that writes compounds as one word ("informatieverzoek"): the letters that may join its parts
    # ("bijstand-s-norm"; "" joins them bare). Empty: the language's compounds are not split.
    compound_joins: tuple[str, ...] = ()
    # particles a verb leaves at the end of a main clause ("Wie stelt de commissie in?" for "instellen")
    separable_particles: frozenset[str] = frozenset()
    question_cues: dict[str, str] = field(default_factory=dict)  # answer type -> cue alternatives
    who: str = ""  # "wie": opens a person question
    who_phrases: str = ""  # "door wie|met wie"
    which: str = ""  # "welke|welk": opens a question for a kind of thing
    list_which: str = ""  # the "which" words a plural may follow ("welke", not the neuter singular "welk")
    not_a_kind: str = ""  # "soort|type": "welk soort X" asks for a kind, not a named X
    organisation_nouns: str = ""
    abbreviation_question: str = ""  # "waar staat X voor|what does X stand for": asks what an abbreviation means
    abbreviation_statement: str = ""  # "staat voor|stands for": the words after it spell out the name before it
    origin_question: str = ""  # "van welk land|which country ... of?": asks the country a person belongs to
    alias_question: str = ""  # "hoe wordt X ook wel genoemd|what is X also called": asks another name for X
    # "wat is de hoofdstad van X|what is the capital of X": asks an attribute of X; a sentence not naming it
    # (group 1) does not give it, unless it is one of the ``descriptive_nouns`` ("de rol van X": what X does)
    # "what is Ahn responsible for|waarvoor is Ahn verantwoordelijk": a named person's portfolio (an organisation)
    portfolio_question: str = ""
    kind_of: str = ""  # "of|van": after "kind"/"soort" in "what kind of X"
    kind_question: str = ""  # "wat voor|what kind": asks which kind of X (besides "which" + ``not_a_kind``)
    attribute_question: str = ""
    descriptive_nouns: str = ""
    role_question: str = ""  # "wat is de functie van|what is X's job": asks the title of a person it names
    behalf_cue: str = ""  # "namens|on behalf of": the asked person acts for the country named next
    party_nouns: str = ""  # "partij|fractie": asks for a political party, which a portfolio in brackets is not
    portfolio_words: str = ""  # words of ministries' names and abbreviations ("Zaken|Financiën|EZK"): a bracket
    # after a minister with one of them names the portfolio ("minister Adriaansens (EZK)"), not the party
    company_nouns: str = ""  # businesses, not ministries
    company_plurals: str = ""
    company_kinds: str = ""  # stems that make an enumeration one of companies ("startup", "mkb")
    person_nouns: str = ""  # "persoon|personen"
    name_noun: str = ""  # "naam"
    name_of: str = ""  # "van de": "naam van de minister"
    list_verbs: str = ""  # "noem": "Noem de ..."
    plural_endings: str = ""  # "en|ën"
    adjective_endings: str = ""  # "e": a word before a noun ending so describes it ("koolstofvrije energie")
    count_cues: str = ""  # "hoeveel": a count follows
    count_noun_always: bool = False  # English "how many" is always followed by the counted noun
    not_counted: frozenset[str] = frozenset()  # words after the count cue that show a verb came first
    # "mensen": a counted noun for any people; the text counts them by what they are ("150 volksvertegenwoordigers")
    people_nouns: str = ""
    copulas: str = ""  # "is|was|zijn": "Wie is X?" asks about X
    interrogatives: frozenset[str] = frozenset()
    prepositions: str = ""  # "in|op|met": before a question word ("in welke"), where the question proper starts
    conjunctions: str = ""  # "en|of": joins list items
    articles: str = ""  # "de|het|een"
    portfolio_prepositions: str = ""  # "van|voor": "minister van Financiën"
    speech_question: str = ""  # a pattern with one group: the speaker of "Wat zei X over ...?"
    attribution_cue: str = ""  # "volgens|according to": who or what tells ("volgens de minister", "... het artikel")
    # "wet|artikel|act": "volgens de Wet BRP", "according to the Act" name a text, whose content is asked, no speaker
    text_nouns: str = ""
    says: str = ""  # verbs of saying or thinking in a sentence
    condition_question: str = ""  # "in welke gevallen|onder welke voorwaarden": asks for conditions
    condition_time_cue: str = ""  # "wanneer": asks for a date or a condition
    condition_markers: str = ""  # a sentence states a condition ("als u", "indien", "mits")
    reason_question: str = ""  # "waarom|om welke reden": asks for a reason
    purpose_question: str = ""  # "met welk doel|wat beoogt": asks for the goal
    purpose_markers: str = ""  # a sentence gives a goal ("zodat", "om ... te", "moet ... mogelijk maken")
    reason_markers: str = ""  # a sentence gives a reason or goal ("omdat", "zodat", "om ... te")
    benefit_question: str = ""  # "wat levert ... op|hoe profiteren": asks what someone gains, not why
    benefit_markers: str = ""  # a sentence says what is gained ("kansen", "voordeel", "bespaart")
    steps_question: str = ""  # "wat moet ik doen|welke stappen": asks what to do, which a text mostly lists
    definition_verbs: str = ""  # "betekent|wordt verstaan": "X betekent ..." defines X, like "X: ..." and "X is ..."
    time_relation_questions: dict[str, str] = field(default_factory=dict)  # "until": "tot wanneer|uiterlijk wanneer"
    time_relation_words: dict[str, str] = field(default_factory=dict)  # "until": "tot|voor|uiterlijk": before the date
    occasion_prepositions: str = ""  # "tijdens|during": the occasion something happened at follows
    # "Is dat publiek of privaat geld?": a question opening with a verb that names two alternatives asks which holds
    choice_openers: str = ""  # "is|zijn|moet|kan": the verbs that open such a question
    choice_joint: str = ""  # "of|or": between the alternatives
    domain_question: str = ""  # "op welk gebied|in what field": asks for the field something happens in
    domain_phrases: str = ""  # "op het gebied van|in the field of": the field follows
    domain_nouns: str = ""  # "gebied|terrein": "op economisch gebied" names the field before the noun
    domain_prepositions: str = ""  # "op": before such a field ("op economisch gebied")
    infinitive_markers: str = ""  # "te|to": "... te stimuleren" ends a clause with its verb, not part of a thing
    degree_question: str = ""  # "hoe belangrijk|welke positie|how important": asks how high something stands
    degree_phrase: str = ""  # where a superlative or rank phrase starts ("één van de belangrijkste", "aan de top")
    ranking_question: str = ""  # "gaat ... voor|ahead of|second to": asks who comes before or after whom
    ranking_markers: str = ""  # a sentence states a rank ("na de Verenigde Staten", "the second largest")
    second_place_question: str = ""  # "het op één na grootste", "second-largest": the one after the first is asked
    ahead_markers: str = ""  # "na", "behind": the name after it ranks ahead of the sentence's subject
    # "wat is het verschil|what is the difference": asks for an explanation, which no short phrase gives
    explanation_question: str = ""
    slot_question: str = ""  # "wat|welke|waarin": asks for a thing the sentence names (a short answer fills it)
    # "waarin|tijdens welke|what ... leading in": asks for what follows the question's words; a group holds the
    # preposition the thing asked for follows in a sentence, if the question says it ("in")
    slot_preposition: str = ""
    preposition_forms: dict[str, str] = field(default_factory=dict)  # "mee": "met", as "waarmee" asks "met wat"
    consequence_openers: str = ""  # "zo|daardoor": a sentence opening so draws on the one before for its subject
    fragment_openers: str = ""  # "zoals|bijvoorbeeld": a short sentence opening so continues the one before
    auxiliaries: str = ""  # "wordt|kan|is": a verb that goes on with the question after a clause ("naast AI worden")
    # "verschillende|een aantal": a sentence saying there are several of something ("De Tweede Kamer heeft
    # verschillende taken.") introduces the list that follows it, as one ending in a colon does
    list_announcers: str = ""
    clause_openers: str = ""  # "terwijl|omdat": start a new clause inside a sentence
    # generative answers: a document sentence that addresses the model is kept out of its sources
    injection_cues: str = ""  # "negeer (alle )?(eerdere )?instructies"
    # spans
    titles: dict[str, str] = field(default_factory=dict)  # role id -> title alternatives
    role_groups: dict[str, str] = field(default_factory=dict)  # group id (ROLE_GROUPS) -> its cue alternatives
    # "college|minister|zorgverzekeraar": bodies and officers that act in rules and news ("Het college stelt ...
    # vast"): a who-question about a sentence naming no person is answered by the one it says acts
    actor_nouns: str = ""
    actor_determiners: str = ""  # "onze|our": besides an article, before an actor ("Onze Minister")
    agent_preposition: str = ""  # "door|by": the actor of a passive sentence follows
    honorifics: str = ""
    name_particles: str = ""  # "van|de|der": inside a person's name
    months: str = ""
    days: str = ""
    time_units: str = ""
    unit_qualifiers: str = ""  # "gehele|volle": between a number and its unit ("drie gehele dagen")
    inflection_endings: str = ""  # "e|en|de": a known word with one added is a form of it, no typo ("getelde")
    # "na|binnen|after|within": before a duration that says when ("binnen 5 dagen"); a bare one ("1 jaar geldig")
    # says how long, which does not answer "when"
    measure_units: str = ""  # "meter|decibel": what a number after "hoeveel" counts when it is one ("47 decibel")
    duration_relations: str = ""
    gloss_verbs: str = ""  # "refer to|mean": "What does X refer to?" asks what "What is X?" asks
    # "hierin|daarin|therein": the sentence speaks of something the sentence before names
    back_reference: str = ""
    # "in het artikel", "the term": words about the text itself, not about what the question asks
    text_reference: str = ""
    # "maximaal|ten minste|gemiddeld|at most": before a quantity, it bounds it ("maximaal 2" is no "2"), so the short
    # answer keeps it
    count_bounds: str = ""
    clock: str = ""  # a time of day ("21.00 uur", "9 p.m.")
    range_words: str = ""  # "tot|to": joins the two ends of a range of amounts ("€ 2.500 tot 25.000")
    frequencies: str = ""  # "jaarlijks|annually": says how often by itself
    frequency_every: str = ""  # "elke|every": before a (number of) time unit(s) it says how often ("elke 4 jaar")
    frequency_times: str = ""  # "keer|maal|times": "2 keer per jaar"
    frequency_per: str = ""  # "per|a": between a count and the time unit it counts in ("eens per maand", "once a year")
    frequency_counts: str = ""  # "eens|once|twice": a count of times by itself
    number_words: str = ""
    article_numbers: str = ""  # number words that are mostly articles ("een")
    not_numbers: str = ""  # another language's number words that are common words here ("ten" in "ten hoogste")
    reference_words: str = ""  # "artikel|lid": the number after one refers to a part of a text, it counts nothing
    scale_words: str = ""  # "miljoen|miljard"
    currency_words: str = ""
    free_words: str = ""  # "gratis|free of charge": the amount an answer to "how much does it cost" may be
    percent_words: str = ""
    place_prepositions: str = ""
    ministry: str = ""  # "[Mm]inisterie van": case-sensitive, opens a ministry's name
    list_intro: str = ""  # "zoals|waaronder": a list follows
    age_before: str = ""  # "the age of": an age, not a time, follows (besides the bounds below)
    age_after: str = ""  # "oud|old": an age, not a time, precedes (besides the bounds below)
    # the words that bound an age: "vanaf 12 jaar", "12 jaar of ouder" (from it), "jonger dan 18 jaar", "18 jaar of
    # jonger" (below it); a sentence bounding an age that the question's person does not have is not about them
    age_from: str = ""
    age_below: str = ""
    age_from_after: str = ""
    age_below_after: str = ""
    # a question stating someone's age ("mijn zoon van 15", "my 15-year-old"): the first number in it is the age
    stated_age: str = ""
    # "als het om chips gaat", "when it comes to R&D": the topic that narrows the question, one group per alternative
    topic_clause: str = ""
    # "in aanwezigheid van|in the presence of": the people named after it were there, others acted; a question with a
    # presence word ("aanwezig", "attended") asks for them
    presence_phrases: str = ""
    presence_question: str = ""
    # "Wie namen deel ...?", "Who were ...?": a person question with a plural verb asks for everyone the sentence names
    plural_person_question: str = ""
    naming_question: str = ""  # "hoe heet": asks the name of a person, or of a thing (then the alias type answers)
    naming_verbs: str = ""  # "heet|genoemd|called": the quoted name after one is what a thing is called
    # a definition question names the term it asks the meaning of after its cue (one group per alternative); a text
    # defines one in a list item ("b. permanent toezicht: ..."), after a lead-in ("Onder X wordt verstaan ...") or
    # with a verb after the term opening a sentence ("Een X is ...", "X means ...")
    definition_term: str = ""
    definition_lead_in: str = ""  # "onder|met"
    defined_as: str = ""  # "worden verstaan": what follows the term after a lead-in
    defining_verbs: str = ""  # "is|betekent|means"
    age_units: str = ""  # "jaar|jarige": the unit an age is given in ("12 jaar", "12-jarigen")
    age_of: str = ""  # "the age of": a bare number after it is an age ("from the age of 12")
    # "Wilt u X? Dan moet u Y.": a question the text asks and answers with these states a condition and its outcome
    condition_answer_openers: str = ""
    # question words typed without their apostrophe or contracted ("whos", "who's") -> what they stand for
    contractions: dict[str, str] = field(default_factory=dict)
    # phrases read as the name they stand for where the language is spoken ("ons land": Nederland), so the
    # documents' name for it is matched and checked
    stand_ins: dict[str, str] = field(default_factory=dict)
    # a person pronoun that is a possessive before a noun ("haar handtekening"), and the verb forms that show it is
    # an object instead ("haar benoemd", "haar gekozen")
    possessives: str = ""
    participles: str = ""
    # conversation
    follow_up_openers: str = ""  # "en|maar": a question that continues the previous one
    pointers: str = ""  # words that point back to an earlier turn
    person_pronouns: str = ""  # "hij|zij": refers to a person named before
    # words for a country or place named before -> what stands in their place ("dat land": "{}")
    place_pronouns: dict[str, str] = field(default_factory=dict)
    # the same for adverbs of place ("daar": "in {}"), bound only to a place an answer gave: after a question
    # naming a country "daar" may point to where something happened as well
    place_adverbs: dict[str, str] = field(default_factory=dict)
    poles: dict[str, str] = field(default_factory=dict)  # "size+": "grootste", "size-": "kleinste": a question
    # asking for one pole is not answered by a sentence stating only the other ("het kleinste marktaandeel?")
    superlatives: str = ""  # "grootste|belangrijkste": a question asking for the one at the top of something
    second_place_word: str = ""  # "tweede|second": the rank of "na de Verenigde Staten het grootste"
    one_of: str = ""  # "één van de|one of the": a sentence saying one of the top ones does not name the top one
    member_of: str = ""  # "hoort bij|one of": a question asking for one among the top ones, not for the top one
    continuation_openers: str = ""  # "die|deze|these": a sentence opening so speaks of what the one before named
    explanation_openers: str = ""  # "dat gaat over|that means": a sentence opening so explains the one before
    demonstratives: str = ""  # "deze|this": before a noun anywhere in a sentence ("heeft deze overeenkomst
    # getekend"), it names what the sentence before described
    exclusion: str = ""  # "behalve|naast": asks for others than the ones it names ("behalve de koning")
    additive: str = ""  # "nog meer|else": asks for others than those named before, without naming them
    # entities: concept id -> names in this language (a bilingual gazetteer when merged)
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concept id -> adjectives ("Nederlandse")
    entity_kinds: dict[str, str] = field(default_factory=dict)  # concept id -> "country", "organisation", ...
    entity_countries: dict[str, str] = field(default_factory=dict)  # a place's concept id -> its country's
    # language code -> lexicon lines "word = equivalent, equivalent" (read both ways; see qa.lexical.term_groups)
    translations: dict[str, str] = field(default_factory=dict)
    anaphors: dict[str, str] = field(default_factory=dict)  # "het land" pattern -> the entity kind it refers to
    # document structure: words that open a heading line ("Hoofdstuk 3", "Artikel 12"), by rank (1 outermost);
    # the same ranks in every language, so a Dutch chapter and an English chapter nest alike (qa.headings)
    section_words: dict[int, str] = field(default_factory=dict)


_REGISTRY: dict[str, Language] = {}
_state = {"version": 0, "builtin": False}


def register(language: Language) -> None:
    """Add (or replace) a language; cached patterns built from the registry are rebuilt on next use."""
    _REGISTRY[language.code] = language
    _state["version"] += 1
    cues.cache_clear()


def unregister(code: str) -> None:
    if _REGISTRY.pop(code, None) is not None:
        _state["version"] += 1
        cues.cache_clear()


def _load_builtin() -> None:
    if not _state["builtin"]:
        _state["builtin"] = True
        for code in BUILTIN:
            importlib.import_module(f"{__name__}.{code}")


def languages() -> tuple[Language, ...]:
    """Every registered language, built-in ones first."""
    _load_builtin()
    return tuple(_REGISTRY.values())


def codes() -> tuple[str, ...]:
    return tuple(language.code for language in languages())


def get(code: str) -> Language:
    """The language ``code``; unknown codes give the first registered language (Dutch)."""
    _load_builtin()
    return _REGISTRY.get(code) or next(iter(_REGISTRY.values()))


def version() -> int:
    """Changes whenever the registry does: keys caches of patterns built from it."""
    _load_builtin()
    return _state["version"]


@lru_cache(maxsize=None)
def cues(name: str) -> str:
    """The alternatives of cue field ``name`` across all languages, longest first (for a regex group)."""
    parts = {alternative for language in languages() for alternative in _alternatives(getattr(language, name))}
    return "|".join(sorted(parts, key=lambda p: (-len(p), p)))


def _alternatives(value: str) -> list[str]:
    """The top-level alternatives of a cue pattern: "a|(?:b|c)d" -> ["a", "(?:b|c)d"]."""
    parts, depth, current, escaped = [], 0, "", False
    for char in value or "":
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return [part for part in parts if part]


def merged(name: str) -> dict:
    """A dict field merged over all languages: ``titles`` -> {role: "minister|bewindsman|..."}."""
    out: dict = {}
    for language in languages():
        for key, value in getattr(language, name).items():
            if isinstance(value, str):
                out[key] = "|".join(dict.fromkeys(_alternatives(out.get(key, "")) + _alternatives(value)))
            else:
                out[key] = tuple(out.get(key, ())) + tuple(value)
    return out


def entity_name(concept: str, said: str) -> str:
    """The name of gazetteer ``concept`` in the language of the words ``said`` ("Zuid-Koreaanse" -> "Zuid-Korea",
    "Korean" -> "South Korea"); ``said`` itself when no language has it."""
    for language in languages():
        forms = language.entities.get(concept, ()) + language.demonyms.get(concept, ())
        if said.casefold() in (form.casefold() for form in forms):
            return next(iter(language.entities.get(concept, ())), said)
    return said
