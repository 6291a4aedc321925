"""Every fixed phrase the answerers and shells show, from the language modules (``qa.languages``)."""
from __future__ import annotations

from qa import languages


def text(lang: str, key: str, **values) -> str:
    """The phrase ``key`` in language ``lang`` (the first registered language when ``lang`` is unknown)."""
    return languages.get(lang).texts[key].format(**values)
