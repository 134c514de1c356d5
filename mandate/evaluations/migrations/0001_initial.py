"""The app's first migration holds no model: each area (signals, monthly evaluation, annual
classification, rankings, rotation) adds its own after it (ADR 0048)."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("organisations", "0002_verbose_names"),
        ("people", "0005_second_factor"),
        ("tasks", "0015_progress_order_index"),
        ("inspections", "0002_inspection_records"),
    ]

    operations: list[migrations.operations.base.Operation] = []
