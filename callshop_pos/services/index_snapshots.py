"""Built prefix indexes kept in the database, so a big deck loads without being built again.

An owner's (tariff's or destination set's) snapshot is used only when it was built at the
owner's revision now, in this program's format (``rating/index_snapshot.FORMAT``), and passes
every check of ``rating/index_snapshot.load``; anything else means building from the rows, as
if there were no snapshot. Whoever builds an index of at least ``MIN_PREFIXES`` prefixes from
the rows writes its snapshot, replacing an older one (never a newer one). A snapshot goes
with its owner (foreign keys with ON DELETE CASCADE), so an owner id used again never meets
an old owner's snapshot.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, delete, exists, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session

from callshop_pos.db.models import DestinationSet, IndexSnapshot, Tariff
from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.index_snapshot import FORMAT, Snapshot, SnapshotError, dump, load

log = logging.getLogger(__name__)

# Smaller decks build from their rows in a few hundredths of a second: no snapshot.
MIN_PREFIXES = 20_000

_Key = tuple[str, int]  # (owner table, owner id), as services.rating_cache keys its lists
_OWNER: dict[str, InstrumentedAttribute[int | None]] = {
    Tariff.__tablename__: IndexSnapshot.tariff_id,
    DestinationSet.__tablename__: IndexSnapshot.destination_set_id,
}


def read_snapshot(session: Session, key: _Key, revision: int) -> PrefixIndex | None:
    """The owner's index from its snapshot built at ``revision``, or None (no such snapshot,
    or one that cannot be used: logged, and left for the next build to replace)."""
    found = session.execute(
        select(IndexSnapshot.header, IndexSnapshot.data, IndexSnapshot.checksum).where(
            _OWNER[key[0]] == key[1],
            IndexSnapshot.revision == revision,
            IndexSnapshot.format == FORMAT,
        )
    ).one_or_none()
    if found is None:
        return None
    header, data, checksum = found
    try:
        return load(Snapshot(header, bytes(data), checksum))
    except SnapshotError as error:
        log.warning("the stored index of %s %s is not used: %s", *key, error)
        return None


def write_snapshot(bind: Engine, key: _Key, revision: int, index: PrefixIndex) -> bool:
    """Store the snapshot of ``index``, built from the owner's rows at ``revision``, in its
    own transaction; False when none was written (a newer one is there, another process
    wrote one at once, the owner is gone, the database is busy: the next load builds)."""
    snapshot = dump(index)
    if snapshot is None:
        return False
    owner = _OWNER[key[0]]
    try:
        with Session(bind=bind) as session, session.begin():
            session.execute(
                delete(IndexSnapshot).where(owner == key[1], IndexSnapshot.revision <= revision)
            )
            if session.scalar(select(exists().where(owner == key[1]))):
                return False  # one of a newer revision
            session.execute(
                insert(IndexSnapshot).values(
                    {
                        owner.key: key[1],
                        "revision": revision,
                        "format": FORMAT,
                        "checksum": snapshot.checksum,
                        "header": snapshot.header,
                        "data": snapshot.data,
                    }
                )
            )
    except SQLAlchemyError as error:
        log.warning("the index of %s %s was not stored: %s", *key, error)
        return False
    return True
