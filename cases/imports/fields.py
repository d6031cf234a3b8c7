"""What a sheet's columns can be: the fields of each import kind, with the header names in
German and English that suggest them, and how a cell becomes the input model's value.

A field's `target` is the name in its part's input model (PersonIn, CaseIn, ContactIn,
EmployerIn, ConsultationIn), so each row goes through the same rules as the forms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cases.counselling.codes import Channel, ContactTopic, ReferralSource
from cases.employers.codes import Chamber, EmployerTopic, EventFormat, EventType, SizeBand
from cases.imports import values
from cases.imports.reading import Cell
from cases.persons import matching
from cases.persons.codes import (
    ClientGroup,
    FamilySituation,
    Gender,
    GermanLevel,
    QualificationLevel,
    ResidenceStatus,
)
from welcome.i18n import N_
from welcome.labels import Code

_CONVERT: dict[str, Callable[[Cell], str | None]] = {
    "day": values.day,
    "whole": values.whole,
    "year": values.year,
}
KEY = "row_key"  # the column naming a row for good (a client number): not a field of a model


@dataclass(frozen=True, slots=True)
class ImportField:
    name: str  # unique within the kind
    part: str  # person, case, contact, employer, consultation
    target: str  # the input model's field
    label: str  # N_(...): translated where shown
    headers: tuple[str, ...] = ()  # header names that suggest this field (German, English)
    value: str = "text"  # text, day, whole, year, code, codes, country, countries, language
    code: type[Code] | None = None
    synonyms: str | None = None  # key of values.SYNONYMS

    @property
    def mapped_values(self) -> bool:
        """Free text mapped to codes (the lead confirms each distinct value)."""
        return self.value in ("code", "codes", "country", "countries", "language")

    @property
    def many(self) -> bool:
        return self.value in ("codes", "countries")

    def cell(self, cell: Cell) -> str | None:
        """The cell as the model's input (a date as YYYY-MM-DD, a whole number as digits)."""
        return _CONVERT.get(self.value, values.text)(cell)

    def suggest(self, raw: str) -> str | None:
        """The code a free-text value most likely means (None: no guess)."""
        if self.value in ("country", "countries"):
            return values.suggest_country(raw)
        if self.value == "language":
            return values.suggest_language(raw)
        if self.code is not None:
            synonyms = values.SYNONYMS.get(self.synonyms or "")
            return values.suggest_code(self.code, raw, synonyms)
        return None


@dataclass(frozen=True, slots=True)
class Kind:
    name: str  # persons, employers
    label: str  # N_(...)
    fields: tuple[ImportField, ...]
    key_headers: tuple[str, ...] = ()
    # fields one of which a row needs for its part to be written (the others are defaults)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def field(self, name: str) -> ImportField | None:
        return next((f for f in self.fields if f.name == name), None)

    def header_names(self) -> frozenset[str]:
        names = {matching.normalise(h) for f in self.fields for h in f.headers}
        return frozenset(names | {matching.normalise(h) for h in self.key_headers})

    def suggest_columns(self, headers: tuple[str, ...]) -> dict[int, str]:
        """Column index -> field name (or KEY) for the headers it recognises; each field once.
        An exact header name first, then a known name contained in the header."""
        known: list[tuple[str, str]] = [
            (matching.normalise(h), f.name) for f in self.fields for h in f.headers
        ] + [(matching.normalise(h), KEY) for h in self.key_headers]
        found: dict[int, str] = {}
        taken: set[str] = set()
        for exact in (True, False):
            for index, header in enumerate(headers):
                if index in found:
                    continue
                wanted = matching.normalise(header)
                for name_form, name in known:
                    hit = (
                        wanted == name_form
                        if exact
                        else len(name_form) >= 5 and name_form in wanted
                    )
                    if hit and name not in taken:
                        found[index] = name
                        taken.add(name)
                        break
        return found


def _f(name: str, part: str, label: str, *headers: str, **kw: object) -> ImportField:
    target = str(kw.pop("target", name))
    return ImportField(name, part, target, label, headers, **kw)  # type: ignore[arg-type]


