"""Operators' statistics: aggregates from the database, charts drawn in the decoder workers, the CSV export."""
