"""``openkyb verify FILE``: the same orchestration as the API, in-process."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from pydantic import ValidationError

from openkyb.applications import Application
from openkyb.checks import known_reason_codes
from openkyb.cli.common import EXIT_BAD_INPUT, console, fail, open_database
from openkyb.cli.report import render_report
from openkyb.cli.screen import screener as _screener
from openkyb.clock import utc_now
from openkyb.decision import Policy, PolicyError, default_policy, parse_policy
from openkyb.gateway import tenants as tenant_service
from openkyb.gateway.tenants import TenantError
from openkyb.ids import new_id
from openkyb.registry.evidence import RegistryGatherer
from openkyb.registry.live import make_live_clients
from openkyb.settings import get_settings
from openkyb.verifications.orchestrator import evaluate, render_result

EXIT_CODES = {"approve": 0, "review": 10, "decline": 20}


def _read_application(file: Path) -> Application:
    try:
        raw = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror}", EXIT_BAD_INPUT)
    try:
        return Application.model_validate_json(raw)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]) or "(document)"
            lines.append(f"  {where}: {error['msg']}")
        fail(f"{file} is not a valid application:\n" + "\n".join(lines), EXIT_BAD_INPUT)


def _policy(policy_file: Path | None, tenant: str | None) -> Policy:
    if policy_file is not None:
        try:
            return parse_policy(policy_file.read_text("utf-8"), set(known_reason_codes()))
        except OSError as exc:
            fail(f"cannot read {policy_file}: {exc.strerror}", EXIT_BAD_INPUT)
        except PolicyError as exc:
            fail(f"{policy_file} is not a valid policy: {exc}", EXIT_BAD_INPUT)
    if tenant is not None:
        db = open_database()
        try:
            with db.session() as session:
                return tenant_service.tenant_policy(
                    session, tenant_service.get_tenant(session, tenant)
                )
        except TenantError as exc:
            fail(str(exc), EXIT_BAD_INPUT)
    return default_policy()


def _registry() -> RegistryGatherer | None:
    """The registry gatherer, when the database holds registry data or a live API is set up."""
    gatherer = RegistryGatherer(open_database(), *make_live_clients(get_settings()))
    return gatherer if gatherer.has_data() else None


def verify(
    file: Annotated[Path, typer.Argument(help="Application JSON file, or - for stdin")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON")] = False,
    policy_file: Annotated[
        Path | None, typer.Option("--policy", help="Decide with this policy YAML")
    ] = None,
    tenant: Annotated[
        str | None, typer.Option("--tenant", help="Decide with this tenant's policy")
    ] = None,
    screening: Annotated[
        bool, typer.Option(help="Screen every party against the loaded watchlists")
    ] = True,
    registry: Annotated[
        bool, typer.Option(help="Check the company against the loaded company registries")
    ] = True,
) -> None:
    """Verify one application and print the report.

    Exit codes: 0 approve, 10 review, 20 decline, 2 bad input.
    """
    application = _read_application(file)
    screener = _screener() if screening else None
    gatherer = _registry() if registry else None
    policy = _policy(policy_file, tenant)
    evaluation = evaluate(application, policy, screener=screener, registry=gatherer)
    result = render_result(evaluation, new_id("vrf"), utc_now())
    if as_json:
        sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        render_report(result, console)
    raise typer.Exit(EXIT_CODES[result["decision"]])
