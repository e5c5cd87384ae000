"""Pages of the owner's settings dialog."""
