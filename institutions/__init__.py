"""Medical institutions: organisations, their staff, and withdrawal-from-circulation documents sent to the national system."""
