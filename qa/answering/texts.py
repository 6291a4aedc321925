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
        # app (qa/presentation.py, app.py)
        "sources_placeholder": "Stel een vraag: de bronnen van het antwoord verschijnen hier.",
        "searched_for": "Gezocht met",
        "retrieved": "Opgehaalde passages",
        "earlier": "Eerdere vraag",
        "question": "Vraag",
        "conversation": "Gesprek",
        "no_related": "Geen passages gevonden.",
        "error": "Er ging iets mis bij het beantwoorden. Probeer het opnieuw of stel de vraag anders.",
        "feedback_saved": "Bedankt voor je feedback.",
        "feedback_failed": "Je feedback kon niet worden opgeslagen ({reason}).",
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
        # app (qa/presentation.py, app.py)
        "sources_placeholder": "Ask a question: the sources of the answer appear here.",
        "searched_for": "Searched for",
        "retrieved": "Retrieved passages",
        "earlier": "Earlier question",
        "question": "Question",
        "conversation": "Conversation",
        "no_related": "No passages found.",
        "error": "Something went wrong while answering. Try again or rephrase the question.",
        "feedback_saved": "Thanks for your feedback.",
        "feedback_failed": "Your feedback could not be saved ({reason}).",
    },
}


def text(lang: str, key: str, **values) -> str:
    return TEXTS.get(lang, TEXTS["nl"])[key].format(**values)
