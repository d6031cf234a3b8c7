"""Administration in the browser and the API: users (invite, role, deactivate, reset), one-time
links, the user's own password, sessions and API tokens, and centres.

Who may do what: an admin manages every user and centre; a lead the counsellors and leads of
their own centre (the centre scope shows a lead only those users; the rules below refuse a
role above lead and another centre). Keyword-only functions; they flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from welcome import passwords, security
from welcome.accounts import service
from welcome.accounts.models import AccountLink, ApiToken, Centre, LoginSession, User
from welcome.accounts.schemas import (
    CentreIn,
    ChangePasswordIn,
    InviteIn,
    NewPasswordIn,
    TokenIn,
    UserChangeIn,
)
from welcome.audit import AuditEntry
from welcome.db import LOGIN, actor_of, fetch, runs_as, utcnow
from welcome.errors import Conflict, FieldErrors, NotFound
from welcome.i18n import _
from welcome.roles import NEEDS_CENTRE, Role

INVITATION_HOURS = 72
RESET_HOURS = 24
MAX_TOKEN_DAYS = service.MAX_TOKEN_DAYS - 1  # a date: through its last day
MAX_LOGO_BYTES = 1024 * 1024


def _manager(db: Session) -> tuple[int | None, int | None, str]:
    actor = actor_of(db)
    assert actor is not None
    return actor.user_id, actor.centre_id, actor.role


def _check_role(db: Session, role: str, centre_id: int | None) -> dict[str, str]:
    _uid, own_centre, my_role = _manager(db)
    errors: dict[str, str] = {}
    if my_role != Role.ADMIN:
        if role not in (Role.COUNSELLOR, Role.LEAD):
            errors["role"] = _("A centre lead can give the roles counsellor and lead only.")
        if centre_id is not None and centre_id != own_centre:
            errors["centre_id"] = _("A centre lead can add users to their own centre only.")
    elif Role(role) in NEEDS_CENTRE and centre_id is None:
        errors["centre_id"] = _("Counsellors and leads must belong to a centre.")
    return errors


def _link(db: Session, *, user: User, kind: str, hours: int) -> str:
    """A new one-time link for the user (older unused links of the kind stop working)."""
    assert user.id is not None
    for old in db.scalars(
        select(AccountLink).where(
            col(AccountLink.user_id) == user.id, col(AccountLink.used_at).is_(None)
        )
    ):
        old.used_at = utcnow()
    token = security.new_token()
    db.add(
        AccountLink(
            user_id=user.id,
            kind=kind,
            token_hash=security.token_hash(token),
            expires_at=utcnow() + timedelta(hours=hours),
            created_by=_manager(db)[0],
        )
    )
    db.flush()
    return f"/account/{token}"


@dataclass(frozen=True, slots=True)
class Invited:
    user: User
    url: str  # the one-time link's path; shown once


def invite(db: Session, *, data: InviteIn) -> Invited:
    """A new user without a password and the one-time link to set one (72 hours)."""
    _uid, own_centre, my_role = _manager(db)
    centre_id = data.centre_id if my_role == Role.ADMIN else (data.centre_id or own_centre)
    if Role(data.role) not in NEEDS_CENTRE and my_role == Role.ADMIN:
        centre_id = data.centre_id
    errors = _check_role(db, data.role, centre_id)
    if centre_id is not None and db.get(Centre, centre_id) is None:
        errors["centre_id"] = _("There is no such centre.")
    if errors:
        raise FieldErrors(errors)
    email = data.email.lower()
    if db.scalars(select(col(User.id)).where(col(User.email) == email)).first() is not None:
        raise FieldErrors({"email": _("A user with this e-mail address exists already.")})
    user = User(
        email=email,
        display_name=data.name or email.split("@")[0],
        password_hash=security.hash_password(security.new_token()),  # unusable until set
        role=data.role,
        centre_id=centre_id,
    )
    db.add(user)
    db.flush()
    return Invited(user, _link(db, user=user, kind="invitation", hours=INVITATION_HOURS))


def get_user(db: Session, *, user_id: int) -> User:
    found = fetch(db, User, user_id)  # a lead sees the users of their centre only
    if found is None:
        raise NotFound()
    return found


def _active_admins(db: Session) -> int:
    query = (
        select(func.count())
        .select_from(User)
        .where(col(User.role) == Role.ADMIN, col(User.active).is_(True))
    )
    return db.scalar(query) or 0


def update_user(db: Session, *, user: User, data: UserChangeIn) -> User:
    """Role, name, active. Deactivating ends the user's sessions and tokens at once."""
    my_id, _centre, my_role = _manager(db)
    role = data.role or user.role
    errors = _check_role(db, role, user.centre_id)
    if my_role != Role.ADMIN and user.role not in (Role.COUNSELLOR, Role.LEAD):
        errors["role"] = _("A centre lead can give the roles counsellor and lead only.")
    was_admin = user.role == Role.ADMIN and user.active
    stays_admin = role == Role.ADMIN and (data.active if data.active is not None else user.active)
    if was_admin and not stays_admin and _active_admins(db) <= 1:
        errors["active"] = _("The last administrator cannot be deactivated.")
    if data.active is False and user.id == my_id:
        errors["active"] = _("You cannot deactivate yourself.")
    if errors:
        raise FieldErrors(errors)
    user.role = role
    if data.name is not None:
        user.display_name = data.name
    if data.active is not None and data.active != user.active:
        user.active = data.active
        if not data.active:
            assert user.id is not None
            service.revoke_sessions(db, user_id=user.id)
            for token in db.scalars(
                select(ApiToken).where(
                    col(ApiToken.user_id) == user.id, col(ApiToken.revoked_at).is_(None)
                )
            ):
                token.revoked_at = utcnow()
    db.flush()
    return user


