"""The Gradio app's parts: panel builders (``panels``), event handlers over the service (``handlers``) and
the page's CSS and JavaScript (``assets/``). ``app.py`` wires them together."""
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"


def stylesheet() -> str:
    return (ASSETS / "app.css").read_text(encoding="utf-8")


def head_script() -> str:
    """The page's JavaScript as the ``head`` markup Gradio puts in every page."""
    return f"<script>\n{(ASSETS / 'app.js').read_text(encoding='utf-8')}</script>\n"
