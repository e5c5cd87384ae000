"""Void a receipt (Shop ▸ Print queue ▸ Void receipt…): the number and the reason, then the
owner's PIN through the session guard (an owner at the counter is not asked); the void runs
in the core off the GUI thread, its cash leaving this counter's drawer. ``with_owner_do`` is
that approval for any owner's action on the drawer (the refund uses it too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.services import voids
from callshop_pos.services.permissions import Permission
from ui.dialogs.common import error_label, error_text, ok_cancel_buttons
from ui.session_guard import SessionGuard
from ui.worker import Runner

T = TypeVar("T")


class VoidReceiptDialog(QDialog):
    """Asks which receipt and why; ``accepted`` leaves them in ``number()``/``reason()``."""

    def __init__(self, last_number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voidReceiptDialog")
        self.setWindowTitle(self.tr("Void receipt"))
        font = self.font()
        font.setPointSize(max(font.pointSize(), 14))  # readable from the counter
        self.setFont(font)
        self.number_box = QSpinBox()
        self.number_box.setObjectName("voidNumber")
        self.number_box.setRange(1, 2_000_000_000)
        self.number_box.setValue(max(1, last_number))
        self.reason_field = QLineEdit()
        self.reason_field.setObjectName("voidReason")
        self.reason_field.setMaxLength(voids.REASON_MAX)
        self.reason_field.setPlaceholderText(self.tr("e.g. sold to the wrong booth"))
        self.error = error_label()
        note = QLabel(self.tr("The receipt's total is given back in cash. Needs the owner."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Receipt number"), self.number_box)
        form.addRow(self.tr("Reason"), self.reason_field)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Void"), self.tr("Cancel")))

    def accept(self) -> None:
        if not self.reason().strip():
            self.error.setText(self.tr("Give a reason."))
            self.error.show()
            return
        super().accept()

    def number(self) -> int:
        return self.number_box.value()

    def reason(self) -> str:
        return self.reason_field.text()


def with_owner_do(
    guard: SessionGuard,
    runner: Runner,
    permission: Permission,
    job: Callable[[int, int | None], T],
    done: Callable[[T], object],
    failed: Callable[[str], object],
) -> Any:
    """The owner's approval (her PIN, unless an owner is at the counter), then ``job(owner,
    drawer)`` on the Runner, the cash leaving the logged-in user's drawer; returns the PIN
    prompt, if one opened."""
    asked: list[Any] = []  # the prompt, for the owner who typed her PIN
    drawer = guard.user.id

    def approved() -> None:
        prompt = asked[0] if asked else None
        owner = prompt.user.id if prompt is not None else guard.user.id
        if owner is None:
            return
        runner.submit(lambda: job(owner, drawer), done, lambda exc: failed(error_text(exc)))

    prompt = guard.with_owner(permission, approved)
    if prompt is not None:
        asked.append(prompt)
    return prompt


def void_with_owner(
    guard: SessionGuard,
    runner: Runner,
    number: int,
    reason: str,
    done: Callable[[voids.Voided], object],
    failed: Callable[[str], object],
) -> Any:
    """The owner's approval, then the core's void; returns the PIN prompt, if one opened."""
    db = guard.db
    return with_owner_do(
        guard,
        runner,
        Permission.VOID_RECEIPT,
        lambda owner, drawer: voids.void_receipt(db, number, reason, by=owner, drawer=drawer),
        done,
        failed,
    )
