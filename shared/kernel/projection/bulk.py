"""Multi-row writes for read models: one statement for a whole batch, its rows passed as typed arrays.

`INSERT ... SELECT * FROM unnest(:a::text[], :b::date[], ...)` sends one array per column (asyncpg encodes them
in binary), so a batch of any size is one statement with a fixed text, prepared once per connection: no
per-row round trip (as executemany has) and no SQL text growing with the batch (as a multi-VALUES insert has).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import TextClause

_DIALECT = postgresql.dialect()


def sql_type(table: Table, column: str) -> str:
    return table.c[column].type.compile(dialect=_DIALECT)


def unnest(table: Table, columns: Sequence[str], alias: str = "v") -> str:
    """`unnest(CAST(:col AS type[]), ...) AS alias(col, ...)`: one bind parameter (an array) per column."""
    arrays = ", ".join(f'CAST(:{c} AS {sql_type(table, c)}[])' for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    return f"unnest({arrays}) AS {alias}({names})"


@lru_cache(maxsize=None)
def _insert(table: Table, columns: tuple[str, ...], conflict: str, returning: str) -> TextClause:
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{table.name}" AS t ({names}) SELECT {names} FROM {unnest(table, columns)} {conflict}'
    if returning:
        sql += f" RETURNING {returning}"
    return text(sql)


def insert_many(table: Table, columns: Iterable[str], *, conflict: str = "ON CONFLICT DO NOTHING", returning: str = "") -> TextClause:
    """An insert of many rows from arrays; `conflict` may refer to the existing row as `t`."""
    return _insert(table, tuple(columns), conflict, returning)


def arrays(rows: Sequence[Mapping[str, Any]], columns: Iterable[str]) -> dict[str, list]:
    """The rows as one list per column: the parameters of `insert_many` or of an `unnest`."""
    return {c: [r[c] for r in rows] for c in columns}
