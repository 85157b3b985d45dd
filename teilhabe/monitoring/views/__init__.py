"""District pages of the monitoring (thin: a gate, one builder or service, a template)."""
