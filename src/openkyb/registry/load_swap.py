"""PostgreSQL bulk replace by table swap: load a bare copy, index it once, rename into place.

The indexes are read from the catalog (``pg_index``) rather than from the models, so indexes
other migrations add (the search GIN of 0004, say) are rebuilt exactly, names included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

_INDEX_DEF = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON (ONLY )?(\S+) (USING .*)$", re.S)


@dataclass(frozen=True, slots=True)
class TableIndex:
    """An index of the live table, and the constraint it backs (primary key / unique)."""

    name: str
    definition: str
    constraint: str | None
    constraint_type: str | None  # "p" or "u"

    @property
    def is_primary(self) -> bool:
        """Backs the primary key."""
        return self.constraint_type == "p"


def lock(connection: Connection, table: str) -> None:
    """Serialise loads of one table (held until the transaction ends)."""
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:t))"), {"t": f"load:{table}"})


def create_like(connection: Connection, table: str, stage: str) -> None:
    """A fresh, index-free copy of ``table``'s columns named ``stage``."""
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {stage}")
    connection.exec_driver_sql(
        f"CREATE TABLE {stage} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
        " INCLUDING GENERATED INCLUDING STORAGE)"
    )


def table_indexes(connection: Connection, table: str) -> list[TableIndex]:
    """Every index of ``table`` with its definition, primary key first."""
    rows = connection.execute(
        text(
            "SELECT i.relname, pg_get_indexdef(i.oid), c.conname, c.contype "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid "
            "WHERE x.indrelid = CAST(:t AS regclass) ORDER BY x.indisprimary DESC, i.relname"
        ),
        {"t": table},
    )
    return [TableIndex(r[0], r[1], r[2], r[3]) for r in rows]


def _temporary_name(stage: str, position: int) -> str:
    return f"{stage}_ix{position}"[:63]


def _create(connection: Connection, stage: str, index: TableIndex, position: int) -> str:
    match = _INDEX_DEF.match(index.definition)
    if match is None:
        raise RuntimeError(f"unexpected index definition: {index.definition}")
    unique, _, _, target, rest = match.groups()
    schema = target.rsplit(".", 1)[0] + "." if "." in target else ""
    name = _temporary_name(stage, position)
    connection.exec_driver_sql(f"CREATE {unique or ''}INDEX {name} ON {schema}{stage} {rest}")
    if index.constraint_type in ("p", "u"):
        kind = "PRIMARY KEY" if index.is_primary else "UNIQUE"
        connection.exec_driver_sql(
            f"ALTER TABLE {stage} ADD CONSTRAINT {name} {kind} USING INDEX {name}"
        )
    return name


def build_primary_key(
    connection: Connection,
    stage: str,
    indexes: Sequence[TableIndex],
    key_columns: Sequence[str] = ("country", "number"),
) -> list[tuple[str, ...]]:
    """Build the primary key on ``stage``; duplicates keep their first row and are returned."""
    primary = [i for i in indexes if i.is_primary]
    if not primary:
        return []
    savepoint = connection.begin_nested()
    try:
        _create(connection, stage, primary[0], 0)
        savepoint.commit()
        return []
    except IntegrityError:
        savepoint.rollback()
    keys = ", ".join(key_columns)
    same = " AND ".join(f"n.{c} = d.{c}" for c in key_columns)
    removed = connection.execute(
        text(
            f"DELETE FROM {stage} n USING (SELECT {keys}, min(ctid) AS keep FROM {stage} "
            f"GROUP BY {keys} HAVING count(*) > 1) d WHERE {same} AND n.ctid <> d.keep "
            f"RETURNING {', '.join('n.' + c for c in key_columns)}"
        )
    ).all()
    _create(connection, stage, primary[0], 0)
    return [tuple(str(v) for v in row) for row in removed]


def build_secondary_indexes(
    connection: Connection, stage: str, indexes: Sequence[TableIndex]
) -> None:
    """Build on ``stage`` the indexes of ``indexes`` other than the primary key, under the
    temporary names :func:`swap` expects."""
    for position, index in enumerate(indexes, start=1):
        if not index.is_primary:
            _create(connection, stage, index, position)


def swap(
    connection: Connection,
    table: str,
    stage: str,
    columns: Sequence[str],
    indexes: Sequence[TableIndex],
    keep_where: str | None = None,
    params: dict[str, Any] | None = None,
) -> None:
    """Carry over the rows of ``table`` matching ``keep_where`` into ``stage``, swap them.

    ``stage`` already holds every index (:func:`build_primary_key`,
    :func:`build_secondary_indexes`) under its temporary name; each takes its live name.
    """
    column_list = ", ".join(f'"{c}"' for c in columns)
    if keep_where is not None:
        connection.execute(
            text(
                f"INSERT INTO {stage} ({column_list}) SELECT {column_list} FROM {table} "
                f"WHERE {keep_where}"
            ),
            params or {},
        )
    names = {
        index.name: _temporary_name(stage, position)
        for position, index in enumerate(indexes, start=1)
        if not index.is_primary
    }
    primary = next((i for i in indexes if i.is_primary), None)
    connection.exec_driver_sql(f"DROP TABLE {table}")
    connection.exec_driver_sql(f"ALTER TABLE {stage} RENAME TO {table}")
    if primary is not None and primary.constraint is not None:
        connection.exec_driver_sql(
            f"ALTER TABLE {table} RENAME CONSTRAINT {_temporary_name(stage, 0)}"
            f" TO {primary.constraint}"
        )
    for index in indexes:
        if index.is_primary:
            continue
        if index.constraint is not None:
            connection.exec_driver_sql(
                f"ALTER TABLE {table} RENAME CONSTRAINT {names[index.name]} TO {index.constraint}"
            )
        else:
            connection.exec_driver_sql(f"ALTER INDEX {names[index.name]} RENAME TO {index.name}")
    connection.exec_driver_sql(f"ANALYZE {table}")
