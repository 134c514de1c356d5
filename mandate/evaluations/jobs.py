"""The evaluations' jobs and importers, registered where the job engine finds them
(``job_engine.discover`` imports every app's ``jobs`` module): a large workbook of ranking scores
is imported by a consumer."""

from mandate.evaluations import ranking_import  # noqa: F401
