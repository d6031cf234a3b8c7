"""Who am I, the users and the audit log of the caller's centre."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from welcome import roles
from welcome.accounts import service
from welcome.accounts.models import Centre, User
from welcome.accounts.schemas import AuditEntryOut, CentreOut, ColleagueOut, UserOut
from welcome.db import fetch
from welcome.errors import NotFound
from welcome.history import list_entries
from welcome.inputs import Output
from welcome.web import ApiUser, DbSession, Id, Offset, RoleRequired, require_api_role

router = APIRouter(tags=["accounts"])
ManagerApi = Annotated[User, Depends(require_api_role(roles.MANAGERS))]


class AuditPage(Output):
    items: list[AuditEntryOut]
    total: int
    offset: int
    limit: int


@router.get("/me", response_model=UserOut)
def me(user: ApiUser) -> User:
    return user


@router.get("/centres", response_model=list[CentreOut])
def centres(user: ApiUser, db: DbSession) -> list[Centre]:
    if user.centre_id is not None:
        own = db.get(Centre, user.centre_id)
        return [own] if own else []
    return service.list_centres(db)


@router.get("/users", response_model=list[UserOut])
def users(user: ManagerApi, db: DbSession) -> list[User]:
    return service.list_users(db)


@router.get("/users/{user_id}", response_model=UserOut | ColleagueOut)
def user_by_id(user_id: Id, user: ApiUser, db: DbSession) -> UserOut | ColleagueOut:
    """A user: all of it for managers and oneself; a colleague's name for counsellors;
    statisticians read figures, not people (403)."""
    if user.role == roles.Role.STATISTICIAN and user_id != user.id:
        raise RoleRequired()
    found = fetch(db, User, user_id)
    if found is None:
        raise NotFound()
    if user.role in roles.names(roles.MANAGERS) or found.id == user.id:
        return UserOut.model_validate(found)
    assert found.id is not None
    return ColleagueOut(id=found.id, display_name=found.display_name)


@router.get("/audit", response_model=AuditPage)
def audit(
    user: ManagerApi,
    db: DbSession,
    action: Annotated[str | None, Query(max_length=20)] = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AuditPage:
    entries, total = list_entries(db, action=action, offset=offset, limit=limit)
    return AuditPage(
        items=[AuditEntryOut.model_validate(e) for e in entries],
        total=total,
        offset=offset,
        limit=limit,
    )
