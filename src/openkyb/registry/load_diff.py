"""The diff of a full register reload: what was added, changed and removed, in SQL.

Shared by both backends' loaders: the staged register (``registry_companies_next``) is
compared with the stored one by company, and each difference is written to
``registry_changes`` (what monitoring reads). A country's first load records counts only.
"""

from __future__ import annotations

from sqlalchemy import Connection, Date, DateTime, bindparam, text

from openkyb.clock import utc_now
from openkyb.registry.load_common import RegistryLoadReport
from openkyb.registry.rows import COMPANY_CONTENT_COLUMNS
from openkyb.sources.model import ParseIssue

TABLE = "registry_companies"
STAGE = "registry_companies_next"
# What a "changed" row lists as its fields: the record's content, not the derived keys.
CONTENT_COLUMNS = [c for c in COMPANY_CONTENT_COLUMNS if c not in ("country", "number")]
_CHANGE_COLUMNS = (
    "version_id, dataset, country, number, change, name, fields, effective, recorded_at"
)


def duplicate_issue(key: tuple[str, ...]) -> ParseIssue:
    """The issue of a company number staged twice (the first record is kept)."""
    return ParseIssue(f"company {'/'.join(key)}", "duplicate company number; first record kept")


def _json(literal: str, postgres: bool) -> str:
    return f"CAST({literal} AS JSONB)" if postgres else literal


def _fields_expression(postgres: bool) -> str:
    """SQL building the JSON list of the content columns that differ between n and c."""
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    parts = " || ".join(
        f"CASE WHEN n.{c} {differs} c.{c} THEN '\"{c}\",' ELSE '' END" for c in CONTENT_COLUMNS
    )
    return _json(f"'[' || rtrim({parts}, ',') || ']'", postgres)


def _content_differs(postgres: bool) -> str:
    """SQL true when n and c hold different content.

    The fingerprint only preselects: rows fingerprinted by an earlier release (another
    digest of the same content) are then compared column by column and not reported.
    """
    if postgres:
        own, other = (", ".join(f"{t}.{c}" for c in CONTENT_COLUMNS) for t in "nc")
        return f"ROW({own}) IS DISTINCT FROM ROW({other})"
    return "(" + " OR ".join(f"n.{c} IS NOT c.{c}" for c in CONTENT_COLUMNS) + ")"


def _diff_statements(postgres: bool) -> dict[str, str]:
    empty = _json("'[]'", postgres)
    values = (
        ":version, :dataset, {t}.country, {t}.number, '{kind}', {t}.name, {fields},"
        " :effective, :now"
    )
    same = "{a}.country = {b}.country AND {a}.number = {b}.number"
    head = f"INSERT INTO registry_changes ({_CHANGE_COLUMNS}) SELECT "
    return {
        "added": head
        + values.format(t="n", kind="added", fields=empty)
        + f" FROM {STAGE} n WHERE n.country = :country AND NOT EXISTS"
        + f" (SELECT 1 FROM {TABLE} c WHERE {same.format(a='c', b='n')})",
        "changed": head
        + values.format(t="n", kind="changed", fields=_fields_expression(postgres))
        + f" FROM {STAGE} n JOIN {TABLE} c ON {same.format(a='c', b='n')}"
        + " WHERE n.country = :country AND n.fingerprint <> c.fingerprint"
        + f" AND {_content_differs(postgres)}",
        "removed": head
        + values.format(t="c", kind="removed", fields=empty)
        + f" FROM {TABLE} c WHERE c.country = :country AND NOT EXISTS"
        + f" (SELECT 1 FROM {STAGE} n WHERE {same.format(a='n', b='c')})",
    }


def diff(connection: Connection, report: RegistryLoadReport, postgres: bool) -> None:
    """Count (and, unless it is the country's first load, record) what changed."""
    params = {
        "version": report.version_id,
        "dataset": report.dataset,
        "effective": report.effective,
        "now": utc_now(),
    }
    typed = (bindparam("effective", type_=Date()), bindparam("now", type_=DateTime(True)))
    statements = {k: text(v).bindparams(*typed) for k, v in _diff_statements(postgres).items()}
    first_loads = 0
    for country in report.countries:
        count = connection.scalar(
            text(f"SELECT count(*) FROM {STAGE} WHERE country = :c"), {"c": country}
        )
        report.records += int(count or 0)
        existing = connection.scalar(
            text(f"SELECT 1 FROM {TABLE} WHERE country = :c LIMIT 1"), {"c": country}
        )
        if existing is None:  # nothing to compare with: counts only
            report.added += int(count or 0)
            first_loads += 1
            continue
        for kind, statement in statements.items():
            done = connection.execute(statement, {**params, "country": country}).rowcount
            setattr(report, kind, getattr(report, kind) + done)
    report.first_load = first_loads == len(report.countries)
