"""Every fixed phrase the answerers and shells show, in Dutch and English."""
from __future__ import annotations

TEXTS = {
    "nl": {
        "not_found": "De documenten geven hierop geen antwoord.",
        "related": "Mogelijk gerelateerd",
        "source_quote": "Uit de bron",
        "sources": "Bronnen",
        "paragraph": "alinea",
        "empty_question": "Stel een vraag over de documenten.",
        "too_long": "Je vraag is te lang ({length} tekens). Houd hem onder {limit} tekens.",
        "no_documents": "Er zijn nog geen documenten geïndexeerd.",
    },
    "en": {
        "not_found": "The documents do not answer this.",
        "related": "Possibly related",
        "source_quote": "From the source",
        "sources": "Sources",
        "paragraph": "paragraph",
        "empty_question": "Ask a question about the documents.",
        "too_long": "Your question is too long ({length} characters). Keep it under {limit} characters.",
        "no_documents": "No documents have been indexed yet.",
    },
}


def text(lang: str, key: str, **values) -> str:
    return TEXTS.get(lang, TEXTS["nl"])[key].format(**values)
