"""The evaluation pages, one module per area (ADR 0048)."""
