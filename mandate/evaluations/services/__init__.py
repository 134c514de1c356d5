"""The evaluations' services, one module per area (ADR 0048)."""
