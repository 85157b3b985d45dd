"""Full-text search of the directory: one interface, a PostgreSQL and an SQLite backend."""
