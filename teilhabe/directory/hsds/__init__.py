"""Open Referral HSDS 3.0: the mapping of our entries (``build``), the export as JSON
and as the CSV package (``export``), and validation against the shipped schemas
(``schema``). The import lives in ``services.interop``."""

from teilhabe.directory.hsds.build import (
    PROFILE,
    Builder,
    derived_id,
    published_locations,
    published_organisations,
    published_services,
)
from teilhabe.directory.hsds.export import (
    export_document,
    export_zip,
    read_zip_tables,
    write_json,
    write_zip,
    zip_errors,
)
from teilhabe.directory.hsds.schema import (
    SCHEMA_DIR,
    document_errors,
    table_columns,
    tabular_schema,
    validation_errors,
)

__all__ = [
    "PROFILE",
    "SCHEMA_DIR",
    "Builder",
    "derived_id",
    "document_errors",
    "export_document",
    "export_zip",
    "published_locations",
    "published_organisations",
    "published_services",
    "read_zip_tables",
    "table_columns",
    "tabular_schema",
    "validation_errors",
    "write_json",
    "write_zip",
    "zip_errors",
]
