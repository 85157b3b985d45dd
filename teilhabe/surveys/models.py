"""Data of the surveys module."""
