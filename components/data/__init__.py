"""The curated tables: the schema and its vocabularies, reading and validation, the number parser, quote matching, coverage and the store."""
