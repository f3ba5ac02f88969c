"""Alerts for operators and the regulator: a withdrawn pack seen on sale (leak), one code in many hands (clone)."""