PERSONS = Kind(
    name="persons",
    label=N_("Persons (with a case and a first contact)"),
    key_headers=("ID", "Nr.", "Lfd. Nr.", "Kundennummer", "Klientennummer", "Klienten-ID",
                 "Fallnummer", "Client ID", "External ID", "Reference"),
    fields=(
        _f("first_name", "person", N_("First name"), "Vorname", "Vornamen", "Rufname",
           "First name", "Firstname", "Given name"),
        _f("last_name", "person", N_("Last name"), "Nachname", "Familienname", "Name",
           "Last name", "Surname", "Family name"),
        _f("client_group", "person", N_("Client group"), "Zielgruppe", "Kundengruppe",
           "Klientengruppe", "Gruppe", "Personengruppe", "Client group", "Target group",
           value="code", code=ClientGroup, synonyms="client_group"),
        _f("birth_year", "person", N_("Birth year"), "Geb.-Jahr", "Geburtsjahr", "Jahrgang",
           "Geburtsdatum", "Geb.-Datum", "Birth year", "Year of birth", "Date of birth",
           value="year"),
        _f("gender", "person", N_("Gender"), "Geschlecht", "Anrede", "Gender", "Sex",
           value="code", code=Gender, synonyms="gender"),
        _f("nationalities", "person", N_("Nationalities"), "Staatsangehörigkeit",
           "Staatsangehörigkeiten", "Nationalität", "Staatsbürgerschaft", "Nationality",
           "Citizenship", value="countries"),
        _f("previous_residence_country", "person", N_("Previous residence (country)"),
           "Herkunftsland", "Herkunft", "Land vorher", "Vorheriger Wohnort (Land)",
           "Country of origin", "Previous residence", value="country"),
        _f("municipality", "person", N_("Current municipality"), "Wohnort", "Gemeinde", "Ort",
           "Municipality", "City", "Town"),
        _f("arrived_on", "person", N_("Arrival date"), "Zuzug am", "Zuzugsdatum", "Ankunft",
           "Einreise", "Einreisedatum", "Arrival", "Arrived on", "Arrival date", value="day"),
        _f("preferred_language", "person", N_("Preferred language"), "Sprache",
           "Muttersprache", "Bevorzugte Sprache", "Language", "Preferred language",
           value="language"),
        _f("residence_status", "person", N_("Residence status"), "Aufenthaltsstatus",
           "Aufenthaltstitel", "Residence status", "Residence permit", value="code",
           code=ResidenceStatus),
        _f("german_level", "person", N_("German level"), "Deutschkenntnisse", "Deutschniveau",
           "Sprachniveau", "German level", "German", value="code", code=GermanLevel),
        _f("qualification_level", "person", N_("Qualification level"), "Qualifikation",
           "Abschluss", "Berufsabschluss", "Bildungsabschluss", "Qualification",
           value="code", code=QualificationLevel),
        _f("occupation_title", "person", N_("Occupation"), "Beruf", "Berufsbezeichnung",
           "Occupation", "Profession"),
        _f("family_situation", "person", N_("Family situation"), "Familienstand",
           "Familiensituation", "Family situation", "Marital status", value="code",
           code=FamilySituation),
        _f("children_count", "person", N_("Number of children"), "Kinder", "Anzahl Kinder",
           "Children", "Number of children", value="whole"),
        _f("opened_on", "case", N_("Case opened on"), "Datum Erstberatung", "Erstberatung",
           "Erstberatung am", "Fallbeginn", "Beginn", "Erstkontakt", "Aufnahme",
           "Opened on", "Case opened", "First consultation", value="day"),
        _f("referral_source", "case", N_("Referral source"), "Zugangsweg", "Wie erfahren",
           "Vermittelt durch", "Quelle", "Referral source", "Referred by", value="code",
           code=ReferralSource),
        _f("contact_date", "contact", N_("Contact date"), "Kontaktdatum", "Datum Kontakt",
           "Beratungsdatum", "Datum", "Contact date", "Date", target="date", value="day"),
        _f("duration_minutes", "contact", N_("Duration (minutes)"), "Dauer", "Dauer (Min.)",
           "Dauer in Minuten", "Minuten", "Duration", "Minutes", value="whole"),
        _f("channel", "contact", N_("Channel"), "Kontaktart", "Kanal", "Beratungsform",
           "Kontaktweg", "Channel", "Contact channel", value="code", code=Channel,
           synonyms="channel"),
        _f("topics", "contact", N_("Topics"), "Themen", "Thema", "Beratungsthemen",
           "Beratungsinhalt", "Topics", "Topic", value="codes", code=ContactTopic),
        _f("contact_language", "contact", N_("Counselling language"), "Beratungssprache",
           "Counselling language", target="language", value="language"),
    ),
)  # fmt: skip

EMPLOYERS = Kind(
    name="employers",
    label=N_("Employers (with a consultation)"),
    key_headers=("ID", "Nr.", "Lfd. Nr.", "Firmennummer", "Kundennummer", "External ID"),
    fields=(
        _f("name", "employer", N_("Company name"), "Firma", "Unternehmen", "Firmenname",
           "Arbeitgeber", "Name", "Company", "Employer", "Company name"),
        _f("sector_code", "employer", N_("Sector (WZ code)"), "WZ", "WZ-Code", "Branche (WZ)",
           "Wirtschaftszweig", "Sector", "Sector code"),
        _f("size_band", "employer", N_("Size"), "Größe", "Betriebsgröße", "Mitarbeiter",
           "Beschäftigte", "Size", "Employees", value="code", code=SizeBand),
        _f("chamber", "employer", N_("Chamber"), "Kammer", "Chamber", value="code",
           code=Chamber),
        _f("municipality", "employer", N_("Municipality"), "Ort", "Sitz", "Gemeinde",
           "Municipality", "City"),
        _f("address", "employer", N_("Address"), "Adresse", "Anschrift", "Straße",
           "Address"),
        _f("consultation_date", "consultation", N_("Consultation date"), "Beratungsdatum",
           "Datum Beratung", "Datum", "Consultation date", "Date", target="date",
           value="day"),
        _f("duration_minutes", "consultation", N_("Duration (minutes)"), "Dauer",
           "Dauer (Min.)", "Minuten", "Duration", value="whole"),
        _f("channel", "consultation", N_("Channel"), "Kontaktart", "Kanal", "Beratungsform",
           "Channel", value="code", code=Channel, synonyms="channel"),
        _f("topics", "consultation", N_("Topics"), "Themen", "Thema", "Topics",
           value="codes", code=EmployerTopic),
    ),
)  # fmt: skip

