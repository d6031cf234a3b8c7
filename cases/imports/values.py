"""Cell values as the input models take them, and suggestions of codes for free text.

Dates: TT.MM.JJJJ (also T.M.JJ), JJJJ-MM-TT, Excel serial numbers and the reader's dates.
Numbers: whole numbers also as 1990.0 or "45,0" (decimal comma). Codes: the value itself,
its label in German or English, a few synonyms of the sheets centres keep ("tel." → phone,
"m" → male); countries by their CLDR names in German and English, by alpha-2 code and by
the adjective ("syrisch" → SY); languages by CLDR names and codes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from babel import Locale

from cases import cldr
from cases.imports.reading import Cell
from cases.persons import matching
from welcome import clock
from welcome.i18n import force_locale
from welcome.labels import Code

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap-year bug)
MIN_SERIAL, MAX_SERIAL = 1, 73050  # 1900 .. 2099
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
LIST_SEPARATORS = re.compile(r"\s*(?:[,;/|+]|\bund\b|\band\b|&)\s*", re.IGNORECASE)


def text(cell: Cell) -> str | None:
    """A cell as text (a whole float without its .0), None when blank."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    value = str(cell).strip()
    return value or None


def day(cell: Cell) -> str | None:
    """A date as YYYY-MM-DD if it is one in a known form, else the text as it is (the input
    model then names it wrong)."""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _serial(cell) or text(cell)
    value = text(cell)
    if value is None:
        return None
    if match := _GERMAN_DATE.fullmatch(value):
        d, m, y = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            y += 2000 if y <= clock.today().year % 100 else 1900
        return _iso(y, m, d) or value
    if match := _ISO_DATE.fullmatch(value):
        y, m, d = (int(g) for g in match.groups())
        return _iso(y, m, d) or value
    if value.isdigit() and 4 < len(value) <= 5:
        return _serial(int(value)) or value
    return value


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _serial(number: float) -> str | None:
    if not MIN_SERIAL <= number <= MAX_SERIAL or not float(number).is_integer():
        return None
    return (EXCEL_EPOCH + timedelta(days=int(number))).isoformat()


def whole(cell: Cell) -> str | None:
    """A whole number as digits: 1990.0 and "45,0" are whole; "1,5" stays as typed (the model
    then says it is not a whole number)."""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else str(cell)
    value = text(cell)
    if value is None:
        return None
    compact = value.replace(" ", "")
    if re.fullmatch(r"[+-]?\d+[.,]0+", compact):
        return compact.split(",")[0].split(".")[0]
    return compact if re.fullmatch(r"[+-]?\d+", compact) else value


def year(cell: Cell) -> str | None:
    """A year, also from a full date of birth."""
    if isinstance(cell, date):
        return str(cell.year)
    value = text(cell)
    if value is not None and len(value) > 4 and (as_day := day(cell)) and as_day[4:5] == "-":
        return as_day[:4]
    return whole(cell)


def items(value: str) -> list[str]:
    """The entries of a multi-answer cell ("Syrien, Türkei", "Wohnen / Arbeit")."""
    return [part for part in LIST_SEPARATORS.split(value) if part.strip()]


# --- suggestions ----------------------------------------------------------------------------

# German sheets' words for codes that neither the code nor its labels contain
SYNONYMS: dict[str, dict[str, str]] = {
    "gender": {
        "m": "male", "mann": "male", "mannlich": "male", "herr": "male", "male": "male",
        "w": "female", "f": "female", "frau": "female", "weiblich": "female",
        "d": "diverse", "x": "diverse", "divers": "diverse",
        "ka": "not_stated", "keineangabe": "not_stated", "unbekannt": "not_stated",
    },
    "channel": {
        "tel": "phone", "telefon": "phone", "telefonisch": "phone", "anruf": "phone",
        "personlich": "in_person", "vorort": "in_person", "prasenz": "in_person",
        "buro": "in_person", "beratungsstelle": "in_person",
        "mail": "email", "email": "email", "schriftlich": "email",
        "videocall": "video", "zoom": "video", "teams": "video", "online": "video",
        "whatsapp": "messenger", "telegram": "messenger", "signal": "messenger",
        "chat": "messenger", "aufsuchend": "outreach", "veranstaltung": "event",
        "messe": "event",
    },
    "client_group": {
        "ruckkehrer": "returnee", "ruckkehrerin": "returnee", "ruckkehr": "returnee",
        "ruckkehrende": "returnee", "returnee": "returnee",
        "binnenzuzug": "domestic_mover", "inland": "domestic_mover",
        "zuzuginland": "domestic_mover", "ausdeutschland": "domestic_mover",
        "zuzugler": "domestic_mover", "zuzuglerin": "domestic_mover",
        "eu": "eu_immigrant", "euburger": "eu_immigrant", "euzuwanderer": "eu_immigrant",
        "euzuwanderung": "eu_immigrant",
        "drittstaat": "third_country_immigrant", "drittstaatler": "third_country_immigrant",
        "drittstaatsangehorige": "third_country_immigrant",
        "interessent": "prospect_abroad", "interessentin": "prospect_abroad",
        "imausland": "prospect_abroad", "ausland": "prospect_abroad",
        "familie": "family_member", "familienangehorige": "family_member",
        "angehorige": "family_member", "partner": "family_member",
    },
    "event_type": {
        "info": "information_event", "infoveranstaltung": "information_event",
        "informationsveranstaltung": "information_event", "vortrag": "information_event",
        "messe": "job_fair", "jobmesse": "job_fair", "karrieremesse": "job_fair",
        "netzwerktreffen": "network_meeting", "netzwerk": "network_meeting",
        "stammtisch": "network_meeting", "newsletter": "mailing", "rundschreiben": "mailing",
        "rundmail": "mailing", "serienbrief": "mailing", "online": "webinar",
        "onlineseminar": "webinar", "seminar": "workshop",
    },
    "event_format": {
        "prasenz": "in_person", "vorort": "in_person", "personlich": "in_person",
        "digital": "online", "video": "online", "zoom": "online", "teams": "online",
        "brief": "written", "email": "written", "mail": "written", "schriftlich": "written",
        "newsletter": "written",
    },
}  # fmt: skip


