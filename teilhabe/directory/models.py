"""Data of the directory module."""
