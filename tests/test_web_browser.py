"""`specgen serve` in a real browser: Debian's headless Chromium driven by Selenium.

One commissioner's session, with JavaScript (htmx swaps each page in place) and without it
(plain forms, post then redirect): a new file, a dozen questions including a list and a
multi-select, an answer refused with the error summary taking the focus, a reload that resumes
where it stopped, the check page with its Change links and problem links, the needs estimate
with its chart, and the Word and PDF downloads opened with python-docx and pypdf. With
JavaScript, axe-core checks every page type and finds nothing to fix.

CI requires the browser (.ci/run installs the Debian packages chromium and chromium-driver); on
a machine without it the tests are skipped with that install hint. Each flow runs once.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from webserver import Server, serving

from specgen.loader import load

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PATIENCE = 60  # seconds to wait for a page or a download on a busy machine
TITLE = "Northmoor parent-infant relationship service"


def _tool(*names: str) -> str:
    found = next((p for n in names if (p := shutil.which(n) or (n if os.path.exists(n) else None))), None)
    if found is None:
        report = pytest.fail if os.environ.get("CI") else pytest.skip
        report("Chromium and its driver are not installed: install the Debian packages chromium and "
               "chromium-driver (apt-get install chromium chromium-driver), as .ci/run does")
    return str(found)


def _browser(profile: Path, downloads: Path, javascript: bool) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _tool("chromium", "chromium-browser")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1100,1300", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "profile.managed_default_content_settings.javascript": 1 if javascript else 2})
    service = Service(executable_path=_tool("chromedriver", "/usr/lib/chromium/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


class Visit:
    """A person at the browser: opens pages, fills fields, presses buttons, waits for pages."""

    def __init__(self, driver: Any, server: Server, javascript: bool) -> None:
        self.driver, self.server, self.javascript = driver, server, javascript
        self.page_types: dict[str, str] = {}

    def open(self, path: str) -> None:
        self.driver.get(self.server.url + path)

    def css(self, selector: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list(self.driver.find_elements(By.CSS_SELECTOR, selector))

    @property
    def path(self) -> str:
        return str(self.driver.current_url).removeprefix(self.server.url)

    @property
    def heading(self) -> str:
        return str(self.css("h1").text)

    def wait(self, done: Callable[[], bool], what: str) -> None:
        from selenium.common.exceptions import WebDriverException

        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                if done():
                    return
            except WebDriverException:  # the page is being replaced; look again
                pass
            time.sleep(0.05)
        raise AssertionError(f"waited {PATIENCE} s for {what}; at {self.path}")

    def press(self, label: str) -> None:
        """Press a button or link by its text and wait for the page that follows."""
        from selenium.webdriver.common.by import By

        old_url, old_body = self.path, self.css("main")
        clickable = f"//*[(self::button or self::a) and normalize-space()={_q(label)}]"
        self.driver.find_element(By.XPATH, clickable).click()
        self.wait(lambda: self.path != old_url or _stale(old_body), f"the page after '{label}'")
        self.wait(lambda: self.css("main") is not None, "the new page")

    def answer(self, text: str | None = None, choose: str | None = None, button: str = "Continue") -> None:
        if text is not None:
            field = self.css("#answer")
            field.clear()
            field.send_keys(text)
        if choose is not None:
            self.css(f"input[value={_q(choose)}]").click()
        self.press(button)

    def at(self, field: str) -> bool:
        return self.path.split("?")[0].endswith(f"/q/{field}")

    def check_accessibility(self, page_type: str) -> None:
        """axe-core on the page as it stands (only with JavaScript: axe is a script)."""
        self.page_types[page_type] = self.path
        if not self.javascript:
            return
        self.driver.execute_script(AXE.read_text(encoding="utf-8"))
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
            "v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
            ".catch(e => done(['axe failed: ' + e]));")
        assert result == [], f"{page_type} ({self.path}): {result}"


def _q(text: str) -> str:
    return f'"{text}"'


def _stale(element: Any) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    return False


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def visit(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Visit]:
    folder, downloads = tmp_path / "answers", tmp_path / "downloads"
    folder.mkdir()
    downloads.mkdir()
    driver = _browser(tmp_path / "profile", downloads, request.param)
    driver.set_page_load_timeout(PATIENCE)
    driver.set_script_timeout(PATIENCE)
    try:
        with serving(folder) as server:
            yield Visit(driver, server, request.param)
    finally:
        driver.quit()


def test_a_commissioner_writes_a_specification_in_the_browser(visit: Visit, tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    _start_a_new_file(visit)
    _answer_document_control(visit, folder)
    _answer_the_introduction(visit, folder)
    _reload_and_resume(visit)
    _check_and_fix_the_answers(visit, folder)
    _see_the_needs(visit)
    _download_the_documents(visit, tmp_path / "downloads")
    if visit.javascript:
        _error_page(visit)
        expected = {"start", "text question", "list", "error summary", "radios", "checkboxes",
                    "item", "check answers", "needs", "documents", "not found"}
        assert set(visit.page_types) == expected


def _start_a_new_file(visit: Visit) -> None:
    visit.open("/")
    assert visit.heading == "Your specifications"
    visit.check_accessibility("start")
    visit.css("#name").send_keys("northmoor")
    visit.press("Start a new specification")
    assert visit.at("document.title")
    visit.check_accessibility("text question")


def _answer_document_control(visit: Visit, folder: Path) -> None:
    if visit.javascript:
        visit.driver.execute_script("window.specgenSamePage = true")
    visit.answer(TITLE)
    assert visit.at("document.commissioners")
    if visit.javascript:  # htmx swapped the next page in: the window (and its variables) stayed
        assert visit.driver.execute_script("return window.specgenSamePage") is True
    for commissioner in ("Northmoor ICB", "Northmoor Council"):
        visit.css("#f-text").send_keys(commissioner)
        visit.press("Add")
    assert [e.text for e in visit.all(".govuk-summary-list__value")] == ["Northmoor ICB", "Northmoor Council"]
    visit.check_accessibility("list")
    visit.press("Continue")
    assert visit.at("document.area")
    visit.answer("")  # required: refused, with the error summary taking the focus
    assert visit.driver.title.startswith("Error: ")
    assert "an answer is needed" in visit.css(".govuk-error-summary").text
    visit.wait(lambda: visit.driver.switch_to.active_element.get_attribute("id") == "error-summary",
               "the focus on the error summary")
    visit.check_accessibility("error summary")
    visit.css(".govuk-error-summary a").click()  # the summary links to the field
    assert visit.driver.switch_to.active_element.get_attribute("id") == "answer"
    visit.answer("Northmoor")
    visit.answer("A. Author")
    visit.answer("")  # contact: optional, left blank
    visit.answer()  # version: the default kept
    assert visit.at("document.status")
    visit.check_accessibility("radios")
    visit.answer(choose="consultation")
    visit.answer("14/03/2025")
    saved = (folder / "northmoor.yaml").read_text(encoding="utf-8")
    assert "status: consultation" in saved and "date: 2025-03-14" in saved


def _answer_the_introduction(visit: Visit, folder: Path) -> None:
    while not visit.at("introduction.context"):
        visit.answer()  # Continue keeps each default
    visit.answer("Few services in Northmoor help babies and their parents together.")
    while not visit.at("introduction.core_functions"):
        visit.answer()
    visit.check_accessibility("checkboxes")
    for box in visit.all("input[type=checkbox]:checked"):
        box.click()
    for choice in ("specialist_therapy", "workforce_development"):
        visit.css(f"input[value={choice}]").click()
    visit.answer()
    saved = (folder / "northmoor.yaml").read_text(encoding="utf-8")
    assert "  - specialist_therapy\n  - workforce_development\n" in saved.replace("    -", "  -")


def _reload_and_resume(visit: Visit) -> None:
    left_at = visit.path
    visit.open("/")
    row = visit.css("tbody tr")
    assert "northmoor.yaml" in row.text and "answered" in row.text
    visit.press("Continue northmoor.yaml")
    assert visit.path == left_at  # the first question without an answer


def _check_and_fix_the_answers(visit: Visit, folder: Path) -> None:
    visit.open("/f/northmoor.yaml/check")
    visit.check_accessibility("check answers")
    assert visit.heading == "Check your answers"
    visit.press("Change Live births a year")
    assert visit.at("introduction.demand.live_births_per_year")
    visit.answer("3,200", button="Save and return to your answers")
    assert visit.path.startswith("/f/northmoor.yaml/check")
    fixes = {"service.team.lead.profession": ("choose", "clinical_psychologist"),
             "service.eligibility.geography": ("text", "Northmoor")}
    for _ in range(10):  # follow each problem's link to its question, answer it, come back
        links = visit.all(".govuk-list--bullet a")
        if not links:
            break
        links[0].click()
        visit.wait(lambda: "/q/" in visit.path, "a question page")
        field = visit.path.split("/q/")[1].split("?")[0]
        how, value = fixes[field]
        visit.answer(**{how: value}, button="Save and return to your answers")
    assert "The answers are complete and valid" in visit.css("main").text
    _add_a_post(visit)
    answers = load(folder / "northmoor.yaml")
    assert answers.introduction.demand.live_births_per_year == 3200
    assert [(r.title, r.wte) for r in answers.service.team.roles] == [("Clinical psychologist", 0.6)]


def _add_a_post(visit: Visit) -> None:
    visit.press("Change Team posts")
    assert visit.at("service.team.roles")
    visit.press("Add an item")
    visit.check_accessibility("item")
    visit.css("#f-title").send_keys("Clinical psychologist")
    visit.css("input[value=clinical_psychologist]").click()
    visit.css("#f-wte").clear()
    visit.css("#f-wte").send_keys("0.6")
    visit.press("Save item")
    assert [e.text for e in visit.all(".govuk-summary-list__value")] == [
        "Title: Clinical psychologist; Profession: Clinical psychologist; WTE: 0.6"]
    visit.press("Save and return to your answers")


def _see_the_needs(visit: Visit) -> None:
    visit.press("Needs estimate")
    visit.check_accessibility("needs")
    table = visit.css("table").text
    assert "Babies a year" in table and "160" in table  # 5 % of 3,200: long-term specialist work
    chart = visit.css("figure img")
    assert "3,200 live births" in chart.get_attribute("alt") or "babies" in chart.get_attribute("alt")
    visit.wait(lambda: visit.driver.execute_script("return arguments[0].naturalWidth", chart) > 0,
               "the chart to be drawn")


def _download_the_documents(visit: Visit, downloads: Path) -> None:
    visit.open("/f/northmoor.yaml/documents")
    visit.check_accessibility("documents")
    for label, name in (("Download Word of the service specification", "northmoor.spec.docx"),
                        ("Download PDF of the service specification", "northmoor.spec.pdf")):
        from selenium.webdriver.common.by import By

        visit.driver.find_element(By.XPATH, f"//button[normalize-space()={_q(label)}]").click()
        visit.wait(lambda name=name: (downloads / name).exists(), f"the download of {name}")
    word = docx.Document(str(downloads / "northmoor.spec.docx"))
    assert TITLE in "\n".join(p.text for p in word.paragraphs)
    pdf = pypdf.PdfReader(str(downloads / "northmoor.spec.pdf"))
    assert TITLE in " ".join((pdf.pages[0].extract_text() or "").split())


def _error_page(visit: Visit) -> None:
    visit.open("/f/no-such-file.yaml/q/nothing")
    assert visit.heading == "Sorry, there is a problem"
    visit.check_accessibility("not found")
