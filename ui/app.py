"""Builds the counter window; ``main`` runs it against the development fake backend.

The real entry point creates the core backend and the PBX engine, then::

    app = QApplication(argv)
    bridge = ListenerBridge()                 # give this to the engine as its BoardListener
    window = build_main_window(backend, bridge, user=user, language=prefs.language)
    window.show(); app.exec()
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication

from callshop_pos.counter import CounterBackend
from ui.bridge import ListenerBridge
from ui.i18n import LANGUAGES, install_language
from ui.main_window import Clock, MainWindow
from ui.pyside_guard import install_none_refcount_guard
from ui.theme import apply_theme


def build_main_window(
    backend: CounterBackend,
    listener_bridge: ListenerBridge | None,
    *,
    user: str,
    language: str,
    clock: Clock | None = None,
) -> MainWindow:
    """The main window on the running QApplication, in ``language`` ("en" or "ru")."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create the QApplication before build_main_window")
    install_none_refcount_guard()  # before the first paint: see ui/pyside_guard.py
    apply_theme(app)
    # The translator must be installed before any widget asks for its words.
    translator = install_language(language)
    kwargs = {"clock": clock} if clock is not None else {}
    window = MainWindow(backend, listener_bridge, user=user, **kwargs)
    window.translator = translator  # type: ignore[attr-defined]  # keep it alive with the window
    return window


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(description="Callshop POS counter (development backend)")
    parser.add_argument("--language", choices=LANGUAGES, default="en")
    parser.add_argument("--user", default="cashier")
    parser.add_argument("--booths", type=int, default=8)
    args, qt_args = parser.parse_known_args(argv[1:])
    app = QApplication([argv[0] if argv else "callshop-pos", *qt_args])
    from ui.dev_backend import DevCounterBackend  # only the dev mode needs the fake

    backend = DevCounterBackend(args.booths)
    bridge = ListenerBridge()
    window = build_main_window(backend, bridge, user=args.user, language=args.language)
    backend.attach(bridge)
    window.show()
    try:
        return app.exec()
    finally:
        backend.close()


if __name__ == "__main__":
    sys.exit(main())
