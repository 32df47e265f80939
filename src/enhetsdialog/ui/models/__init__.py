"""Qt item models: adapters over service results."""
