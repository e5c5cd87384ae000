"""The counter's dialogs: start, stop, top-up, extra item, price check, today's calls."""
