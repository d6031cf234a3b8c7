"""Administration over the API (API.md): POST /users, PATCH /users/{id},
POST /users/{id}/password-reset, GET/POST/DELETE /me/tokens, POST /centres, PATCH /centres/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from welcome import roles
from welcome.accounts import admin
from welcome.accounts.models import ApiToken, Centre, User
from welcome.accounts.schemas import (
    CentreDetailsOut,
    CentreIn,
    InvitedOut,
    InviteIn,
    ResetOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    UserChangeIn,
    UserOut,
)
from welcome.db import fetch
from welcome.errors import NotFound
from welcome.inputs import merged, patch_model
from welcome.web import ApiUser, DbSession, Id, require_api_role

router = APIRouter(tags=["administration"])
ManagerApi = Annotated[User, Depends(require_api_role(roles.MANAGERS))]
AdminApi = Annotated[User, Depends(require_api_role(roles.Role.ADMIN))]
CentrePatch = patch_model(CentreIn, "CentrePatch")


def _absolute(request: Request, path: str) -> str:
    """The link on the site's own address (the API is mounted under /api/v1)."""
    base = str(request.base_url).rstrip("/")
    return base.removesuffix("/api/v1") + path


@router.post("/users", response_model=InvitedOut, status_code=201)
def invite(request: Request, body: InviteIn, user: ManagerApi, db: DbSession) -> InvitedOut:
    """A new user (admin: any centre and role; lead: their centre, counsellor or lead) and the
    one-time `invitation_url` (72 hours) to pass on."""
    invited = admin.invite(db, data=body)
    out = UserOut.model_validate(invited.user).model_dump()
    return InvitedOut(**out, invitation_url=_absolute(request, invited.url))


@router.patch("/users/{user_id}", response_model=UserOut)
def change_user(user_id: Id, body: UserChangeIn, user: ManagerApi, db: DbSession) -> User:
    return admin.update_user(db, user=admin.get_user(db, user_id=user_id), data=body)


@router.post("/users/{user_id}/password-reset", response_model=ResetOut)
def reset(request: Request, user_id: Id, user: ManagerApi, db: DbSession) -> ResetOut:
    url = admin.reset(db, user=admin.get_user(db, user_id=user_id))
    return ResetOut(reset_url=_absolute(request, url))


@router.get("/me/tokens", response_model=list[TokenOut])
def my_tokens(user: ApiUser, db: DbSession) -> list[ApiToken]:
    return admin.list_tokens(db, user=user)


@router.post("/me/tokens", response_model=TokenCreatedOut, status_code=201)
def create_token(body: TokenIn, user: ApiUser, db: DbSession) -> TokenCreatedOut:
    """A token with a label, expiring on `expires_on` (default in 90 days, at most a year)."""
    made, token = admin.create_token(db, user=user, data=body)
    return TokenCreatedOut(**TokenOut.model_validate(made).model_dump(), token=token)


@router.delete("/me/tokens/{token_id}", status_code=204)
def revoke_token(token_id: Id, user: ApiUser, db: DbSession) -> Response:
    admin.revoke_token(db, user=user, token_id=token_id)
    return Response(status_code=204)


@router.post("/centres", response_model=CentreDetailsOut, status_code=201)
def create_centre(body: CentreIn, user: AdminApi, db: DbSession) -> Centre:
    return admin.create_centre(db, data=body)


@router.patch("/centres/{centre_id}", response_model=CentreDetailsOut)
def change_centre(
    centre_id: Id,
    body: CentrePatch,  # type: ignore[valid-type]
    user: AdminApi,
    db: DbSession,
) -> Centre:
    centre = fetch(db, Centre, centre_id)
    if centre is None:
        raise NotFound()
    stored = {name: getattr(centre, name) for name in CentreIn.model_fields}
    return admin.update_centre(db, centre=centre, data=merged(CentreIn, stored, body))
