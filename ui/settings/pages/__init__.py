"""The settings dialog's pages."""
