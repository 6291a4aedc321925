"""The default answerer: extractive, offline, and grounded sentence by sentence.

1. Every sentence of the top hits is scored against the question: its embedding alone
   and after its previous sentence (both computed at index time), the question stems it
   shares (IDF-weighted), whether it holds a span of the asked answer type, and the rank
   of its chunk.
2. The evidence decides whether to answer at all (``AbstainPolicy``): a question that
   names something the documents never mention, that asks for a date, number, amount or
   named organisation no passage holds, for a person with a title nobody in the passages
   carries ("de minister-president"), or whose best sentence is not close enough, is not
   answered.
3. The answer puts the asked-for span first (a name, a number, ...) and quotes the
   sentence it comes from, so every word of the answer is in a cited sentence.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field

import numpy as np

from qa import languages
from qa.answering import spans as span_kinds
from qa.answering.texts import text
from qa.answering.types import SPAN_SEARCH_DEPTH, SPECIFIC_SEARCH_DEPTH
from qa.answering.types.age import TYPE as AGE
from qa.answering.types.definition import meaning_in
from qa.data import Answer, Citation, Hit
from qa.index import Index
from qa.languages import entity_name, merged
from qa.lexical import COGNATE_PREFIX, Term, compound_with_head, fold, same_word, stems, term_groups, translated, words

SENTENCES_FROM_HITS = 5  # hits whose sentences are considered
SECTION_LOOKAHEAD = 2  # sentences after a heading or question that ends a chunk, considered with it
MAX_QUOTE_SENTENCES = 6  # sentences after a chunk ending inside the asked speaker's words, considered with it
MAX_LIST_ITEMS = 30  # list items walked back to find the sentence introducing the list
MAX_CITED_ITEMS = 8  # items of a list cited with the sentence that introduces it
_LIST_ITEM = re.compile(r"\s*(?:[-•*▪–]|\d{1,2}[.)])\s+")
QUANTITIES = (span_kinds.NUMBER, span_kinds.PERCENT, span_kinds.MONEY)  # kinds answered by a figure of something
DEEP_COVERAGE = 0.4  # share of the question's (IDF-weighted) stems a sentence below SPAN_SEARCH_DEPTH must hold


@dataclass
class ScoredSentence:
    doc_id: str
    start: int
    end: int
    sentence: str
    paragraph: int
    dense: float  # cosine of question and sentence (mixed with the sentence in context)
    spans: list[tuple[int, int]]  # spans of the asked answer type inside the sentence
    hit_rank: int
    marked: bool = False  # carries the cue of the asked type without a span (a reason, a condition)
    own: float = 0.0  # cosine of question and the sentence alone, plus its shared terms: what it says itself
    attributed: bool = False  # gives the words or views of the speaker the question asks about
    coverage: float = 0.0  # IDF-weighted share of the question's words in the sentence (or of their equivalents)
    on_topic: bool = False  # shares a question word besides those asking for the kind of answer ("onder welke
    # voorwaarden") and the auxiliary verbs ("mag", "kan")
    statement: bool = True  # not a heading or a question: something the text asserts, fit to cite
    on_subject: bool = False  # on topic by a word that is no country or region the question names: those set the
    # scene ("the trade volume between the Netherlands and South Korea" is about trade)
    names: dict[tuple[int, int], str] = field(default_factory=dict)  # what an anaphor span stands for ("het
    # Aziatische land": "Zuid-Korea"), the short answer in its place
    score: float = 0.0


@dataclass(frozen=True)
class AbstainPolicy:
    """When the evidence does not answer the question. Cosines of answerable and unanswerable questions
    overlap, so the threshold only catches questions far from every sentence; the other rules look at what
    the question asks for. On the seed, held-out and fresh sets no unanswerable question is declined by the
    threshold alone at 0.79, while answerable paraphrases score from 0.794 ("Welke bewindsvrouw zette haar
    handtekening onder het akkoord?"), so 0.80 only cost answers."""

    min_dense: float = 0.790  # best sentence cosine, question in the documents' language
    min_dense_cross_lingual: float = 0.772  # question in another language: cosines run lower
    # a best sentence holding this share of the question's words is close enough whatever its cosine (an English
    # question over Dutch text, "During what kind of visit was the deal signed?", 0.71 of its words, cosine 0.761)
    covered: float = 0.5
    # a span in a sentence sharing less than this share of what the best sentence shares with the question,
    # where the best holds ``covered`` of it without the span, answers something else (``_beside_the_point``; 0.65:
    # "Which South Korean minister signed ...?": the meeting naming the Korean minister shares 0.48, the signing 0.84)
    beside: float = 0.65
    # a question with no span to check needs a word of its own in one of this many best sentences
    topical_depth: int = 5


@dataclass(frozen=True)
class SentenceWeights:
    """How the sentence ranking mixes its signals (tuned on eval/seed_questions.jsonl)."""

    in_context: float = 0.75  # share of the cosine taken with the previous sentence as context
    shared_terms: float = 0.04  # IDF-weighted share of the question's stems the sentence contains (same language)
    shared_terms_cross_lingual: float = 0.12  # the same through the lexicons: cosines across languages are less sure
    answer_type: float = 0.02  # the sentence holds a span of the asked type (a name, a number, ...)
    hit_rank: float = 0.02  # penalty per rank of the chunk the sentence came from
    hit_rank_cross_lingual: float = 0.04  # across languages sentence cosines are less sure: trust the ranking more
    second_sentence_margin: float = 0.005  # cite a runner-up this close to the best (open and list questions)
    leader_margin: float = 0.02  # own cosine by which a sentence saying most of an open question leads every other
    # cite the next sentence going on about an answer without a short one this close in meaning (its chunk's rank
    # does not count: a chunk may end between the two)
    elaboration_margin: float = 0.04
    on_topic_margin: float = 0.03  # a span sentence sharing the question's words this close beats one sharing none
    span_margin: float = 0.015  # a sentence holding the asked span this close beats a best one holding none
    restatement: float = 0.05  # penalty of a sentence all of whose words an open question already says
    other_age: float = 0.1  # penalty of a sentence about people of another age than the question's ("vanaf 18 jaar")
    document_rank: float = 0.1  # penalty per rank of the sentence's document among the hits: the best-ranked
                                # document holds the answer far more often than any single chunk ranking says


def _anaphors(document, paragraph: int, start: int, end: int) -> list[tuple[tuple[int, int], str, str]]:
    """The anaphors of the sentence at ``start:end`` with what they refer to (``spans.anaphors``), once per sentence:
    its shared words and its answers both use them."""
    if not paragraph:
        return []
    begin, finish = document.paragraphs[paragraph - 1]
    return span_kinds.anaphors(document.text[begin:finish], start - begin, end - begin)


def _referred(anaphors: list[tuple[tuple[int, int], str, str]], langs: tuple[str, ...]) -> frozenset[str]:
    """The stems of the names the sentence's anaphors refer to ("het Aziatische land": Zuid-Korea, South Korea),
    so a question naming the entity shares its words with a sentence that names it only so."""
    names = merged("entities")
    return frozenset(stem for _, concept, _ in anaphors for name in names.get(concept, ())
                     for stem in stems(name, langs))


def _referents(asked: span_kinds.Asked, anaphors: list[tuple[tuple[int, int], str, str]]) -> dict[tuple[int, int], str]:
    """Anaphors of the sentence that stand for an answer of the asked type ("Welk land staat aan de top?": "het
    Aziatische land", named Zuid-Korea before it), with the name each stands for; not the entity the question
    itself names."""
    kind = asked.type.refers_to if asked.type is not None else ""
    return {span: entity_name(concept, said) for span, concept, said in anaphors
            if kind and span_kinds.entity_kind(concept) == kind and concept not in asked.entities}


def _restatable(question: str, asked: span_kinds.Asked, groups: list[Term]) -> frozenset[str]:
    """The stems a sentence must say more than to answer an open question: "En niet later dan 6 werkdagen na
    overlijden." says nothing "In welke gevallen mag je iemand later dan 6 werkdagen na het overlijden begraven?" does
    not. None for a yes/no question, which a sentence restating it answers ("Mag ik een postbus als briefadres
    gebruiken?": "U kunt als briefadres geen postbus gebruiken."), nor for a type whose answer is in the question's
    words ("Hoe belangrijk ...?": "één van de belangrijkste")."""
    if asked.type is not None and asked.type.restates_question \
            or not span_kinds.patterns().question_word.search(question):
        return frozenset()
    return frozenset(stem for term in groups for stem in term.stems)


def _shared(group: frozenset[str], terms: frozenset[str], idf: dict[str, float], loose: bool = False) -> float:
    """The weight of the sentence's best match for one question word: a stem of its group, a compound ending in
    one ("staatsbezoek" for "bezoek") or, for a translated word (``loose``), a stem sharing its first letters
    (the lexicon gives base forms: "mondiaal" for the sentence's "mondiale")."""
    found = group & terms
    if not found and loose:
        prefixes = {stem[:COGNATE_PREFIX] for stem in group if len(stem) >= COGNATE_PREFIX}
        found = {term for term in terms if term[:COGNATE_PREFIX] in prefixes}
    if not found:
        found = {compound for stem in group if (compound := compound_with_head(stem, terms))}
    return max((idf.get(stem, 0.0) for stem in found), default=0.0)


def _question_weights(terms: list[Term], matches: list[list[float]], idf: dict[str, float],
                      sentences: int) -> list[float]:
    """How much each question word counts in a sentence's coverage: the IDF of its stem, or of its best match
    among the candidate sentences (a compound, a translation's inflected form). A known word no sentence has is
    the most specific of all; a foreign word the lexicons lack counts for nothing (it may be a function word)."""
    unseen = math.log(1 + sentences)
    best = [max(column, default=0.0) for column in zip(*matches)] or [0.0] * len(terms)
    return [max(best[i], max((idf[t] for t in term.stems if t in idf), default=unseen if term.known else 0.0))
            for i, term in enumerate(terms)]


def _terms(text_: str) -> set[str]:
    return set(words(text_))


class ExtractiveAnswerer:
    def __init__(self, index: Index, policy: AbstainPolicy = AbstainPolicy(),
                 weights: SentenceWeights = SentenceWeights()):
        self.index = index
        self.policy = policy
        self.weights = weights

    def score_sentences(self, question: str, asked: span_kinds.Asked, hits: list[Hit], query_vector: np.ndarray,
                        lang: str | None = None, topic: str = "") -> list[ScoredSentence]:
        """Every sentence of the top hits, best first. ``lang`` is the question's language (None: the documents').
        Words are compared by stem; across languages through the lexicons' equivalents (``term_groups``): the words
        of ``topic`` when given (what a follow-up without words of its own, "En wanneer?", carries), else of
        ``question``."""
        hits = self.looked_up(asked, question, hits)
        sentence_terms, idf = self.index.sentence_terms
        langs = self.index.lexical.langs
        same_language = lang is None or self.same_language(lang)
        groups = term_groups(topic or question, langs[0] if same_language else lang, langs, known=idf)
        restatable = _restatable(question, asked, groups)
        if asked.speaker:  # who said it is checked by attribution; the topic is what the sentence must share
            speaker = set(stems(asked.speaker, langs))
            groups = [term for term in groups if not term.stems & speaker]
        if asked.set_aside:  # "Apart from Yoon, ...": what the question sets aside is not what it is about
            aside = set(stems(" ".join(asked.set_aside), langs))
            groups = [term for term in groups if not term.stems & aside]
        if asked.span_required and (asked.head or asked.group_words):
            # the noun asked for ("in welke stad", "which head of state") is its type's to check
            head = set(stems(" ".join((asked.head, *asked.group_words)), langs))
            groups = [term for term in groups if not term.stems & head]
        shared_weight = self.weights.shared_terms if same_language else self.weights.shared_terms_cross_lingual
        rank_penalty = self.weights.hit_rank if same_language else self.weights.hit_rank_cross_lingual
        question_words = _terms(question)
        seen, scored, matches, penalties = set(), [], [], []
        documents_ranked = list(dict.fromkeys(hit.chunk.doc_id for hit in hits))
        retrieved = {(hit.chunk.doc_id, *span) for hit in hits[:SENTENCES_FROM_HITS] for span in hit.chunk.sentences}
        for hit in hits[:SENTENCES_FROM_HITS]:
            chunk = hit.chunk
            document_penalty = self.weights.document_rank * documents_ranked.index(chunk.doc_id)
            document = self.index.documents[chunk.doc_id]
            for start, end in self._sentences_of(chunk, retrieved, asked.speaker):
                key = (chunk.doc_id, start, end)
                if key in seen:
                    continue
                seen.add(key)
                sentence = document.text[start:end]
                row = self.index.sentence_row.get(key)
                own, in_context = self.index.sentence_vectors[row] @ query_vector
                dense = float((1 - self.weights.in_context) * own + self.weights.in_context * in_context)
                paragraph = document.paragraph_of(start)
                antecedent = self._antecedent(key, sentence, paragraph)
                found = self._spans(asked, document, paragraph, start, end, same_language, question_words,
                                    document.text[antecedent[1]:antecedent[2]] if antecedent else "")
                # an anaphor answers only in a sentence naming nothing of the asked type itself: "Het land heeft na
                # de Verenigde Staten het grootste marktaandeel" names the largest; "het Aziatische land" is the top
                anaphors = _anaphors(document, paragraph, start, end)
                names = {} if found else _referents(asked, anaphors)
                found = found or sorted(names)
                posed = self.posed_condition(key, paragraph) is not None  # "Wilt u X? Dan ...": X is a condition
                marked = bool(asked.type and (asked.type.marked(sentence, asked) or posed and asked.type.conditions)) \
                    or (asked.ranking and bool(found) and bool(span_kinds.patterns().ranking_marker.search(sentence)))
                # a sentence pointing back to the one before speaks of what that one named: it shares its terms
                own_terms = sentence_terms.get(key, frozenset())
                terms = own_terms | _referred(anaphors, langs) | sentence_terms.get(antecedent, frozenset())
                matches.append([_shared(term.stems, terms, idf, loose=not same_language) for term in groups])
                item = ScoredSentence(
                    doc_id=chunk.doc_id, start=start, end=end, sentence=sentence,
                    paragraph=paragraph, dense=dense, spans=found, hit_rank=hit.rank, marked=marked, names=names,
                    attributed=bool(asked.speaker) and _attributed(document, paragraph, start, end, asked.speaker),
                    statement=is_statement(sentence, bool(found)) or posed
                    or bool(found) and bool(asked.type) and asked.type.spans_in_questions)
                item.own = float(own)
                restates = bool(restatable and own_terms and own_terms <= restatable)
                penalties.append(rank_penalty * (hit.rank - 1) + document_penalty)
                other_age = asked.stated_age is not None and AGE.excludes(sentence, asked.stated_age)
                item.score = (dense + self.weights.answer_type * bool(found or marked)
                              - penalties[-1] - self.weights.restatement * restates
                              - self.weights.other_age * other_age)
                scored.append(item)
        weights = _question_weights(groups, matches, idf, len(sentence_terms))
        total = sum(weights) or 1.0
        # what says a sentence is on the question's topic: not the words asking for the kind of answer ("onder welke
        # voorwaarden"), not a verb like "mag"; unless the question has no other words
        cue = asked.type.describing(question) if asked.type else ""
        not_topical = set(stems(" ".join((cue, *span_kinds.patterns().auxiliaries)), langs))
        topical = [bool(weight) and not term.stems & not_topical for term, weight in zip(groups, weights)]
        topical = topical if any(topical) else [bool(weight) for weight in weights]
        scene = set(stems(" ".join(gazetteer_names(topic or question)), langs))
        subject = [counts and not term.stems & scene for term, counts in zip(groups, topical)]
        for item, matched in zip(scored, matches):
            item.coverage = sum(m for m, weight in zip(matched, weights) if weight) / total
            item.on_topic = any(m and counts for m, counts in zip(matched, topical))
            item.on_subject = any(m and counts for m, counts in zip(matched, subject))
            if asked.type is not None:
                item.spans = [span for span in item.spans
                              if item.coverage >= asked.type.min_coverage(item.sentence, span)]
            item.own += shared_weight * item.coverage
            item.score += shared_weight * item.coverage
        if scored and not asked.span_required and asked.kind != span_kinds.SLOT:
            self._unrank_leader(scored, penalties)
        scored.sort(key=lambda s: -s.score)
        return scored

    def _unrank_leader(self, scored: list[ScoredSentence], penalties: list[float]) -> None:
        """Lift the rank penalties of the sentence that by itself says most of the question: the closest alone by a
        margin and sharing more of its words than any other. The chunk's rank stands in for evidence a sentence
        lacks ("Which kinds of businesses will get more economic opportunities?": the startups sentence, in the fifth
        chunk). Only for questions no span decides: a span's holders are ranked by their types' rules."""
        order = sorted(range(len(scored)), key=lambda i: -scored[i].own)
        leader, others = scored[order[0]], [scored[i] for i in order[1:]]
        if not others or (leader.own >= others[0].own + self.weights.leader_margin
                          and leader.coverage > max(s.coverage for s in others)):
            leader.score += penalties[order[0]]

    def looked_up(self, asked: span_kinds.Asked, question: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` after the chunk that gives what the question's type looks up in the whole index (where a law
        defines the term asked about): first, from the best retrieved document that has one, else from the document
        that best matches the question's words (a definitions article deep in a long law is seldom retrieved)."""
        term = asked.type.looked_up(asked) if asked.type else ""
        if not term:
            return hits
        folded = term.casefold()
        index = self.index
        rows = [int(row) for row in index.lexical.matches(term).rows if folded in index.chunks[row].text.casefold()]
        found = [row for row in rows
                 if any(asked.type.marked(index.documents[index.chunks[row].doc_id].text[start:end], asked)
                        for start, end in index.chunks[row].sentences)]
        if not found:
            return hits
        hit_rank = {}
        for hit in hits:
            hit_rank.setdefault(hit.chunk.doc_id, hit.rank)
        document_scores = index.doc_lexical.matches(question).at(index.chunk_doc[found])
        best = min(range(len(found)), key=lambda i: (hit_rank.get(index.chunks[found[i]].doc_id, len(hits) + 1),
                                                     -document_scores[i], found[i]))
        chunk = index.chunks[found[best]]
        rest = [hit for hit in hits if hit.chunk.id != chunk.id]
        return [Hit(chunk=chunk, score=hits[0].score if hits else 0.0, rank=1)] + [
            dataclasses.replace(hit, rank=rank) for rank, hit in enumerate(rest, 2)]

    def _sentences_of(self, chunk, retrieved: set[tuple[str, int, int]], speaker: str = "") -> list[tuple[int, int]]:
        """The chunk's sentences, and when it ends in a heading or a question ("Voorwaarden klacht indienen", "Wat
        moet ik doen?"), the first sentences of the document after it that no retrieved chunk holds: the section
        the heading names, or the answer to the question. When it ends inside the words of the ``speaker`` a
        question asks about, the rest of what they say in the paragraph: a quote is one answer, cut by chunking."""
        found = list(chunk.sentences)
        if not found:
            return found
        start, end = found[-1]
        document = self.index.documents[chunk.doc_id]
        row = self.index.sentence_row.get((chunk.doc_id, start, end))
        if is_statement(document.text[start:end]):
            paragraph = document.paragraph_of(start) if speaker and row else 0
            if not (paragraph and _attributed(document, paragraph, start, end, speaker)):
                return found
            return found + self._run_after(row, retrieved, MAX_QUOTE_SENTENCES,
                                           lambda s, e: _attributed(document, paragraph, s, e, speaker))
        if not row or self.index.sentences[row - 1][0] != chunk.doc_id:  # the title names the whole document
            return found
        return found + self._run_after(row, retrieved, SECTION_LOOKAHEAD)

    def _run_after(self, row: int, retrieved: set[tuple[str, int, int]], limit: int,
                   belongs=lambda start, end: True) -> list[tuple[int, int]]:
        """The sentences after sentence ``row`` of the same document, up to ``limit``, that no retrieved chunk holds
        and that ``belongs`` keeps, up to the first that fails."""
        doc_id = self.index.sentences[row][0]
        found = []
        for following in self.index.sentences[row + 1:row + 1 + limit]:
            if following[0] != doc_id or following in retrieved or not belongs(*following[1:]):
                break
            found.append(following[1:])
        return found

    def _spans(self, asked: span_kinds.Asked, document, paragraph: int, start: int, end: int, same_language: bool,
               question_words: set[str], antecedent: str = "") -> list[tuple[int, int]]:
        """The sentence's spans that answer the question: none when the sentence is about another entity than
        the one asked about (through "het land"), and none the question already names (it is the subject).
        ``antecedent`` is the sentence this one points back to, if it does."""
        sentence = document.text[start:end]
        if paragraph and asked.entities:
            begin, finish = document.paragraphs[paragraph - 1]
            if span_kinds.about_another(asked, document.text[begin:finish], start - begin, end - begin):
                return []
        found = span_kinds.answer_spans(asked, sentence, same_language, antecedent)
        if asked.second_place:  # "heeft na de Verenigde Staten het grootste ...": those are first, not second
            ahead = span_kinds.patterns().ahead_of
            found = [s for s in found if not ahead.search(sentence, 0, s[0])]
        if asked.type is not None and asked.type.restates_question:
            return [s for s in found if not _inside_asked(sentence, s, asked.entities)]
        # a country the question names is what it asks about ("after the US"), not the country it asks for
        named = asked.entities if asked.type is not None and asked.type.refers_to else frozenset()
        return [s for s in found if not _named_in(sentence[s[0]:s[1]], question_words)
                and not _names_asked_entity(sentence[s[0]:s[1]], named)]

    def _antecedent(self, key: tuple[str, int, int], sentence: str, paragraph: int) -> tuple[str, int, int] | None:
        """The sentence before, when this one opens with a word pointing back to it ("Die zijn immers van steeds
        grotere invloed ..." after "Zoals bij digitale technologieën.") or names something by a demonstrative ("heeft
        deze overeenkomst getekend"): it speaks of what that one named."""
        pattern = span_kinds.patterns()
        if not (pattern.continuation.match(sentence) or pattern.demonstrative.search(sentence)):
            return None
        row = self.index.sentence_row.get(key)
        if not row or self.index.sentences[row - 1][0] != key[0]:
            return None
        before = self.index.sentences[row - 1]
        return before if self.index.documents[key[0]].paragraph_of(before[1]) == paragraph else None

    def same_language(self, lang: str) -> bool:
        """Is the question in a language of the documents?"""
        return lang in self.index.lexical.langs

    def abstain_reason(self, question: str, asked: span_kinds.Asked, same_language: bool,
                       scored: list[ScoredSentence], carried: bool = False) -> str | None:
        """Why the evidence does not answer the question, or None when it does. ``carried``: the question was
        retrieved with earlier turns, which say what it is about ("Wat is het doel ervan?")."""
        if not scored:
            return "no passages"
        # A question about names, numbers or terms the documents mostly never mention cannot be answered from
        # them (one unknown brand among known terms can still be answerable). Across languages only the names
        # the gazetteer can translate are checked.
        described = asked.type.describing(question) if asked.type else ""  # "welke Engelse term": not a topic
        entities = [name for name in (question_entities(question) if same_language else gazetteer_names(question))
                    if name not in described]
        titles = {self.index.documents[s.doc_id].title for s in scored[:SENTENCES_FROM_HITS]}
        missing = [name for name in entities
                   if not self._mentioned(_gazetteer_phrase(name, question), same_language)
                   and not _spelled_out(name, titles)]
        if missing and 2 * len(missing) >= len(entities) + 1:
            return f"the documents never mention {', '.join(missing)}"
        # a person named by title ("koningin Máxima", "Prime Minister Rutte") is what the question is about, in any
        # language: the documents must name them
        unnamed = [name for name in titled_names(question)
                   if not any(self._mentioned(word, same_language) for word in name.split())]
        if unnamed:
            return f"the documents never mention {', '.join(unnamed)}"
        if asked.type is not None and not (asked.span_required or asked.speaker) and asked.terms and not carried \
                and not any(s.on_topic for s in scored[:self.policy.topical_depth]):
            # a type with no span to check: its marker (a condition, a reason) is found anywhere ("Bij begraven na
            # 6 werkdagen ..." for "Wanneer mag ik vuurwerk afsteken?"); only a shared word says the passage is on
            # the question, and not the words asking for the kind of answer ("Onder welke voorwaarden mag ik een
            # drone vliegen?"). An open question has no marker to mislead: it is left to the cosine.
            return "the best passages share no word with the question"
        if asked.span_required:
            answering = _answering(asked, scored, speaker=False)
            if not answering:
                return f"no {asked.role or asked.counted or asked.kind} in the best passages"
            if asked.kind in QUANTITIES and not answering[0].on_subject \
                    and any(s.on_subject for s in scored[:SPAN_SEARCH_DEPTH]):
                # a figure in a sentence sharing only the question's countries is a figure of something else
                # ("the trade volume between NL and South Korea": not the 4,5% of GDP Korea spends on R&D)
                return f"the passage the question is about names no {asked.counted or asked.kind}"
            qualified = _first_qualified(asked, answering)  # what the answer is taken from
            if _beside_the_point(asked, answering[0], scored[0], self.policy, same_language) or (
                    qualified is not answering[0] and not _names_shared(asked, qualified, scored[0])
                    and _beside_the_point(asked, qualified, scored[0], self.policy, same_language)):
                return f"the passage the question is about names no {asked.role or asked.kind}"
        if asked.speaker and not _answering(asked, scored):
            return f"the best passages give no words or views of {asked.speaker}"
        statements = _statements(scored)
        opposite = _opposite_pole(question, [s.sentence for s in statements[:SPECIFIC_SEARCH_DEPTH]])
        if opposite:
            return f"the best passages say {opposite}, not what was asked"
        attribute = _attribute(question) if asked.kind in (None, span_kinds.SLOT) else None
        if attribute and not any(self._names(attribute, s, same_language) for s in statements[:SPAN_SEARCH_DEPTH]):
            return f"the best passages do not name the {attribute} asked for"
        one_of = _one_of_the_top(question, statements[:1])
        if one_of:
            return f"the best passage says {one_of}, not which one is"
        threshold = self.policy.min_dense if same_language else self.policy.min_dense_cross_lingual
        # a sentence naming what the question sets aside ("Apart from carbon-free energy, which ...?") is the list
        # it picks from: the words set aside count as covered, though they are no topic of the question
        aside = span_kinds.on_topic(scored[0].sentence, span_kinds.topic_stems(" ".join(asked.set_aside))) \
            if asked.set_aside else False
        if scored[0].dense < threshold and scored[0].coverage < self.policy.covered and not aside:
            return f"no sentence close enough (best cosine {scored[0].dense:.3f} < {threshold})"
        return None

    def _names(self, word: str, sentence: ScoredSentence, same_language: bool) -> bool:
        """Does the sentence have the question's ``word``: its stem, a synonym or (across languages) a translation,
        or a compound ending in it?"""
        sentence_terms, idf = self.index.sentence_terms
        terms = sentence_terms.get((sentence.doc_id, sentence.start, sentence.end), frozenset())
        langs = self.index.lexical.langs
        lang = langs[0] if same_language else next((c for c in languages.codes() if c not in langs), langs[0])
        return any(term.stems & terms or _shared(term.stems, terms, idf, loose=not same_language) > 0
                   for term in term_groups(word, lang, langs))

    def _mentioned(self, name: str, same_language: bool) -> bool:
        """Do the documents mention ``name``, or (for a gazetteer name) the same thing in any language?"""
        concepts = span_kinds.entities_in(name)
        if concepts:
            names = merged("entities").get(concepts[0], ()) + merged("demonyms").get(concepts[0], ())
            return any(self.index.mentions(other) for other in (name, *names))
        return self.index.mentions(name)

    def choose(self, asked: span_kinds.Asked, scored: list[ScoredSentence],
               same_language: bool = True) -> tuple[ScoredSentence, list[ScoredSentence]]:
        """The answering sentence, and all sentences to cite in text order. When the question demands a span or
        a speaker, only sentences that have it compete (the one the question's qualifiers describe first, one
        sharing the question's words before a near one sharing none); a heading or question in the text gives way
        to a statement of its document; open and list questions also take a runner-up that scores nearly as well.
        ``same_language``: the question is in the documents' language, where shared words are sure evidence."""
        pool = scored
        if asked.span_required or asked.speaker:
            pool = _answering(asked, scored)
        if asked.span_required and same_language and pool and not pool[0].on_topic:
            # the best holder of the span shares none of the question's words: a near one that does is the
            # evidence ("Wie zette haar handtekening onder het akkoord?": the sentence saying she signed it, not
            # the one naming her at a meeting); across languages the lexicons translate too few words to tell
            sharing = next((s for s in pool[1:] if s.on_topic
                            and s.score >= pool[0].score - self.weights.on_topic_margin), None)
            if sharing is not None:
                pool = [sharing] + [s for s in pool if s is not sharing]
        if asked.type is not None and asked.type.span_preferred and not asked.span_required and pool \
                and not pool[0].spans:
            # a gazetteer type that may be answered without its span ("Met welk land ...?") is answered with it when
            # a near sentence on the question's topic holds one: "Nederland en Zuid-Korea hebben afgesproken ...
            # samen te werken" before "Zo kunnen beide landen ... voorop blijven lopen"
            holder = next((s for s in pool[1:] if s.spans and s.on_topic and s.statement
                           and s.score >= pool[0].score - self.weights.span_margin), None)
            if holder is not None:
                pool = [holder] + [s for s in pool if s is not holder]
        if asked.speaker:  # of the speaker's sentences, one on the topic asked about ("over startups") first
            pool = sorted(pool, key=lambda s: s.coverage == 0)
        # of the speaker's sentences too: what she says the cooperation brings is the one saying "kansen"
        if asked.type is not None and (marked := _marked_in_best_document(pool if asked.speaker else scored,
                                                                          _depth(asked))):
            # a reason, a condition, or a span next to a stated rank, before a shared word; but where a condition
            # only stands in for a span ("Wanneer ...?": a date, else a condition), the best sentence holding a
            # span stays before one that only states a condition ("Dan kunt u alvast kijken ...")
            if asked.type.conditions and pool and pool[0].spans:
                marked = [s for s in marked if s.spans]
            pool = marked + [s for s in pool if s not in marked]
        if asked.topic:  # "als het om chips gaat": of the best few, a sentence on that topic first, read after the
            # sentence before it ("Het land heeft na de VS hierin het grootste marktaandeel" speaks of chips)
            on_topic = [s for s in _statements(pool)[:SPECIFIC_SEARCH_DEPTH]
                        if span_kinds.on_topic(self._with_previous(s), asked.topic)]
            pool = on_topic + [s for s in pool if s not in on_topic]
        if asked.type is not None and (asked.set_aside or asked.excluded) and not asked.span_required:
            # "which other ...?": a sentence still holding something not set aside first
            holding = _answering(dataclasses.replace(asked, span_required=True), pool)
            pool = holding + [s for s in pool if s not in holding]
        best = _first_qualified(asked, pool)
        if not best.statement:
            best = next((s for s in pool if s.statement and s.doc_id == best.doc_id), best)
        best = _stated_in_full(best, _statements(scored)[:SPECIFIC_SEARCH_DEPTH])
        best = self._lender(best, pool)
        chosen = [best]
        # a runner-up to a sentence that gives the reason or condition asked for must give one too
        # and one that shares fewer of the question's words than the best adds nothing but a near score ("Why is
        # Korea a strong research partner?": not "... één van de belangrijkste handelspartners" beside the R&D one)
        runner_up = next((s for s in pool if s is not best and s.statement and (s.marked or not best.marked)
                          and (s.coverage > 0 or best.coverage == 0) and s.coverage >= best.coverage), None)
        short_answer = bool(best.spans) and asked.type is not None and asked.type.leads  # needs no completing
        if (asked.type is None or asked.type.cites_runner_up) and runner_up is not None and not short_answer:
            if runner_up.score >= best.score - self.weights.second_sentence_margin:
                chosen.append(runner_up)
        if not short_answer and len(chosen) == 1:
            # an answer without a short one goes on in the next sentence when that one points back to it and is
            # near: "Die zijn van steeds grotere invloed op maatschappij en economie." "Dat gaat over hoe we
            # communiceren, leven ..." says how. After the answer of a typed question (a reason, a list) only a
            # sentence explaining it does ("Dat zijn meestal uw wijsvingers."), not one adding something else
            # ("Deze diensten gaan uiterst zorgvuldig om met deze bevoegdheid.")
            after = self._neighbour(best, 1)
            elaboration = next((s for s in pool if (s.doc_id, s.start, s.end) == after), None) if after else None
            p = span_kinds.patterns()
            if (elaboration is not None and elaboration.statement and elaboration.on_topic
                    and (p.continuation if asked.type is None else p.explanation).match(elaboration.sentence)
                    and elaboration.dense >= best.dense - self.weights.elaboration_margin):
                chosen.append(elaboration)
        return best, sorted(chosen, key=lambda s: (s.doc_id, s.start))

    def _with_meaning(self, lead: str, doc_id: str) -> str:
        """A body or person the document names by a defined short term ("De Raad", "het college") with the meaning
        its definitions give: "De Raad (de Raad voor strafrechtstoepassing en jeugdbescherming)"."""
        if len(lead.split()) > MAX_DEFINED_WORDS or not lead.replace(" ", "").isalpha():
            return lead
        meaning = meaning_in(self.index.documents[doc_id].text, lead)
        return f"{lead} ({meaning})" if meaning else lead

    def _with_previous(self, item: ScoredSentence) -> str:
        """The sentence after the one before it in its paragraph: what it may point back to."""
        key = self._neighbour(item, -1)
        return (self.index.documents[key[0]].text[key[1]:key[2]] + " " if key else "") + item.sentence

    def _lender(self, best: ScoredSentence, pool: list[ScoredSentence]) -> ScoredSentence:
        """The sentence before ``best`` when ``best`` is a consequence of it ("Zo kunnen ...", "Therefore ...")
        that only borrows its relevance from it: its in-context vector reads the sentence before, and that
        sentence alone is at least as close to the question, shares more of its words and holds as many answer
        spans ("De overeenkomst moet ... mogelijk maken tussen ... op het gebied van digitalisering." before "Zo
        kunnen beide landen ... voorop blijven lopen."). Shared words are only counted within one language, so
        across languages ``best`` stays."""
        key = self._neighbour(best, -1)
        if key is None or not span_kinds.patterns().consequence.match(best.sentence):
            return best
        before = next((s for s in pool if (s.doc_id, s.start, s.end) == key), None)
        if (before is not None and before.statement and before.own >= best.own and before.coverage > best.coverage
                and len(before.spans) >= len(best.spans)):
            return before
        return best

    def completion(self, item: ScoredSentence) -> list[tuple[str, int, int]]:
        """The neighbours that complete a reason or condition: the sentence before ``item`` when ``item`` opens
        with a consequence ("Zo kunnen beide landen ..." says what follows from it), and the sentence after it
        when that one does (the goal that follows from ``item``); both within the paragraph."""
        consequence, text_ = span_kinds.patterns().consequence, self.index.documents[item.doc_id].text
        before, after = self._premise(item), self._neighbour(item, 1)
        return ([before] if before else []) + ([after] if after and consequence.match(text_[after[1]:after[2]]) else [])

    def _premise(self, item: ScoredSentence) -> tuple[str, int, int] | None:
        """The sentence before ``item`` when ``item`` opens with a consequence ("Zo kunnen beide landen ..."): what
        it follows from."""
        return self._neighbour(item, -1) if span_kinds.patterns().consequence.match(item.sentence) else None

    def _neighbour(self, item: ScoredSentence, step: int) -> tuple[str, int, int] | None:
        """The sentence ``step`` places from ``item`` in the index, when it is in the same paragraph."""
        return self._beside((item.doc_id, item.start, item.end), item.paragraph, step)

    def _beside(self, key: tuple[str, int, int], paragraph: int, step: int) -> tuple[str, int, int] | None:
        """The sentence ``step`` places from the sentence ``key`` of ``paragraph``, when in that paragraph too."""
        row = self.index.sentence_row.get(key)
        if row is None or not 0 <= row + step < len(self.index.sentences):
            return None
        doc_id, start, end = self.index.sentences[row + step]
        same = doc_id == key[0] and self.index.documents[doc_id].paragraph_of(start) == paragraph
        return (doc_id, start, end) if same else None

    def posed_condition(self, key: tuple[str, int, int], paragraph: int) -> tuple[str, int, int] | None:
        """The sentence answering the sentence ``key`` when ``key`` is a question the text asks and answers with
        "Dan ..." ("Wilt u meteen de asbus meenemen? Dan moet u ontheffing vragen."): together they say "if X,
        then Y", so the question states a condition."""
        text_ = self.index.documents[key[0]].text
        if not text_[key[1]:key[2]].rstrip().endswith("?"):
            return None
        after = self._beside(key, paragraph, 1)
        return after if after and span_kinds.patterns().condition_answer.match(text_[after[1]:after[2]]) else None

    def condition_pair(self, item: ScoredSentence) -> tuple[str, int, int] | None:
        """The other half of a posed condition ``item`` belongs to: its answer, or the question it answers."""
        key = (item.doc_id, item.start, item.end)
        before = self._beside(key, item.paragraph, -1)
        if before is not None and self.posed_condition(before, item.paragraph) == key:
            return before
        return self.posed_condition(key, item.paragraph)

    def list_intro(self, item: ScoredSentence) -> tuple[str, int, int] | None:
        """The sentence that introduces the list ``item`` belongs to ("Dit is mogelijk wanneer u:"), when ``item``
        is (in) a list item: alone, "- een schuld bij de overheid hebt" says little."""
        document = self.index.documents[item.doc_id]
        if not _in_list_item(document, item.start, item.sentence):
            return None
        row = self.index.sentence_row[(item.doc_id, item.start, item.end)]
        for earlier in range(row - 1, max(-1, row - 1 - MAX_LIST_ITEMS), -1):
            doc_id, start, end = self.index.sentences[earlier]
            sentence = document.text[start:end].rstrip()
            if doc_id != item.doc_id:
                return None
            in_list = _in_list_item(document, start, sentence)
            if sentence.endswith(":") or not in_list:
                return (doc_id, start, end) if span_kinds.introduces_list(sentence, in_list) else None
        return None

    def list_items(self, item: ScoredSentence) -> list[tuple[str, int, int]]:
        """The items of the list ``item`` introduces ("Dit kan in de volgende gevallen:"): the intro alone names
        no case, its items are the answer, so they are cited with it as one passage."""
        document = self.index.documents[item.doc_id]
        if not span_kinds.introduces_list(item.sentence, _in_list_item(document, item.start, item.sentence)):
            return []
        row = self.index.sentence_row[(item.doc_id, item.start, item.end)]
        items = []
        for later in range(row + 1, min(len(self.index.sentences), row + 1 + MAX_LIST_ITEMS)):
            doc_id, start, end = self.index.sentences[later]
            if doc_id != item.doc_id or not _in_list_item(document, start, document.text[start:end]):
                break
            items.append((doc_id, start, end))
        return items[:MAX_CITED_ITEMS]

    def _citation(self, key: tuple[str, int, int], score: float) -> Citation:
        doc_id, start, end = key
        document = self.index.documents[doc_id]
        return Citation(doc_id=doc_id, title=document.title, paragraph=document.paragraph_of(start),
                        sentence=document.text[start:end], start=start, end=end, score=round(score, 4))

    def answer(self, question: str, query: str, hits: list[Hit], lang: str, query_vector: np.ndarray,
               excluded: tuple[str, ...] = ()) -> Answer:
        asked, scored = self.score_question(question, query, hits, query_vector, lang, excluded)
        return self.answer_scored(question, query, hits, lang, asked, scored)

    def score_question(self, question: str, query: str, hits: list[Hit], query_vector: np.ndarray, lang: str,
                       excluded: tuple[str, ...] = ()) -> tuple[span_kinds.Asked, list[ScoredSentence]]:
        """What ``question`` asks for, and the sentences of ``hits`` scored for it (``query`` is it resolved)."""
        asked = span_kinds.asked_for(question, excluded)
        topic = carried_topic(question, query)
        return asked, self.score_sentences(question, asked, hits, query_vector, lang, topic=topic)

    def answer_scored(self, question: str, query: str, hits: list[Hit], lang: str, asked: span_kinds.Asked,
                      scored: list[ScoredSentence]) -> Answer:
        """The answer from sentences already scored (the LLM answerer ranks its sources with them and stands
        in with this answer without scoring twice)."""
        reason = self.abstain_reason(question, asked, self.same_language(lang), scored, carried=query != question)
        if reason is not None:
            return Answer(question=question, text=text(lang, "not_found"), citations=[], lang=lang, abstained=True,
                          hits=hits, query=query, reason=reason)
        best, chosen = self.choose(asked, scored, self.same_language(lang))
        cited = {(s.doc_id, s.start, s.end): s.score for s in chosen}
        for item in chosen:  # a list item is cited with the sentence that says what the list is, and the other way
            intro = self.list_intro(item)
            if intro is not None:  # as one passage (as the intro's items are) unless many items stand between
                key = (item.doc_id, item.start, item.end)
                if self.index.sentence_row[key] - self.index.sentence_row[intro] <= MAX_CITED_ITEMS:
                    _cite_in_passage(cited, item, intro[1], item.end)
                else:
                    cited.setdefault(intro, item.score)
            items = self.list_items(item)
            if items:  # the intro and its items are one passage: cited as one block
                _cite_in_passage(cited, item, item.start, items[-1][2])
        for item in chosen:  # "Wilt u X? Dan Y.": a condition posed as a question is cited with its answer
            pair = self.condition_pair(item)
            if pair is not None:
                cited.setdefault(pair, item.score)
        if asked.type and asked.type.completed_by_neighbours:  # a reason runs on into "Zo ..." / "Daardoor ..."
            for key in self.completion(best):
                cited.setdefault(key, best.score)
        else:
            # an open answer opening with "Zo ..." ("in this way") follows from the sentence before: it says how; an
            # answer without a short one that says "hierin" ("Het land heeft hierin het grootste marktaandeel")
            # names what it is about only in the sentence before
            refers = not (best.spans and asked.type and asked.type.leads) \
                and span_kinds.patterns().back_reference.search(best.sentence)
            before = (self._premise(best) if asked.type is None else None) \
                or (self._neighbour(best, -1) if refers else None)
            if before is not None:
                cited.setdefault(before, best.score)
        cited = {key: score for key, score in cited.items()  # a sentence inside a cited block is cited by it
                 if not any(o != key and o[0] == key[0] and o[1] <= key[1] and key[2] <= o[2] for o in cited)}
        citations = [self._citation(key, score) for key, score in sorted(cited.items())]
        lead, lead_line = "", ""
        if best.spans and asked.type.leads:
            number = next(n for n, c in enumerate(citations, 1)
                          if c.doc_id == best.doc_id and c.start <= best.start < c.end)
            picked = best.spans if asked.several else [
                pick_span(best, question, asked, _terms(translated(question, lang, self.index.lexical.langs)))]
            lead = ", ".join(best.names.get(span) or asked.type.lead_text(best.sentence, span) for span in picked)
            if asked.kind in (span_kinds.PERSON, span_kinds.ORGANISATION):
                lead = self._with_meaning(lead, best.doc_id)
            lead_line = f"**{lead}** [{number}]\n\n"
        quotes = "\n".join(_quote(c.sentence, n) for n, c in enumerate(citations, 1))
        body = f"{lead_line}{text(lang, 'source_quote')}:\n\n{quotes}"
        return Answer(question=question, text=body, citations=citations, lang=lang, abstained=False, hits=hits,
                      query=query, lead=lead, lead_kind=asked.kind or "" if lead else "")


_ENTITY = re.compile(r"\b([A-Z][\w’'-]*[\w])|\b([A-Z]{2,}|\d[\d.,]*\d|\d|\w+-\w[\w-]*)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
MAX_DEFINED_WORDS = 3  # a lead this short may be a term the document defines ("het college", "Onze Minister")


def gazetteer_names(question: str) -> list[str]:
    """The names in a question that the bilingual gazetteer knows ("South Korea", "Japan")."""
    pattern = span_kinds.patterns().entities[0]
    return [m.group(1) for m in pattern.finditer(question)]


def titled_names(question: str) -> list[str]:
    """The names a question gives right after a title ("Queen Máxima"), not those that are titles themselves."""
    p = span_kinds.patterns()
    return [m.group(1) for m in p.titled_name.finditer(question) if not p.role.fullmatch(m.group(1).split()[0])]


def _gazetteer_phrase(name: str, question: str) -> str:
    """The gazetteer name of the question that ``name`` is a word of ("Unie" of "Europese Unie"), which the documents
    may mention by another of its names ("EU"); else ``name``."""
    return next((known for known in gazetteer_names(question) if name in re.findall(r"[\w’'-]+", known)), name)


def question_entities(question: str) -> list[str]:
    """Names (capitalised words not opening a sentence), acronyms, numbers and hyphenated compounds
    ("minister-president") in what a question asks: specific terms the documents must mention to answer it. A
    sentence before the question tells the asker's situation ("We huren een vakantiehuisje op Texel. Wie krijgt de
    aanslag ...?"): the answer need not name it."""
    sentences = _SENTENCE_END.split(question.strip())
    asking = [s for s in sentences if s.endswith("?")] or sentences
    found = []
    for sentence in asking:
        for match in _ENTITY.finditer(sentence):
            token = match.group(1) or match.group(2)
            if match.start() == 0 or len(token) < 2 and not token.isdigit():
                continue
            found.append(token)
    return found


MAX_FRAGMENT_WORDS = 6  # a sentence this short opening with "zoals"/"such as" continues the one before it
_STATEMENT_END = re.compile(r"[.!;:…)\"”’'»]\s*$")


def is_statement(sentence: str, holds_span: bool = False) -> bool:
    """Can the sentence serve as evidence? A question in the text ("Hoe log ik in?") asks, it does not tell,
    a heading ("Verdeling statushouders", a title) names a topic, and a fragment ("Zoals bij X.") only ends
    the sentence before it; a table cell without a full stop ("2026: € 67,05") still states the value asked
    for."""
    text = sentence.strip()
    if text.endswith("?"):
        return False
    if span_kinds.patterns().fragment.match(text) and len(text.split()) <= MAX_FRAGMENT_WORDS:
        return holds_span  # "Zoals bij digitale technologieën.": the end of the sentence before, not a statement
    return bool(_STATEMENT_END.search(text)) or holds_span


def _stated_in_full(best: ScoredSentence, near: list[ScoredSentence]) -> ScoredSentence:
    """A sentence of ``best``'s document among ``near`` that states the value ``best`` holds, when ``best`` is a
    line without a full stop: a heading names its section's value ("Begraven of cremeren binnen 36 uur"), the
    sentence ("U mag een overledene niet eerder dan 36 uur na overlijden laten begraven.") is the evidence."""
    if _STATEMENT_END.search(best.sentence.strip()) or not best.spans:
        return best
    values = {fold(best.sentence[start:end]) for start, end in best.spans}
    return next((s for s in near if s.doc_id == best.doc_id and _STATEMENT_END.search(s.sentence.strip())
                 and values & {fold(s.sentence[start:end]) for start, end in s.spans}), best)


def carried_topic(question: str, query: str) -> str:
    """The resolved ``query`` when ``question`` names nothing but what it asks ("Wanneer?", "When was that?"): its
    topic is the earlier turn's, carried in the query; else "" (the question's own words say what it is about)."""
    if query == question or span_kinds.content_words(question):
        return ""
    return query


def _answering(asked: span_kinds.Asked, scored: list[ScoredSentence], speaker: bool = True) -> list[ScoredSentence]:
    """The best statements that give what a demanding question asks for (its span, its speaker's words). A
    generic span (a number, a date) must be among the best SPAN_SEARCH_DEPTH; a specific one (a title, a
    speaker) among the best SPECIFIC_SEARCH_DEPTH; one next to most of the question's words may stand anywhere."""
    statements = _statements(scored)
    satisfied = asked.type.satisfied if asked.type else (lambda spans, marked: True)
    return [s for rank, s in enumerate(statements)
            if (not asked.span_required or satisfied(s.spans, s.marked))
            and (s.attributed or not (speaker and asked.speaker))
            and (rank < _depth(asked) or s.coverage >= DEEP_COVERAGE
                 # a stated condition rarely turns up by chance
                 or rank < SPECIFIC_SEARCH_DEPTH and bool(asked.role or asked.speaker or s.marked and not s.spans))]


def _marked_in_best_document(scored: list[ScoredSentence], depth: int) -> list[ScoredSentence]:
    """The marked statements among the best ``depth``, from the document of the best one: a condition stated in
    another document ("Als de gemeente uw bezwaar afwijst, ...") does not answer a question the best document is
    about ("Wanneer kom ik in aanmerking voor kwijtschelding?")."""
    statements = _statements(scored)[:depth]
    return [s for s in statements if s.marked and s.doc_id == statements[0].doc_id]


def _depth(asked: span_kinds.Asked) -> int:
    """How deep to look for a generic span; a rank the question asks about is specific."""
    if asked.type is not None and asked.type.marker_depth:
        return asked.type.marker_depth
    return SPECIFIC_SEARCH_DEPTH if asked.ranking else SPAN_SEARCH_DEPTH


def _cite_in_passage(cited: dict[tuple[str, int, int], float], item: ScoredSentence, start: int, end: int) -> None:
    """Cite ``item`` as part of the passage from ``start`` to ``end`` of its document (a list's intro down to it, or
    it down to its items): one citation, not the pieces of one list."""
    cited[(item.doc_id, start, end)] = cited.pop((item.doc_id, item.start, item.end), item.score)


def _quote(passage: str, number: int) -> str:
    """A cited passage as a Markdown quote, every line of a list block inside it."""
    lines = [line.strip() for line in passage.splitlines() if line.strip()] or [passage.strip()]
    return "\n".join(f"> {line}" for line in lines[:-1]) + ("\n" if len(lines) > 1 else "") + f"> {lines[-1]} [{number}]"


def _in_list_item(document, start: int, sentence: str) -> bool:
    """Is the sentence at ``start`` a list item, or a later sentence of a list item's paragraph?"""
    number = document.paragraph_of(start)
    opening = document.text[document.paragraphs[number - 1][0]:start] if number else ""
    return bool(_LIST_ITEM.match(sentence) or _LIST_ITEM.match(opening))


def _statements(scored: list[ScoredSentence]) -> list[ScoredSentence]:
    return [s for s in scored if s.statement]


def _attributed(document, paragraph: int, start: int, end: int, speaker: str) -> bool:
    """Does the sentence at ``start:end`` give ``speaker``'s words or views (see ``spans.attributed_to``)?"""
    if not paragraph:
        return False
    begin, finish = document.paragraphs[paragraph - 1]
    return span_kinds.attributed_to(document.text[begin:finish], start - begin, end - begin, speaker)


ACRONYM = re.compile(r"(?-i:[A-Z][A-Za-z]{1,5})$")  # "Woo", "BRP": a short name a title may spell out


def _spelled_out(name: str, titles: set[str]) -> bool:
    """Is ``name`` (or the acronym that opens a compound: "Woo-verzoek") the initials of a title of the best
    passages' documents ("Wet open overheid"), a letter perhaps starting a part of a compound ("Wet
    basisregistratie personen": BRP)? People ask with the short name the law's text never uses."""
    acronym = name.split("-")[0]
    if not ACRONYM.match(acronym):
        return False
    letters = [re.escape(letter) for letter in fold(acronym)]
    # a later letter starts a word or a part of a compound: a part of five letters or more, or a closing one
    # ("Zorgverzekeringswet": Zvw)
    later = [rf"\w*?(?:[\s-]+{letter}|(?<=\w{{4}}){letter}(?=\w{{{2 if i == len(letters) - 1 else 5}}}))"
             for i, letter in enumerate(letters) if i]
    initials = letters[0] + "".join(later) + r"\w*"
    return any(re.search(rf"\b{initials}\b", fold(title)) for title in titles)


def _inside_asked(sentence: str, span: tuple[int, int], asked: frozenset[str]) -> bool:
    """Does the span name what the question asks about while the rest of the sentence does not? Then it ranks
    something inside it ("één van de belangrijkste activiteiten in Zuid-Korea" for "Welke plek neemt Korea in?"),
    not it ("Nederland is voor Zuid-Korea één van de belangrijkste partners in de EU" for "... binnen de EU?")."""
    inside = set(span_kinds.entities_in(sentence[span[0]:span[1]])) & asked
    outside = set(span_kinds.entities_in(sentence[:span[0]] + " " + sentence[span[1]:])) & asked
    return bool(inside) and not outside


def _opposite_pole(question: str, sentences: list[str]) -> str | None:
    """The word by which the best sentences state the other pole of what the question asks ("grootste" for "Welk
    land heeft het kleinste marktaandeel?", in either language), when none of them states the asked pole."""
    poles = span_kinds.patterns().poles
    for key, asked in poles.items():
        other = poles.get(key[:-1] + ("-" if key.endswith("+") else "+"))
        if other is None or not asked.search(question) or other.search(question):
            continue
        if any(asked.search(sentence) for sentence in sentences):
            continue
        stated = next((m for m in map(other.search, sentences) if m), None)
        if stated:
            return stated.group()
    return None


def _first_qualified(asked: span_kinds.Asked, sentences: list[ScoredSentence]) -> ScoredSentence:
    """The first of ``sentences`` with a span the question's qualifiers describe ("Welke Zuid-Koreaanse minister":
    one named as Korean), else the first: the one the answer is taken from."""
    return next((s for s in sentences if any(span_kinds.qualified(asked, s.sentence, span) for span in s.spans)),
                sentences[0])


def _names_shared(asked: span_kinds.Asked, qualified: ScoredSentence, other: ScoredSentence) -> bool:
    """Does a span of ``other`` share a word with a span of ``qualified`` the question's qualifiers describe: the same
    one named in both ("president Yoon"; "de Zuid-Koreaanse president Yoon Suk-yeol")?"""
    named = {w for span in qualified.spans if span_kinds.qualified(asked, qualified.sentence, span)
             for w in words(qualified.sentence[slice(*span)])}
    return any(named & set(words(other.sentence[slice(*span)])) for span in other.spans)


def _beside_the_point(asked: span_kinds.Asked, answering: ScoredSentence, best: ScoredSentence,
                      policy: AbstainPolicy, same_language: bool = True) -> bool:
    """Is the first sentence with the asked span about something else? It shares few of the question's words
    while the best sentence holds most of them without the span ("In which city was the agreement signed?": the
    signing sentence names no city; "Amsterdam" stands in a sentence about a business meeting; "Who signed on
    behalf of South Korea?": the Korean minister stands in that meeting's sentence). Not for a type a clause may
    answer (a "when" by its condition): the best sentence may state that clause without its marker. A sentence
    sharing none of the question's words when the best shares some is beside it too ("In welk gebouw in Amsterdam
    ...?": not "in Zuid-Korea" of a sentence on chips); within one language only, as the lexicons translate too few
    words for sharing none to say much ("watch the vote count": "aanwezig bij alle telmomenten")."""
    shares_none = same_language and answering.coverage == 0 < best.coverage
    return (answering is not best and (best.coverage >= policy.covered or shares_none)
            and answering.coverage < policy.beside * best.coverage and not asked.type.satisfied([], True))


def _attribute(question: str) -> str | None:
    """The attribute an attribute question asks of something ("Wat is de hoofdstad van ...?": hoofdstad), unless it
    asks what the thing does or means ("Wat is de rol van ...?")."""
    asked = span_kinds.patterns().attribute_question.search(question)
    noun = next((g for g in asked.groups() if g), None) if asked else None
    return noun if noun and not span_kinds.patterns().descriptive_noun.fullmatch(noun) else None


def _one_of_the_top(question: str, best: list[ScoredSentence]) -> str | None:
    """The "one of the most important" by which the best sentence answers a question for the top one ("Wie is de
    grootste handelspartner?", "South Korea's biggest trading partner"): it does not say which one is."""
    p = span_kinds.patterns()
    if not best or not p.superlative.search(question) or p.member_of.search(question):
        return None
    stated = p.one_of_superlative.search(best[0].sentence)
    return stated.group() if stated else None


def _names_asked_entity(span: str, asked: frozenset[str]) -> bool:
    """Does the span name only things of ``asked``, the question's own, in any language ("Verenigde Staten" for
    "after the US")?"""
    named = set(span_kinds.entities_in(span))
    return bool(named) and named <= asked


LONG_SPAN_WORDS = 3  # a span of this many words (an enumeration) is named by the question only when mostly named


def _named_in(span: str, question_words: set[str]) -> bool:
    """Is this span already named by the question ("Zuid-Korea" for "South Korea")? Then it is the subject, not
    the answer. A name is named by one of its words; an enumeration only when most of its items are ("Naast de
    startups, welke bedrijven nog meer?" is answered by "startups, mkb'ers en grootbedrijven"). A number names
    nothing beside a word ("1 november" is not named by the "1" of "per 1 januari")."""
    span_words = [word for word in words(span) if not word.isdigit()] or words(span)
    named = sum(1 for word in span_words if same_word(word, question_words))
    return named > len(span_words) / 2 if len(span_words) >= LONG_SPAN_WORDS else named > 0


SPAN_CONTEXT_WORDS = 6  # words on either side of a span in which question words point at it ("het staatsbezoek
                        # van de Zuid-Koreaanse president Yoon": a title and a demonym may stand in between)
RELATION_WINDOW = 20  # characters before a date in which the word of the asked relation stands ("tot", "since")
ANCHOR = 20  # characters before a span in which a name from the question makes it that name's (its bracket)


def pick_span(sentence: ScoredSentence, question: str, asked: span_kinds.Asked,
              words_asked: set[str] | None = None) -> tuple[int, int]:
    """Of several spans of the asked type, the one the question's qualifiers describe ("de Koreaanse minister"),
    then an organisation right after a name the question gives ("Ahn Duk-geun (Handel, ...)"), then a date after
    the word of the asked relation ("voor 1 november" for "Tot wanneer ...?"), then the one with most question words
    close by ("ambtsgenoot" next to a name, "staatsbezoek" for "bezoek"); on a tie the first, which is usually the
    subject of the sentence. Otherwise the names the question mentions ("Zuid-Korea") set the scene for every span.
    ``words_asked``: the question's words with their equivalents in the sentence's language, when it is in another
    ("visit": "bezoek")."""
    if len(sentence.spans) == 1:
        return sentence.spans[0]
    names = {w for name in question_entities(question) for w in words(name)}
    question_words = (_terms(question) if words_asked is None else words_asked) - names

    def nearby(span: tuple[int, int]) -> int:
        before = re.findall(r"\w+", fold(sentence.sentence[:span[0]]))[-SPAN_CONTEXT_WORDS:]
        after = re.findall(r"\w+", fold(sentence.sentence[span[1]:]))[:SPAN_CONTEXT_WORDS]
        return sum(1 for word in before + after
                   if same_word(word, question_words) or any(compound_with_head(w, {word}) for w in question_words))

    def anchored(span: tuple[int, int]) -> bool:  # "Ahn Duk-geun (Handel, ...)" for "Which ministry does Ahn lead?"
        before = sentence.sentence[max(0, span[0] - ANCHOR):span[0]]
        return getattr(asked.type, "anchored", False) and any(same_word(word, names) for word in words(before))

    def related(span: tuple[int, int]) -> bool:  # "voor 1 november" for "Tot wanneer ...?"
        relation = span_kinds.patterns().time_relation_words.get(asked.time_relation or "")
        return bool(relation and relation.search(sentence.sentence, max(0, span[0] - RELATION_WINDOW), span[0]))

    return max(sentence.spans, key=lambda span: (span_kinds.qualified(asked, sentence.sentence, span), anchored(span),
                                                 related(span), nearby(span), -span[0]))
