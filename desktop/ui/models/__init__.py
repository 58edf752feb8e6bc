"""Qt item models over the record services."""
