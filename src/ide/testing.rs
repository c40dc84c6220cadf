//! Test helper: an in-memory workspace from `[(path, text)]`, with a `$0` cursor marker in one file.
