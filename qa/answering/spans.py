"""What kind of answer a question asks for, and the spans of that kind in a sentence.

Rule-based and bilingual (Dutch, English): the answer is lifted from the source
sentence, so a person, number, percentage, date, place or organisation can be put first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.lexical import fold, same_word, words

PERSON, PLACE, ORGANISATION, PERCENT, NUMBER, MONEY, DATE, LIST = (
    "person", "place", "organisation", "percent", "number", "money", "date", "list")

_Q = re.IGNORECASE
# A person's title, Dutch and English, by the role it names: a question that asks for a role ("Wie is de
# minister-president?") is only answered by a name that carries that title in the text.
ROLES: dict[str, tuple[str, ...]] = {
    "prime minister": ("minister-president", "premier", "prime minister"),
    "deputy prime minister": ("vicepremier", "vice-premier", "deputy prime minister"),
    "state secretary": ("staatssecretaris", "state secretary", "secretary of state"),
    "secretary-general": ("secretaris-generaal", "secretary-general", "secretary general"),
    "minister": ("minister", "bewindsman", "bewindsvrouw", "bewindspersoon"),
    "president": ("president",),
    "vice president": ("vicepresident", "vice-president", "vice president"),
    "king": ("koning", "king"),
    "queen": ("koningin", "queen"),
    "prince": ("prins", "kroonprins", "prince", "crown prince"),
    "princess": ("prinses", "princess"),
    "counterpart": ("ambtsgenoot", "tegenhanger", "collega", "counterpart", "colleague"),
    "deputy": ("plaatsvervanger", "deputy"),
    "mayor": ("burgemeester", "mayor"),
    "alderman": ("wethouder", "alderman"),
    "governor": ("gouverneur", "commissaris van de koning", "governor"),
    "commissioner": ("commissaris", "eurocommissaris", "commissioner"),
    "chair": ("voorzitter", "bestuursvoorzitter", "chairman", "chairwoman", "chairperson", "chair"),
    "director": ("directeur", "directeur-generaal", "director", "director-general", "ceo", "topman", "topvrouw"),
    "ambassador": ("ambassadeur", "ambassador"),
    "spokesperson": ("woordvoerder", "spokesman", "spokeswoman", "spokesperson"),
    "professor": ("hoogleraar", "professor", "prof."),
}
_ROLE_OF = {word: role for role, names in ROLES.items() for word in names}
_ROLE_WORDS = sorted(_ROLE_OF, key=len, reverse=True)
_ROLE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in _ROLE_WORDS) + r")(s|en)?(?![\w-])", _Q)

# Ordered: the first pattern that matches the question decides its type.
_QUESTION_TYPES: list[tuple[str, re.Pattern]] = [
    (PERCENT, re.compile(r"\b(procent|percentage|percent|welk deel|what share|which share|what part|"
                         r"what fraction|hoeveel %)|%", _Q)),
    (MONEY, re.compile(r"\b(hoeveel (geld|euro|kost|kosten)|in (euro|euro's|euros|dollar|dollars)|how much money|what amount|welk bedrag|hoe duur|value of|waarde van|worth|what does .* cost|"
                       r"wat kost|budget|kosten|cost)\b", _Q)),
    (DATE, re.compile(r"\b(wanneer|when|welk jaar|which year|what year|welke datum|what date|which date|"
                      r"op welke dag|on what day|hoe lang|how long|sinds wanneer|since when|tot wanneer|until when)\b", _Q)),
    (NUMBER, re.compile(r"\b(hoeveel|how many|how much)\b", _Q)),
    (ORGANISATION, re.compile(r"\b(welk|welke|which|what)\s+(?!soort|kind|type|sort)((?-i:[A-Z])[\w-]*\s+){0,2}"
                              r"([\w-]+\s+)?(ministerie|"
                              r"ministry|organisatie|organisation|organization|bedrijf|bedrijven|company|companies|"
                              r"firma|firm|onderneming|instelling|department|departement|partij|party)\b", _Q)),
    (PERSON, re.compile(r"^\s*(en\s+|and\s+)?(wie|who|whom|whose)\b|\b(door wie|by whom|met wie|with whom|"
                        r"wat is de naam|what is the name)\b|\b(welke|which)\s+([\w-]+\s+)?(persoon|personen|"
                        r"person|people|" + "|".join(re.escape(w) for w in _ROLE_WORDS) + r")(s|en)?\b"
                        r"|\b(" + "|".join(re.escape(w) for w in _ROLE_WORDS) + r")\s+(naam|name)\b"  # terse
                        r"|\b(naam|name)\s+(van\s+de\s+|of\s+the\s+)?(" + "|".join(re.escape(w) for w in _ROLE_WORDS)
                        + r")\b", _Q)),
    (PLACE, re.compile(r"^\s*(en\s+|and\s+)?(waar|where)\b|\b(in welke (stad|plaats|land|provincie)|"
                       r"in which (city|town|country|place)|welke stad|which city)\b", _Q)),
    (LIST, re.compile(r"\b(welke|which|what)\s+(\w+\s+){0,2}(\w{3,}(en|ën|s))\b|\b(noem|name the|list the)\b", _Q)),
]


# "Wanneer mag ik ...?", "When do I need ...?" ask for conditions, not for a date.
_ABOUT_CONDITIONS = re.compile(r"\b(wanneer|when)\b.*\b(ik|mijn|je|jij|jouw|u|uw|we|wij|ons|onze|i|my|you|your|we|our)\b", _Q)
# "Hoeveel inwoners heeft ...?", "How many companies ...?": a count of something, not an amount or a share.
_COUNT = re.compile(r"\b(?:how many|hoeveel)\s+([\w-]+)(?:\s+(\S+))?", _Q)
_COMPANY = re.compile(r"\b(bedrijf|bedrijven|company|companies|firma|firm|firms|onderneming|ondernemingen|business|"
                      r"businesses)\b", _Q)
_PLURAL_COMPANY = frozenset({"bedrijven", "companies", "firms", "ondernemingen", "businesses"})
# Words that make an enumeration one of companies: "startups, mkb'ers en grootbedrijven".
_COMPANY_KINDS = re.compile(r"bedrij|onderneming|startup|start-up|scale-up|mkb|zzp|multinational|company|companies|"
                            r"firm|business|enterprise|sme|corporat", _Q)
_ITEM = r"[\w’'&-]+"
_ENUMERATION = re.compile(rf"(?:{_ITEM}\s+)?{_ITEM}(?:,\s+(?:{_ITEM}\s+)?{_ITEM})+,?\s+(?:en|and|of|or)\s+{_ITEM}", _Q)
# Titles whose "van ..." names a portfolio ("minister van Financiën"), not a place ("koning van Nederland").
PORTFOLIO_ROLES = frozenset({"minister", "state secretary", "commissioner", "secretary-general"})
_NOT_A_COUNTED_NOUN_BEFORE = frozenset(
    "de het een ik je jij u we wij ze zij hij men dat dit die er".split())  # "Hoeveel kost een ...?": a verb came first


@dataclass(frozen=True)
class Asked:
    """What a question asks for: the kind of span, and what must stand next to it in the text."""

    kind: str | None
    role: str | None = None  # the title an answered person must carry ("prime minister", "counterpart")
    counted: str | None = None  # the thing a count question counts ("inwoners"); a percentage never answers it
    company: bool = False  # an organisation question about businesses, not about a ministry or institution
    span_required: bool = False  # only a sentence holding such a span answers the question (see needs_span)
    portfolio: tuple[str, ...] = ()  # what the asked title is of: "minister van Buitenlandse Zaken" -> its words
    qualifiers: tuple[str, ...] = ()  # words before the asked title ("de Koreaanse minister"): preferred, not required
    several: bool = False  # the title is asked in the plural ("Welke ministers ...?"): name everyone who has it
    companies: bool = False  # plural company question ("Welke bedrijven ...?"): kinds of companies answer it too
    speaker: str | None = None  # "Wat zei president Yoon?": only this speaker's words or views answer it


def asked_for(question: str) -> Asked:
    kind = question_type(question)
    title = _asked_title(question) if kind == PERSON else None
    role = _role(title) if title else None
    speech = _SPEECH.search(question)
    company = _COMPANY.search(question) if kind == ORGANISATION else None
    return Asked(kind=kind, role=role, counted=counted_noun(question) if kind == NUMBER else None,
                 company=bool(company), companies=bool(company) and company.group(1).lower() in _PLURAL_COMPANY,
                 span_required=needs_span(question, kind, role),
                 portfolio=_portfolio(question, title) if role in PORTFOLIO_ROLES else (),
                 qualifiers=_qualifiers(question, title) if title else (),
                 several=bool(title and title.group(2)),
                 speaker=_speaker(speech.group(1) or speech.group(2)) if speech else None)


# "Wat zei president Yoon over ...?", "What does the EU think of ...?": a question about someone's words or views.
_SPEECH = re.compile(r"\b(?:wat|hoe)\s+(?:zei|zegt|zeiden|zeggen|verklaarde|verklaart|vindt|vond|vinden|vonden|"
                     r"denkt|dacht|denken)\s+(.+?)\s*(?:\b(?:over|van|tegen|tijdens|bij|op|in|toen)\b|[?.!]|$)"
                     r"|\b(?:what|how)\s+(?:did|does|do|has|have)\s+(.+?)\s+(?:say|said|tell|told|declare|declared|"
                     r"think|thought|feel|felt|believe)\b", _Q)
# A sentence that reports what someone said or thinks ("Volgens de minister ...", "Rutte zei dat ...").
_SAYS = re.compile(r"\b(zei|zegt|zeggen|zeiden|stelt|stelde|vindt|vond|vinden|denkt|dacht|meent|meende|verklaarde|"
                   r"verklaart|benadrukte|benadrukt|aldus|volgens|said|says|stated|states|believes|believed|thinks|"
                   r"thought|according to|argued|argues)\b", _Q)
_PORTFOLIO = re.compile(r"\s+(?:van|voor|of|for)\s+((?-i:[A-Z])[\w’'-]*(?:(?:\s+|\s*,\s*|\s+(?:en|and|&)\s+)"
                        r"(?-i:[A-Z])[\w’'-]*)*)", _Q)


def _speaker(phrase: str) -> str | None:
    """A person (a name or a title) said it; "Wat zegt de overeenkomst?" asks about a text's content instead."""
    phrase = phrase.strip()
    names = [w for w in re.findall(r"[\w’'-]+", phrase) if w[:1].isupper()]
    return phrase if names or _ROLE.search(phrase) else None


