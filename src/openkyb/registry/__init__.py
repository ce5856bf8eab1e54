"""Company registries: records, parsers, storage and lookup (Companies House, GLEIF)."""
