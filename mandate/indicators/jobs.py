"""The indicators' part in the job engine (ADR 0023): no job of its own yet, but the importer of
values, which the core job ``core.sheet_import`` runs for a large file, is registered here, where
a consumer finds it (``job_engine.discover`` imports every app's ``jobs`` module; ADR 0032)."""

from mandate.indicators import sheet_values  # noqa: F401 - registers the importer
