"""Domain types, rules and errors. Standard library only."""
