"""Callshop POS: ``python main.py`` opens the counter (the demo shop when nothing is set up)."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
