"""The content page's data: every checklist item with its rule, variants, German text,
source and "last checked" date; sign-offs of a content version (German content by the lead,
translations reviewed by a native speaker). Keyword-only functions; they flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from cases.packages import items, render
from cases.packages.languages import GERMAN, LANGUAGES
from cases.packages.models import PackageSignoff
from cases.packages.schemas import SignoffIn
from welcome.accounts.models import User
from welcome.errors import FieldErrors
from welcome.i18n import _, force_locale


@dataclass(frozen=True, slots=True)
class Variant:
    key: str
    title: str
    what: str
    where: str
    documents: str
    source: str
    checked: date


@dataclass(frozen=True, slots=True)
class Row:
    code: str
    rule: str  # who gets it (UI language)
    variants: tuple[Variant, ...]


def rows() -> list[Row]:
    """Every item of the registry, in the order of the rules, with its German texts."""
    found = []
    with force_locale(GERMAN.catalog):
        sample = items.Params(occupation="…", authority="…")
        german = {key: (content, content.text(sample)) for key, content in items.CONTENT.items()}
    for rule in items.RULES:
        variants = tuple(
            Variant(key, t.title, t.what, t.where, t.documents, c.citation, c.checked)
            for key, (c, t) in german.items()
            if c.code == rule.code
        )
        found.append(Row(rule.code, _(rule.who), variants))
    return found


def versions() -> dict[str, str]:
    """The current content version per document language (German: the German content)."""
    shared = render.shared_stamp()  # the templates' walk once, not per language
    return {code: render.content_version(lang, shared) for code, lang in LANGUAGES.items()}


def list_signoffs(db: Session) -> list[PackageSignoff]:
    return list(
        db.scalars(
            select(PackageSignoff).order_by(
                col(PackageSignoff.signed_at).desc(), col(PackageSignoff.id).desc()
            )
        )
    )


def current(db: Session) -> dict[str, PackageSignoff]:
    """Language → the centre's sign-off of that language's current content version."""
    now = versions()
    found: dict[str, PackageSignoff] = {}
    for signoff in list_signoffs(db):
        if now.get(signoff.language) == signoff.content_version:
            found.setdefault(signoff.language, signoff)
    return found


def sign_off(db: Session, *, data: SignoffIn, user: User) -> PackageSignoff:
    """Record a sign-off of the version the lead saw; a version that has changed since the
    page was shown is refused (the lead must look at the new content first)."""
    now = render.content_version(LANGUAGES[data.language])
    if data.version != now:
        raise FieldErrors(
            {
                "version": _(
                    "The content has changed since you opened this page. Please check it again."
                )
            }
        )
    if data.language != GERMAN.code and not data.reviewer:
        raise FieldErrors({"reviewer": _("Please name the native speaker who reviewed it.")})
    assert user.centre_id is not None
    signoff = PackageSignoff(
        centre_id=user.centre_id,
        language=data.language,
        content_version=now,
        signed_by_id=user.id,
        reviewer=data.reviewer or "",
        note=data.note or "",
    )
    db.add(signoff)
    db.flush()
    return signoff
