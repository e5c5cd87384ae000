"""The PBX engine runs from the start, before anyone logs in: a counter restarted at the shop
authorizes a booth's call while its login dialog is still open (the real ``ui.app.main``
on the demo shop, its simulator placing the calls)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from callshop_pos.db.engine import open_database
from callshop_pos.db.models import CallAuthorization
from ui.app import main
from ui.dialogs.login_dialog import LoginDialog
from ui.main_window import MainWindow


def _visible(app: QApplication, kind: type) -> object | None:
    found = (w for w in app.topLevelWidgets() if isinstance(w, kind) and w.isVisible())
    return next(found, None)


def test_a_booth_call_is_authorized_while_the_login_dialog_is_open(qapp, tmp_path):
    path = tmp_path / "demo.db"
    seen: dict[str, object] = {}

    def authorized() -> int:
        if not path.exists():
            return 0
        db = open_database(path)
        try:
            with db.read() as s:
                return int(s.scalar(select(func.count()).select_from(CallAuthorization)) or 0)
        finally:
            db.dispose()

    def look() -> None:
        login = _visible(qapp, LoginDialog)
        window = _visible(qapp, MainWindow)
        if isinstance(login, LoginDialog) and "during_login" not in seen:
            if authorized() == 0:
                QTimer.singleShot(200, look)  # nobody logs in yet: the booths are calling
                return
            seen["during_login"] = authorized()
            seen["window_then"] = window is not None
            login.pin.setText("1111")
            login.try_login()
        if window is None or "PBX connected" not in window.status.pbx.text():
            QTimer.singleShot(100, look)
            return
        seen["pbx"] = window.status.pbx.text()  # the state the engine reached before the window
        qapp.exit(0)

    QTimer.singleShot(100, look)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: qapp.exit(3))
    safety.start(60_000)
    try:
        code = main(
            [
                "callshop-pos",
                "--demo",
                "--db",
                str(path),
                "--user",
                "Cashier",
                "--demo-history",
                "0",
            ]
        )
    finally:
        safety.stop()
    assert code == 0, seen
    assert int(seen["during_login"]) > 0 and seen["window_then"] is False
    assert "PBX connected" in str(seen["pbx"])
