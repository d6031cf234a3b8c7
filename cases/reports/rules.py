"""The counting rules in plain words (the "Zählregeln" page): one explanation per indicator
and the rules that hold for every figure. Kept beside the code that counts, so a rule that
changes is explained in the same change."""

from __future__ import annotations

from cases.reports import ptable
from welcome.i18n import _


def indicator_rules() -> dict[str, str]:
    return {
        "persons_counselled": _(
            "Everyone with at least one counselling contact in the period. A person is counted "
            "once, however many contacts there were. Anonymous enquiries are not persons."
        ),
        "persons_from_germany": _(
            "Persons counselled whose previous residence was in Germany (returnees and people "
            "moving from elsewhere in Germany). Where no previous residence is recorded, the "
            "client group decides."
        ),
        "persons_from_abroad": _(
            "Persons counselled whose previous residence was abroad (immigrants, prospects "
            "abroad, returnees from abroad). Family members without a recorded previous "
            "residence are in neither group."
        ),
        "returnees": _(
            "Persons counselled of the client group returnees, whether they came back from "
            "abroad or from elsewhere in Germany. They are also in one of the two lines above."
        ),
        "new_cases": _(
            "Cases opened in the period. A case opened earlier that has a contact in the period "
            "counts as a person counselled, not as a new case."
        ),
        "contacts": _(
            "All counselling contacts in the period, including anonymous enquiries. Every "
            "contact counts, also several with the same person."
        ),
        "anonymous_enquiries": _(
            "Quick enquiries without a name in the period. They count as contacts, never as "
            "persons."
        ),
        "companies_counselled": _(
            "Different companies with at least one employer consultation in the period, each "
            "counted once."
        ),
        "companies_made_aware": _(
            "Different named companies reached by events in the period, each counted once, "
            "plus the companies reached without a name (for example by a mailing)."
        ),
        "employer_consultations": _("All consultations of employers in the period."),
        "events": _("Events held in the period, mailings included."),
        "welcome_packages_issued": _(
            "Welcome packages handed out in the period (by the day of issue in German time)."
        ),
        "recognitions_new": _(
            "Recognition procedures supported whose application was made in the period."
        ),
        "recognitions_decided": _("Recognition procedures decided in the period."),
        "recognitions_overdue": _(
            "Procedures decided in the period after the decision deadline, plus procedures "
            "still undecided at the end of the period whose deadline had already passed."
        ),
    }


def general_rules() -> list[tuple[str, str]]:
    return [
        (
            _("Periods"),
            _(
                "A report covers a quarter, a year or any range of days. The column "
                "“year to date” always runs from 1 January up to the end of the period."
            ),
        ),
        (
            _("Targets and achievement"),
            _(
                "The lead enters the yearly targets agreed with the funder. Achievement is the "
                "year-to-date figure as a percentage of the yearly target."
            ),
        ),
        (
            _("Breakdowns"),
            _(
                "Breakdowns of persons count each person counselled once. A person with "
                "several nationalities counts under the first. Topics are multiple answers: "
                "their total is not a number of persons or contacts. Nationalities show the "
                "ten most frequent and “other”."
            ),
        ),
        (
            _("Recognition"),
            _(
                "Processing time is the median number of days from complete documents to the "
                "decision, for procedures decided in the period. Open procedures are counted "
                "by their status at the end of the period."
            ),
        ),
        (
            _("Small numbers"),
            _(
                "Everything that leaves the centre — the report page, the statistics across "
                "centres, every download, the API, submissions and their corrections — is "
                "protected by the cell key method, as used by the German statistical offices "
                "for the 2022 census: every figure, totals included, is changed by a small "
                "random amount of at most %(d)d up or down, and no figure is ever shown as 1 "
                "or 2 (a true 1 or 2 appears as 0 or as 3 and more; a true 0 stays 0, except "
                "that now and then an empty cell appears as 3 or 4). The "
                "change is decided by the records counted: the same persons, contacts or "
                "companies always give the same figure, in every report, period, download and "
                "version, so asking again gives nothing new, and combining reports does not "
                "reveal small numbers. Differences "
                "between reports (a quarter against the year to date, one day more, one "
                "centre against all, a correction against the first version) are therefore "
                "not exact either. Totals are protected on their own, so the cells of a table "
                "need not add up exactly to its total.",
                d=ptable.MAX_DEVIATION,
            ),
        ),
        (
            _("What protected figures can be relied on"),
            _(
                "Each protected figure lies within %(d)d of the exact count. A 0 means no more "
                "than %(d)d; a figure of %(sure)d or more means at least one. The changes are "
                "unbiased except for the rare empty cell shown as 3 or 4, so sums and averages "
                "over many figures stay right on average, and the same "
                "figure always comes out the same. Not to be relied on: that cells add up to "
                "their total, that a difference between two reports is the exact number of "
                "what was added, or any single small figure.",
                d=ptable.MAX_DEVIATION,
                sure=ptable.MAX_DEVIATION + 1,
            ),
        ),
        (
            _("Exact figures"),
            _(
                "Only the lead of a centre sees the centre's exact figures, and only by "
                "choosing “Exact figures, for internal use only”. They must not leave the "
                "centre."
            ),
        ),
        (
            _("Provisional figures"),
            _(
                "A period that has not ended yet is marked “provisional”. Its deadline "
                "figures count a deadline as passed only up to the data date, not up to the "
                "end of the period."
            ),
        ),
        (
            _("Submission"),
            _(
                "When the lead submits a quarter, the figures and the PDF are stored exactly as "
                "sent. Later entries change the live figures but not what was sent; the report "
                "page then shows both and the difference, and the lead can send a correction "
                "as a new version."
            ),
        ),
    ]
