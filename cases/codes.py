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
