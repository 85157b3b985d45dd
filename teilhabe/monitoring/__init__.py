"""Integrationsmonitoring: indicators per Gemeinde and year from office data and official
statistics, with disclosure control, comparisons and the biennial report."""
