from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class PackageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: str = Field(
        max_length=20, description="BCP 47: de en uk ru ar fa pl cs vi es pt-BR tr"
    )
    appointment_at: datetime | None = Field(
        default=None, description="The person's next appointment, shown on the welcome page."
    )


class IssuedPackageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    person_id: int
    language: str
    content_version: str
    issued_by_id: int | None
    issued_at: datetime
    pdf_sha256: str
    pdf_size: int
