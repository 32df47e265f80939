"""Pure domain: entities, enums and rules. No Qt, no SQL."""
