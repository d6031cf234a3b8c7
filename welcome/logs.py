"""Structured logging set-up (structlog).

Configured explicitly because structlog's default console renderer pretty-prints
tracebacks with `rich` when it is installed, which walks every frame's locals and
made a single logged crash take tens of seconds under test.
"""

from __future__ import annotations

import logging
from typing import Any

import structlog

from welcome.config import Settings


def configure_logging(settings: Settings) -> None:
    if settings.env == "production":
        # One JSON object per line; tracebacks as structured dicts for the log shipper.
        processors_tail: list[Any] = [
            structlog.processors.dict_tracebacks,
            structlog.processors.JSONRenderer(),
        ]
    else:
        processors_tail = [
            structlog.dev.ConsoleRenderer(exception_formatter=structlog.dev.plain_traceback)
        ]
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            *processors_tail,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        cache_logger_on_first_use=False,
    )
