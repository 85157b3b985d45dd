"""Teilhabe: plan, run and measure the integration work of German rural districts."""

__version__ = "0.1.0.dev0"
