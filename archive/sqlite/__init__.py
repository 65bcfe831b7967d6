"""Django's SQLite backend, creating the database's folder when it first connects (the data
folder of a new ``ARCHIVE_DATA_DIR``), so that settings never write at import time."""