def reset(db: Session, *, user: User) -> str:
    """A one-time link to set a new password (the old one works until the link is used)."""
    if not user.active:
        raise Conflict(_("The user is deactivated."))
    return _link(db, user=user, kind="reset", hours=RESET_HOURS)


def last_logins(db: Session, *, user_ids: list[int]) -> dict[int, datetime]:
    """When each user last logged in (from the audit log)."""
    if not user_ids:
        return {}
    query = (
        select(col(AuditEntry.entity_id), func.max(col(AuditEntry.at)))
        .where(
            col(AuditEntry.action) == "login",
            col(AuditEntry.entity) == "users",
            col(AuditEntry.entity_id).in_(user_ids),
        )
        .group_by(col(AuditEntry.entity_id))
    )
    return {uid: at for uid, at in db.execute(query) if uid is not None}


# --- one-time links -------------------------------------------------------------------------


@runs_as(LOGIN)
def open_link(db: Session, *, token: str) -> tuple[AccountLink, User]:
    """The live link and its user; NotFound when the link is unknown, used or expired."""
    found = db.execute(
        select(AccountLink, User)
        .join(User, col(User.id) == col(AccountLink.user_id))
        .where(col(AccountLink.token_hash) == security.token_hash(token))
    ).first()
    if found is None:
        raise NotFound()
    link, user = found
    if link.used_at is not None or link.expires_at <= utcnow() or not user.active:
        raise NotFound()
    return link, user


@runs_as(LOGIN)
def use_link(db: Session, *, token: str, data: NewPasswordIn) -> User:
    """Set the password through a link (once); every other session of the user ends."""
    link, user = open_link(db, token=token)
    _set_password(db, user=user, password=data.password)
    link.used_at = utcnow()
    db.flush()
    return user


def _set_password(db: Session, *, user: User, password: str) -> None:
    refused = passwords.problem(password, email=user.email, name=user.display_name)
    if refused is not None:
        raise FieldErrors({"password": refused})
    assert user.id is not None
    user.password_hash = security.hash_password(password)
    service.revoke_sessions(db, user_id=user.id)


