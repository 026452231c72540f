"""Reading and validating the data files: every mistake is a `DataError` naming file, line and
field, raised before anything is built."""
