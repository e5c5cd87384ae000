"""SIGTERM / SIGINT end the real counter (``ui.app.main``, in-process, the demo shop) whatever
is on screen: the login dialog (before the main event loop runs, where ``QApplication.quit``
does nothing), or the board with a cashier logged in and booths running (where a Quit asks
an owner's PIN: nobody is there to give it when the system shuts down)."""

from __future__ import annotations

import os
import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from ui.app import main
from ui.dialogs.login_dialog import LoginDialog
from ui.main_window import MainWindow

CASHIER_NOW = ("--user", "Cashier", "--demo-history", "0")  # the live booths from the start


def run_main(qapp: QApplication, tmp_path, look) -> int:
    """main()'s exit status; -1 when the test had to end it (the signal did not)."""
    poll = QTimer()  # stopped below: it must not reach a later test's event loop
    poll.timeout.connect(look)
    poll.start(100)
    gave_up: list[bool] = []

    def give_up() -> None:  # never hang the suite, even on the login (no main loop yet)
        gave_up.append(True)
        poll.stop()
        for dialog in visible(qapp, QDialog):
            dialog.reject()
        if visible(qapp, MainWindow):  # app.exec runs (outside it an exit ends the next loop)
            qapp.exit(3)

    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(give_up)
    safety.start(60_000)
    try:
        code = main(["callshop-pos", "--demo", "--db", str(tmp_path / "demo.db"), *CASHIER_NOW])
    finally:
        poll.stop()
        safety.stop()
    return -1 if gave_up else code


def visible(qapp: QApplication, kind: type) -> list:
    return [w for w in qapp.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_sigterm_on_the_login_dialog_ends_the_counter(qapp, tmp_path):
    sent: list[int] = []

    def look() -> None:
        if visible(qapp, LoginDialog) and not sent:
            sent.append(signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGTERM)

    before = signal.getsignal(signal.SIGTERM)
    assert run_main(qapp, tmp_path, look) == 0
    assert sent and not visible(qapp, QDialog)
    assert signal.getsignal(signal.SIGTERM) is before  # given back


def test_sigint_with_booths_running_ends_the_counter_without_asking_a_pin(qapp, tmp_path):
    sent: list[int] = []

    def look() -> None:
        for login in visible(qapp, LoginDialog):
            if not sent and login.isEnabled():
                login.pin.setText("1111")  # the demo cashier
                login.try_login()
        windows = visible(qapp, MainWindow)
        if not windows or sent:
            return
        tiles = windows[0].board.tiles()
        if sum(1 for t in tiles if t.text and t.text.running) < 5:
            return  # the demo's five live booths
        sent.append(signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)

    previous = signal.getsignal(signal.SIGINT)
    assert run_main(qapp, tmp_path, look) == 0
    assert sent  # a cashier's Quit would have asked the owner's PIN: a signal does not
    assert not visible(qapp, QDialog) and not visible(qapp, MainWindow)
    assert signal.getsignal(signal.SIGINT) is previous
