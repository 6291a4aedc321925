"""The real app in headless Chromium (Playwright): typing, citations, uploads and script safety.

One app process for the module (`python app.py` on a free port, temporary folders) and one
browser; each test opens a fresh page (a fresh session). Needs Debian's Chromium at
/usr/bin/chromium: skipped without it, failed instead when QA_REQUIRE_BROWSER=1.
Screenshots go to tests/screenshots/ (ignored by git).
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from conftest import start_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

NL_QUESTION = "In welke stad werd de grote bedrijvenbijeenkomst gehouden?"
EN_QUESTION = "What percentage of GDP does South Korea invest in research and development?"
PERCENT_QUESTION = ("Hoeveel procent van het bruto binnenlands product investeert Zuid-Korea in onderzoek "
                    "en ontwikkeling?")

KESTREL_TXT = ("Project Kestrel <script>window.__xss=1</script>\n\n"
               "The vault code of Project Kestrel is 4711 <script>window.__xss=1</script> "
               "<img src=x onerror=\"window.__xss=2;alert(2)\">.\n\n"
               "Project Kestrel was founded by <b>engineers</b> in Utrecht.\n")
FALCON_HTML = ("<html><head><title>Project Falcon <script>window.__xss=3</script></title></head><body>"
               "<h1>Project Falcon</h1><p>The vault code of Project Falcon is 9034.</p>"
               "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">"
               "<p onclick=\"window.__xss=4\">Project Falcon stores &lt;img src=x onerror=window.__xss=5&gt; "
               "in its archive since 1999.</p></body></html>")
ZEBRA_TXT = ("The Zebra Project\n\n"
             "The Zebra Project is a research programme on wildlife corridors in Kenya.\n\n"
             "The programme is led by doctor Amina Odhiambo from the University of Nairobi.\n\n"
             "The first corridor opened in March 2024 near Lake Naivasha.\n")


def _missing_browser(reason: str):
    if os.environ.get("QA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (QA_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.exists():
    _missing_browser(f"{CHROMIUM} is not installed")
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover
    _missing_browser("the playwright package is not installed")


@pytest.fixture(scope="module")
def app(tmp_path_factory, seed_pipeline, qa_env):
    process = start_app(tmp_path_factory.mktemp("browser-app"), seed_pipeline.settings, qa_env)
    yield {"url": process.url, "settings": process.settings}
    process.stop()


@pytest.fixture(scope="module")
def browser():
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(app, browser):
    """A fresh tab (a fresh session) on the app, recording dialogs and page errors."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.dialogs = []
    page.errors = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(app["url"])
    expect(page.locator("#qa-question textarea")).to_be_visible()
    yield page
    context.close()


# --- helpers ------------------------------------------------------------------------------------

def ask(page, question: str, turn: int, typed: bool = True) -> None:
    """Type a question, press Enter, and wait until the answer has finished streaming."""
    box = page.locator("#qa-question textarea")
    box.click()
    if typed:
        box.press_sequentially(question, delay=5)
    else:
        box.fill(question)
    box.press("Enter")
    wait_for_answer(page, turn)


def wait_for_answer(page, turn: int) -> None:
    """Wait for the sources of answer ``turn`` and for its streamed text to stop growing."""
    page.wait_for_selector(f"#turn-{turn}", state="attached")
    replies = page.locator('[data-testid="bot"]')
    expect(replies).to_have_count(turn)
    previous, deadline = None, time.monotonic() + 30
    while time.monotonic() < deadline:
        current = replies.last.inner_text()
        if current == previous:
            return
        previous = current
        time.sleep(0.4)


def last_reply(page):
    return page.locator('[data-testid="bot"]').last


def open_documents(page):
    page.locator("#qa-documents").get_by_text("Documents", exact=True).first.click()
    expect(page.locator("#qa-upload")).to_be_visible()


def upload(page, *paths: Path) -> str:
    """Upload files through the file input; return the status text once indexing is done."""
    page.locator("#qa-upload input[type=file]").set_input_files([str(p) for p in paths])
    results = page.locator("#qa-status p.qa-ok, #qa-status p.qa-fail")  # one line per file when done
    expect(results).to_have_count(len(paths), timeout=120_000)
    return "\n".join(results.all_inner_texts())


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_no_script_ran(page) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.dialogs == []
    assert page.locator("#qa-sources-box img, #qa-chat .message-content img, #qa-doc-list img").count() == 0


# --- tests --------------------------------------------------------------------------------------

def test_dutch_and_english_questions(page):
    ask(page, NL_QUESTION, 1)
    reply = last_reply(page)
    expect(reply).to_contain_text("Amsterdam")
    expect(reply.locator('a[href="#source-1-1"]').first).to_be_visible()
    panel = page.locator("#qa-sources-box")
    expect(panel.locator("#turn-1 h3")).to_have_text("Bronnen")
    expect(panel.locator("#source-1-1 mark")).to_contain_text("Amsterdam")
    expect(panel.locator("#source-1-1 .qa-para")).to_contain_text("alinea")

    ask(page, EN_QUESTION, 2)
    reply = last_reply(page)
    expect(reply).to_contain_text("4,5%")
    expect(reply.locator('a[href="#source-2-1"]').first).to_be_visible()
    expect(panel.locator("#turn-2 h3")).to_have_text("Sources")
    expect(panel.locator("#source-2-1 mark")).to_contain_text("4,5%")
    expect(panel.locator("#source-2-1 .qa-para")).to_contain_text("paragraph")
    shot(page, "01-dutch-and-english")
    assert page.errors == []


