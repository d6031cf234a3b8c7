"""Every form a lead can reach, sent with one field at a time made odd, never answers 500.

The forms are found on the pages themselves (their action and fields parsed from the HTML),
so a new form is covered without being listed here; each post starts from the form's own
values and replaces one field with an odd one: very long text, a negative or huge number, a
date that does not exist, markup, a control character.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Factory, login
from tests.robustness import seed_centre

ODD = ("x" * 5000, "-1", "99999999999999999999", "2026-02-30", "<b>é</b>", "\x01", "")
# a form that ends the session, or renders a PDF per post (covered by the package tests)
SKIPPED_ACTIONS = ("/logout", "/welcome-package")


class _Forms(HTMLParser):
    """The POST forms of a page: action and (name, value) pairs as a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self.unchecked: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = []
            self.forms.append((a.get("action", ""), self._fields))
        if self._fields is None or (not a.get("name") and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self._fields.append((a["name"], ""))  # sent only when odd
                self.unchecked.append((a["name"], ""))
                return
            self._fields.append(
                (a["name"], a.get("value", "on" if a.get("type") == "checkbox" else ""))
            )
        elif tag == "select":
            self._select, self._first_option, self._chosen = a["name"], None, False
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a and not self._chosen:
                self._fields.append((self._select, a.get("value", "")))
                self._chosen = True
        elif tag == "textarea":
            self._fields.append((a["name"], ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            if not self._chosen:
                self._fields.append((self._select, self._first_option or ""))
            self._select = None


# The pages are split into parts, each its own test with its own seeded database, so that the
# parallel workers share the posts; every page is in exactly one part (every CHUNKS-th).
CHUNKS = 4


def _pages(ids: dict[str, int]) -> list[str]:
    p, e, r = ids["person"], ids["employer"], ids["procedure"]
    return [
        "/persons/new", f"/persons/{p}", f"/persons/{p}/edit", f"/cases/{ids['case']}",
        "/enquiries/new", "/employers/new", f"/employers/{e}", f"/employers/{e}/edit",
        f"/employers/{e}/contacts/new", f"/employers/{e}/hiring-needs/new",
        f"/employers/{e}/placements/new", "/events/new", "/recognitions/new",
        f"/recognitions/{r}", f"/recognitions/{r}/edit", f"/recognitions/{ids['suspended']}",
        "/recognitions/calendar",
        "/local-contacts", "/reports/targets", "/reports", "/settings", "/users",
    ]  # fmt: skip


def test_chunks_cover_every_page_once() -> None:
    ids = dict.fromkeys(("person", "case", "employer", "procedure", "suspended"), 7)
    pages = _pages(ids)
    parts = [pages[chunk::CHUNKS] for chunk in range(CHUNKS)]
    assert sorted(page for part in parts for page in part) == sorted(pages)
    assert all(parts)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_odd_form_values_never_answer_500(client: TestClient, factory: Factory, chunk: int) -> None:
    centre = factory.centre("Erzgebirge")
    lead = factory.user(role="lead", centre=centre, locale="de")
    ids = seed_centre(client, {"Authorization": f"Bearer {factory.token(lead)}"})
    assert login(client, lead.email).status_code == 303
    failures: list[str] = []
    posts = 0
    for page in _pages(ids)[chunk::CHUNKS]:
        html = client.get(page)
        assert html.status_code == 200, page
        parser = _Forms()
        parser.feed(html.text)
        for action, fields in parser.forms:
            target = action or page
            if any(skip in target for skip in SKIPPED_ACTIONS):
                continue
            unchecked = set(parser.unchecked)
            seen: set[str] = set()
            for index, (name, value) in enumerate(fields):
                if name == "csrf_token" or ((name, value) in unchecked and name in seen):
                    continue  # a group of boxes is tried once
                seen.add(name)
                for odd in ODD:
                    data: dict[str, list[str]] = {}
                    for i, (n, v) in enumerate(fields):
                        sent = odd if i == index else v
                        if sent or (n, v) not in unchecked:
                            data.setdefault(n, []).append(sent)
                    response = client.post(target, data=data, follow_redirects=False)
                    posts += 1
                    if response.status_code >= 500:
                        failures.append(f"{page}: POST {target} {name}={odd[:20]!r} -> 500")
    assert posts > 300 // CHUNKS  # the forms were found and sent
    assert not failures, "\n".join(failures[:40])
