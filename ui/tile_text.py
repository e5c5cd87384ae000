"""Everything a booth tile draws, as strings: compared each tick to skip needless repaints."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from callshop_pos.board import (
    TileState,
    balance_left,
    call_elapsed,
    live_cost,
    running_total,
    talk_time_left,
    tile_state,
)
from callshop_pos.counter import BoothMode, BoothView, PbxLink
from ui.booth_keys import key_label
from ui.format import duration, money
from ui.refusal_words import refusal_text

# Under this much talk time left, a prepaid call is about to be cut: the tile warns.
LOW_TALK_SECONDS = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate("BoothTile", text)


@dataclass(frozen=True)
class TileLabels:
    """The translated words, looked up once per language rather than on every tick."""

    states: dict[TileState, str]
    total: str
    left: str
    talk_left: str  # with %1 for the duration
    no_rate: str
    start: str
    stop: str
    postpaid: str
    topup: str
    extra: str
    ringing_for: str  # with %1
    locked_hint: str
    blocked_hint: str
    refused: str  # with %1 for the number
    low_balance: str  # with %1 for the talk time

    @classmethod
    def current(cls) -> TileLabels:
        return cls(
            states={
                TileState.FREE: _tr("Free"),
                TileState.LOCKED: _tr("Locked"),
                TileState.PREPAID: _tr("Prepaid"),
                TileState.POSTPAID: _tr("Postpaid"),
                TileState.RINGING: _tr("Ringing"),
                TileState.IN_CALL: _tr("In call"),
                TileState.BLOCKED: _tr("Out of order"),
                TileState.UNREGISTERED: _tr("Phone unregistered"),
                TileState.PBX_OFFLINE: _tr("PBX offline"),
            },
            total=_tr("Session"),
            left=_tr("Left"),
            talk_left=_tr("talk %1"),
            no_rate=_tr("checking rate…"),
            start=_tr("Start"),
            stop=_tr("Stop"),
            postpaid=_tr("Postpaid"),
            topup=_tr("Top-up"),
            extra=_tr("+ Item"),
            ringing_for=_tr("dialing %1"),
            locked_hint=_tr("No calls until Start"),
            blocked_hint=_tr("Cannot be started"),
            refused=_tr("Refused %1"),
            low_balance=_tr("Low balance · %1"),
        )


@dataclass(frozen=True)
class TileText:
    state: TileState
    title: str
    position: str
    key: str
    state_word: str
    number: str
    area: str
    timer: str
    cost: str
    total: str
    balance: str  # empty for postpaid and free booths
    balance_negative: bool
    talk_left: str
    running: bool  # a session is open: the button says Stop
    prepaid: bool
    # A line for what is not a call: why the last call was refused (alert) or a hint.
    note: str = ""
    note_detail: str = ""
    alert: bool = False
    low_balance: str = ""  # set when the call is about to be cut for money


def tile_text(view: BoothView, pbx: PbxLink, now: float, labels: TileLabels) -> TileText:
    state = tile_state(view, pbx)
    call = view.call
    cur, prec = view.currency, view.precision
    number = area = timer = cost = talk = ""
    if call is not None:
        number = call.number
        if call.rate is not None:
            area = call.rate.area_name
        elif call.answered_at is None:
            area = labels.no_rate
        if call.answered_at is not None:
            timer = duration(call_elapsed(view, now))
            cost = money(live_cost(view, now), cur, prec)
        else:
            # Ringing has no cost yet; the dial time tells the cashier it is not stuck.
            timer = labels.ringing_for.replace("%1", duration(int(now - call.started_at)))
    running = view.mode is not None
    prepaid = view.mode is BoothMode.PREPAID
    balance = low = ""
    negative = False
    if prepaid:
        left = balance_left(view, now)
        negative = left < 0
        balance = money(left, cur, prec)
        seconds = talk_time_left(view, now)
        if seconds is not None:
            talk = labels.talk_left.replace("%1", duration(seconds))
            if call is not None and call.answered_at is not None and seconds < LOW_TALK_SECONDS:
                low = labels.low_balance.replace("%1", duration(seconds))
    note = detail = ""
    alert = False
    if call is None and view.last_refusal:
        # The customer put the phone down puzzled: the tile says which call and why.
        note = labels.refused.replace("%1", view.last_refused_number).strip()
        detail = refusal_text(view.last_refusal)
        alert = True
    elif state is TileState.LOCKED:
        note = labels.locked_hint
    elif state is TileState.BLOCKED and not running:
        note = labels.blocked_hint
    return TileText(
        state=state,
        title=view.name,
        position=str(view.position),
        key=key_label(view.position),
        state_word=labels.states[state],
        number=number,
        area=area,
        timer=timer,
        cost=cost,
        total=money(running_total(view, now), cur, prec) if running else "",
        balance=balance,
        balance_negative=negative,
        talk_left=talk,
        running=running,
        prepaid=prepaid,
        note=note,
        note_detail=detail,
        alert=alert,
        low_balance=low,
    )