def change_password(
    db: Session, *, user: User, login: LoginSession, data: ChangePasswordIn
) -> User:
    """The user's own password: the current one first; other sessions end, this one stays."""
    if not security.verify_password(data.current, user.password_hash):
        raise FieldErrors({"current": _("The current password is wrong.")})
    _set_password(db, user=user, password=data.password)
    login.revoked_at = None
    db.flush()
    return user


# --- the user's sessions and tokens ---------------------------------------------------------


def list_sessions(db: Session, *, user: User) -> list[LoginSession]:
    now = utcnow()
    return list(
        db.scalars(
            select(LoginSession)
            .where(
                col(LoginSession.user_id) == user.id,
                col(LoginSession.revoked_at).is_(None),
                col(LoginSession.expires_at) > now,
            )
            .order_by(col(LoginSession.last_seen_at).desc())
        )
    )


def end_session(db: Session, *, user: User, session_id: int) -> None:
    login = db.get(LoginSession, session_id)
    if login is None or login.user_id != user.id:
        raise NotFound()
    login.revoked_at = utcnow()
    db.flush()


def list_tokens(db: Session, *, user: User) -> list[ApiToken]:
    return list(
        db.scalars(
            select(ApiToken).where(col(ApiToken.user_id) == user.id).order_by(col(ApiToken.id))
        )
    )


def create_token(db: Session, *, user: User, data: TokenIn) -> tuple[ApiToken, str]:
    today = utcnow().date()
    expires = data.expires_on or today + timedelta(days=service.TOKEN_DAYS)
    if not today < expires <= today + timedelta(days=MAX_TOKEN_DAYS):
        raise FieldErrors(
            {"expires_on": _("Choose a date within the next %(n)d days.", n=MAX_TOKEN_DAYS)}
        )
    # valid through the whole of its last day (UTC)
    until = datetime.combine(expires + timedelta(days=1), time.min, tzinfo=UTC)
    token = service.create_token(db, user=user, label=data.label, expires_at=until)
    made = db.scalars(
        select(ApiToken).where(col(ApiToken.token_hash) == security.token_hash(token))
    ).one()
    return made, token


def revoke_token(db: Session, *, user: User, token_id: int) -> ApiToken:
    token = db.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    token.revoked_at = token.revoked_at or utcnow()
    db.flush()
    return token


def token_state(token: ApiToken, today: date | None = None) -> str:
    today = today or utcnow().date()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_on < today:
        return "expired"
    return "active"


# --- centres (admins) -----------------------------------------------------------------------


def create_centre(db: Session, *, data: CentreIn) -> Centre:
    centre = service.create_centre(db, name=data.name, region=data.region)
    return update_centre(db, centre=centre, data=data)


def update_centre(db: Session, *, centre: Centre, data: CentreIn) -> Centre:
    other = service.get_centre_by_name(db, name=data.name)
    if other is not None and other.id != centre.id:
        raise FieldErrors({"name": _("A centre with this name exists already.")})
    for name in ("name", "region", "address", "email", "phone", "controller",
                 "data_protection_officer", "public_task", "active"):  # fmt: skip
        setattr(centre, name, getattr(data, name))
    db.flush()
    return centre


def set_logo(db: Session, *, centre: Centre, content: bytes) -> Centre:
    """The centre's logo: a PNG or JPEG image (recognised by its bytes) of at most 1 MB."""
    if len(content) > MAX_LOGO_BYTES:
        raise FieldErrors({"logo": _("The file is larger than %(n)d MB.", n=1)})
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "image/png"
    elif content.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    else:
        raise FieldErrors({"logo": _("A logo is a PNG or JPEG image.")})
    centre.logo, centre.logo_type = content, kind
    db.flush()
    return centre