# the names a persons sheet gives its client number (its row key): a contacts sheet naming
# the same number finds the person that sheet imported
CLIENT_NUMBER = ("Klientennummer", "Kundennummer", "Klienten-ID", "Klienten-Nr.", "Fallnummer",
                 "Lfd. Nr.", "Nr.", "ID", "Client ID", "Client number", "External ID",
                 "Reference")  # fmt: skip

CONTACTS = Kind(
    name="contacts",
    label=N_("Contacts of persons already in welcome"),
    fields=(
        _f("person_ref", "ref", N_("Client number"), *CLIENT_NUMBER),
        _f("welcome_id", "ref", N_("Person number in welcome"), "Welcome-ID", "Personen-ID",
           "Person ID", "Welcome ID", value="whole"),
        _f("first_name", "ref", N_("First name"), "Vorname", "Vornamen", "First name",
           "Given name"),
        _f("last_name", "ref", N_("Last name"), "Nachname", "Familienname", "Name",
           "Last name", "Surname"),
        _f("birth_year", "ref", N_("Birth year"), "Geb.-Jahr", "Geburtsjahr", "Jahrgang",
           "Geburtsdatum", "Birth year", "Date of birth", value="year"),
        _f("contact_date", "contact", N_("Contact date"), "Kontaktdatum", "Datum Kontakt",
           "Beratungsdatum", "Datum", "Contact date", "Date", target="date", value="day"),
        _f("duration_minutes", "contact", N_("Duration (minutes)"), "Dauer", "Dauer (Min.)",
           "Dauer in Minuten", "Minuten", "Duration", "Minutes", value="whole"),
        _f("channel", "contact", N_("Channel"), "Kontaktart", "Kanal", "Beratungsform",
           "Kontaktweg", "Channel", "Contact channel", value="code", code=Channel,
           synonyms="channel"),
        _f("topics", "contact", N_("Topics"), "Themen", "Thema", "Beratungsthemen",
           "Beratungsinhalt", "Topics", "Topic", value="codes", code=ContactTopic),
        _f("contact_language", "contact", N_("Counselling language"), "Beratungssprache",
           "Sprache", "Counselling language", "Language", target="language",
           value="language"),
        _f("notes", "contact", N_("Notes"), "Notizen", "Bemerkungen", "Anmerkungen", "Notes",
           "Comments"),
    ),
)  # fmt: skip

EVENTS = Kind(
    name="events",
    label=N_("Outreach events"),
    key_headers=("ID", "Nr.", "Lfd. Nr.", "Veranstaltungsnummer", "External ID"),
    fields=(
        _f("date", "event", N_("Date"), "Datum", "Termin", "Veranstaltungsdatum", "Date",
           "Event date", value="day"),
        _f("type", "event", N_("Type"), "Art", "Typ", "Veranstaltungsart", "Format der "
           "Veranstaltung", "Type", "Event type", value="code", code=EventType,
           synonyms="event_type"),
        _f("title", "event", N_("Title"), "Titel", "Veranstaltung", "Thema", "Bezeichnung",
           "Title", "Event", "Name"),
        _f("format", "event", N_("Format"), "Durchführung", "Präsenz/Online", "Format",
           value="code", code=EventFormat, synonyms="event_format"),
        _f("partners", "event", N_("Partners"), "Partner", "Kooperationspartner",
           "Partners"),
        _f("anonymous_companies", "event", N_("Companies reached (not named)"),
           "Unternehmen erreicht", "Anzahl Unternehmen", "Firmen", "Companies reached",
           "Companies", value="whole"),
        _f("persons_reached", "event", N_("Persons reached"), "Teilnehmende",
           "Teilnehmer", "Anzahl Personen", "Personen erreicht", "Participants",
           "Persons reached", value="whole"),
        _f("notes", "event", N_("Notes"), "Notizen", "Bemerkungen", "Anmerkungen", "Notes"),
    ),
)  # fmt: skip

KINDS: dict[str, Kind] = {k.name: k for k in (PERSONS, CONTACTS, EMPLOYERS, EVENTS)}
