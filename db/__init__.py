"""db: SQLite storage (``store``), ingest batches (``ingest``) and dashboard queries (``queries``)."""
