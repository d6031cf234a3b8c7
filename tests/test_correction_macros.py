"""The in-place correction forms' pieces (templates/_macros/corrections.html): every link of
the error summary leads to an element of the form, a checkbox group's too."""

from __future__ import annotations

import re

from welcome.i18n import force_locale
from welcome.templating import env

FORM = """{% import "_macros/corrections.html" as c with context %}
{% from "_macros/forms.html" import error_summary %}
{{ error_summary(errors, prefix="x-") }}
{{ c.x_input("date", "Datum", "", type="date", errors=errors, required=true) }}
{{ c.x_checks("topics", "Themen", {"job_search": "Arbeitssuche"}, [], errors) }}"""


def test_every_summary_link_of_a_correction_form_has_its_target() -> None:
    errors = {"date": "Bitte ein Datum angeben.", "topics": "Bitte ein Thema wählen."}
    with force_locale("de"):
        html = env.from_string(FORM).render(errors=errors, csrf_token="t")
    links = re.findall(r'href="#([^"]+)"', html)
    assert sorted(links) == ["x-date", "x-topics"]
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert set(links) <= ids, (links, ids)
    # the group's message is announced with it
    assert 'aria-describedby="xe-topics"' in html and 'id="xe-topics"' in html
