"""Centres, users, tokens and the demo data. The accounts service and models (SQLModel) are
imported inside the commands, so that `welcome --help` does not load them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from welcome.cli.common import fail, group, session

if TYPE_CHECKING:
    from sqlmodel import Session

centres = group()
users = group()
tokens = group()

# the values of welcome.roles.Role, written out for the help text without importing
# the models (tests/test_cli.py checks that they agree)
ROLES = ("counsellor", "lead", "statistician", "admin")
ROLE_NAMES = ", ".join(ROLES)


@centres.command("create")
def create_centre(
    name: str = typer.Option(..., help="The centre's name."),
    region: str = typer.Option("", help="Region or district."),
) -> None:
    """Create a centre and print its id."""
    from welcome.accounts import service

    with session() as db:
        centre = service.create_centre(db, name=name, region=region or None)
        typer.echo(centre.id)


@centres.command("list")
def list_centres() -> None:
    from welcome.accounts import service

    with session() as db:
        for centre in service.list_centres(db):
            typer.echo(f"{centre.id}\t{centre.name}\t{centre.region or ''}")


@users.command("create")
def create_user(
    email: str = typer.Option(...),
    password: str = typer.Option(..., help="At least 10 characters."),
    role: str = typer.Option(..., help=f"One of: {ROLE_NAMES}."),
    centre: str = typer.Option("", help="Centre name (required for counsellors and leads)."),
    name: str = typer.Option("", help="Display name."),
    locale: str = typer.Option("", help="UI language: de or en (default: the browser's)."),
) -> None:
    """Create a user account."""
    if role not in ROLES:
        fail(f"--role: must be one of {ROLE_NAMES}")
    from welcome.accounts import service

    with session() as db:
        centre_id = None
        if centre:
            found = service.get_centre_by_name(db, name=centre)
            if found is None:
                fail(f"--centre: no centre named {centre!r}")
            centre_id = found.id
        user = service.create_user(
            db,
            email=email,
            password=password,
            role=role,
            centre_id=centre_id,
            display_name=name,
            locale=locale or None,
        )
        typer.echo(user.id)


@users.command("list")
def list_users() -> None:
    from welcome.accounts import service

    with session() as db:
        for user in service.list_users(db):
            typer.echo(f"{user.id}\t{user.email}\t{user.role}\t{user.centre_id or ''}")


@tokens.command("create")
def create_token(
    email: str = typer.Option(...),
    label: str = typer.Option("", help="What the token is for."),
    days: int = typer.Option(90, min=1, max=366, help="How long it is valid."),
) -> None:
    """Print a new API token for that user (shown once, stored hashed), valid DAYS days."""
    from welcome.accounts import service

    with session() as db:
        user = service.get_user_by_email(db, email=email)
        if user is None:
            fail(f"--email: no user {email!r}")
        typer.echo(service.create_token(db, user=user, label=label, days=days))


DEMO_CENTRE = "Welcome Center Erzgebirge"
DEMO_PASSWORD = "willkommen-demo"
DEMO_USERS = (
    ("leitung@erzgebirge.demo", "Dana Leitner", "lead"),
    ("beratung@erzgebirge.demo", "Sami Berger", "counsellor"),
)


def _scale_demo(db: Session, *, centre_id: int, persons: int) -> None:
    """N persons with cases, employers around them, placements and recognition procedures."""
    # imported here: the domain's demo generators are only needed for --scale
    from sqlalchemy import func, select
    from sqlmodel import col

    from cases.counselling import demo as counselling_demo
    from cases.employers import demo as employers_demo
    from cases.employers.models import (
        Employer,
        EmployerConsultation,
        OutreachEvent,
        Placement,
    )
    from cases.recognition import demo as recognition_demo

    made = counselling_demo.generate(db, centre_id=centre_id, persons=persons, seed=1)
    typer.echo(f"Demo persons: {len(made)}")
    employers_demo.generate(db, centre_id=centre_id, person_ids=made, seed=1)
    for label, model in (
        ("employers", Employer),
        ("consultations", EmployerConsultation),
        ("events", OutreachEvent),
        ("placements", Placement),
    ):
        count = db.scalar(
            select(func.count()).select_from(model).where(col(model.centre_id) == centre_id)
        )
        typer.echo(f"Demo {label}: {count}")
    procedures = recognition_demo.generate(db, centre_id=centre_id, person_ids=made, seed=1)
    typer.echo(f"Demo recognition procedures: {procedures}")


def demo(
    if_empty: bool = typer.Option(False, "--if-empty", help="Only seed an empty database."),
    scale: int = typer.Option(
        0,
        "--scale",
        min=0,
        max=1_000_000,
        help="Also generate N persons with cases, employers and recognition procedures.",
    ),
) -> None:
    """Seed demo data: one centre with a lead and a counsellor; prints the login."""
    from sqlalchemy import func, select

    from welcome.accounts import service
    from welcome.accounts.models import Centre

    with session() as db:
        has_centres = (db.scalar(select(func.count()).select_from(Centre)) or 0) > 0
        if has_centres and if_empty:
            typer.echo("Demo data: the database has data already, nothing seeded.")
        else:
            centre = service.get_centre_by_name(db, name=DEMO_CENTRE) or service.create_centre(
                db, name=DEMO_CENTRE, region="Erzgebirgskreis"
            )
            for email, name, role in DEMO_USERS:
                if service.get_user_by_email(db, email=email) is None:
                    service.create_user(
                        db,
                        email=email,
                        password=DEMO_PASSWORD,
                        role=role,
                        centre_id=centre.id,
                        display_name=name,
                        locale="de",
                    )
            typer.echo(f"Demo centre: {DEMO_CENTRE}")
            if scale:
                assert centre.id is not None
                _scale_demo(db, centre_id=centre.id, persons=scale)
    for email, _name, role in DEMO_USERS:
        typer.echo(f"Demo login ({role}): {email} / {DEMO_PASSWORD}")
