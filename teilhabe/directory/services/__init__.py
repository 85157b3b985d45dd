"""Writes of the directory module (see the sub-modules)."""
