"""Store: the database (engine, schema, stored queries), the loader, the shared address frame, the audit log.

Imports only dashboard.core."""
