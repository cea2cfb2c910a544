"""Bulk writes through PostgreSQL's COPY, driven by the models' own field definitions (so the
same code fills this checkout's schema or an older one)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.utils import timezone


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys taken from the table's sequence, for rows written with COPY."""
    if count <= 0:
        return []
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copied_fields(model, *, with_pk: bool):
    """Every stored column but the ones the database computes (search vectors), and the
    primary key only when the rows carry one."""
    return [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, SearchVectorField)
        and not getattr(field, "generated", False)
        and (with_pk or not field.primary_key)
    ]


def copy_objects(model, objects: list) -> int:
    """Write unsaved model instances in one COPY, with their primary keys when they have them
    (see `reserve_ids`), else numbered by the database. Auto timestamps left empty get the
    current time. Returns the number of rows."""
    if not objects:
        return 0
    fields = _copied_fields(model, with_pk=objects[0].pk is not None)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    now = timezone.now()
    auto = {
        field.attname
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    }
    # Django's own field types hold values psycopg writes as they are; others (a country list,
    # JSON) go through the field's conversion.
    convert = [
        None if type(field).__module__.startswith("django.db.models") else field for field in fields
    ]
    written = 0
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for obj in objects:
                row = []
                for field, converter in zip(fields, convert, strict=True):
                    value = getattr(obj, field.attname)
                    if value is None and field.attname in auto:
                        value = now
                    if converter is not None:
                        value = converter.get_db_prep_save(value, connection)
                    row.append(value)
                copy.write_row(row)
                written += 1
    return written
