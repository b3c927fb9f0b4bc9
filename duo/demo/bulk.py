"""Plain bulk inserts for the demo's millions of rows, still audited.

The ORM's bulk_create builds a model instance and compiles every value of every row; at a million
duos that was most of the run. Here each table is fed tuples through one prepared INSERT (SQLite)
or COPY (PostgreSQL); values go through the field's own preparation only where it matters
(encryption, JSON, dates). Ids are allocated here, from the table's current maximum, so that rows
can point at each other before they are written: seed_demo runs on a database without people,
with nobody else creating them meanwhile.
"""

from django.core.management.color import no_style
from django.db import connection, models
from encrypted_fields.fields import EncryptedFieldMixin

from duo.privacy.audit import record
from duo.privacy.models import AuditEvent


def _adapter(field):
    ops = connection.ops
    if isinstance(field, EncryptedFieldMixin):
        # What the field's get_prep_value does, minus its attempt to decrypt the plaintext first
        # (a failed decryption per value, a third of the cost). Every value gets a fresh token.
        encrypt = field.f.encrypt
        return lambda value: encrypt(value.encode()).decode() if value else None
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


class Table:
    """One model's INSERT statement; `insert` takes rows as tuples in `columns` order."""

    def __init__(self, model, columns):
        self.model = model
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        # Columns the seeder does not set take their model default, so new fields need no change here.
        self.defaults = tuple(
            f.get_default() for f in model._meta.concrete_fields
            if f.attname not in columns and not f.primary_key and not f.null
        )
        self.columns = tuple(columns) + tuple(
            f.attname for f in model._meta.concrete_fields
            if f.attname not in columns and not f.primary_key and not f.null
        )
        fields = [by_attname[c] for c in self.columns]
        qn = connection.ops.quote_name
        target = "{} ({})".format(qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields))
        # SQLite runs executemany as one prepared statement, as fast as it gets there; PostgreSQL
        # would pay a round trip per row that way, and takes COPY instead.
        self.use_copy = connection.vendor == "postgresql"
        self.sql = f"COPY {target} FROM STDIN" if self.use_copy else "INSERT INTO {} VALUES ({})".format(
            target, ", ".join(["%s"] * len(fields)))
        self.adapters = [(k, a) for k, a in enumerate(_adapter(f) for f in fields) if a is not None]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({qn(model._meta.pk.column)}) FROM {qn(model._meta.db_table)}")
            self.last_id = cursor.fetchone()[0] or 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id

    def insert(self, rows, batch=5000):
        if not rows:
            return 0
        adapters = self.adapters
        with connection.cursor() as cursor:
            for start in range(0, len(rows), batch):
                prepared = []
                for row in rows[start:start + batch]:
                    row = list(row) + list(self.defaults)
                    for k, adapt in adapters:
                        row[k] = adapt(row[k])
                    prepared.append(row)
                if self.use_copy:
                    with cursor.cursor.copy(self.sql) as copy:
                        for row in prepared:
                            copy.write_row(row)
                else:
                    cursor.executemany(self.sql, prepared)
        # The same trail AuditedQuerySet.bulk_create leaves: one event per bulk write.
        record(action=AuditEvent.Action.BULK_CREATE, model=self.model, count=len(rows))
        return len(rows)


def reset_sequences(models_):
    """Ids were chosen here, so the database's own counters must catch up (PostgreSQL; SQLite's
    AUTOINCREMENT follows explicit ids by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
