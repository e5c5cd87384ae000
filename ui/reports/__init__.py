"""The owner's Reports window: calls, revenue (with charts), sessions and problems."""
