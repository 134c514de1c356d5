"""Accountability and evaluation (issue 14; ADR 0048): signals from the task records, the monthly
evaluation of officials, the annual classification under the rule set in force, rankings of units
with their change, the rotation of sensitive positions, and proposals to replace or commend."""