def _portfolio(question: str, title: re.Match) -> tuple[str, ...]:
    """The capitalised "of ..." after the asked title: "minister van Buitenlandse Zaken" -> (buitenlandse, zaken)."""
    following = _PORTFOLIO.match(question, title.end())
    return tuple(words(following.group(1))) if following else ()


_INTERROGATIVES = frozenset(
    "wie wat welke welk waar wanneer hoe who what which whose whom where when how en and".split())


def _qualifiers(question: str, title: re.Match) -> tuple[str, ...]:
    """The capitalised words right before the asked title: "haar Zuid-Koreaanse ambtsgenoot" -> (zuid, koreaanse)."""
    qualifiers = []
    for word in reversed(re.findall(r"[\w’'-]+", question[:title.start()])):
        if not word[:1].isupper() or word.lower() in _INTERROGATIVES:
            break
        qualifiers.insert(0, word)
    return tuple(w for qualifier in qualifiers for w in words(qualifier))


def _asked_title(question: str) -> re.Match | None:
    """The title a person question asks about ("Wie is de minister-president?"): the first one not followed by
    a name. "de ambtsgenoot van minister Adriaansens" asks for the ambtsgenoot; "minister Adriaansens" is known."""
    for match in _ROLE.finditer(question):
        following = question[match.end():].split(maxsplit=1)
        if not (following and following[0][:1].isupper()):
            return match
    return None


