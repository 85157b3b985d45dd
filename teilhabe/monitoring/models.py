"""Data of the integration monitoring module."""
