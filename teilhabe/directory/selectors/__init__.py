"""Reads of the directory module: office gates and lists (``office``), the public site
(``public``), entries in the reader's language (``localize``)."""
