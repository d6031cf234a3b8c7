"""The export PDF's values in the part's language: a stored code by its label, a country, a
language or a German state by its name, a fee in euros.

The codes' labels are the UI's (`welcome.labels.Code`, declared in cases/*/codes.py): the
same msgids, extracted into the privacy domain too (i18n/babel-privacy.cfg), where they are
translated for the 12 document languages (the UI catalog has German and English only). The
names come from CLDR (countries, languages) and pycountry's ISO 3166-2 names (states).
Call these inside `force_locale(lang.catalog)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from babel.numbers import format_currency

from cases import cldr
from cases.counselling import codes as counselling
from cases.employers import codes as employers
from cases.persons import codes as persons
from cases.privacy.texts import pd_
from cases.recognition import codes as recognition
from welcome.i18n import PRIVACY_DOMAIN, get_locale, translations
from welcome.labels import Code

Shown = Callable[[Any], str]


def code_label(kind: type[Code], value: str) -> str:
    """The code's label in the current locale's privacy catalog (the code itself when it is
    not one of `kind`: a value stored before the code list changed)."""
    try:
        label = kind(value)._label
    except ValueError:
        return value
    if label is None:
        return value
    args = getattr(label, "_args", None)  # a lazy `_l(msgid)` / `_lp(context, msgid)`
    if not args:
        return str(label)  # a name that is the same in every language ("IHK", "A1")
    catalog = translations(get_locale(), PRIVACY_DOMAIN)
    return catalog.pgettext(args[0], args[1]) if len(args) == 2 else catalog.gettext(args[0])


def _code(kind: type[Code]) -> Shown:
    return lambda value: code_label(kind, str(value))


def _each(shown: Shown) -> Shown:
    return lambda values: ", ".join(shown(v) for v in values)


def _country(value: Any) -> str:
    return cldr.country_name(str(value))


def _language(value: Any) -> str:
    return cldr.language_name(str(value))


def _state(value: Any) -> str:
    return cldr.state_name(str(value))


def _fee(cents: Any) -> str:
    return str(format_currency(int(cents) / 100, "EUR", locale=get_locale()))


def _case_event(value: Any) -> str:
    return {"closed": pd_("case closed"), "reopened": pd_("case reopened")}.get(
        str(value), str(value)
    )


def _import_kind(value: Any) -> str:
    return {
        "persons": pd_("a list of persons"),
        "contacts": pd_("a list of contacts"),
        "employers": pd_("a list of employers"),
        "events": pd_("a list of events"),
    }.get(str(value), str(value))


def _import_outcome(value: Any) -> str:
    return {
        "created": pd_("recorded from this row"),
        "linked": pd_("linked to an existing record"),
        "merged": pd_("merged into an existing record"),
        "added": pd_("added to an existing record"),
    }.get(str(value), str(value))


_LANGUAGES: Mapping[str, Shown] = {
    "preferred_language": _language,
    "counselling_language": _language,
    "sheet_language": _language,
    "language": _language,
}
PERSON: Mapping[str, Shown] = {
    **_LANGUAGES,
    "client_group": _code(persons.ClientGroup),
    "gender": _code(persons.Gender),
    "residence_status": _code(persons.ResidenceStatus),
    "german_level": _code(persons.GermanLevel),
    "qualification_level": _code(persons.QualificationLevel),
    "family_situation": _code(persons.FamilySituation),
    "previous_residence_country": _country,
    "previous_residence_state": _state,
    "nationalities": _each(_country),
}
CASE: Mapping[str, Shown] = {
    "status": _code(counselling.CaseStatus),
    "referral_source": _code(counselling.ReferralSource),
    "closure_reason": _code(counselling.ClosureReason),
}
CASE_EVENT: Mapping[str, Shown] = {
    "kind": _case_event,
    "reason": _code(counselling.ClosureReason),
}
CONTACT: Mapping[str, Shown] = {
    **_LANGUAGES,
    "channel": _code(counselling.Channel),
    "topics": _each(_code(counselling.ContactTopic)),
}
REFERRAL: Mapping[str, Shown] = {"partner": _code(counselling.ReferralPartner)}
OUTCOME: Mapping[str, Shown] = {"type": _code(counselling.OutcomeType)}
CONSENT: Mapping[str, Shown] = {**_LANGUAGES, "purpose": _code(counselling.ConsentPurpose)}
RECOGNITION: Mapping[str, Shown] = {
    "legal_basis": _code(recognition.LegalBasis),
    "authority": _code(recognition.Authority),
    "decision": _code(recognition.RecognitionDecision),
    "compensation_measure": _code(recognition.CompensationMeasure),
    "status": _code(recognition.RecognitionStatus),
    "fee_payer": _code(recognition.FeePayer),
    "training_country": _country,
    "qualification_type": _code(persons.QualificationLevel),
    "fee_cents": _fee,
}
DOCUMENT: Mapping[str, Shown] = {"kind": _code(recognition.RecognitionDocumentKind)}
SUSPENSION: Mapping[str, Shown] = {"reason": _code(recognition.SuspensionReason)}
PACKAGE: Mapping[str, Shown] = dict(_LANGUAGES)
HANDOVER: Mapping[str, Shown] = dict(_LANGUAGES)  # the information sheet's language
PLACEMENT: Mapping[str, Shown] = {"type": _code(employers.PlacementType)}
EVENT: Mapping[str, Shown] = {"type": _code(employers.EventType)}
IMPORT_ROW: Mapping[str, Shown] = {"outcome": _import_outcome, "batch_kind": _import_kind}
NONE: Mapping[str, Shown] = {}
