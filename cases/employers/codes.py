"""The employers area's codes (DOMAIN.md, API.md), each member with its translated label."""

from __future__ import annotations

from welcome.i18n import _l, _lp
from welcome.labels import Code


class EmployerTopic(Code):
    """Topics of a consultation of a company."""

    ACCELERATED_PROCEDURE = (  # § 81a AufenthG
        "accelerated_procedure",
        _l("accelerated skilled-worker procedure (§ 81a)"),
    )
    # Vorabzustimmung of the employment agency
    ADVANCE_APPROVAL = "advance_approval", _l("advance approval by the employment agency")
    WESTERN_BALKANS = "western_balkans", _l("Western Balkans rule")  # § 26 Abs. 2 BeschV
    RECOGNITION_PARTNERSHIP = "recognition_partnership", _l("recognition partnership")  # § 16d (3)
    ADAPTATION_QUALIFICATION = (  # § 16d Abs. 1
        "adaptation_qualification",
        _l("adaptation qualification (§ 16d)"),
    )
    EXPERIENCE_ROUTE = "experience_route", _l("experience route (§ 6 BeschV)")
    EU_BLUE_CARD = "eu_blue_card", _l("EU Blue Card")
    TRAINEES_ABROAD = "trainees_abroad", _l("trainees from abroad (§ 16a)")
    RECRUITING_ABROAD = "recruiting_abroad", _l("recruiting abroad")
    ONBOARDING = "onboarding", _l("onboarding")
    WELCOME_CULTURE = "welcome_culture", _l("welcome culture")
    GERMAN_AT_WORK = "german_at_work", _l("German at work")
    HOUSING = "housing", _lp("employer topic", "housing")
    FUNDING = "funding", _l("funding")
    RETURNEE_RECRUITMENT = "returnee_recruitment", _l("recruiting returnees")
    OTHER = "other", _lp("employer topic", "other")


class SizeBand(Code):
    MICRO = "1-9", _l("1–9 employees")
    SMALL = "10-49", _l("10–49 employees")
    MEDIUM = "50-249", _l("50–249 employees")
    LARGE = "250-499", _l("250–499 employees")
    VERY_LARGE = "500+", _l("500 or more employees")


class Chamber(Code):
    IHK = "ihk", _l("IHK (chamber of industry and commerce)")
    HWK = "hwk", _l("HWK (chamber of crafts)")
    OTHER = "other", _lp("chamber", "other")


class EventType(Code):
    INFORMATION_EVENT = "information_event", _l("information event")
    WORKSHOP = "workshop", _l("workshop")
    JOB_FAIR = "job_fair", _l("job fair")
    NETWORK_MEETING = "network_meeting", _l("network meeting")
    MAILING = "mailing", _l("mailing")
    WEBINAR = "webinar", _l("webinar")
    OTHER = "other", _lp("event type", "other")


class EventFormat(Code):
    IN_PERSON = "in_person", _lp("event format", "in person")
    ONLINE = "online", _l("online")
    HYBRID = "hybrid", _l("hybrid")
    WRITTEN = "written", _l("in writing (letter, e-mail, newsletter)")  # mailings, newsletters


class PlacementType(Code):
    JOB = "job", _l("job")
    TRAINING = "training", _l("vocational training")
    INTERNSHIP = "internship", _l("internship")


class RecruitingRoute(Code):
    LOCAL = "local", _l("regional labour market")  # the regional labour market
    RETURNEES = "returnees", _l("returnees")
    ELSEWHERE_IN_GERMANY = "elsewhere_in_germany", _l("elsewhere in Germany")
    EU = "eu", _l("EU/EEA/Switzerland")
    SKILLED_IMMIGRATION = (  # §§ 18a, 18b, Blue Card
        "skilled_immigration",
        _l("skilled workers from third countries"),
    )
    RECOGNITION_PARTNERSHIP = "recognition_partnership", _l("recognition partnership")  # § 16d
    WESTERN_BALKANS = "western_balkans", _l("Western Balkans rule")
    EXPERIENCE_ROUTE = "experience_route", _l("experience route (§ 6 BeschV)")  # § 6 BeschV
    TRAINEES_ABROAD = "trainees_abroad", _l("trainees from abroad (§ 16a)")  # § 16a
    OTHER = "other", _lp("recruiting route", "other")
