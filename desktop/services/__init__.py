"""Use cases over the data layer: one transaction per action, plain dicts out."""