def _role(title: re.Match) -> str:
    """The role a title match names, whatever its language or plural: "ambtsgenoten" -> "counterpart"."""
    return _ROLE_OF[title.group(1).lower()]


def counted_noun(question: str) -> str | None:
    """The noun a "how many" question counts, or None when it asks for an amount ("Hoeveel geeft Korea uit?")."""
    match = _COUNT.search(question)
    if not match:
        return None
    word, after = match.group(1), match.group(2) or ""
    if match.group(0).lower().startswith("how many"):
        return word.lower()
    if after[:1].isupper() or after.lower() in _NOT_A_COUNTED_NOUN_BEFORE:
        return None
    return word.lower()


def needs_span(question: str, kind: str | None, role: str | None = None) -> bool:
    """Must an answer contain a span of this kind? Dates, amounts, numbers, percentages and named
    organisations must be in the text to be answered, and so must a person holding the asked title; a person,
    place or list may otherwise be described in other words."""
    if kind == DATE:
        return not _ABOUT_CONDITIONS.search(question)
    return kind in (MONEY, PERCENT, NUMBER, ORGANISATION) or role is not None


def question_type(question: str) -> str | None:
    """The kind of span the question asks for, or None for open questions (why, how, what is ..., who is X)."""
    if _ABOUT_SOMEONE.match(question):
        return None
    for kind, pattern in _QUESTION_TYPES:
        if pattern.search(question):
            return kind
    return None