@lru_cache(maxsize=64)
def _code_forms(code: type[Code]) -> tuple[tuple[str, str], ...]:
    """(normalised form, code) for a code's value and its German and English labels."""
    forms: list[tuple[str, str]] = []
    for member in code:
        forms.append((matching.normalise(member.value), member.value))
        for locale in ("de", "en"):
            with force_locale(locale):
                label = member.label
            forms.append((matching.normalise(label), member.value))
    return tuple(f for f in forms if f[0])


def suggest_code(code: type[Code], raw: str, synonyms: dict[str, str] | None = None) -> str | None:
    """The code a free-text value most likely means, or None."""
    wanted = matching.normalise(raw)
    if not wanted:
        return None
    if synonyms and wanted in synonyms:
        return synonyms[wanted]
    forms = _code_forms(code)
    for form, value in forms:
        if form == wanted:
            return value
    if len(wanted) >= 3:  # "tel" -> "telefon", "Rückkehrer" -> "Rückkehrer/in"
        found = {value for form, value in forms if form.startswith(wanted)}
        if synonyms:
            found |= {v for s, v in synonyms.items() if len(s) >= 3 and s.startswith(wanted)}
        if len(found) == 1:
            return found.pop()
    return None


@lru_cache(maxsize=1)
def _country_forms() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    exact: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for locale in ("de", "en"):
        territories = Locale.parse(locale).territories
        for code in cldr.country_codes():
            name = matching.normalise(str(territories.get(code, code)))
            if name:
                exact.setdefault(name, code)
                names.append((name, code))
    return exact, tuple(names)


_ADJECTIVE_ENDINGS = ("isch", "sch", "ese", "ian", "ish", "an", "er", "in", "e")


def suggest_country(raw: str) -> str | None:
    """An ISO alpha-2 code for a country named in German or English, its code, or its
    adjective (syrisch, Syrian → SY), when one country fits best."""
    value = raw.strip()
    if len(value) == 2 and value.upper() in cldr.country_codes():
        return value.upper()
    wanted = matching.normalise(value)
    if len(wanted) < 3:
        return None
    exact, names = _country_forms()
    if wanted in exact:
        return exact[wanted]
    stem = wanted
    for ending in _ADJECTIVE_ENDINGS:
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            stem = stem[: -len(ending)]
            break
    # the longest common beginning wins; on a tie the shorter name (türkisch: Türkei, not
    # Turkmenistan), and a tie of both is no suggestion
    scored: dict[str, tuple[int, int]] = {}
    for name, code in names:
        common = _common_prefix(stem, name)
        if common >= 4 or (common == len(stem) >= 3) or (common == len(name) >= 4):
            scored[code] = max(scored.get(code, (0, -999)), (common, -len(name)))
    if not scored:
        return None
    best = max(scored.values())
    winners = [code for code, points in scored.items() if points == best]
    return winners[0] if len(winners) == 1 else None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@lru_cache(maxsize=1)
def _language_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for locale in ("de", "en"):
        with force_locale(locale):
            for code, name in cldr.language_names().items():
                forms.setdefault(matching.normalise(name), code)
    return forms


def suggest_language(raw: str) -> str | None:
    """A BCP 47 code for a language named in German or English, or a code CLDR knows."""
    value = raw.strip()
    if cldr.valid_language(value) and len(value) <= 3:
        return value.lower()
    return _language_forms().get(matching.normalise(value))
