"""Room on each page of the task table for the sweep's updates to stay on the same page (HOT
updates: no new index entries). Measured in docs/performance.md, F7: the reminder UPDATE over
32k tasks went from 1.9 s to 0.6 s. PostgreSQL only; existing rows benefit once rewritten."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE tasks_task SET (fillfactor = 85)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE tasks_task RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("tasks", "0006_open_task_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
