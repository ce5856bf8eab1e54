"""Structured logs: one JSON object per line, with the request id and the trace and span ids.

``logging_config(level, fmt)`` returns a :func:`logging.config.dictConfig` dictionary;
``openkyb serve`` hands it to uvicorn, which applies it in every worker process, so uvicorn's
own loggers go through the same handler.
"""

from __future__ import annotations

import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

import orjson
from opentelemetry import trace

from openkyb.telemetry.context import current_request

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged.
_STANDARD = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "color_message", "taskName", "request_id", "trace_id", "span_id"}
)


class ContextFilter(logging.Filter):
    """Add ``request_id``, ``trace_id`` and ``span_id`` to every record (or ``-``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate; never drops a record."""
        info = current_request()
        record.request_id = info.request_id if info is not None else "-"
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
            record.span_id = format(context.span_id, "016x")
        else:
            record.trace_id = record.span_id = "-"
        return True


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object; fields passed with ``extra=`` are kept."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the record."""
        document: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "trace_id", "span_id"):
            value = getattr(record, name, "-")
            if value != "-":
                document[name] = value
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                document[key] = value
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            document["stack"] = self.formatStack(record.stack_info)
        return orjson.dumps(document, default=str).decode()


TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"


def logging_config(level: str = "info", fmt: str = "json") -> dict[str, Any]:
    """A dictConfig for the root logger and uvicorn's loggers, in ``json`` or ``text``."""
    level_name = level.upper()
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"} if fmt == "json" else {"format": TEXT_FORMAT}
    )
    propagate = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": f"{__name__}.ContextFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["context"],
            }
        },
        "root": {"level": level_name, "handlers": ["default"]},
        "loggers": {
            "uvicorn": {"level": level_name, **propagate},
            "uvicorn.error": {"level": level_name, **propagate},
            # openkyb.access replaces uvicorn's access log (it knows the route and tenant).
            "uvicorn.access": {"level": "WARNING", **propagate},
        },
    }


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    """Apply :func:`logging_config` to this process."""
    logging.config.dictConfig(logging_config(level, fmt))
