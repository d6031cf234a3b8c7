"""Accounts: centres, users, login with throttling, login sessions, API tokens.

Keyword-only functions; they flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from welcome import passwords, security
from welcome.accounts.models import (
    ApiToken,
    Centre,
    LoginFailure,
    LoginSession,
    User,
)
from welcome.accounts.schemas import SettingsIn
from welcome.audit import AuditAction, record
from welcome.config import Settings
from welcome.db import LOGIN, runs_as, utcnow
from welcome.errors import Conflict, FieldErrors
from welcome.i18n import UI_LOCALES, _
from welcome.roles import NEEDS_CENTRE, Role

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
API_TOKEN_PREFIX = "wlc_"
TOKEN_DAYS = 90  # how long an API token is valid unless `create_token` is told otherwise
MAX_TOKEN_DAYS = 366


# --- centres --------------------------------------------------------------------------------


def create_centre(session: Session, *, name: str, region: str | None = None) -> Centre:
    name = name.strip()
    if not name:
        raise FieldErrors({"name": _("Please enter a name.")})
    if session.scalars(select(Centre).where(func.lower(col(Centre.name)) == name.lower())).first():
        raise FieldErrors({"name": _("A centre with this name exists already.")})
    centre = Centre(name=name, region=(region or "").strip() or None)
    session.add(centre)
    session.flush()
    return centre


def get_centre_by_name(session: Session, *, name: str) -> Centre | None:
    return session.scalars(
        select(Centre).where(func.lower(col(Centre.name)) == name.lower())
    ).first()


def list_centres(session: Session) -> list[Centre]:
    return list(session.scalars(select(Centre).order_by(Centre.name)))


# --- users ----------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: str,
    centre_id: int | None = None,
    display_name: str = "",
    locale: str | None = None,
) -> User:
    errors: dict[str, str] = {}
    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors["email"] = _("Please enter a valid e-mail address.")
    if role not in {r.value for r in Role}:
        errors["role"] = _("Unknown role %(role)s.", role=role)
    elif Role(role) in NEEDS_CENTRE and centre_id is None:
        errors["centre"] = _("Counsellors and leads must belong to a centre.")
    refused = passwords.problem(password, email=email, name=display_name)
    if refused is not None:
        errors["password"] = refused
    if locale is not None and locale not in UI_LOCALES:
        errors["locale"] = _("Unknown language %(code)s.", code=locale)
    if errors:
        raise FieldErrors(errors)
    if session.scalars(select(col(User.id)).where(col(User.email) == email)).first() is not None:
        raise Conflict(_("A user with this e-mail address exists already."))
    user = User(
        email=email,
        password_hash=security.hash_password(password),
        role=role,
        centre_id=centre_id,
        display_name=display_name.strip() or email.split("@")[0],
        locale=locale,
    )
    session.add(user)
    session.flush()
    return user


def get_user_by_email(session: Session, *, email: str) -> User | None:
    return session.scalars(select(User).where(col(User.email) == normalise_email(email))).first()


def list_users(session: Session) -> list[User]:
    """The users the session's actor may see (the centre scope applies)."""
    return list(session.scalars(select(User).order_by(User.email)))


def update(session: Session, *, user: User, data: SettingsIn) -> User:
    """The user's own settings (the interface language)."""
    user.locale = data.locale
    user.date_style = data.date_style
    session.flush()
    return user


# --- login with throttling ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoginResult:
    user: User | None
    throttled: bool = False
    locked_until: datetime | None = None  # when a throttled login may be tried again


def _lifts_at(
    session: Session, where: Any, *, limit: int, since: datetime, window: timedelta
) -> datetime | None:
    """When the failures matching `where` within the window drop below `limit` again (None:
    they are below it now)."""
    times = list(
        session.scalars(
            select(col(LoginFailure.at))
            .where(where, col(LoginFailure.at) >= since)
            .order_by(col(LoginFailure.at).desc())
            .limit(limit)
        )
    )
    if len(times) < limit:
        return None
    return times[-1] + window  # the oldest of the last `limit` ages out: below the limit


def locked_until(
    session: Session, *, settings: Settings, email: str, address: str
) -> datetime | None:
    """The throttle, by account and address together: `login_max_failures` wrong passwords
    for an account lock it from that address only (an attacker elsewhere cannot lock the real
    user out of her own address); `login_max_failures_per_address` failures for any accounts
    lock the address. Throttled attempts do not count (they are in the audit log), so a lock
    lifts at the time shown."""
    window = timedelta(minutes=settings.login_window_minutes)
    since = utcnow() - window
    pair = (col(LoginFailure.email) == email) & (col(LoginFailure.address) == address)
    lifts = [
        _lifts_at(session, pair, limit=settings.login_max_failures, since=since, window=window),
        _lifts_at(
            session,
            col(LoginFailure.address) == address,
            limit=settings.login_max_failures_per_address,
            since=since,
            window=window,
        ),
    ]
    found = [t for t in lifts if t is not None]
    return max(found) if found else None


