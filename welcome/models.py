"""Every table's model imported in one place, for Alembic and the tests: the explicit list of
the areas' model modules (a new area adds its line here and in welcome.areas)."""

from __future__ import annotations

from cases.counselling import models as counselling_models
from cases.employers import models as employers_models
from cases.imports import models as imports_models
from cases.packages import models as packages_models
from cases.persons import models as persons_models
from cases.privacy import models as privacy_models
from cases.recognition import models as recognition_models
from cases.reports import models as reports_models
from cases.retention import models as retention_models
from welcome import audit as audit
from welcome import merging as merging
from welcome import storage as storage
from welcome.accounts import models as accounts_models
from welcome.db import metadata as metadata

__all__ = [
    "accounts_models",
    "audit",
    "counselling_models",
    "employers_models",
    "imports_models",
    "merging",
    "metadata",
    "packages_models",
    "persons_models",
    "privacy_models",
    "recognition_models",
    "reports_models",
    "retention_models",
    "storage",
]
