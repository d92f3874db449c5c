"""Collectors: the only code that talks to a cloud, read-only, one per resource type."""
