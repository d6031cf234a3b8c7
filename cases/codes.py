"""The snake_case codes of DOMAIN.md and API.md, with their translated labels.

One place for every enumeration the domain packages share (persons, cases, contacts,
recognition, employers, reports). Labels are functions so they follow the current locale.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from cases.employers.codes import Chamber as Chamber
from cases.employers.codes import EmployerTopic as EmployerTopic  # moved: import from there
from cases.employers.codes import EventFormat as EventFormat
from cases.employers.codes import EventType as EventType
from cases.employers.codes import PlacementType as PlacementType
from cases.employers.codes import RecruitingRoute as RecruitingRoute
from cases.employers.codes import SizeBand as SizeBand
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
from cases.recognition.codes import (
    Authority as Authority,
)
from cases.recognition.codes import (
    CompensationMeasure as CompensationMeasure,
)
from cases.recognition.codes import (
    FeePayer as FeePayer,
)
from cases.recognition.codes import (
    LegalBasis as LegalBasis,
)
from cases.recognition.codes import (
    RecognitionDecision as RecognitionDecision,
)
from cases.recognition.codes import (
    RecognitionDocumentKind as RecognitionDocumentKind,
)
from cases.recognition.codes import (
    RecognitionStatus as RecognitionStatus,
)
from cases.recognition.codes import (
    SuspensionReason as SuspensionReason,
)
from welcome.i18n import _, pgettext

client_group_labels = ClientGroup.labels
gender_labels = Gender.labels
residence_status_labels = ResidenceStatus.labels
german_level_labels = GermanLevel.labels
qualification_level_labels = QualificationLevel.labels
family_situation_labels = FamilySituation.labels


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ReferralSource(StrEnum):
    SELF = "self"
    FAMILY_FRIENDS = "family_friends"
    EMPLOYER = "employer"
    EMPLOYMENT_AGENCY = "employment_agency"
    JOB_CENTRE = "job_centre"
    FOREIGNERS_AUTHORITY = "foreigners_authority"
    IQ_NETWORK = "iq_network"
    MIGRATION_COUNSELLING = "migration_counselling"
    CHAMBER = "chamber"
    INTERNET_SOCIAL_MEDIA = "internet_social_media"
    EVENT = "event"
    OTHER = "other"


class ClosureReason(StrEnum):
    GOAL_REACHED = "goal_reached"
    REFERRED_ON = "referred_on"
    NO_FURTHER_NEED = "no_further_need"
    LOST_CONTACT = "lost_contact"
    MOVED_AWAY = "moved_away"
    CONSENT_WITHDRAWN = "consent_withdrawn"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    EMAIL = "email"
    VIDEO = "video"
    OUTREACH = "outreach"
    MESSENGER = "messenger"
    EVENT = "event"


class ContactTopic(StrEnum):
    JOB_SEARCH = "job_search"
    TRAINING_STUDY = "training_study"
    RECOGNITION = "recognition"
    ENTRY_RESIDENCE = "entry_residence"
    GERMAN_COURSES = "german_courses"
    HOUSING = "housing"
    CHILDCARE_SCHOOL = "childcare_school"
    PARTNER_FAMILY = "partner_family"
    REGISTRATION_FORMS = "registration_forms"
    INSURANCE_BANK_FEES = "insurance_bank_fees"
    MOBILITY_DRIVING_LICENCE = "mobility_driving_licence"
    LEISURE_CLUBS = "leisure_clubs"
    LABOUR_RIGHTS = "labour_rights"
    OTHER = "other"


class ReferralPartner(StrEnum):
    IQ_RECOGNITION_COUNSELLING = "iq_recognition_counselling"  # IQ / IBAS
    MIGRATION_COUNSELLING = "migration_counselling"  # MBE / JMD
    FOREIGNERS_AUTHORITY = "foreigners_authority"
    EMPLOYMENT_AGENCY = "employment_agency"
    JOB_CENTRE = "job_centre"
    IHK = "ihk"
    HWK = "hwk"
    RECOGNITION_AUTHORITY = "recognition_authority"
    LANGUAGE_COURSE_PROVIDER = "language_course_provider"
    MUNICIPALITY = "municipality"
    EMPLOYER = "employer"
    OTHER = "other"


class OutcomeType(StrEnum):
    JOB_TAKEN_UP = "job_taken_up"
    TRAINING_STARTED = "training_started"
    MOVED_INTO_REGION = "moved_into_region"
    RETURN_COMPLETED = "return_completed"
    RECOGNITION_OBTAINED = "recognition_obtained"
    LANGUAGE_COURSE_STARTED = "language_course_started"
    REFERRED_ON = "referred_on"
    DECIDED_AGAINST_MOVING = "decided_against_moving"
    LOST_CONTACT = "lost_contact"


class ConsentPurpose(StrEnum):
    CASE_FILE = "case_file"
    SHARE_WITH_PARTNERS = "share_with_partners"
    SHARE_WITH_EMPLOYER = "share_with_employer"
    SPECIAL_CATEGORIES = "special_categories"  # Art. 9 GDPR
    FOLLOW_UP_CONTACT = "follow_up_contact"


def case_status_labels() -> dict[str, str]:
    return {"open": pgettext("case", "open"), "closed": pgettext("case", "closed")}


def referral_source_labels() -> dict[str, str]:
    return {
        "self": _("on their own"),
        "family_friends": _("family or friends"),
        "employer": pgettext("referral source", "employer"),
        "employment_agency": pgettext("referral source", "employment agency"),
        "job_centre": pgettext("referral source", "job centre"),
        "foreigners_authority": pgettext("referral source", "foreigners' authority"),
        "iq_network": _("IQ network"),
        "migration_counselling": pgettext("referral source", "migration counselling"),
        "chamber": _("chamber (IHK/HWK)"),
        "internet_social_media": _("internet or social media"),
        "event": pgettext("referral source", "event"),
        "other": pgettext("referral source", "other"),
    }


def closure_reason_labels() -> dict[str, str]:
    return {
        "goal_reached": _("goal reached"),
        "referred_on": pgettext("closure", "referred on"),
        "no_further_need": _("no further need"),
        "lost_contact": pgettext("closure", "contact lost"),
        "moved_away": _("moved away"),
        "consent_withdrawn": _("consent withdrawn"),
    }


def channel_labels() -> dict[str, str]:
    return {
        "in_person": _("in person"),
        "phone": _("phone"),
        "email": _("e-mail"),
        "video": _("video"),
        "outreach": _("outreach"),
        "messenger": _("messenger"),
        "event": _("at an event"),
    }


def contact_topic_labels() -> dict[str, str]:
    return {
        "job_search": _("job search"),
        "training_study": _("training or study"),
        "recognition": _("recognition of qualifications"),
        "entry_residence": _("entry and residence"),
        "german_courses": _("German courses"),
        "housing": _("housing"),
        "childcare_school": _("childcare and school"),
        "partner_family": _("partner and family"),
        "registration_forms": _("registration and forms"),
        "insurance_bank_fees": _("insurance, bank, fees"),
        "mobility_driving_licence": _("mobility, driving licence"),
        "leisure_clubs": _("leisure and clubs"),
        "labour_rights": _("labour rights"),
        "other": pgettext("topic", "other"),
    }


def referral_partner_labels() -> dict[str, str]:
    return {
        "iq_recognition_counselling": _("IQ recognition counselling (IBAS)"),
        "migration_counselling": _("migration counselling (MBE/JMD)"),
        "foreigners_authority": _("foreigners' authority"),
        "employment_agency": _("employment agency"),
        "job_centre": _("job centre"),
        "ihk": "IHK",
        "hwk": "HWK",
        "recognition_authority": _("recognition authority"),
        "language_course_provider": _("language course provider"),
        "municipality": _("municipality"),
        "employer": _("employer"),
        "other": pgettext("partner", "other"),
    }


def outcome_type_labels() -> dict[str, str]:
    return {
        "job_taken_up": _("job taken up"),
        "training_started": _("training started"),
        "moved_into_region": _("moved into the region"),
        "return_completed": _("return completed"),
        "recognition_obtained": _("recognition obtained"),
        "language_course_started": _("language course started"),
        "referred_on": pgettext("outcome", "referred on"),
        "decided_against_moving": _("decided against moving"),
        "lost_contact": pgettext("outcome", "contact lost"),
    }


def consent_purpose_labels() -> dict[str, str]:
    return {
        "case_file": _("keeping a case file"),
        "share_with_partners": _("passing data to partners"),
        "share_with_employer": _("passing data to an employer"),
        "special_categories": _("special categories of data (Art. 9 GDPR)"),
        "follow_up_contact": _("follow-up contact"),
    }


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


# --- recognition procedures (issue 4): moved to cases/recognition/codes.py -----------------

authority_labels = Authority.labels
legal_basis_labels = LegalBasis.labels
recognition_decision_labels = RecognitionDecision.labels
compensation_measure_labels = CompensationMeasure.labels
recognition_status_labels = RecognitionStatus.labels
fee_payer_labels = FeePayer.labels
suspension_reason_labels = SuspensionReason.labels
recognition_document_kind_labels = RecognitionDocumentKind.labels

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


# --- employers, outreach events, placements (issue 5): moved to cases/employers/codes.py ---

employer_topic_labels = EmployerTopic.labels
size_band_labels = SizeBand.labels
chamber_labels = Chamber.labels
event_type_labels = EventType.labels
event_format_labels = EventFormat.labels
placement_type_labels = PlacementType.labels
recruiting_route_labels = RecruitingRoute.labels

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