_MONTHS = (r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           r"january|february|march|may|june|july|august|october")
_DAYS = r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NAME_WORD = r"[A-ZÀ-Ý][\w’'-]*[\w]"
_PARTICLE = r"(?:van|de|der|den|ten|ter|te|von|da|di|le|la|'t)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,3}}"
_HONORIFICS = r"dr\.|mr\.|ir\.|drs\.|de heer|mevrouw|mr|mrs|ms"
_TITLES = "|".join(re.escape(w) for w in _ROLE_WORDS) + "|" + _HONORIFICS

_SPAN_PATTERNS: dict[str, re.Pattern] = {
    PERCENT: re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|procent\b|percent\b)", _Q),
    MONEY: re.compile(r"(?:€|\$|£|EUR|USD)\s?\d[\d.,]*(?:\s?(?:miljoen|miljard|duizend|million|billion|thousand|mln|mld))?"
                      r"|\d[\d.,]*\s?(?:miljoen|miljard|duizend|million|billion|thousand)?\s?(?:euro|dollar|€)", _Q),
    DATE: re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b|\b(?:{_MONTHS})\s+\d{{4}}\b|\b(?:19|20)\d{{2}}\b"
                     rf"|\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b|\b\d+\s+(?:dagen|weken|maanden|jaar|jaren|days|weeks|"
                     rf"months|years)\b|\b(?:{_MONTHS}|{_DAYS})\b|\b(?:jaarlijks|maandelijks|wekelijks|dagelijks|"
                     rf"annually|monthly|weekly|daily)\b", _Q),
    NUMBER: re.compile(r"\b\d(?:[\d.,]*\d)?(?:\s?(?:miljoen|miljard|duizend|million|billion|thousand)\b)?"
                       r"(?:\s?%|\s?(?:procent|percent)\b)?(?!\w)"
                       r"|\b(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|honderd|duizend|"
                       r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|hundred|thousand)\b", _Q),
    PERSON: re.compile(rf"\b(?i:{_TITLES})\s+({_NAME})"),
    PLACE: re.compile(rf"\b(?:in|te|naar|uit|at|to|from|bij)\s+({_NAME})"),
    ORGANISATION: re.compile(rf"\((\s*{_NAME_WORD}[^()]{{1,80}})\)|\b((?:[Mm]inisterie|[Mm]inistry) van\s+{_NAME}"
                             rf"(?:\s+(?:en|and)\s+{_NAME})?)"),
}
# "Wie is Micky Adriaansens?", "Who was Ahn Duk-geun?": asks who that person is, not for another name.
_ABOUT_SOMEONE = re.compile(rf"^\s*(?i:en\s+|and\s+)?(?i:wie|who)\s+(?i:is|was|are|were|zijn|waren)\s+{_NAME}\s*\??\s*$")
_AGE_BEFORE = re.compile(r"\b(?:jonger|ouder|younger|older)\s+(?:dan|than)\s+$|\b(?:vanaf|tot|aged?|under|over)\s+$", _Q)
_AGE_AFTER = re.compile(r"\s+(?:oud|old|of ouder|of jonger|or older|or younger|and over)\b", _Q)
_LIST_INTRO = re.compile(r"\b(?:als|zoals|such as|like|namelijk|including|waaronder|:)\s+", _Q)


