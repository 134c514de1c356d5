"""Fewer index writes (single-column indexes that composite ones already serve), covering
indexes for counts of a subtree's tasks, indexes for the tasks awaiting a decision, and
autovacuum visiting the task table often enough that index-only scans stay index-only after the
daily sweep (docs/performance.md, F4, F7 and F10)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def vacuum_often(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE tasks_task SET (autovacuum_vacuum_scale_factor = 0.02, "
            "autovacuum_analyze_scale_factor = 0.02)"
        )


def vacuum_as_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE tasks_task RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0004_verbose_names'),
        ('organisations', '0002_verbose_names'),
        ('people', '0002_verbose_names'),
        ('tasks', '0007_task_fillfactor'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='task',
            name='task_lead_path_status_idx',
        ),
        migrations.RemoveIndex(
            model_name='task',
            name='task_open_path_deadline_idx',
        ),
        migrations.AlterField(
            model_name='progressreport',
            name='task',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='progress_reports', to='tasks.task'),
        ),
        migrations.AlterField(
            model_name='task',
            name='document',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='documents.document', verbose_name='document'),
        ),
        migrations.AlterField(
            model_name='task',
            name='lead_person',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='led_tasks', to='people.person', verbose_name='lead person'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['lead_path', 'status'], include=('id', 'parent_id', 'assigned_on', 'cancelled_on', 'kind', 'deadline_on', 'done_reported_on'), name='task_lead_path_status_idx'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(condition=models.Q(('status__in', ['assigned', 'in_progress', 'reported', 'returned'])), fields=['lead_path', 'deadline_on', 'id'], include=('parent_id', 'assigned_on', 'cancelled_on', 'kind', 'assigner_path', 'done_reported_on'), name='task_open_path_deadline_idx'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(condition=models.Q(('status__in', ['reported', 'returned'])), fields=['assigner_path', 'deadline_on', 'id'], name='task_awaiting_idx'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(condition=models.Q(('status__in', ['reported', 'returned'])), fields=['deadline_on', 'id'], name='task_awaiting_deadline_idx'),
        ),
        migrations.RunPython(vacuum_often, vacuum_as_default),
    ]
