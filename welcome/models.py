"""Every table's model imported in one place, for Alembic and the tests.

Domain packages under `cases/` are found by name, so adding one needs no edit here.
"""

from __future__ import annotations

import importlib
import pkgutil

from welcome import audit as audit
from welcome.accounts import models as accounts_models
from welcome.db import metadata as metadata


def _import_domain_models() -> None:
    import cases

    for module in pkgutil.iter_modules(cases.__path__):
        if module.ispkg:
            try:
                importlib.import_module(f"cases.{module.name}.models")
            except ModuleNotFoundError as exc:
                if exc.name != f"cases.{module.name}.models":
                    raise


_import_domain_models()
__all__ = ["accounts_models", "audit", "metadata"]
