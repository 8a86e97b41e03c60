"""GitHub issue forms generated from the schema, and issue bodies turned into entries."""
