"""Core: the domain's codes and labels, colours, filters, Dutch formats, small-cell suppression, roles, text.

Imports nothing else from the package (import-linter checks, see pyproject.toml)."""
