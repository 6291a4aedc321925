"""The lexical tables of an index: computed once when it is built, saved beside its vectors, read when it opens.

They come from the texts alone (no model): BM25 over chunks and over whole documents, each document's
language, how many sentences have each stem (the answerer's inverse sentence frequency), the word counts
that question reading repairs typing against, and the accent-free lower-case text that says whether the
documents mention a name. At a million chunks computing them took over half an hour, which every start of the
app (and its first question) used to pay; read from the index folder they take seconds. They depend on the language data (stemmers, stopwords, detection markers): the
fingerprint of that data is saved with them, and tables of other language data are computed afresh.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from qa.data import Document
from qa.language import detect_language
from qa.lexical import LEXICAL_FILES, LexicalIndex, fold, language_fingerprint, stems
from qa.reading import WordStatistics

CHUNKS_BM25 = "bm25-chunks"
DOCUMENTS_BM25 = "bm25-documents"
TABLES = "tables.json"
FOLDED = "folded.txt"
# Every file the tables are saved in, relative to the version folder (the manifest checksums each).
TABLE_FILES = (TABLES, FOLDED, *(f"{folder}/{name}" for folder in (CHUNKS_BM25, DOCUMENTS_BM25) for name in LEXICAL_FILES))
LANGUAGE_SAMPLE = 4000  # characters of a document its language is detected from


@dataclass
class IndexTables:
    fingerprint: str  # of the language data they were computed with (``language_fingerprint``)
    document_languages: dict[str, str]  # document id -> language code
    lexical: LexicalIndex  # BM25 over the chunks (passage_text), each in its document's language
    document_lexical: LexicalIndex  # BM25 over whole documents (title and text), in the order of ``documents``
    sentence_count: int  # distinct sentences
    stem_sentences: dict[str, int]  # stem -> how many sentences have it
    words: WordStatistics  # of every document's title and text, for ``qa.reading.Vocabulary``
    folded_text: str  # every document's title and text, lower case without accents, for ``Index.mentions``
    folded_words: list[str]  # the distinct words of ``folded_text``

    @classmethod
    def compute(cls, documents: dict[str, Document], passages: list[tuple[str, str]],
                sentences: list[tuple[str, int, int]]) -> "IndexTables":
        """The tables of ``documents``, their chunks as (document id, indexed text), and their sentences."""
        langs = {doc_id: detect_language(doc.text[:LANGUAGE_SAMPLE]) for doc_id, doc in documents.items()}
        texts = [f"{d.title}\n{d.text}" for d in documents.values()]
        lexical = LexicalIndex([text for _, text in passages], [langs[doc_id] for doc_id, _ in passages])
        document_lexical = LexicalIndex(texts, list(langs.values()))
        frequency: Counter[str] = Counter()
        distinct = set(sentences)
        for doc_id, start, end in distinct:
            frequency.update(set(stems(documents[doc_id].text[start:end], lexical.langs)))
        folded = " ".join(fold(doc.title + " " + doc.text) for doc in documents.values())
        # the distinct words without a list of every word of the corpus first (the build's largest passing peak)
        return cls(language_fingerprint(), langs, lexical, document_lexical, len(distinct), dict(frequency),
                   WordStatistics.of_texts(texts), folded, sorted({m.group() for m in re.finditer(r"\w+", folded)}))

    def idf(self) -> dict[str, float]:
        """Inverse sentence frequency of every stem a sentence has."""
        n = self.sentence_count
        return {stem: math.log(1 + n / (1 + f)) for stem, f in self.stem_sentences.items()}

    def save(self, folder: Path) -> None:
        """Write the tables into ``folder`` (a version folder being staged): the files of ``TABLE_FILES``."""
        self.lexical.save(folder / CHUNKS_BM25)
        self.document_lexical.save(folder / DOCUMENTS_BM25)
        table = {"fingerprint": self.fingerprint, "document_languages": self.document_languages,
                 "sentence_count": self.sentence_count, "stem_sentences": self.stem_sentences,
                 "words": self.words.to_json(), "folded_words": self.folded_words}
        (folder / TABLES).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
        (folder / FOLDED).write_text(self.folded_text, encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, documents: dict[str, Document]) -> "IndexTables | None":
        """The saved tables, or None when they were computed with other language data (compute them again).
        Raises ValueError when they do not describe ``documents``."""
        table = json.loads((folder / TABLES).read_text(encoding="utf-8"))
        if table.get("fingerprint") != language_fingerprint():
            return None
        langs, frequency = table["document_languages"], table["stem_sentences"]
        lexical, document_lexical = LexicalIndex.load(folder / CHUNKS_BM25), LexicalIndex.load(folder / DOCUMENTS_BM25)
        if not isinstance(langs, dict) or list(langs) != list(documents) or not isinstance(frequency, dict) \
                or type(table["sentence_count"]) is not int or document_lexical.size != len(documents):
            raise ValueError(f"{TABLES} does not describe the index's documents")
        return cls(table["fingerprint"], langs, lexical, document_lexical, table["sentence_count"], frequency,
                   WordStatistics.from_json(table["words"]), (folder / FOLDED).read_text(encoding="utf-8"),
                   table["folded_words"])
