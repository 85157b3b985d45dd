"""Writes of the monitoring module, one module per area (see the submodules).

Every service is named ``<entity>_<action>``, takes keyword arguments, checks the
capability it needs, validates, saves inside a transaction and records an audit entry
for writes to district data.
"""
