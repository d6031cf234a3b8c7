"""What a centre changes in its packages' checklist: items switched off, and its own items
(German text with source and "last checked" date; translations optional and printed as not
reviewed). Kept by the centre's lead on the content page. Keyword-only functions; they flush,
never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from cases.packages.checklist import Profile
from cases.packages.models import CentreItem, PackageItemSetting
from cases.packages.schemas import CentreItemIn, ItemSwitchIn
from welcome.db import actor_of, fetch
from welcome.errors import Forbidden, NotFound
from welcome.i18n import N_, _

AUDIENCES: dict[str, str] = {
    "everyone": N_("Everyone"),
    "from_abroad": N_("Everyone coming from abroad"),
    "third_country": N_("Third-country nationals"),
    "families": N_("Families"),
}


@dataclass(frozen=True, slots=True)
class OwnItem:
    """A centre's own item, as plain values for the package context."""

    id: int
    who: str
    title: str
    what: str
    where: str
    documents: str
    source: str
    checked_on: date
    translations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @property
    def key(self) -> str:
        return f"centre:{self.id}"

    def translation(self, lang: str) -> dict[str, str]:
        return dict(dict(self.translations).get(lang, ()))


def applies(who: str, profile: Profile) -> bool:
    if who == "from_abroad":
        return not profile.from_germany
    if who == "third_country":
        return profile.third_country
    if who == "families":
        return profile.family
    return True


def switched_off(db: Session) -> set[str]:
    """The codes of the items the (acting user's) centre has switched off."""
    rows = db.scalars(select(PackageItemSetting).where(col(PackageItemSetting.enabled).is_(False)))
    return {row.code for row in rows}


def _owner(db: Session) -> int:
    owner = getattr(actor_of(db), "centre_id", None)
    if owner is None:
        raise Forbidden(_("Local contacts belong to a centre: sign in as the centre's lead."))
    return int(owner)


def switch(db: Session, *, data: ItemSwitchIn) -> PackageItemSetting:
    """Switch an item on or off for the centre."""
    found = db.scalars(
        select(PackageItemSetting).where(col(PackageItemSetting.code) == data.code)
    ).first()
    setting = found or PackageItemSetting(centre_id=_owner(db), code=data.code)
    setting.enabled = data.enabled
    db.add(setting)
    db.flush()
    return setting


def list_own(db: Session, *, active_only: bool = False) -> list[CentreItem]:
    query = select(CentreItem).order_by(col(CentreItem.position), col(CentreItem.id))
    if active_only:
        query = query.where(col(CentreItem.active).is_(True))
    return list(db.scalars(query))


def create(db: Session, *, data: CentreItemIn) -> CentreItem:
    item = CentreItem(
        centre_id=_owner(db),
        who=data.who,
        title=data.title,
        what=data.what,
        where=data.where or "",
        documents=data.documents or "",
        source=data.source,
        checked_on=data.checked_on,
        position=data.position or 0,
        translations=data.translations,
    )
    db.add(item)
    db.flush()
    return item


def remove(db: Session, *, item_id: int) -> CentreItem:
    """Switch a centre's own item off (it stays in the audit trail)."""
    item = fetch(db, CentreItem, item_id)
    if item is None:
        raise NotFound(_("No such checklist item."))
    item.active = False
    db.add(item)
    db.flush()
    return item


def facts(db: Session) -> tuple[set[str], tuple[OwnItem, ...]]:
    """What the package of the acting centre needs: switched-off codes, active own items."""
    own = tuple(
        OwnItem(
            id=item.id or 0,
            who=item.who,
            title=item.title,
            what=item.what,
            where=item.where,
            documents=item.documents,
            source=item.source,
            checked_on=item.checked_on,
            translations=tuple(
                (lang, tuple(sorted(text.items())))
                for lang, text in sorted((item.translations or {}).items())
            ),
        )
        for item in list_own(db, active_only=True)
    )
    return switched_off(db), own
