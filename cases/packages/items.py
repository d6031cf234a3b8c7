"""The checklist's content, item by item: text, source and "last checked" date side by side.

Every item (and every variant of an item, e.g. the driving licence for a Ukrainian licence
under temporary protection) is one `Content`: its texts in the `documents` gettext domain
(English msgids, German and 11 translations in `i18n/*/LC_MESSAGES/documents.po`), the law or
official page it follows (`Source`, German citations printed as they are) and the day someone
last checked the text against that source. `RULES` says for the content page who gets an item
(the code is in `checklist.py`). `SENTENCES` gives the same for the package's other factual
sentences (the data protection information). Facts and sources: `CONTENT-FACTS.md`.

When a law or an amount changes: change the text here, its source, and set `checked` to the
day; the content version changes with it, and the lead signs the new German content off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_currency

from cases.packages.texts import d_
from welcome.i18n import N_, get_locale

CHECKED = date(2026, 12, 1)  # checked against CONTENT-FACTS.md and the sources it names
BROADCASTING_FEE_EUR = 18.36  # per flat and month since 2021 (§ 8 RFinStV)


@dataclass(frozen=True, slots=True)
class Source:
    cite: str  # German citation, printed as it is: "§ 17 (1), § 19 Bundesmeldegesetz (BMG)"
    url: str = ""


@dataclass(frozen=True, slots=True)
class Params:
    """What an item's text may name: the kreisfreie Stadt, a recognition's occupation and
    authority (already isolated for the other direction)."""

    city: str | None = None
    occupation: str = ""
    authority: str = ""


@dataclass(frozen=True, slots=True)
class Text:
    title: str
    what: str
    where: str
    documents: str


@dataclass(frozen=True, slots=True)
class Content:
    key: str  # "code" or "code:variant" (checklist.Entry.key)
    sources: tuple[Source, ...]
    checked: date
    text: Callable[[Params], Text]  # in the current locale (use force_locale)

    @property
    def code(self) -> str:
        return self.key.split(":")[0]

    @property
    def variant(self) -> str:
        return self.key.partition(":")[2]

    @property
    def citation(self) -> str:
        return "; ".join(s.cite for s in self.sources)


def _office(office: str, p: Params) -> str:
    """An office of the district (Landkreis) or, in a kreisfreie Stadt, of the city."""
    if p.city:
        if office == "auslaender":
            return d_("Ausländerbehörde of the city of %(city)s", city=p.city)
        return d_("Fahrerlaubnisbehörde of the city of %(city)s", city=p.city)
    if office == "auslaender":
        return d_("Ausländerbehörde of your district (Landkreis)")
    return d_("Fahrerlaubnisbehörde of your district (Landkreis)")


def _fee() -> str:
    return format_currency(BROADCASTING_FEE_EUR, "EUR", locale=get_locale())


def _residence_title(what: str, documents: str, p: Params) -> Text:
    return Text(
        d_("Residence permit (Aufenthaltstitel)"), what, _office("auslaender", p), documents
    )


def _apply_in_time() -> str:
    return d_(
        "Apply at the Ausländerbehörde before your visa or permit expires. Make an appointment "
        "early."
    )


BMG = Source("§ 17 (1), § 19 Bundesmeldegesetz (BMG)")
AUFENTHG = Source("§§ 4, 81 Aufenthaltsgesetz (AufenthG); Ausländerbehörde")
FEV = Source("§ 29, § 7 Fahrerlaubnis-Verordnung (FeV)")
BQFG = Source(
    "§§ 6, 13 Berufsqualifikationsfeststellungsgesetz (BQFG); § 81a AufenthG; "
    "anerkennung-in-deutschland.de",
    "https://www.anerkennung-in-deutschland.de",
)
ZKG = Source("§ 31 Zahlungskontengesetz (ZKG)")
IFSG = Source("§ 20 (8)–(9) Infektionsschutzgesetz (IfSG)")


def _course(what_access: str) -> Text:
    hours = d_(
        "The general Integrationskurs has %(german)d lessons of German and %(orientation)d of "
        "orientation. Special courses (for example for parents, young adults or literacy) have "
        "up to %(special)d + %(orientation)d lessons, the intensive course %(intensive)d + "
        "%(intensive_orientation)d.",
        german=600,
        orientation=100,
        special=900,
        intensive=400,
        intensive_orientation=30,
    )
    return Text(
        d_("Integration course (Integrationskurs)"),
        f"{hours} {what_access}",
        d_(
            "Ausländerbehörde, Jobcenter or BAMF (admission on application), then a course provider"
        ),
        d_("Passport, residence title if you have one, Meldebescheinigung"),
    )


def _recognition(what: str, where: str, p: Params) -> Text:
    return Text(
        d_(
            "Recognition of your qualification (Anerkennung): %(occupation)s",
            occupation=p.occupation,
        ),
        what,
        where or p.authority,
        d_("Letters from the authority, certificates and their translations"),
    )


def _finder() -> str:
    return d_(
        "Find the authority responsible for your occupation with the Anerkennungs-Finder at "
        "anerkennung-in-deutschland.de. The IQ Netzwerk Sachsen counsels you free of charge. "
        "The fees can be covered by the Anerkennungszuschuss or by an employer."
    )


CONTENT: dict[str, Content] = {
    c.key: c
    for c in (
        Content("registration", (BMG,), CHECKED, lambda p: Text(
            d_("Register your address (Anmeldung)"),
            d_(
                "Register within 2 weeks of moving into a flat, at the Meldebehörde / "
                "Bürgerbüro. You then get a Meldebescheinigung."
            ),
            d_("Meldebehörde / Bürgerbüro of your town or municipality"),
            d_("Passport or ID card, Wohnungsgeberbestätigung from your landlord"),
        )),
        Content("foreigners_authority:general", (AUFENTHG,), CHECKED, lambda p: _residence_title(
            _apply_in_time() + " " + d_("The documents depend on the purpose of your stay."),
            d_("Passport, biometric photo, proof of health insurance, Meldebescheinigung"),
            p,
        )),
        Content("foreigners_authority:study", (AUFENTHG,), CHECKED, lambda p: _residence_title(
            _apply_in_time(),
            d_(
                "Passport, biometric photo, proof of health insurance, Meldebescheinigung, "
                "admission or enrolment, proof of funds"
            ),
            p,
        )),
        Content("foreigners_authority:work", (AUFENTHG,), CHECKED, lambda p: _residence_title(
            _apply_in_time(),
            d_(
                "Passport, biometric photo, proof of health insurance, Meldebescheinigung, "
                "employment contract or job offer"
            ),
            p,
        )),
        Content(
            "foreigners_authority:protection",
            (Source("§ 24 AufenthG; Ukraine-Aufenthaltserlaubnis-Fortgeltungsverordnung"),),
            CHECKED,
            lambda p: _residence_title(
                d_(
                    "The validity of residence permits for temporary protection (§ 24 AufenthG) "
                    "was extended by an ordinance. Ask the Ausländerbehörde for the current "
                    "end date of your permit."
                ),
                d_("Passport, residence permit (§ 24 AufenthG), Meldebescheinigung"),
                p,
            ),
        ),
        Content("tax_id", (Source("§ 139b Abgabenordnung (AO)"),), CHECKED, lambda p: Text(
            d_("Tax ID (Steuer-ID)"),
            d_(
                "The Steuer-ID is assigned once and kept for life. It comes by post a few weeks "
                "after your first Anmeldung in Germany. Give it to your employer."
            ),
            d_("Bundeszentralamt für Steuern (by post)"),
            d_("Keep the letter safe."),
        )),
        Content(
            "health_insurance",
            (Source("§ 5 SGB V; § 193 (3) Versicherungsvertragsgesetz (VVG)"),),
            CHECKED,
            lambda p: Text(
                d_("Health insurance (Krankenkasse)"),
                d_(
                    "Health insurance is compulsory for everyone living in Germany. Employees "
                    "are insured through their job: choose a Krankenkasse and tell your employer."
                ),
                d_("A Krankenkasse of your choice"),
                d_("Passport, employment contract if you have one"),
            ),
        ),
        Content("bank_account", (ZKG,), CHECKED, lambda p: Text(
            d_("Bank account (Girokonto)"),
            d_(
                "You need a bank account for your salary, rent and contracts. Everyone living "
                "in the EU has a right to a basic account (Basiskonto)."
            ),
            d_("A bank or a Sparkasse"),
            d_("Passport, Meldebescheinigung"),
        )),
        Content(
            "broadcasting_fee",
            (
                Source(
                    "§§ 2, 4 Rundfunkbeitragsstaatsvertrag (RBStV); rundfunkbeitrag.de",
                    "https://www.rundfunkbeitrag.de",
                ),
            ),
            CHECKED,
            lambda p: Text(
                d_("Broadcasting fee (Rundfunkbeitrag)"),
                d_(
                    "The Rundfunkbeitrag is paid per flat, every month (%(amount)s a month), by "
                    "one person for everyone living there. Register only if nobody in your flat "
                    "pays it yet. If you receive Bürgergeld, social assistance, benefits under "
                    "the AsylbLG or BAföG, you can apply for an exemption.",
                    amount=_fee(),
                ),
                d_("ARD ZDF Deutschlandradio Beitragsservice (rundfunkbeitrag.de)"),
                d_("Meldebescheinigung; for an exemption: your benefit notice (Bescheid)"),
            ),
        ),
        Content(
            "childcare", (Source("§ 24 (2) SGB VIII"), IFSG), CHECKED, lambda p: Text(
                d_("Childcare (Kita or Kindertagespflege)"),
                d_(
                    "From their first birthday, children have a right to early education in a "
                    "Kita or with a childminder (Kindertagespflege). Register your child early. "
                    "Proof of measles protection is required."
                ),
                d_("Town hall (Jugendamt), the Kita or a childminder of your choice"),
                d_("Birth certificate, Meldebescheinigung, proof of measles protection"),
            ),
        ),
        Content(
            "school",
            (Source("§ 26 Sächsisches Schulgesetz (SächsSchulG)"), IFSG),
            CHECKED,
            lambda p: Text(
                d_("School (Schule)"),
                d_(
                    "School attendance is compulsory in Saxony. Register your child at a school "
                    "soon. Proof of measles protection is required at enrolment."
                ),
                d_("The nearest school or the Landesamt für Schule und Bildung (LaSuB)"),
                d_(
                    "Birth certificate, Meldebescheinigung, proof of measles protection, last "
                    "school reports"
                ),
            ),
        ),
        Content(
            "child_benefit",
            (Source("§§ 62 ff. Einkommensteuergesetz (EStG)"),),
            CHECKED,
            lambda p: Text(
                d_("Child benefit (Kindergeld)"),
                d_(
                    "Apply for Kindergeld at the Familienkasse. Who is entitled depends on the "
                    "residence status; we help you check."
                ),
                d_("Familienkasse of the Bundesagentur für Arbeit"),
                d_("Birth certificates, Steuer-IDs of parent and child, residence title"),
            ),
        ),
        Content(
            "integration_course:entitlement",
            (Source("§§ 43–44a AufenthG; Integrationskursverordnung (IntV); bamf.de"),),
            CHECKED,
            lambda p: _course(
                d_(
                    "You can take part if the Ausländerbehörde or the Jobcenter entitles or "
                    "obliges you. Otherwise you can apply to the BAMF for admission, granted as "
                    "places allow. Ask us how to apply."
                )
            ),
        ),
        Content(
            "integration_course:admission",
            (Source("§ 44 (4) AufenthG; Integrationskursverordnung (IntV); bamf.de"),),
            CHECKED,
            lambda p: _course(
                d_(
                    "You can apply to the BAMF for admission; it is granted as places allow. "
                    "Ask us how to apply."
                )
            ),
        ),
        Content("driving_licence:third_country", (FEV,), CHECKED, lambda p: Text(
            d_("Driving licence (Führerschein)"),
            d_(
                "A driving licence from outside the EU and the EEA is valid for 6 months after "
                "you take up residence in Germany. On application, this can be extended by up "
                "to 6 months if you stay no longer than 12 months. Then it must be converted "
                "(Umschreibung)."
            ),
            _office("fahrerlaubnis", p),
            d_("Driving licence with translation, passport, biometric photo, eye test"),
        )),
        Content(
            "driving_licence:protection",
            (Source("Verordnung (EU) 2022/1280; § 29 FeV"),),
            CHECKED,
            lambda p: Text(
                d_("Driving licence (Führerschein)"),
                d_(
                    "Your Ukrainian driving licence is recognised in Germany for as long as your "
                    "temporary protection lasts. You do not need to convert it."
                ),
                d_("Nothing to do; carry your licence when you drive"),
                d_("Ukrainian driving licence, residence permit (§ 24 AufenthG)"),
            ),
        ),
        Content("recognition:preparing", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + _finder(),
            d_("anerkennung-in-deutschland.de; IQ Netzwerk Sachsen"),
            p,
        )),
        Content("recognition:applied", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + d_(
                "Wait for the confirmation of receipt. The authority must confirm it within "
                "1 month and tell you if documents are missing."
            ),
            "",
            p,
        )),
        Content("recognition:waiting_on_person", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + d_(
                "Send the documents the authority asked for. The time for the decision starts "
                "only when your documents are complete."
            ),
            "",
            p,
        )),
        Content("recognition:in_review", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + d_(
                "Your documents are complete. The authority decides within 3 months (2 months "
                "in the accelerated procedure for skilled workers). If no decision has come by "
                "then, please contact us."
            ),
            "",
            p,
        )),
        Content("recognition:decided_full", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + d_(
                "Your qualification is recognised in full. Keep the notice and show copies to "
                "employers."
            ),
            "",
            p,
        )),
        Content("recognition:decided_compensation", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + d_(
                "The notice names the differences to the German qualification. Ask us about "
                "a compensation measure or an adaptation qualification."
            ),
            "",
            p,
        )),
        Content("recognition:decided_partial_access", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + d_(
                "You may work in part of the occupation. Ask us about the next steps."
            ),
            "",
            p,
        )),
        Content("recognition:decided_negative", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + d_(
                "Your qualification was not recognised. Ask us or the IQ Netzwerk Sachsen about "
                "other ways, for example a related occupation."
            ),
            d_("IQ Netzwerk Sachsen"),
            p,
        )),
        Content("recognition:decided_other", (BQFG,), CHECKED, lambda p: _recognition(
            d_("Next step:") + " " + d_("Please contact us to plan the next step."),
            "",
            p,
        )),
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sentence:
    key: str
    sources: tuple[Source, ...]
    checked: date


# the package's factual sentences outside the checklist
SENTENCES: tuple[Sentence, ...] = (
    Sentence(
        "privacy",
        (Source("Art. 13 DSGVO (GDPR); Löschkonzept des Zentrums (DATA-PROTECTION.md)"),),
        CHECKED,
    ),
)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    who: str  # UI text (messages domain, N_): translate with _() where shown


RULES: tuple[Rule, ...] = (
    Rule("registration", N_("Everyone; deadline 2 weeks after arrival")),
    Rule(
        "foreigners_authority",
        N_(
            "Third-country nationals; documents by residence status (study, work, other); "
            "temporary protection (Ukraine, humanitarian status): ask for the end date"
        ),
    ),
    Rule("tax_id", N_("First-time residents only (not returnees, not movers within Germany)")),
    Rule("health_insurance", N_("Everyone")),
    Rule("bank_account", N_("Everyone coming from abroad")),
    Rule("broadcasting_fee", N_("Everyone")),
    Rule("childcare", N_("Families (family situation or children counted)")),
    Rule("school", N_("Families (family situation or children counted)")),
    Rule("child_benefit", N_("Families coming from abroad")),
    Rule(
        "integration_course",
        N_(
            "Non-Germans below B1: third-country nationals (entitlement or admission), EU "
            "citizens (admission on application)"
        ),
    ),
    Rule(
        "driving_licence",
        N_(
            "By the country that issued the licence (as entered, else the previous residence): "
            "EU/EEA nothing to do; Ukrainian licence under temporary protection recognised; "
            "other countries 6 months from arrival, then conversion"
        ),
    ),
    Rule(
        "recognition",
        N_(
            "Each open recognition procedure, next step by status: preparing, applied, "
            "documents requested, in review, decided"
        ),
    ),
)


def content_of(key: str) -> Content:
    return CONTENT[key]


def last_checked(keys: tuple[str, ...] | None = None) -> date:
    """The newest "last checked" date of the given items (all items and sentences if None):
    the package's "Stand"."""
    dates = [CONTENT[k].checked for k in (keys if keys is not None else tuple(CONTENT))]
    dates += [s.checked for s in SENTENCES]
    return max(dates)
