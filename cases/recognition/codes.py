"""The recognition area's codes (DOMAIN.md, API.md), each member with its translated label."""

from __future__ import annotations

from welcome.i18n import _l, _lp
from welcome.labels import Code


class Authority(Code):
    """The competent authorities for recognition in Saxony (DOMAIN.md)."""

    IHK_FOSA = "ihk_fosa", "IHK FOSA"
    HWK_CHEMNITZ = "hwk_chemnitz", _l("Chamber of Crafts Chemnitz")
    HWK_DRESDEN = "hwk_dresden", _l("Chamber of Crafts Dresden")
    HWK_LEIPZIG = "hwk_leipzig", _l("Chamber of Crafts Leipzig")
    # doctors, pharmacists… (Approbation)
    LD_SACHSEN_LICENCES = (
        "ld_sachsen_licences",
        _l("Landesdirektion Sachsen – licences (doctors etc.)"),
    )
    LD_SACHSEN_SOCIAL = "ld_sachsen_social", _l("Landesdirektion Sachsen – social professions")
    KSV_SACHSEN = "ksv_sachsen", _l("KSV Sachsen – health professions")
    LASUB = "lasub", _l("LaSuB – teachers, educators, technicians")
    INGENIEURKAMMER = "ingenieurkammer", _l("Chamber of Engineers Saxony")
    ARCHITEKTENKAMMER = "architektenkammer", _l("Chamber of Architects Saxony")
    ZAB = "zab", _l("ZAB – non-regulated degrees")
    OTHER_STATE = "other_state", _l("authority of another federal state")


class LegalBasis(Code):
    FEDERAL = "federal", _l("federal law")  # BQFG and federal professional laws
    STATE = "state", _l("Saxon law")  # SächsBQFG and Saxon professional laws


class RecognitionDecision(Code):
    FULL = "full", _l("full equivalence")
    PARTIAL = "partial", _l("partial equivalence (deficit notice)")
    COMPENSATION_REQUIRED = "compensation_required", _l("compensation measure required")
    PARTIAL_ACCESS = "partial_access", _l("partial access to the profession")
    NEGATIVE = "negative", _l("negative")
    ENDED_WITHOUT_DECISION = "ended_without_decision", _l("ended without decision")
    PENDING = "pending", _lp("decision", "pending")


class CompensationMeasure(Code):
    ADAPTATION_COURSE = "adaptation_course", _l("adaptation course")
    APTITUDE_TEST = "aptitude_test", _l("aptitude test")
    KNOWLEDGE_TEST = "knowledge_test", _l("knowledge test")
    ADAPTATION_QUALIFICATION = "adaptation_qualification", _l("adaptation qualification")
    QUALIFICATION_ANALYSIS = "qualification_analysis", _lp("measure", "qualification analysis")
    # a (medical) language test as an extra step
    LANGUAGE_TEST = "language_test", _l("(medical) language test")


class RecognitionStatus(Code):
    PREPARING = "preparing", _l("in preparation")  # not applied yet
    APPLIED = "applied", _l("applied")
    # documents requested, not complete
    WAITING_ON_PERSON = "waiting_on_person", _l("waiting on the person")
    IN_REVIEW = "in_review", _l("in review")  # documents complete, no decision yet
    SUSPENDED = "suspended", _l("suspended")  # the clock stops
    DECIDED = "decided", _l("decided")
    COMPENSATION = "compensation", _l("compensation measure")  # measure under way
    COMPLETED = "completed", _l("completed")
    WITHDRAWN = "withdrawn", _l("withdrawn")


class FeePayer(Code):
    PERSON = "person", _l("the person")
    EMPLOYER = "employer", _lp("fee payer", "employer")
    EMPLOYMENT_AGENCY = "employment_agency", _lp("fee payer", "employment agency")
    JOB_CENTRE = "job_centre", _lp("fee payer", "job centre")
    RECOGNITION_GRANT = "recognition_grant", _l("recognition grant")  # Anerkennungszuschuss
    OTHER = "other", _lp("fee payer", "other")


class SuspensionReason(Code):
    QUALIFICATION_ANALYSIS = "qualification_analysis", _lp("suspension", "qualification analysis")
    AUTHENTICITY_CHECK = "authenticity_check", _l("authenticity check")
    OTHER = "other", _lp("suspension", "other")


class RecognitionDocumentKind(Code):
    CERTIFICATE = "certificate", _l("certificate")
    TRANSLATION = "translation", _l("translation")
    NOTICE = "notice", _l("notice")
    OTHER = "other", _lp("document", "other")
