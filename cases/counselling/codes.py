"""The counselling area's codes (DOMAIN.md): cases, contacts, referrals, outcomes, consents.
Each member carries its translated label."""

from __future__ import annotations

from welcome.i18n import _l, _lp
from welcome.labels import Code


class CaseStatus(Code):
    OPEN = "open", _lp("case", "open")
    CLOSED = "closed", _lp("case", "closed")


class ReferralSource(Code):
    SELF = "self", _l("on their own")
    FAMILY_FRIENDS = "family_friends", _l("family or friends")
    EMPLOYER = "employer", _lp("referral source", "employer")
    EMPLOYMENT_AGENCY = "employment_agency", _lp("referral source", "employment agency")
    JOB_CENTRE = "job_centre", _lp("referral source", "job centre")
    FOREIGNERS_AUTHORITY = "foreigners_authority", _lp("referral source", "foreigners' authority")
    IQ_NETWORK = "iq_network", _l("IQ network")
    MIGRATION_COUNSELLING = "migration_counselling", _lp("referral source", "migration counselling")
    CHAMBER = "chamber", _l("chamber (IHK/HWK)")
    INTERNET_SOCIAL_MEDIA = "internet_social_media", _l("internet or social media")
    EVENT = "event", _lp("referral source", "event")
    OTHER = "other", _lp("referral source", "other")


class ClosureReason(Code):
    GOAL_REACHED = "goal_reached", _l("goal reached")
    REFERRED_ON = "referred_on", _lp("closure", "referred on")
    NO_FURTHER_NEED = "no_further_need", _l("no further need")
    LOST_CONTACT = "lost_contact", _lp("closure", "contact lost")
    MOVED_AWAY = "moved_away", _l("moved away")
    CONSENT_WITHDRAWN = "consent_withdrawn", _l("consent withdrawn")


class Channel(Code):
    IN_PERSON = "in_person", _l("in person")
    PHONE = "phone", _l("phone")
    EMAIL = "email", _l("e-mail")
    VIDEO = "video", _l("video")
    OUTREACH = "outreach", _l("outreach")
    MESSENGER = "messenger", _l("messenger")
    EVENT = "event", _l("at an event")


class ContactTopic(Code):
    JOB_SEARCH = "job_search", _l("job search")
    TRAINING_STUDY = "training_study", _l("training or study")
    RECOGNITION = "recognition", _l("recognition of qualifications")
    ENTRY_RESIDENCE = "entry_residence", _l("entry and residence")
    GERMAN_COURSES = "german_courses", _l("German courses")
    HOUSING = "housing", _l("housing")
    CHILDCARE_SCHOOL = "childcare_school", _l("childcare and school")
    PARTNER_FAMILY = "partner_family", _l("partner and family")
    REGISTRATION_FORMS = "registration_forms", _l("registration and forms")
    INSURANCE_BANK_FEES = "insurance_bank_fees", _l("insurance, bank, fees")
    MOBILITY_DRIVING_LICENCE = "mobility_driving_licence", _l("mobility, driving licence")
    LEISURE_CLUBS = "leisure_clubs", _l("leisure and clubs")
    LABOUR_RIGHTS = "labour_rights", _l("labour rights")
    OTHER = "other", _lp("topic", "other")


class ReferralPartner(Code):
    IQ_RECOGNITION_COUNSELLING = (  # IQ / IBAS
        "iq_recognition_counselling",
        _l("IQ recognition counselling (IBAS)"),
    )
    MIGRATION_COUNSELLING = (
        "migration_counselling",
        _l("migration counselling (MBE/JMD)"),
    )  # MBE / JMD
    FOREIGNERS_AUTHORITY = "foreigners_authority", _l("foreigners' authority")
    EMPLOYMENT_AGENCY = "employment_agency", _l("employment agency")
    JOB_CENTRE = "job_centre", _l("job centre")
    IHK = "ihk", "IHK"
    HWK = "hwk", "HWK"
    RECOGNITION_AUTHORITY = "recognition_authority", _l("recognition authority")
    LANGUAGE_COURSE_PROVIDER = "language_course_provider", _l("language course provider")
    MUNICIPALITY = "municipality", _l("municipality")
    EMPLOYER = "employer", _l("employer")
    OTHER = "other", _lp("partner", "other")


class OutcomeType(Code):
    JOB_TAKEN_UP = "job_taken_up", _l("job taken up")
    TRAINING_STARTED = "training_started", _l("training started")
    MOVED_INTO_REGION = "moved_into_region", _l("moved into the region")
    RETURN_COMPLETED = "return_completed", _l("return completed")
    RECOGNITION_OBTAINED = "recognition_obtained", _l("recognition obtained")
    LANGUAGE_COURSE_STARTED = "language_course_started", _l("language course started")
    REFERRED_ON = "referred_on", _lp("outcome", "referred on")
    DECIDED_AGAINST_MOVING = "decided_against_moving", _l("decided against moving")
    LOST_CONTACT = "lost_contact", _lp("outcome", "contact lost")


class ConsentPurpose(Code):
    CASE_FILE = "case_file", _l("keeping a case file")
    SHARE_WITH_PARTNERS = "share_with_partners", _l("passing data to partners")
    SHARE_WITH_EMPLOYER = "share_with_employer", _l("passing data to an employer")
    SPECIAL_CATEGORIES = "special_categories", _l("special categories of data (Art. 9 GDPR)")
    FOLLOW_UP_CONTACT = "follow_up_contact", _l("follow-up contact")
