"""A readable terminal report of a verification result."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

DECISION_STYLE = {"approve": "bold green", "review": "bold yellow", "decline": "bold red"}
STATUS_STYLE = {
    "pass": "green",
    "warn": "yellow",
    "fail": "red",
    "error": "magenta",
    "not_applicable": "dim",
}


def _status(value: str) -> Text:
    return Text(value, style=STATUS_STYLE.get(value, ""))


def _pillars(result: dict[str, Any]) -> Table:
    table = Table("pillar", "status", "score", "top reasons", title="Pillars", title_justify="left")
    for name, pillar in result["pillars"].items():
        reasons = "\n".join(f"{r['reason_code']}: {r['message']}" for r in pillar["top_reasons"])
        table.add_row(name, _status(pillar["status"]), str(pillar["score"]), reasons or "-")
    return table


def _checks(result: dict[str, Any]) -> Table:
    table = Table(
        "check", "status", "reason", "points", "message", title="Checks", title_justify="left"
    )
    for check in result["checks"]:
        for index, reason in enumerate(check["reasons"]):
            table.add_row(
                check["key"] if index == 0 else "",
                _status(reason["status"]),
                reason["code"],
                str(reason["points"]) if reason["points"] else "",
                reason["message"],
            )
    return table


def render_report(result: dict[str, Any], console: Console) -> None:
    """Print the decision, pillars, checks, rules and the data behind them."""
    decision = result["decision"]
    headline = Text.assemble(
        (decision.upper(), DECISION_STYLE.get(decision, "bold")),
        f"   risk score {result['risk_score']}/100",
        f"   policy {result['policy']['name']}@{result['policy']['version']}",
    )
    subject = result["application"]
    title = f"{subject.get('legal_name')} ({subject.get('country')})"
    console.print(Panel(headline, title=title, title_align="left"))
    parts: list[Any] = [_pillars(result), _checks(result)]
    if result["rules_applied"]:
        rules = Table("rule", "forces", "because", title="Hard rules", title_justify="left")
        for rule in result["rules_applied"]:
            rules.add_row(rule["rule"], rule["decision"], f"{rule['check']}: {rule['reason_code']}")
        parts.append(rules)
    console.print(Group(*parts))
    datasets = ", ".join(f"{d['dataset']}@{d['version']}" for d in result["datasets"]) or "none"
    console.print(f"[dim]datasets: {datasets}   took {result['duration_ms']} ms[/]")
