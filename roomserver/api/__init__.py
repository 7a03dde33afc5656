"""HTTP edges: parse, call the core through the store, serialise. No exam rule lives here."""