def find_spans(kind: str, sentence: str) -> list[tuple[int, int]]:
    """Character spans (within ``sentence``) of answers of this kind, in order of appearance."""
    if kind == LIST:
        match = _LIST_INTRO.search(sentence)
        if not match:
            return []
        end = len(sentence.rstrip(" .!?”\""))
        items = sentence[match.end():end]
        return [(match.end(), end)] if re.search(r",|\s(en|and|of|or)\s", items) else []  # two items at least
    pattern = _SPAN_PATTERNS.get(kind)
    if pattern is None:
        return []
    spans = []
    for match in pattern.finditer(sentence):
        group = next((g for g in range(1, (pattern.groups or 0) + 1) if match.group(g)), 0)
        spans.append(match.span(group))
    if kind == NUMBER:  # "een"/"één" is mostly an article, not the number asked for
        spans = [s for s in spans if sentence[s[0]:s[1]].lower() not in ("een", "één", "one")]
    if kind == DATE:  # "jonger dan 18 jaar", "65 years or older": an age, not a time
        spans = [s for s in spans if not (_AGE_BEFORE.search(sentence, 0, s[0]) or _AGE_AFTER.match(sentence, s[1]))]
    return spans


_PERCENTAGE = re.compile(r"%|\b(?:procent|percent)\b", _Q)
ROLE_WINDOW = 40  # characters around a name in which its title stands


def answer_spans(asked: Asked, sentence: str, same_language: bool = True) -> list[tuple[int, int]]:
    """The spans of ``sentence`` that answer what was asked: of the asked kind, a person with the asked title
    (and portfolio), a count that is no percentage. Words are compared strictly within one language (every
    portfolio word, the counted noun); across languages only cognates can match, so one portfolio word must
    and the counted noun is not checked."""
    if asked.kind is None:
        return []
    found = find_spans(asked.kind, sentence)
    people = people_roles(sentence) if asked.role or asked.company else {}
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
            found += [m.span() for m in _ENUMERATION.finditer(sentence) if _COMPANY_KINDS.search(m.group())]
    if asked.counted:
        found = [span for span in found if not _PERCENTAGE.search(sentence, span[0], span[1])]
        if same_language and not _mentions(set(words(sentence)), asked.counted):
            return []
    return found


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
    said = set(words(mention(sentence, span)))
    return any(_mentions(said, word) for word in asked.qualifiers)


def _title_of(sentence: str, span: tuple[int, int]) -> str | None:
    before = sentence[max(0, span[0] - ROLE_WINDOW):span[0]]
    titles = [m for m in _ROLE.finditer(before) if not before[m.end():].strip()]
    if titles:
        return _role(titles[-1])
    after = re.match(r",\s+(?:de|het|the|a|an)?\s*(?:[\w-]+\s+){0,2}?" + _ROLE.pattern, sentence[span[1]:], _Q)
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
    attribution = quote_attribution(paragraph, start)
    if attribution is not None:
        return names_speaker(attribution, speaker)
    sentence = paragraph[start:end]
    return bool(_SAYS.search(sentence)) and names_speaker(sentence, speaker)


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
    names = [w for w in re.findall(r"[\w’'-]+", speaker) if w[:1].isupper() and not _ROLE.fullmatch(w)]
    if names:
        said = set(words(attribution))
        return all(_mentions(said, part) for name in names for part in words(name))
    return bool({_role(m) for m in _ROLE.finditer(speaker)} & {_role(m) for m in _ROLE.finditer(attribution)})


def _mentions(sentence_words: set[str], word: str) -> bool:
    return same_word(fold(word), sentence_words)
