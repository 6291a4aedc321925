"""Regular expressions built from the registered languages' data (``qa.languages``).

Every pattern here is compiled from the cue fields of all registered languages, once per registry
version: registering a language rebuilds them on next use. Nothing in this module names a word of
any language itself.
"""
from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

from qa import languages
from qa.languages import cues, merged

_Q = re.IGNORECASE
NAME_WORD = r"[A-ZÀ-Ý][\w’'-]*[\w]"
# the number or letter that labels a paragraph or list item ("1.", "2)", "r.", "iv."): no quantity, no answer
LABEL = r"(?-i:\d{1,3}[a-z]?|[a-z]{1,2}|[ivxlc]{1,5})[.)]\s+"


def patterns() -> SimpleNamespace:
    """The compiled patterns for the languages registered now."""
    return _compile(languages.version())


@lru_cache(maxsize=4)
def _compile(version: int) -> SimpleNamespace:
    titles = merged("titles")
    role_of = {word.replace("\\", ""): role for role, names in titles.items() for word in languages._alternatives(names)}
    title_words = sorted(role_of, key=len, reverse=True)
    title_alternatives = "|".join(re.escape(w) for w in title_words)
    particle = rf"(?:{cues('name_particles')})"
    name = rf"{NAME_WORD}(?:\s+(?:{particle}\s+)*{NAME_WORD}){{0,3}}"
    role = rf"(?<!\w)({title_alternatives})(s|en)?(?![\w-])"
    months, days = cues("months"), cues("days")
    name_lead = rf"\s*(?:(?:{cues('articles')})\s+)?(?:(?-i:[A-Z])[\w-]*\s+)?(?:(?:{title_alternatives})\s+)?"
    scale = cues("scale_words")
    # "Het college", "Onze Minister", "de Sociale verzekeringsbank": a body or officer, up to two words before it
    # and its name after it ("De Dienst Toeslagen")
    actor = (rf"(?:{cues('articles')}|{cues('actor_determiners')})\s+(?:[\w-]+\s+){{0,2}}?(?:{cues('actor_nouns')})"
             r"(?:\s+(?-i:[A-Z])[\w-]*)*")
    # number words of every language, but not those another language uses as common words ("ten hoogste")
    common = {w for l in languages.languages() for w in languages._alternatives(l.not_numbers)}
    number_words = "|".join(w for w in languages._alternatives(cues("number_words")) if w not in common)
    opener = rf"(?:(?:{cues('follow_up_openers')})\s+)?"
    do_support = "|".join(sorted(set(cues("auxiliaries").split("|")) - set(cues("copulas").split("|")))) or "(?!)"
    # a number of time units, with the alternatives or the range before it: "7, 10, 15 of 20 jaar", "2 tot 5 dagen"
    count = rf"(?:\d+|{number_words})"
    alternatives = rf"{count}(?:,\s+{count})*(?:\s+(?:{cues('conjunctions')}|{cues('range_words')})\s+|\s?[-–]\s?)"
    duration = rf"(?:{alternatives})?{count}\s+(?:{cues('time_units')})"
    question_words = {w for l in languages.languages() for w in l.interrogatives} - {"en", "and"}  # "and" asks nothing
    group_alternatives = "|".join(merged("role_groups").values())  # "Which Dutch royal ...?" asks for a person
    # "volgens de minister", "according to Micky Adriaansens", "volgens het artikel": the group is who tells
    # (capitalised words before the head: "the Dutch minister", "de Zuid-Koreaanse president Yoon")
    attribution = (rf"\b(?:{cues('attribution_cue')})\s+((?:(?:{cues('articles')})\s+)?"
                   rf"(?:(?:(?-i:[A-Z])[\w’'-]+\s+)+(?=(?:{title_alternatives})\b))?[\w’'-]+(?:\s+(?-i:[A-Z])[\w’'-]+)*)")
    return SimpleNamespace(
        role_of=role_of, title_words=title_words, name=name,
        # a hyphenated compound is what its last part is: a "collega-minister" is a minister
        role=re.compile(role, _Q),
        # a person named right after an adjective: "[Zuid-Koreaanse] president Yoon", "[Koreaanse] Ahn"
        person_after=re.compile(rf"\s+((?:{role}\s+)?{name})"),
        name_past_first=re.compile(rf"(?<=\s){name}"),  # a name not opening the question ("Wie is Ahn Duk-geun?")
        question={kind: re.compile(rf"\b(?:{cues_of('question_cues', kind)})\b", _Q)
                  for kind in ("definition", "percent", "money", "date", "duration", "age", "frequency", "phone",
                               "number", "place", "named_place", "country", "occasion")},
        presence=re.compile(rf"\b(?:{cues('presence_phrases') or '(?!)'})\s+", _Q),
        presence_question=re.compile(rf"\b(?:{cues('presence_question') or '(?!)'})\b", _Q),
        plural_person_question=re.compile(rf"\b(?:{cues('plural_person_question') or '(?!)'})\b", _Q),
        # what stands before each name a presence phrase joins: "Koning Willem-Alexander en de Zuid-Koreaanse president
        # Yoon": a conjunction or comma (not before the first), an article, a capitalised adjective, a title
        name_joiner=re.compile(rf"\s*(?:,|(?:{cues('conjunctions')})\b){name_lead}", _Q),
        name_opening=re.compile(name_lead, _Q),
        naming_question=re.compile(rf"\b(?:{cues('naming_question')})\b", _Q),
        # "Dat heet ‘het proces-verbaal’", "Dit verslag heet een ‘proces-verbaal’": the name in quotes
        named_quote=re.compile(rf"\b(?:{cues('naming_verbs')})\s+(?:(?:{cues('articles')})\s+)?"
                               rf"[‘'\"“]([^’'\"”]{{2,60}})[’'\"”]", _Q),
        # the term a definition question asks about: in quotes ("verstaan onder 'goed gedrag'"), else after its cue
        definition_quoted=re.compile(r"[‘'\"“„]([^‘’'\"“”„?]{2,60})[’'\"”]"),
        definition_term=re.compile(rf"\b(?:{cues('definition_term')})", _Q),
        percent_sign=re.compile(r"(?<!\d)(?<!\d\s)%"),  # "What % of ...?" asks; "4,5%", "4.5 %" are given
        organisation=re.compile(rf"\b(?:{cues('which')})\s+(?!(?:{cues('not_a_kind')})\b)((?-i:[A-Z])[\w-]*\s+){{0,2}}"
                                rf"([\w-]+\s+)?(?:{cues('organisation_nouns')})\b"
                                # "What's his ministry?", "What is Ahn's portfolio?": up to three words (an article,
                                # a possessive, a name) between the copula and the noun
                                rf"|\b(?:{cues('slot_question')})(?:\s+(?:{cues('copulas')})|['’]s)\s+"
                                rf"(?:[\w’'-]+\s+){{0,3}}(?:{cues('organisation_nouns')})\b", _Q),
        role_groups={group: re.compile(rf"\b(?:{cue})\b", _Q) for group, cue in merged("role_groups").items()},
        abbreviation_question=re.compile(rf"\b(?:{cues('abbreviation_question')})", _Q),
        # "DigiD staat voor Digitale Identiteit": group 1 the name, group 2 what it spells out, to the clause's end
        abbreviation_statement=re.compile(rf"(?<![\w-])([\w&.-]{{2,12}})\s+"
                                          rf"(?:{cues('abbreviation_statement') or '(?!)'})\s+"
                                          r"([^,;:()“”\".]{3,100})", _Q),
        origin=re.compile(rf"\b(?:{cues('origin_question')})", _Q),
        role_question=re.compile(rf"\b(?:{cues('role_question')})", _Q),
        portfolio_question=re.compile(rf"\b(?:{cues('portfolio_question')})", _Q),
        alias_question=re.compile(rf"\b(?:{cues('alias_question')})", _Q),
        clause_rest=re.compile(r"[^,;:()“”\".]*"),  # up to the next comma or the clause's end
        infinitive_tail=re.compile(rf"\s+(?:{cues('infinitive_markers')})\s+[\w-]+$", _Q),  # "... te stimuleren"
        # "(En) is dat publiek of privaat geld?": the two alternatives, each language with its own words ("of" is
        # no "or" in English)
        choice={l.code: re.compile(rf"^\s*(?:(?:{l.follow_up_openers})\s+)?(?:{l.choice_openers})\b.*?([\w’'-]+)\s+"
                                   rf"(?:{l.choice_joint})\s+([\w’'-]+)", _Q)
                for l in languages.languages() if l.choice_openers},
        domain_question=re.compile(rf"\b(?:{cues('domain_question')})\b", _Q),
        # "op het gebied van digitalisering", "op economisch en wetenschappelijk gebied": up to the clause's end
        domain=re.compile(rf"\b(?:{cues('domain_phrases')})\s+([^,;:()“”\".]+?)(?=\s*(?:[,;:()“”\".]|$))"
                          rf"|\b(?:{cues('domain_prepositions')})\s+((?:[\w-]+\s+(?:{cues('conjunctions')})\s+)?[\w-]+)\s+"
                          rf"(?:{cues('domain_nouns')})\b", _Q),
        attribute_question=re.compile(rf"(?:{cues('attribute_question')})", _Q),
        descriptive_noun=re.compile(rf"(?:{cues('descriptive_nouns')})", _Q),
        behalf=re.compile(rf"\b(?:{cues('behalf_cue')})\s+(?:(?:{cues('articles')})\s+)?", _Q),
        party=re.compile(rf"\b(?:{cues('party_nouns')})\b", _Q),
        portfolio_words=re.compile(rf"\b(?:{cues('portfolio_words')})\b"),
        person=re.compile(rf"(?:^|,)\s*{opener}(?:{cues('who')})\b|\b(?:{cues('who_phrases')})\b"
                          rf"|\b(?:{cues('which')})\s+(?:(?-i:[A-Z])[\w-]*\s+){{0,2}}([\w-]+\s+)?"
                          rf"(?:{cues('person_nouns')}|{title_alternatives}|{group_alternatives})(s|en)?\b"
                          rf"|\b(?:{title_alternatives})\s+(?:{cues('name_noun')})\b"
                          rf"|\b(?:{cues('name_noun')})\s+(?:(?:{cues('name_of')})\s+)?(?:{title_alternatives})\b", _Q),
        # the noun a keyword query asks for ("Adriaansens ministerie", "Koreaanse ambtsgenoot Adriaansens")
        keyword_type_noun=re.compile(rf"\b(?:{cues('organisation_nouns')}|{cues('person_nouns')}|{title_alternatives}"
                                     rf"|{cues('name_noun')})\b", _Q),
        name_noun=re.compile(rf"(?:{cues('name_noun')})", _Q),
        article=re.compile(rf"\b(?:{cues('articles')})\b", _Q),
        which_word=languages.languages()[0].which.split("|")[0],
        of_word=languages.languages()[0].portfolio_prepositions.split("|")[0],
        # "Which two fields ...?", "What are the benefits ...?"; not "What do businesses use ...?", which asks for
        # what its subject (the plural) does
        listing=re.compile(rf"\b(?:{cues('list_which')})\s+((?!(?:{do_support})\b)\w+\s+){{0,2}}"
                           rf"(?!(?:{do_support})\b)(\w{{3,}}(?:{cues('plural_endings')}))\b"
                           rf"|\b(?:{cues('list_verbs')})\b", _Q),
        condition=re.compile(rf"\b(?:{cues('condition_question')})", _Q),
        # "wanneer" opening the question asks when; inside it ("Which number must you give when applying?") it
        # is a conjunction
        when=re.compile(rf"^\s*{opener}(?:{cues('condition_time_cue')})\b", _Q),
        condition_marker=re.compile(rf"\b(?:{cues('condition_markers')})\b", _Q),
        reason=re.compile(rf"\b(?:{cues('reason_question')})\b", _Q),
        steps=re.compile(rf"\b(?:{cues('steps_question')})", _Q),
        benefit=re.compile(rf"\b(?:{cues('benefit_question')})\b", _Q),
        purpose=re.compile(rf"\b(?:{cues('purpose_question')})\b", _Q),
        # "welke X", "wat voor soort X", "what kind of X": X, the kind of thing asked for
        which_head=re.compile(rf"\b(?:{cues('which')})\s+(?:(?:{cues('not_a_kind')})\s+(?:(?:{cues('kind_of')})\s+)?)?"
                              rf"([\w’'-]+)(?:\s+([\w’'-]+))?", _Q),
        kind_question=re.compile(rf"\b(?:{cues('which')})\s+(?:{cues('not_a_kind')})\b|\b(?:{cues('kind_question')})\b",
                                 _Q),
        # "Wat is ...?", and "What does X refer to?", which asks the same
        copula_question=re.compile(rf"^\s*{opener}(?:{cues('slot_question')})\s+(?:(?:{cues('copulas')})\b"
                                   rf"|(?:{do_support})\s+[^?]{{1,60}}?\s+(?:{cues('gloss_verbs') or '(?!)'})\b)", _Q),
        text_reference=re.compile(cues("text_reference") or "(?!)", _Q),
        back_reference=re.compile(cues("back_reference") or "(?!)", _Q),
        which_preposition=re.compile(rf"\b({cues('prepositions')})\s+(?:{cues('which')})\b", _Q),
        slot_preposition=re.compile(rf"\b(?:{cues('slot_preposition')})\b", _Q),
        preposition_forms=merged("preposition_forms"),
        preposition=re.compile(rf"(?:{cues('prepositions')})", _Q),
        consequence=re.compile(rf"^\s*(?:{cues('consequence_openers')})\b", _Q),
        condition_answer=re.compile(rf"^\s*(?:{cues('condition_answer_openers')})\b", _Q),
        fragment=re.compile(rf"^\s*(?:{cues('fragment_openers')})\b", _Q),
        auxiliaries=frozenset(w for l in languages.languages() for w in languages._alternatives(l.auxiliaries)),
        auxiliary=re.compile(rf"\s(?:{cues('auxiliaries')})\b", _Q),
        list_announcer=re.compile(rf"\b(?:{cues('list_announcers')})\b", _Q),
        slot=re.compile(rf"\b(?:{cues('slot_question')})\b", _Q),
        explanation_question=re.compile(rf"\b(?:{cues('explanation_question')})\b", _Q),
        duration=re.compile(duration, _Q),
        count_bound=re.compile(rf"\b(?:{cues('count_bounds')})\s+(?:(?:€|\$|£)\s?)?$", _Q),
        # the other end of a range after a number: "minimaal 2 [en maximaal 3] opnamen"
        count_range=re.compile(rf"\s+(?:{cues('conjunctions')}|{cues('range_words')})\s+"
                               rf"(?:(?:{cues('count_bounds')})\s+)?{count}\b", _Q),
        duration_relation=re.compile(rf"\b(?:{cues('duration_relations')})\s+$", _Q),
        money_range=re.compile(rf"\s+(?:{cues('range_words')})\s+(?:(?:€|\$|£)\s?)?\d(?:[\d.,]*\d)?"
                               rf"(?:\s?(?:{scale})\b)?", _Q),
        clause_break=re.compile(rf"[;:()“”\"]|\s[–-]\s|,?\s+(?:{cues('clause_openers')})\b", _Q),
        # "p. het briefadres: het adres waar ...", "Een briefadres is ...": the sentence defines its subject
        definition=re.compile(rf"^\s*(?:{LABEL})?(?:(?:{cues('articles')})\s+)?"
                              rf"([^:;,.()]{{1,60}}?)\s*(?::|\s+(?:{cues('copulas')}|{cues('definition_verbs')})\b)", _Q),
        degree=re.compile(rf"\b(?:{cues('degree_question')})", _Q),
        # from where a rank or superlative starts to the end of its clause
        degree_phrase=re.compile(rf"\b(?:{cues('degree_phrase')})(?:[^,;:()“”\".]|(?<=\d)[.,](?=\d))*?"
                                 rf"(?=\s*(?:[,;:()“”\".]|$)|,?\s+(?:{cues('clause_openers')})\b)", _Q),
        degree_core=re.compile(rf"\b(?:{cues('degree_phrase')})", _Q),
        ranking=re.compile(rf"\b(?:{cues('ranking_question')})\b", _Q),
        ranking_marker=re.compile(rf"\b(?:{cues('ranking_markers')})\b", _Q),
        second_place=re.compile(rf"\b(?:{cues('second_place_question') or '(?!)'})", _Q),
        # text ending right before a name that ranks ahead ("heeft na de | Verenigde Staten het grootste ...")
        ahead_of=re.compile(rf"\b(?:{cues('ahead_markers') or '(?!)'})\s+(?:(?:{cues('articles')})\s+)?$", _Q),
        # a name right after a title ("koningin Máxima", "Prime Minister Rutte"): the person a question is about
        titled_name=re.compile(rf"(?<![\w-])(?:{title_alternatives})\s+((?-i:{NAME_WORD})(?:\s+(?-i:{NAME_WORD}))?)",
                               _Q),
        reason_marker=re.compile(rf"\b(?:{cues('reason_markers')})\b", _Q),
        benefit_marker=re.compile(rf"\b(?:{cues('benefit_markers')})\b", _Q),
        purpose_marker=re.compile(rf"\b(?:{cues('purpose_markers')})\b", _Q),
        count=re.compile(rf"\b(?:{cues('count_cues')})\s+([\w-]+)(?:\s+(\S+))?", _Q),
        count_noun_always=re.compile(rf"^(?:{'|'.join(l.count_cues for l in languages.languages() if l.count_noun_always and l.count_cues) or '(?!)'})\b", _Q),
        not_counted=frozenset(w for l in languages.languages() for w in l.not_counted),
        company=re.compile(rf"\b({cues('company_nouns')})\b", _Q),
        company_plural=re.compile(rf"^(?:{cues('company_plurals')})$", _Q),
        company_kinds=re.compile(cues("company_kinds"), _Q),
        enumeration=re.compile(rf"(?:{_ITEM}\s+)?{_ITEM}(?:,\s+(?:{_ITEM}\s+)?{_ITEM})+,?\s+(?:{cues('conjunctions')})\s+{_ITEM}", _Q),
        speech=re.compile("|".join([f"(?:{l.speech_question})" for l in languages.languages() if l.speech_question]
                                   + [attribution]), _Q),
        attribution=re.compile(attribution, _Q),
        says=re.compile(rf"\b(?:{cues('says')})\b", _Q),
        portfolio=re.compile(rf"\s+(?:{cues('portfolio_prepositions')})\s+([\w’'-]+(?:(?:\s+|\s*,\s*|\s+"
                             rf"(?:{cues('conjunctions')}|&)\s+)[\w’'-]+){{0,5}})", _Q),
        conjunction=re.compile(rf"(?:{cues('conjunctions')})", _Q),
        interrogatives=frozenset(w for l in languages.languages() for w in l.interrogatives),
        # a question word with the preposition before it ("in which", "met wie"): where a question proper starts
        question_word=re.compile(rf"(?:\b(?:{cues('prepositions')})\s+)?\b(?:{'|'.join(sorted(question_words))})\b",
                                 _Q),
        about_someone=re.compile(rf"^\s*{opener}(?i:{cues('who')})\s+(?i:{cues('copulas')})\s+{name}\s*\??\s*$"),
        apposition_title=re.compile(rf",\s+(?:{cues('articles')})?\s*(?:[\w-]+\s+){{0,2}}?(?<![\w-])({title_alternatives})"
                                    rf"(s|en)?(?![\w-])", _Q),
        spans={
            "percent": re.compile(rf"\d+(?:[.,]\d+)?\s?(?:%|(?:{cues('percent_words')})\b)", _Q),
            "money": re.compile(rf"(?:€|\$|£|EUR|USD)\s?\d(?:[\d.,]*\d)?(?:\s?(?:{scale})\b)?"
                                rf"|\d[\d.,]*\s?(?:(?:{scale})\s?)?(?:€|(?:{cues('currency_words')})\b)"
                                rf"|\b(?:{cues('free_words')})\b", _Q),
            # a weekday is part of the date it opens ("woensdag 1 april 2026", "Wednesday, April 1, 2026")
            "date": re.compile(rf"\b(?:{cues('clock')})(?!\w)|\b(?:(?:{days}),?\s+)?(?:\d{{1,2}}\.?\s+(?:{months})(?:\s+\d{{4}})?"
                               rf"|(?:{months})\s+\d{{1,2}}\b(?:,?\s+\d{{4}})?)\b|\b(?:{months})\s+\d{{4}}\b|\b(?:19|20)\d{{2}}\b"
                               rf"|\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b|\b{duration}\b"
                               rf"|\b(?:{months}|{days})\b|\b(?:{cues('frequencies')})\b", _Q),
            # "elke 4 jaar", "om de twee weken", "2 keer per jaar", "eens per maand", "once a year", "jaarlijks"
            "frequency": re.compile(rf"\b(?:{cues('frequency_every') or '(?!)'})\s+(?:{count}\s+)?"
                                    rf"(?:{cues('time_units')})\b"
                                    rf"|\b(?:(?:{count})\s+(?:{cues('frequency_times') or '(?!)'})|"
                                    rf"{cues('frequency_counts') or '(?!)'})\s+(?:{cues('frequency_per') or '(?!)'})\s+"
                                    rf"(?:{count}\s+)?(?:{cues('time_units')})\b|\b(?:{cues('frequencies')})\b", _Q),
            # "0800-0880", "070 - 123 45 67", "(070) 123 4567", "+31 20 123 4567", and the short service numbers
            "phone": re.compile(r"\+\d{1,3}(?:\s?\(0\))?(?:[\s-]?\d{1,4}){3,5}\b|\(0\d{2,3}\)\s?\d{2,4}(?:[\s-]?\d{2,4}){1,2}\b"
                                r"|\b0\d{2,3}(?:\s?[-–]?\s?\d{2,4}){1,3}\b|\b(?:112|1400|14\s?0\d{2,3})\b"),
            "number": re.compile(rf"\b\d(?:[\d.,]*\d)?(?:\s?(?:{scale})\b)?(?:\s?%|\s?(?:{cues('percent_words')})\b)?(?!\w)"
                                 rf"|\b(?:{number_words})\b", _Q),
            "person": re.compile(rf"\b(?i:{title_alternatives}|{cues('honorifics')})\s+({name})"),
            # "tijdens het staatsbezoek van president Yoon aan Nederland": up to the end of its clause
            "occasion": re.compile(rf"\b(?:{cues('occasion_prepositions')})\s+([^,;:()“”\".]+?)(?=\s*(?:[,;:()“”\".]|$))", _Q),
            "place": re.compile(rf"\b(?:{cues('place_prepositions')})\s+({name})"),
            "organisation": re.compile(rf"\((\s*{NAME_WORD}[^()]{{1,80}})\)|\b((?:{cues('ministry')})\s+{name}"
                                       rf"(?:\s+(?:{cues('conjunctions')})\s+{name})?)"),
        },
        article_numbers=frozenset(w for l in languages.languages() for w in l.article_numbers.split("|") if w),
        label=re.compile(rf"\s*{LABEL}"),
        # "de Wet BRP", "the Participation Act": a text's noun first or last
        text_noun=re.compile(rf"^(?:(?:{cues('articles')})\s+)?(?:{cues('text_nouns')})\b"
                             rf"|\b(?:{cues('text_nouns')})$", _Q),
        # "2. Het college stelt ...", "... wordt vastgesteld door Onze Minister": who acts, when no person does
        actor=re.compile(rf"^\s*(?:{LABEL})?({actor})\b|\b(?:{cues('agent_preposition')})\s+({actor})\b", _Q),
        reference=re.compile(rf"\b(?:{cues('reference_words')})\s+$", _Q),  # "artikel " before "5.2"
        item_mark=re.compile(r"°"),  # "1°": the number of an item in a list
        time_unit_word=re.compile(rf"(?:{cues('time_units')})", _Q),
        measure_unit=re.compile(rf"\s*((?:{cues('measure_units')}))\b", _Q),
        measure_unit_word=re.compile(rf"(?:{cues('measure_units')})", _Q),
        plural=re.compile(rf"(?:{cues('plural_endings')})$", _Q),
        adjective=re.compile(rf"(?:{cues('adjective_endings')})$", _Q),
        time_relation_questions={key: re.compile(rf"\b(?:{cue})\b", _Q)
                                 for key, cue in merged("time_relation_questions").items()},
        # the relation's word right before a date: "voor 1 november", "met ingang van 1 januari"
        time_relation_words={key: re.compile(rf"\b(?:{cue})\s+$", _Q) for key, cue in merged("time_relation_words").items()},
        # the unit after a number, a word that qualifies it between ("drie gehele dagen"); group 1 is the unit
        time_unit=re.compile(rf"\s+(?:(?:{cues('unit_qualifiers')})\s+)?((?:{cues('time_units')}))\b", _Q),
        age_before=re.compile(rf"\b(?:{_either('age_before', 'age_from', 'age_below')})\s+$", _Q),
        age_after=re.compile(rf"\s+(?:{_either('age_after', 'age_from_after', 'age_below_after')})\b", _Q),
        age_from=re.compile(rf"\b(?:{cues('age_from') or '(?!)'})\s+$", _Q),
        age_below=re.compile(rf"\b(?:{cues('age_below') or '(?!)'})\s+$", _Q),
        age_from_after=re.compile(rf"\s+(?:{cues('age_from_after') or '(?!)'})\b", _Q),
        age_below_after=re.compile(rf"\s+(?:{cues('age_below_after') or '(?!)'})\b", _Q),
        stated_age=re.compile(cues("stated_age") or "(?!)", _Q),
        # "12 jaar", "12-jarigen", or a bare number after "the age of"
        age=re.compile(rf"\b(?:\d{{1,3}}|{number_words})(?:\s+|\s*(-)\s*)(?:{cues('age_units')})\b"
                       rf"|\b(?:{cues('age_of') or '(?!)'})\s+((?:\d{{1,3}}|{number_words})(?:\s+(?:{cues('age_units')}))?)\b(?!\s*(?:%|[.,]\d))", _Q),
        topic_clause=re.compile(rf"\b(?:{cues('topic_clause') or '(?!)'})", _Q),
        people_noun=re.compile(rf"\b(?:{cues('people_nouns')})\b", _Q),
        # the word a count of people counts: "150 volksvertegenwoordigers", "12 nieuwe leden"
        counted_plural=re.compile(rf"\s+(?:[\w-]+e\s+)?[\w-]{{3,}}(?:{cues('plural_endings')})\b", _Q),
        list_intro=re.compile(rf"\b(?:{cues('list_intro')})\s+|:\s+", _Q),
        # the two words a list's intro follows, right before the list: "digitale technologieën als "
        list_intro_before=re.compile(rf"((?:[\w’'-]+\s+)?[\w’'-]+)\s+(?:{cues('list_intro')})\s+$", _Q),
        list_joint=re.compile(rf",|\s(?:{cues('conjunctions')})\s", _Q),
        percentage=re.compile(rf"%|\b(?:{cues('percent_words')})\b", _Q),
        exclusion=re.compile(rf"\b(?:{cues('exclusion')}|{cues('additive')})\b", _Q),
        exclusion_clause=re.compile(rf"\b(?:{cues('exclusion')})\b", _Q),
        person_pronoun=re.compile(rf"\b(?:{cues('person_pronouns')})\b", _Q),
        place_pronouns=_stand_ins("place_pronouns"),
        place_adverbs=_stand_ins("place_adverbs"),
        follow_up_opener=re.compile(rf"^\s*(?:{cues('follow_up_openers')})\b", _Q),
        poles={key: re.compile(rf"\b(?:{cue})\b", _Q) for key, cue in merged("poles").items()},
        occasion_preposition=re.compile(rf"\b(?:{cues('occasion_prepositions')})\s+$", _Q),
        superlative=re.compile(rf"\b(?:{cues('superlatives')})\b", _Q),
        # "na de Verenigde Staten ... het grootste": second; each language's marker says its word for it
        second_after=[(re.compile(rf"(?:{l.ahead_markers})\s", _Q), l.second_place_word)
                      for l in languages.languages() if l.ahead_markers and l.second_place_word],
        member_of=re.compile(rf"\b(?:{cues('member_of')})\b", _Q),
        one_of_superlative=re.compile(rf"\b(?:{cues('one_of')})\s+(?:[\w-]+\s+)?(?:{cues('superlatives')})\b", _Q),
        continuation=re.compile(rf"^\W*(?:{cues('continuation_openers')})\b", _Q),
        explanation=re.compile(rf"^\W*(?:{cues('explanation_openers') or '(?!)'})\b", _Q),
        demonstrative=re.compile(rf"\b(?:{cues('demonstratives') or '(?!)'})\s+[^\W\d]{{3,}}", _Q),
        pointer=re.compile(rf"\b(?:{cues('pointers')})\b", _Q),
        entities=_entities(),
        # "Wie zette haar handtekening ...?": a possessive before a noun in a who-question with a verb other than a
        # copula belongs to the person asked for
        subject_possessive=re.compile(rf"\b(?:{cues('possessives') or '(?!)'})\s+(?=(\w[\w-]*))", _Q),
        participle=re.compile(rf"(?:{cues('participles') or '(?!)'})", _Q),
        who_copula=re.compile(rf"\b(?:{cues('who')})\s+(?:{cues('copulas')})\b", _Q),
        entity_countries=merged("entity_countries"),  # a place's concept -> its country's
        # the place a question's cue puts its answer in, after it: "Welke stad in Zuid-Korea ...?"
        region_after=re.compile(rf"\s+(?:{cues('place_prepositions')})\s+[^,.;:?!]{{1,40}}", _Q),
        entity_nouns=frozenset(n.casefold() for forms in merged("entities").values() for n in forms),
        anaphor=re.compile("|".join(f"(?P<a{i}>\\b(?:{pattern})\\b)" for i, pattern in enumerate(_anaphors()))
                           or "(?!)", _Q),
        anaphor_kinds=[kind for kind in _anaphors().values()],
    )


