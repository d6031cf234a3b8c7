"""The export PDF names every field and shows every stored code in the part's language: the
codes' labels (the UI's msgids, translated in the privacy catalog), no snake_case code and no
JSON key in the document; the German part holds the German labels (issue 14, point 4)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect

from cases.counselling import models as counselling
from cases.counselling.codes import Channel, ConsentPurpose, ContactTopic, OutcomeType
from cases.employers.codes import EventType, PlacementType
from cases.employers.models import Placement
from cases.imports.models import ImportRow
from cases.packages.languages import LANGUAGES
from cases.packages.models import IssuedPackage
from cases.persons.codes import ClientGroup, FamilySituation, ResidenceStatus
from cases.persons.models import Person
from cases.privacy import export, export_doc, service
from cases.privacy.export_labels import code_label
from cases.privacy.models import InformationRecord
from cases.privacy.texts import pd_
from cases.recognition import models as recognition
from cases.recognition.codes import (
    Authority,
    LegalBasis,
    RecognitionDocumentKind,
    RecognitionStatus,
    SuspensionReason,
)
from tests.conftest import Factory
from tests.counselling.helpers import acting
from tests.privacy.samples import build
from tests.privacy.test_documents import _centre, _typeset, settings, squeeze, text_of
from welcome.i18n import force_locale
from welcome.labels import Code
from welcome.merging import RecordMerge

__all__ = ["settings"]

EXPORTED = (
    Person, counselling.Case, counselling.CaseEvent, counselling.Contact, counselling.Referral,
    counselling.Outcome, counselling.Consent, InformationRecord,
    recognition.RecognitionProcedure, recognition.RecognitionDocument,
    recognition.RecognitionSuspension, IssuedPackage, Placement, ImportRow, RecordMerge,
)  # fmt: skip

# the sample's stored codes (tests/privacy/samples.py) and their code lists
SAMPLE: tuple[tuple[type[Code], str], ...] = (
    (ClientGroup, "third_country_immigrant"),
    (ResidenceStatus, "skilled_worker"),
    (FamilySituation, "single_parent"),
    (Channel, "in_person"),
    (ContactTopic, "job_search"),
    (ContactTopic, "german_courses"),
    (OutcomeType, "job_taken_up"),
    (ConsentPurpose, "case_file"),
    (Authority, "ksv_sachsen"),
    (LegalBasis, "federal"),
    (RecognitionStatus, "preparing"),
    (RecognitionDocumentKind, "certificate"),
    (SuspensionReason, "authenticity_check"),
    (PlacementType, "job"),
    (EventType, "job_fair"),
)


def test_every_exported_column_has_a_label_or_is_skipped() -> None:
    names = export_doc.labels()
    missing = [
        f"{model.__tablename__}.{c.key}"
        for model in EXPORTED
        for c in inspect(model).column_attrs
        if c.key not in export.HIDDEN and c.key not in export_doc.SKIP and c.key not in names
    ]
    assert not missing, missing


@pytest.mark.parametrize("code", ["uk", "ar", "de"])
def test_every_code_label_is_translated(code: str) -> None:
    """Each label of the sample's code lists is in the privacy catalog of the language (not
    the English msgid) and, in German, the UI's German label."""
    from cases.counselling.codes import ClosureReason, ReferralPartner
    from cases.recognition.codes import RecognitionDecision

    kinds = {k for k, _v in SAMPLE} | {ClosureReason, ReferralPartner, RecognitionDecision}
    with force_locale("en"):
        english = {(k, m.value): m.label for k in kinds for m in k}
    with force_locale(LANGUAGES[code].catalog):
        ui = {(k, m.value): m.label for k in kinds for m in k}  # de: the UI catalog
        for (kind, value), label in english.items():
            found = code_label(kind, value)
            if label.isupper() or label[:1].isdigit():  # "IHK", "A1": the same everywhere
                continue
            assert found != label, (code, kind.__name__, value)
            if code == "de":
                assert found == ui[(kind, value)], (kind.__name__, value)


def _pieces(label: str, lang: object) -> list[str]:
    """What the text extraction keeps of a label: the whole, or in a right-to-left part its
    words in that script (extraction reorders the mixed runs: digits, §, Latin names)."""
    if getattr(lang, "direction", "ltr") != "rtl":
        return [squeeze(label)]
    return [w for w in re.findall(r"[\u0600-\u06ff\u200c]+", label) if len(w) > 1]


@pytest.mark.parametrize("code", ["uk", "ar"])
def test_the_pdf_shows_labels_not_codes(factory: Factory, code: str) -> None:
    world = build(factory, language=code)
    user = factory.user(role="counsellor", centre=_centre(factory, world.centre_id))
    with acting(factory, user) as db:
        _lang, pdf = service.export_pdf(db, person_id=world.person_id)
    text = text_of(pdf)
    lang = LANGUAGES[code]
    for kind, value in SAMPLE:
        with force_locale(lang.catalog):
            label = code_label(kind, value)
        with force_locale("de"):
            german = code_label(kind, value)
        for piece in _pieces(_typeset(label, lang), lang):
            assert piece in text, (code, value, label, piece)
        assert squeeze(german) in text, ("de", value, german)
        if "_" in value or len(value) > 6:
            assert value not in text, (code, value)
    for name in ("Україна" if code == "uk" else "أوكرانيا", "Ukraine"):  # nationality, both parts
        assert squeeze(name) in text, (code, name)
    # a stored field without a name would print as "Further data" (never by its key)
    with force_locale(lang.catalog):
        unnamed = pd_("Further data")
    with force_locale("de"):
        german_unnamed = pd_("Further data")
    assert squeeze(german_unnamed) not in text
    assert squeeze(_typeset(unnamed, lang)) not in text, unnamed  # the whole phrase
