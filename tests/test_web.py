"""`specgen serve` over HTTP, as a browser (or an attacker's page) would talk to it: it answers
only to its own address, wants its form token and (beyond this machine) its access token,
refuses oversized posts and names outside its folder, escapes answers, and accepts exactly the
answers `specgen validate` accepts, saving each at once."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from webserver import Server, serving

from specgen.errors import AnswersError
from specgen.loader import load
from specgen.web.folder import Folder

NORTHMOOR = ROOT / "examples" / "northmoor-new-team.yaml"
NAME = "northmoor.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(NORTHMOOR, tmp_path / NAME)
    return tmp_path


@pytest.fixture
def server(folder: Path) -> Iterator[Server]:
    with serving(folder) as running:
        yield running


def _error_summary(body: str) -> list[str]:
    summary = re.search(r'class="govuk-error-summary".*?</ul>', body, re.S)
    return re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary.group()) if summary else []


# -- pages -------------------------------------------------------------------------------------

def test_the_start_page_lists_the_answer_files_with_their_progress(server: Server, folder: Path) -> None:
    (folder / "notes.txt").write_text("not an answer file", encoding="utf-8")
    body = server.get("/").body
    found = re.search(r"northmoor\.yaml</th>\s*<td[^>]*>(\d+) of (\d+) answered", body)
    assert found and 0 < int(found.group(1)) <= int(found.group(2))
    assert "notes.txt" not in body and "Start a new specification" in body


@pytest.mark.parametrize("path", ["/", f"/f/{NAME}/q/document.title", f"/f/{NAME}/check",
                                  f"/f/{NAME}/needs", f"/f/{NAME}/documents"])
def test_every_page_is_served_with_a_strict_content_security_policy(server: Server, path: str) -> None:
    reply = server.get(path)
    assert reply.status == 200
    assert "default-src 'none'" in reply.headers["content-security-policy"]
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_an_answer_is_saved_at_once_and_the_next_question_follows(server: Server, folder: Path) -> None:
    reply = server.post(f"/f/{NAME}/q/document.area", {"answer": "Northmoor and District"})
    assert reply.status == 303 and reply.location == f"/f/{NAME}/q/document.author"
    assert load(folder / NAME).document.area == "Northmoor and District"
    comments = [ln for ln in NORTHMOOR.read_text(encoding="utf-8").splitlines() if ln.strip().startswith("#")]
    saved = (folder / NAME).read_text(encoding="utf-8")
    assert all(comment in saved for comment in comments)  # the file keeps its comments


def test_a_file_edited_by_hand_meanwhile_is_read_afresh(server: Server, folder: Path) -> None:
    assert "Northmoor" in server.get(f"/f/{NAME}/q/document.area").body
    text = (folder / NAME).read_text(encoding="utf-8")
    (folder / NAME).write_text(text.replace("area: Northmoor", "area: Edited by hand"), encoding="utf-8")
    assert 'value="Edited by hand"' in server.get(f"/f/{NAME}/q/document.area").body


def test_a_file_that_cannot_be_saved_says_why_and_keeps_the_old_one(
        server: Server, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from specgen.errors import OutputError
    from specgen.interview import store

    def full_disk(path: Path, data: bytes, mode: int = 0o644) -> None:
        raise OutputError(f"cannot write {path}: No space left on device")

    before = (folder / NAME).read_bytes()
    monkeypatch.setattr(store, "write_atomic", full_disk)
    reply = server.post(f"/f/{NAME}/q/document.area", {"answer": "Elsewhere"})
    assert reply.status == 500 and "No space left on device" in reply.body
    assert "Traceback" not in reply.body and (folder / NAME).read_bytes() == before
    monkeypatch.undo()
    assert 'value="Northmoor"' in server.get(f"/f/{NAME}/q/document.area").body  # read afresh


def test_a_refused_answer_is_shown_again_with_the_reason_and_not_saved(server: Server, folder: Path) -> None:
    before = (folder / NAME).read_bytes()
    reply = server.post(f"/f/{NAME}/q/introduction.age_range.end_birthday", {"answer": "9"})
    assert reply.status == 200  # htmx 2 swaps only 2xx responses
    assert _error_summary(reply.body) == ["Input should be less than or equal to 7"]
    assert 'id="answer-error"' in reply.body and 'value="9"' in reply.body
    assert (folder / NAME).read_bytes() == before


def test_a_required_answer_left_blank_says_so_in_plain_english(server: Server) -> None:
    reply = server.post(f"/f/{NAME}/q/document.area", {"answer": ""})
    assert _error_summary(reply.body) == ["an answer is needed here; it cannot be left blank"]


@pytest.mark.parametrize("end", ["0", "2", "7", "8", "two"])
def test_the_web_accepts_exactly_what_validate_accepts(server: Server, folder: Path, end: str) -> None:
    by_hand = folder / "by-hand.yaml"
    text = NORTHMOOR.read_text(encoding="utf-8")
    by_hand.write_text(re.sub(r"end_birthday: \d+", f"end_birthday: {end}", text), encoding="utf-8")
    try:
        load(by_hand)
        valid = True
    except AnswersError:
        valid = False
    reply = server.post(f"/f/{NAME}/q/introduction.age_range.end_birthday", {"answer": end})
    assert (reply.status == 303) == valid


def test_answers_are_escaped_wherever_they_are_shown(server: Server, folder: Path) -> None:
    hostile = '<script>alert(1)</script> "quoted" {{ 7*7 }}'
    assert server.post(f"/f/{NAME}/q/document.area", {"answer": hostile}).status == 303
    for path in (f"/f/{NAME}/q/document.area", f"/f/{NAME}/check"):
        body = server.get(path).body
        assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert load(folder / NAME).document.area == hostile  # data, never template source


def test_list_items_are_added_changed_and_removed(server: Server, folder: Path) -> None:
    base = f"/f/{NAME}/q/document.commissioners"
    count = len(load(folder / NAME).document.commissioners)
    assert server.post(f"{base}/item/{count + 1}", {"f-text": "Northmoor Council"}).status == 303
    assert server.post(f"{base}/item/1", {"f-text": "Northmoor ICB (lead)"}).status == 303
    assert load(folder / NAME).document.commissioners[0] == "Northmoor ICB (lead)"
    assert load(folder / NAME).document.commissioners[-1] == "Northmoor Council"
    assert server.post(f"{base}/remove/{count + 1}", {}).status == 303
    assert len(load(folder / NAME).document.commissioners) == count


def test_an_item_with_several_fields_is_checked_field_by_field(server: Server, folder: Path) -> None:
    base = f"/f/{NAME}/q/service.team.roles/item/1"
    reply = server.post(base, {"f-title": "Therapist", "f-profession": "child_psychotherapist", "f-wte": "0"})
    assert _error_summary(reply.body) == ["Input should be greater than 0"]
    assert 'href="#f-wte"' in reply.body
    assert server.post(base, {"f-title": "Therapist", "f-profession": "child_psychotherapist",
                              "f-wte": "0.8"}).status == 303
    role = load(folder / NAME).service.team.roles[0]
    assert (role.title, role.wte) == ("Therapist", 0.8)


def test_a_multi_select_saves_the_ticked_boxes(server: Server, folder: Path) -> None:
    reply = server.post(f"/f/{NAME}/q/introduction.groups_to_reach",
                        {"answer": ["young_parents", "fathers"]})
    assert reply.status == 303
    assert [g.value for g in load(folder / NAME).introduction.groups_to_reach] == ["fathers", "young_parents"]


def test_the_check_page_has_a_change_link_for_every_answer(server: Server) -> None:
    body = server.get(f"/f/{NAME}/check").body
    assert f'href="/f/{NAME}/q/document.area?then=check"' in body
    reply = server.post(f"/f/{NAME}/q/document.area", {"answer": "Elsewhere", "then": "check"})
    assert reply.location == f"/f/{NAME}/check#document"


def test_the_needs_estimate_shows_as_soon_as_its_figures_are_given(server: Server) -> None:
    assert server.post("/f/fresh.yaml/q/document.title", {"answer": "A title"}).status == 303
    shares = server.get("/f/fresh.yaml/needs").body
    assert "Levels of need" in shares and "Babies a year" not in shares
    assert server.post("/f/fresh.yaml/q/introduction.demand.live_births_per_year",
                       {"answer": "4,000"}).status == 303
    numbers = server.get("/f/fresh.yaml/needs").body
    assert "Babies a year" in numbers
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">200</td>' in numbers  # 5 % of 4,000
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Bar chart', numbers)


def test_an_unreadable_file_is_listed_and_explained_not_a_crash(server: Server, folder: Path) -> None:
    (folder / "broken.yaml").write_text("document: [unclosed\n", encoding="utf-8")
    assert re.search(r"broken\.yaml</th>\s*<td[^>]*>cannot be read", server.get("/").body)
    reply = server.get("/f/broken.yaml/check")
    assert reply.status == 422 and "broken.yaml:2:1" in reply.body and "YAML syntax" in reply.body
    assert (folder / "broken.yaml").read_text(encoding="utf-8") == "document: [unclosed\n"


def test_the_preview_is_the_html_the_pdf_is_made_from(server: Server) -> None:
    reply = server.get(f"/f/{NAME}/preview/spec")
    assert reply.status == 200 and "<h1" in reply.body and "Northmoor" in reply.body
    assert reply.headers["content-security-policy"].startswith("default-src 'none'")
    assert '<link rel="stylesheet" href="/document.css">' in reply.body
    assert server.get("/document.css").status == 200
    assert server.get(f"/f/{NAME}/preview/nothing").status == 404


def test_the_vendored_front_end_files_are_the_pinned_ones_without_govuk_branding() -> None:
    from specgen.web.site import STATIC

    readme = (STATIC / "README.md").read_text(encoding="utf-8")
    assert '"2.0.11"' in (STATIC / "htmx.min.js").read_text(encoding="utf-8") and "2.0.11" in readme
    css = (STATIC / "govuk-frontend.min.css").read_text(encoding="utf-8")
    assert '--govuk-frontend-version:"6.6.0"' in css and "6.6.0" in readme
    assert "GDS Transport" not in css and "url(" not in css and "crest" not in css


# -- security ----------------------------------------------------------------------------------

def test_a_post_without_the_form_token_is_refused(server: Server, folder: Path) -> None:
    before = (folder / NAME).read_bytes()
    for form in ({"answer": "Evil"}, {"answer": "Evil", "csrf": "guessed"}):
        reply = server.post(f"/f/{NAME}/q/document.area", form, csrf=False)
        assert reply.status == 403 and "did not come from this app" in reply.body
    assert (folder / NAME).read_bytes() == before


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""])
def test_a_request_for_another_host_name_is_refused(server: Server, host: str) -> None:
    reply = server.get("/", Host=host)
    assert reply.status == 400 and "answers only to the address it printed" in reply.body


@pytest.mark.parametrize("name", ["../outside.yaml", "..%2Foutside.yaml", "sub%2Fa.yaml", ".hidden.yaml",
                                  "a.txt", "%2E%2E%2Foutside.yaml"])
def test_names_outside_the_folder_are_refused(server: Server, folder: Path, name: str) -> None:
    (folder.parent / "outside.yaml").write_text("document: {}\n", encoding="utf-8")
    for path in (f"/f/{name}/check", f"/f/{name}/q/document.title"):
        assert server.get(path).status == 404
    reply = server.post(f"/f/{name}/q/document.title", {"answer": "x"})
    assert reply.status == 404
    assert (folder.parent / "outside.yaml").read_text(encoding="utf-8") == "document: {}\n"


@pytest.mark.parametrize("typed", ["../evil", "/tmp/evil", "a/b", "..", "evil\\x", ""])
def test_a_new_file_name_that_leaves_the_folder_is_refused(server: Server, folder: Path, typed: str) -> None:
    reply = server.post("/new", {"name": typed})
    assert reply.status == 200 and _error_summary(reply.body)
    assert sorted(p.name for p in folder.iterdir()) == [NAME]


def test_a_new_file_starts_at_the_first_question(server: Server, folder: Path) -> None:
    reply = server.post("/new", {"name": "northmoor-2026"})
    assert reply.location == "/f/northmoor-2026.yaml/q/document.title"
    assert server.post(reply.location, {"answer": "A title"}).status == 303
    assert (folder / "northmoor-2026.yaml").exists()


def test_an_oversized_post_is_refused_before_it_is_read(server: Server, folder: Path) -> None:
    before = (folder / NAME).read_bytes()
    big = b"answer=" + b"x" * (400 * 1024)
    reply = server.request("POST", f"/f/{NAME}/q/document.area", big,
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status == 413
    assert (folder / NAME).read_bytes() == before


def test_with_a_token_every_request_needs_it(folder: Path) -> None:
    with serving(folder, token="s3cret", hosts=None) as server:
        assert server.get("/").status == 403
        assert server.get("/?token=wrong").status == 403
        entry = server.get("/?token=s3cret")
        assert entry.status == 303 and entry.location == "/"
        cookie = entry.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        server.cookies["specgen_token"] = "s3cret"
        assert server.get("/").status == 200
        assert server.get("/static/htmx.min.js").status == 200


def test_the_folder_lists_only_plain_answer_file_names(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yml", "c.json", ".d.yaml", "e f.yaml"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "sub.yaml").mkdir()
    assert [p.name for p in Folder(tmp_path).files()] == ["a.yaml", "b.yml"]


# -- the command -------------------------------------------------------------------------------

def _serve(folder: Path, *options: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "specgen", "serve", str(folder), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    assert process.stdout is not None
    process.stdout.close()


def _address(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("Open "):
            return line.removeprefix("Open ").strip()
    raise AssertionError("specgen serve printed no address")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_on_another_address_prints_a_token_and_wants_it(folder: Path) -> None:
    port = _free_port()
    process = _serve(folder, "--host", "127.0.0.2", "--port", str(port))
    try:
        address = _address(process)
        token = re.fullmatch(rf"http://127\.0\.0\.2:{port}/\?token=([\w-]{{20,}})", address)
        assert token, address
        server = Server(port, host="127.0.0.2")
        deadline = time.monotonic() + 30
        while True:
            try:
                refused = server.get("/")
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert refused.status == 403
        assert server.get(f"/?token={token.group(1)}").status == 303
    finally:
        _stop(process)


def test_serve_on_this_computer_needs_no_token(folder: Path) -> None:
    port = _free_port()
    process = _serve(folder, "--port", str(port))
    try:
        assert _address(process) == f"http://127.0.0.1:{port}/"
    finally:
        _stop(process)