_ITEM = r"[\w’'&-]+"


def _either(*fields: str) -> str:
    """The alternatives of several cue fields in one regex group; one that never matches when all are empty."""
    return "|".join(filter(None, map(cues, fields))) or "(?!)"


def cues_of(field: str, key: str) -> str:
    """One entry of a dict-valued cue field, across languages ("question_cues", "percent")."""
    return "|".join(filter(None, (getattr(l, field).get(key, "") for l in languages.languages()))) or "(?!)"


def _stand_ins(name: str) -> list[tuple[re.Pattern, str]]:
    """A dict field of word patterns -> what stands in their place, compiled over all languages."""
    return [(re.compile(rf"\b(?:{cue})\b", _Q), stands_for) for language in languages.languages()
            for cue, stands_for in getattr(language, name).items()]


def _anaphors() -> dict[str, str]:
    return merged("anaphors")


def _entities() -> tuple[re.Pattern, dict[str, str], dict[str, str]]:
    """The bilingual gazetteer: one pattern over every name and adjective ("Zuid-Korea", "Koreaanse"), the concept
    each stands for, each concept's kind."""
    nouns, adjectives = merged("entities"), merged("demonyms")
    names = {concept: nouns.get(concept, ()) + adjectives.get(concept, ()) for concept in {*nouns, *adjectives}}
    concept_of = {name.casefold(): concept for concept, forms in names.items() for name in forms}
    kinds = merged("entity_kinds")
    # acronyms ("US", "EU") only in capitals: "us" is a pronoun
    written = [f"(?-i:{re.escape(n)})" if n.isupper() else re.escape(n)
               for n in sorted({name for forms in names.values() for name in forms}, key=len, reverse=True)]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(written) + r")(?![\w-])", _Q) if written else re.compile("(?!)")
    return pattern, concept_of, kinds
