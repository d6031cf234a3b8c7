"""The snake_case codes of DOMAIN.md and API.md, with their translated labels.

One place for every enumeration the domain packages share (persons, cases, contacts,
recognition, employers, reports). Labels are functions so they follow the current locale.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from cases.counselling.codes import (  # moved: import from there
    CaseStatus as CaseStatus,
)
from cases.counselling.codes import (
    Channel as Channel,
)
from cases.counselling.codes import (
    ClosureReason as ClosureReason,
)
from cases.counselling.codes import (
    ConsentPurpose as ConsentPurpose,
)
from cases.counselling.codes import (
    ContactTopic as ContactTopic,
)
from cases.counselling.codes import (
    OutcomeType as OutcomeType,
)
from cases.counselling.codes import (
    ReferralPartner as ReferralPartner,
)
from cases.counselling.codes import (
    ReferralSource as ReferralSource,
)
from cases.persons.codes import (  # moved: import from there
    GERMAN_STATES as GERMAN_STATES,
)
from cases.persons.codes import (
    ClientGroup as ClientGroup,
)
from cases.persons.codes import (
    FamilySituation as FamilySituation,
)
from cases.persons.codes import (
    Gender as Gender,
)
from cases.persons.codes import (
    GermanLevel as GermanLevel,
)
from cases.persons.codes import (
    QualificationLevel as QualificationLevel,
)
from cases.persons.codes import (
    ResidenceStatus as ResidenceStatus,
)
from welcome.i18n import _, pgettext

client_group_labels = ClientGroup.labels
gender_labels = Gender.labels
residence_status_labels = ResidenceStatus.labels
german_level_labels = GermanLevel.labels
qualification_level_labels = QualificationLevel.labels
family_situation_labels = FamilySituation.labels


case_status_labels = CaseStatus.labels
referral_source_labels = ReferralSource.labels
closure_reason_labels = ClosureReason.labels
channel_labels = Channel.labels
contact_topic_labels = ContactTopic.labels
referral_partner_labels = ReferralPartner.labels
outcome_type_labels = OutcomeType.labels
consent_purpose_labels = ConsentPurpose.labels


LABELS: dict[type[StrEnum], Callable[[], dict[str, str]]] = {
    ClientGroup: client_group_labels,
    Gender: gender_labels,
    ResidenceStatus: residence_status_labels,
    GermanLevel: german_level_labels,
    QualificationLevel: qualification_level_labels,
    FamilySituation: family_situation_labels,
    CaseStatus: case_status_labels,
    ReferralSource: referral_source_labels,
    ClosureReason: closure_reason_labels,
    Channel: channel_labels,
    ContactTopic: contact_topic_labels,
    ReferralPartner: referral_partner_labels,
    OutcomeType: outcome_type_labels,
    ConsentPurpose: consent_purpose_labels,
}


def label(enum: type[StrEnum], code: str | None) -> str:
    """The translated label of a code (the code itself if it is unknown)."""
    if code is None:
        return ""
    return LABELS[enum]().get(code, code)


# --- recognition procedures (issue 4) -------------------------------------------------------


class Authority(StrEnum):
    """The competent authorities for recognition in Saxony (DOMAIN.md)."""

    IHK_FOSA = "ihk_fosa"
    HWK_CHEMNITZ = "hwk_chemnitz"
    HWK_DRESDEN = "hwk_dresden"
    HWK_LEIPZIG = "hwk_leipzig"
    LD_SACHSEN_LICENCES = "ld_sachsen_licences"  # doctors, pharmacists… (Approbation)
    LD_SACHSEN_SOCIAL = "ld_sachsen_social"  # social professions
    KSV_SACHSEN = "ksv_sachsen"  # health professions
    LASUB = "lasub"  # teachers, educators, technicians
    INGENIEURKAMMER = "ingenieurkammer"
    ARCHITEKTENKAMMER = "architektenkammer"
    ZAB = "zab"  # non-regulated university degrees
    OTHER_STATE = "other_state"


class LegalBasis(StrEnum):
    FEDERAL = "federal"  # BQFG and federal professional laws
    STATE = "state"  # SächsBQFG and Saxon professional laws


class RecognitionDecision(StrEnum):
    FULL = "full"
    PARTIAL = "partial"  # partial equivalence, deficit notice
    COMPENSATION_REQUIRED = "compensation_required"
    PARTIAL_ACCESS = "partial_access"
    NEGATIVE = "negative"
    ENDED_WITHOUT_DECISION = "ended_without_decision"
    PENDING = "pending"


class CompensationMeasure(StrEnum):
    ADAPTATION_COURSE = "adaptation_course"
    APTITUDE_TEST = "aptitude_test"
    KNOWLEDGE_TEST = "knowledge_test"
    ADAPTATION_QUALIFICATION = "adaptation_qualification"
    QUALIFICATION_ANALYSIS = "qualification_analysis"
    LANGUAGE_TEST = "language_test"  # (medical) language test as an extra step


class RecognitionStatus(StrEnum):
    PREPARING = "preparing"  # not applied yet
    APPLIED = "applied"
    WAITING_ON_PERSON = "waiting_on_person"  # documents requested, not complete
    IN_REVIEW = "in_review"  # documents complete, no decision yet
    SUSPENDED = "suspended"  # the clock stops
    DECIDED = "decided"
    COMPENSATION = "compensation"  # compensation measure under way
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class FeePayer(StrEnum):
    PERSON = "person"
    EMPLOYER = "employer"
    EMPLOYMENT_AGENCY = "employment_agency"
    JOB_CENTRE = "job_centre"
    RECOGNITION_GRANT = "recognition_grant"  # Anerkennungszuschuss
    OTHER = "other"


class SuspensionReason(StrEnum):
    QUALIFICATION_ANALYSIS = "qualification_analysis"
    AUTHENTICITY_CHECK = "authenticity_check"
    OTHER = "other"


class RecognitionDocumentKind(StrEnum):
    CERTIFICATE = "certificate"
    TRANSLATION = "translation"
    NOTICE = "notice"
    OTHER = "other"


def authority_labels() -> dict[str, str]:
    return {
        "ihk_fosa": "IHK FOSA",
        "hwk_chemnitz": _("Chamber of Crafts Chemnitz"),
        "hwk_dresden": _("Chamber of Crafts Dresden"),
        "hwk_leipzig": _("Chamber of Crafts Leipzig"),
        "ld_sachsen_licences": _("Landesdirektion Sachsen – licences (doctors etc.)"),
        "ld_sachsen_social": _("Landesdirektion Sachsen – social professions"),
        "ksv_sachsen": _("KSV Sachsen – health professions"),
        "lasub": _("LaSuB – teachers, educators, technicians"),
        "ingenieurkammer": _("Chamber of Engineers Saxony"),
        "architektenkammer": _("Chamber of Architects Saxony"),
        "zab": _("ZAB – non-regulated degrees"),
        "other_state": _("authority of another federal state"),
    }


def legal_basis_labels() -> dict[str, str]:
    return {"federal": _("federal law"), "state": _("Saxon law")}


def recognition_decision_labels() -> dict[str, str]:
    return {
        "full": _("full equivalence"),
        "partial": _("partial equivalence (deficit notice)"),
        "compensation_required": _("compensation measure required"),
        "partial_access": _("partial access to the profession"),
        "negative": _("negative"),
        "ended_without_decision": _("ended without decision"),
        "pending": pgettext("decision", "pending"),
    }


def compensation_measure_labels() -> dict[str, str]:
    return {
        "adaptation_course": _("adaptation course"),
        "aptitude_test": _("aptitude test"),
        "knowledge_test": _("knowledge test"),
        "adaptation_qualification": _("adaptation qualification"),
        "qualification_analysis": pgettext("measure", "qualification analysis"),
        "language_test": _("(medical) language test"),
    }


def recognition_status_labels() -> dict[str, str]:
    return {
        "preparing": _("in preparation"),
        "applied": _("applied"),
        "waiting_on_person": _("waiting on the person"),
        "in_review": _("in review"),
        "suspended": _("suspended"),
        "decided": _("decided"),
        "compensation": _("compensation measure"),
        "completed": _("completed"),
        "withdrawn": _("withdrawn"),
    }


def fee_payer_labels() -> dict[str, str]:
    return {
        "person": _("the person"),
        "employer": pgettext("fee payer", "employer"),
        "employment_agency": pgettext("fee payer", "employment agency"),
        "job_centre": pgettext("fee payer", "job centre"),
        "recognition_grant": _("recognition grant"),
        "other": pgettext("fee payer", "other"),
    }


def suspension_reason_labels() -> dict[str, str]:
    return {
        "qualification_analysis": pgettext("suspension", "qualification analysis"),
        "authenticity_check": _("authenticity check"),
        "other": pgettext("suspension", "other"),
    }


def recognition_document_kind_labels() -> dict[str, str]:
    return {
        "certificate": _("certificate"),
        "translation": _("translation"),
        "notice": _("notice"),
        "other": pgettext("document", "other"),
    }


LABELS.update(
    {
        Authority: authority_labels,
        LegalBasis: legal_basis_labels,
        RecognitionDecision: recognition_decision_labels,
        CompensationMeasure: compensation_measure_labels,
        RecognitionStatus: recognition_status_labels,
        FeePayer: fee_payer_labels,
        SuspensionReason: suspension_reason_labels,
        RecognitionDocumentKind: recognition_document_kind_labels,
    }
)


# --- employers, outreach events, placements (issue 5) ---------------------------------------


class EmployerTopic(StrEnum):
    ACCELERATED_PROCEDURE = "accelerated_procedure"  # § 81a AufenthG
    ADVANCE_APPROVAL = "advance_approval"  # Vorabzustimmung of the employment agency
    WESTERN_BALKANS = "western_balkans"  # § 26 Abs. 2 BeschV
    RECOGNITION_PARTNERSHIP = "recognition_partnership"  # § 16d Abs. 3
    ADAPTATION_QUALIFICATION = "adaptation_qualification"  # § 16d Abs. 1
    EXPERIENCE_ROUTE = "experience_route"  # § 6 BeschV
    EU_BLUE_CARD = "eu_blue_card"
    TRAINEES_ABROAD = "trainees_abroad"  # § 16a
    RECRUITING_ABROAD = "recruiting_abroad"
    ONBOARDING = "onboarding"
    WELCOME_CULTURE = "welcome_culture"
    GERMAN_AT_WORK = "german_at_work"
    HOUSING = "housing"
    FUNDING = "funding"
    RETURNEE_RECRUITMENT = "returnee_recruitment"
    OTHER = "other"


class SizeBand(StrEnum):
    MICRO = "1-9"
    SMALL = "10-49"
    MEDIUM = "50-249"
    LARGE = "250-499"
    VERY_LARGE = "500+"


class Chamber(StrEnum):
    IHK = "ihk"
    HWK = "hwk"
    OTHER = "other"


class EventType(StrEnum):
    INFORMATION_EVENT = "information_event"
    WORKSHOP = "workshop"
    JOB_FAIR = "job_fair"
    NETWORK_MEETING = "network_meeting"
    MAILING = "mailing"
    WEBINAR = "webinar"
    OTHER = "other"


class EventFormat(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"
    WRITTEN = "written"  # mailings, newsletters


class PlacementType(StrEnum):
    JOB = "job"
    TRAINING = "training"
    INTERNSHIP = "internship"


class RecruitingRoute(StrEnum):
    LOCAL = "local"  # the regional labour market
    RETURNEES = "returnees"
    ELSEWHERE_IN_GERMANY = "elsewhere_in_germany"
    EU = "eu"
    SKILLED_IMMIGRATION = "skilled_immigration"  # §§ 18a, 18b, Blue Card
    RECOGNITION_PARTNERSHIP = "recognition_partnership"  # § 16d
    WESTERN_BALKANS = "western_balkans"
    EXPERIENCE_ROUTE = "experience_route"  # § 6 BeschV
    TRAINEES_ABROAD = "trainees_abroad"  # § 16a
    OTHER = "other"


def employer_topic_labels() -> dict[str, str]:
    return {
        "accelerated_procedure": _("accelerated skilled-worker procedure (§ 81a)"),
        "advance_approval": _("advance approval by the employment agency"),
        "western_balkans": _("Western Balkans rule"),
        "recognition_partnership": _("recognition partnership"),
        "adaptation_qualification": _("adaptation qualification (§ 16d)"),
        "experience_route": _("experience route (§ 6 BeschV)"),
        "eu_blue_card": _("EU Blue Card"),
        "trainees_abroad": _("trainees from abroad (§ 16a)"),
        "recruiting_abroad": _("recruiting abroad"),
        "onboarding": _("onboarding"),
        "welcome_culture": _("welcome culture"),
        "german_at_work": _("German at work"),
        "housing": pgettext("employer topic", "housing"),
        "funding": _("funding"),
        "returnee_recruitment": _("recruiting returnees"),
        "other": pgettext("employer topic", "other"),
    }


def size_band_labels() -> dict[str, str]:
    return {
        "1-9": _("1–9 employees"),
        "10-49": _("10–49 employees"),
        "50-249": _("50–249 employees"),
        "250-499": _("250–499 employees"),
        "500+": _("500 or more employees"),
    }


def chamber_labels() -> dict[str, str]:
    return {
        "ihk": _("IHK (chamber of industry and commerce)"),
        "hwk": _("HWK (chamber of crafts)"),
        "other": pgettext("chamber", "other"),
    }


def event_type_labels() -> dict[str, str]:
    return {
        "information_event": _("information event"),
        "workshop": _("workshop"),
        "job_fair": _("job fair"),
        "network_meeting": _("network meeting"),
        "mailing": _("mailing"),
        "webinar": _("webinar"),
        "other": pgettext("event type", "other"),
    }


def event_format_labels() -> dict[str, str]:
    return {
        "in_person": pgettext("event format", "in person"),
        "online": _("online"),
        "hybrid": _("hybrid"),
        "written": _("in writing (letter, e-mail, newsletter)"),
    }


def placement_type_labels() -> dict[str, str]:
    return {
        "job": _("job"),
        "training": _("vocational training"),
        "internship": _("internship"),
    }


def recruiting_route_labels() -> dict[str, str]:
    return {
        "local": _("regional labour market"),
        "returnees": _("returnees"),
        "elsewhere_in_germany": _("elsewhere in Germany"),
        "eu": _("EU/EEA/Switzerland"),
        "skilled_immigration": _("skilled workers from third countries"),
        "recognition_partnership": _("recognition partnership"),
        "western_balkans": _("Western Balkans rule"),
        "experience_route": _("experience route (§ 6 BeschV)"),
        "trainees_abroad": _("trainees from abroad (§ 16a)"),
        "other": pgettext("recruiting route", "other"),
    }


LABELS.update(
    {
        EmployerTopic: employer_topic_labels,
        SizeBand: size_band_labels,
        Chamber: chamber_labels,
        EventType: event_type_labels,
        EventFormat: event_format_labels,
        PlacementType: placement_type_labels,
        RecruitingRoute: recruiting_route_labels,
    }
)