def test_clicking_a_citation_brings_the_highlighted_sentence_into_view(page):
    ask(page, NL_QUESTION, 1, typed=False)
    ask(page, PERCENT_QUESTION, 2, typed=False)
    ask(page, "What is the capital of France?", 3, typed=False)
    expect(page.locator("#related-3-1")).to_be_attached()
    card = page.locator("#source-1-1")
    expect(card).to_be_hidden()  # the first answer's sources are collapsed under "earlier question"

    first_reply = page.locator('[data-testid="bot"]').first
    quoted = first_reply.locator("blockquote").first.inner_text()
    first_reply.locator('a[href="#source-1-1"]').last.click()
    expect(card).to_be_visible()
    expect(card).to_have_class(re.compile(r"\bqa-target\b"))
    mark = card.locator("mark")
    expect(mark).to_be_in_viewport()
    cited = mark.inner_text()
    assert cited.strip() and cited.strip() in " ".join(quoted.split())
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    time.sleep(0.6)  # let the smooth scroll settle for the screenshot
    page.screenshot(path=str(SCREENSHOTS / "02-citation-clicked.png"))
    assert page.errors == []


def test_examples_and_follow_up(page):
    page.get_by_text("Waar werd de grote bedrijvenbijeenkomst gehouden?", exact=True).click()
    wait_for_answer(page, 1)
    expect(last_reply(page)).to_contain_text("Amsterdam")
    page.get_by_text("En wie was daarbij aanwezig?", exact=True).click()
    wait_for_answer(page, 2)
    expect(last_reply(page)).to_contain_text("Willem-Alexander")
    expect(page.locator("#turn-2 .qa-searched")).to_contain_text("bedrijvenbijeenkomst")
    shot(page, "03-example-follow-up")


def test_thumbs_up_is_recorded(page, app):
    ask(page, NL_QUESTION, 1, typed=False)
    last_reply(page).hover()
    page.locator("#qa-chat button[aria-label='Like']").last.click()
    feedback_file = Path(app["settings"].feedback_file)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not feedback_file.exists():
        time.sleep(0.2)
    records = [json.loads(line) for line in feedback_file.read_text(encoding="utf-8").splitlines()]
    assert records[-1]["rating"] == "up" and records[-1]["question"] == NL_QUESTION
    assert records[-1]["citations"] and "Amsterdam" in records[-1]["answer"]


def test_upload_a_document_and_ask_about_it(page, tmp_path):
    path = tmp_path / "zebra.txt"
    path.write_text(ZEBRA_TXT, encoding="utf-8")
    open_documents(page)
    status = upload(page, path)
    assert "Added “The Zebra Project” (uploads/zebra.txt)" in status
    expect(page.locator("#qa-doc-list")).to_contain_text("uploads/zebra.txt")
    shot(page, "04-uploaded")
    ask(page, "When did the first corridor open?", 1)
    expect(last_reply(page)).to_contain_text("March 2024")
    expect(page.locator("#source-1-1")).to_contain_text("uploads/zebra.txt")
    shot(page, "05-asked-about-upload")


def test_scripts_in_documents_and_questions_never_run(page, tmp_path):
    kestrel = tmp_path / "kestrel.txt"
    kestrel.write_text(KESTREL_TXT, encoding="utf-8")
    falcon = tmp_path / "falcon.html"
    falcon.write_text(FALCON_HTML, encoding="utf-8")
    open_documents(page)
    status = upload(page, kestrel, falcon)
    assert "uploads/kestrel.txt" in status and "uploads/falcon.html" in status
    expect(page.locator("#qa-doc-list")).to_contain_text("Project Kestrel <script>window.__xss=1</script>")

    ask(page, "What is the vault code of Project Kestrel?", 1)
    reply = last_reply(page)
    expect(reply).to_contain_text('<img src=x onerror="window.__xss=2;alert(2)">')  # shown as text
    reply.locator('a[href="#source-1-1"]').last.click()
    mark = page.locator("#source-1-1 mark")
    expect(mark).to_be_in_viewport()
    expect(mark).to_contain_text("4711 <script>window.__xss=1</script>")
    expect(page.locator("#source-1-1 .qa-doc-title")).to_have_text("Project Kestrel <script>window.__xss=1</script>")

    ask(page, "Since when does Project Falcon have an archive?", 2)
    expect(last_reply(page)).to_contain_text("<img src=x onerror=window.__xss=5>")
    last_reply(page).locator('a[href="#source-2-1"]').last.click()
    expect(page.locator("#source-2-1 mark")).to_contain_text("1999")

    ask(page, '<img src=x onerror="window.__xss=6"> <script>window.__xss=7</script> What is the vault code?', 3)
    expect(page.locator('[data-testid="user"]').last).to_contain_text('<img src=x onerror="window.__xss=6">')
    time.sleep(1)
    shot(page, "06-script-safety")
    assert_no_script_ran(page)
    assert page.errors == []
