"""The persons area's codes (DOMAIN.md), each member with its translated label."""

from __future__ import annotations

from welcome.i18n import _l, _lp
from welcome.labels import Code


class ClientGroup(Code):
    RETURNEE = "returnee", _l("Returnee")
    DOMESTIC_MOVER = "domestic_mover", _l("Mover from elsewhere in Germany")
    EU_IMMIGRANT = "eu_immigrant", _l("Immigrant from the EU/EEA/Switzerland")
    THIRD_COUNTRY_IMMIGRANT = "third_country_immigrant", _l("Immigrant from a third country")
    PROSPECT_ABROAD = "prospect_abroad", _l("Prospect still living abroad")
    FAMILY_MEMBER = "family_member", _l("Accompanying family member")


class Gender(Code):
    FEMALE = "female", _l("female")
    MALE = "male", _l("male")
    DIVERSE = "diverse", _l("diverse")
    NOT_STATED = "not_stated", _l("not stated")


class ResidenceStatus(Code):
    EU_FREE_MOVEMENT = "eu_free_movement", _l("EU free movement")
    STUDY_TRAINING = "study_training", _l("Study or training (§§ 16a, 16b, 17)")
    RECOGNITION = "recognition", _l("Recognition (§ 16d)")
    SKILLED_WORKER = "skilled_worker", _l("Skilled worker (§§ 18a, 18b, Blue Card § 18g)")
    OTHER_EMPLOYMENT = "other_employment", _l("Other employment (§ 19c, Western Balkans rule)")
    JOB_SEARCH = "job_search", _l("Job search (§ 20, Opportunity Card)")
    HUMANITARIAN = "humanitarian", _l("Humanitarian (§§ 24, 25)")
    SETTLEMENT = "settlement", _l("Settlement permit (§§ 9, 9a)")
    GERMAN_CITIZEN = "german_citizen", _l("German citizen")
    OTHER = "other", _lp("residence status", "other")
    UNKNOWN = "unknown", _lp("residence status", "unknown")


class GermanLevel(Code):
    NONE = "none", _lp("German level", "none")
    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"
    C1 = "c1", "C1"
    C2 = "c2", "C2"
    NATIVE = "native", _l("native speaker")


class QualificationLevel(Code):
    NONE = "none", _lp("qualification", "no formal qualification")
    VOCATIONAL = "vocational", _l("vocational training")
    ADVANCED_VOCATIONAL = (
        "advanced_vocational",
        _l("advanced vocational (master craftsman, technician)"),
    )
    BACHELOR = "bachelor", _l("bachelor")
    MASTER = "master", _l("master or diploma")
    DOCTORATE = "doctorate", _l("doctorate")
    UNKNOWN = "unknown", _lp("qualification", "unknown")


class FamilySituation(Code):
    SINGLE = "single", _l("single")
    COUPLE = "couple", _l("couple without children")
    FAMILY_WITH_CHILDREN = "family_with_children", _l("family with children")
    SINGLE_PARENT = "single_parent", _l("single parent")
    NOT_STATED = "not_stated", _lp("family situation", "not stated")


# ISO 3166-2:DE, for the previous residence of domestic movers
GERMAN_STATES = (
    "DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV",
    "DE-NI", "DE-NW", "DE-RP", "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH",
)  # fmt: skip