@runs_as(LOGIN)
def authenticate(
    session: Session, *, settings: Settings, email: str, password: str, address: str
) -> LoginResult:
    """Check a login. Unknown account and wrong password look the same from outside; both,
    and throttled attempts, are in the audit log with the address and the e-mail typed."""
    email = normalise_email(email)[:254]
    until = locked_until(session, settings=settings, email=email, address=address)
    if until is not None:
        known = get_user_by_email(session, email=email)
        record(
            session,
            action=AuditAction.LOGIN_THROTTLED,
            entity="users",
            entity_id=known.id if known else None,
            centre_id=known.centre_id if known else None,
            changes={"email": email},
        )
        return LoginResult(user=None, throttled=True, locked_until=until)

    user = get_user_by_email(session, email=email)
    if user is None or not user.active:
        security.burn_password_check(password)
        ok = False
    else:
        ok = security.verify_password(password, user.password_hash)
    if not ok:
        session.add(LoginFailure(email=email, address=address, at=utcnow()))
        record(
            session,
            action=AuditAction.LOGIN_FAILED,
            entity="users",
            entity_id=user.id if user else None,
            centre_id=user.centre_id if user else None,
            changes={"email": email},
        )
        session.flush()
        return LoginResult(user=None)
    session.execute(delete(LoginFailure).where(col(LoginFailure.email) == email))
    return LoginResult(user=user)


# --- login sessions -------------------------------------------------------------------------


@runs_as(LOGIN)
def start_session(
    session: Session, *, settings: Settings, user: User, address: str | None
) -> tuple[str, LoginSession]:
    """A new login session; returns the cookie token (only its hash is stored)."""
    assert user.id is not None
    token = security.new_token()
    now = utcnow()
    login = LoginSession(
        token_hash=security.token_hash(token),
        csrf_token=security.new_token(),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=settings.session_hours),
        address=address,
    )
    session.add(login)
    session.flush()
    record(
        session,
        action=AuditAction.LOGIN,
        entity="users",
        entity_id=user.id,
        user_id=user.id,
        centre_id=user.centre_id,
    )
    return token, login


@runs_as(LOGIN)
def resolve_session(
    session: Session, *, settings: Settings, token: str | None
) -> tuple[LoginSession, User] | None:
    """The live login session and user for a cookie token, or None (expired, revoked…)."""
    if not token:
        return None
    found = session.execute(
        select(LoginSession, User)
        .join(User, col(User.id) == col(LoginSession.user_id))
        .where(col(LoginSession.token_hash) == security.token_hash(token))
    ).first()
    if found is None:
        return None
    login, user = found
    now = utcnow()
    idle = timedelta(minutes=settings.session_idle_minutes)
    if (
        login.revoked_at is not None
        or login.expires_at <= now
        or login.last_seen_at + idle <= now
        or not user.active
    ):
        return None
    if now - login.last_seen_at > timedelta(minutes=1):
        login.last_seen_at = now  # written at most once a minute
    return login, user


@runs_as(LOGIN)
def end_session(session: Session, *, login: LoginSession) -> None:
    login.revoked_at = utcnow()
    record(session, action=AuditAction.LOGOUT, entity="users", entity_id=login.user_id)
    session.flush()


def revoke_sessions(session: Session, *, user_id: int) -> int:
    count = 0
    for login in session.scalars(
        select(LoginSession).where(
            col(LoginSession.user_id) == user_id,
            col(LoginSession.revoked_at).is_(None),
        )
    ):
        login.revoked_at = utcnow()
        count += 1
    session.flush()
    return count


# --- API tokens -----------------------------------------------------------------------------


def create_token(
    session: Session,
    *,
    user: User,
    label: str = "",
    days: float = TOKEN_DAYS,
    expires_at: datetime | None = None,
) -> str:
    """A new API token for `user`, valid `days` (at most a year) or until `expires_at`; the
    token itself is returned once and never stored."""
    assert user.id is not None
    if not 0 < days <= MAX_TOKEN_DAYS:
        raise FieldErrors({"days": _("Between 1 and %(n)d days.", n=MAX_TOKEN_DAYS)})
    token = security.new_token(API_TOKEN_PREFIX)
    now = utcnow()
    session.add(
        ApiToken(
            user_id=user.id,
            token_hash=security.token_hash(token),
            prefix=token[:12],
            label=label,
            created_at=now,
            expires_at=expires_at or now + timedelta(days=days),
        )
    )
    session.flush()
    return token


@runs_as(LOGIN)
def resolve_token(session: Session, *, token: str) -> User | None:
    found = session.execute(
        select(ApiToken, User)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .where(col(ApiToken.token_hash) == security.token_hash(token))
    ).first()
    if found is None:
        return None
    api_token: ApiToken = found[0]
    user: User = found[1]
    now = utcnow()
    expires = api_token.expires_at or api_token.created_at + timedelta(days=TOKEN_DAYS)
    if api_token.revoked_at is not None or not user.active or expires <= now:
        return None
    if api_token.last_used_at is None or now - api_token.last_used_at > timedelta(hours=1):
        api_token.last_used_at = now
    return user
