"""A throw-away PostgreSQL cluster for the tests: ``initdb`` + ``pg_ctl`` in a temporary
folder, reached only through a unix socket in that folder (no TCP), one per test session.

Run as root (CI), PostgreSQL refuses to start: the cluster then runs as an unprivileged
user (``postgres`` when it exists, else ``nobody``) and its folder belongs to that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from callshop_pos.db.engine import open_database

SEARCH = ("/usr/lib/postgresql", "/usr/local/pgsql", "/opt/homebrew/opt")
SUPERUSER = "callshop"
TEMPLATE = "callshop_template"


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL binaries on this machine, or the cluster did not start."""


def find_bin_dir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``: on PATH, or Debian's versioned folders
    (the newest version first)."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    for root in SEARCH:
        base = Path(root)
        if not base.is_dir():
            continue
        candidates = sorted(base.glob("*/bin/initdb"), key=_version_key, reverse=True)
        for candidate in candidates:
            if (candidate.parent / "pg_ctl").exists():
                return candidate.parent
    return None


def _version_key(path: Path) -> tuple[int, ...]:
    version = path.parent.parent.name
    return tuple(int(p) for p in version.split(".") if p.isdigit()) or (0,)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> pwd.struct_passwd | None:
    """The unprivileged user to run the server as, when we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise ClusterUnavailable("running as root and neither user postgres nor nobody exists")


@dataclass
class Cluster:
    bin_dir: Path
    folder: Path
    port: int
    user: pwd.struct_passwd | None
    _numbers: count = field(default_factory=lambda: count(1))
    _admin: Engine | None = None
    _strategy: str = ""
    _migrated: bool = False
    _options: str = ""

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "sock"

    def url(self, database: str) -> str:
        return (
            f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}&port={self.port}"
        )

    def _cmd(self, *argv: str) -> subprocess.CompletedProcess[str]:
        kwargs: dict = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        result = subprocess.run(
            [str(self.bin_dir / argv[0]), *argv[1:]],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.folder,
            env={**os.environ, "LC_ALL": "C"},
            **kwargs,
        )
        if result.returncode != 0:
            raise ClusterUnavailable(
                f"{argv[0]} failed ({result.returncode}): {result.stderr.strip()[-800:]}"
            )
        return result

    def start(self) -> None:
        self.socket_dir.mkdir()
        if self.user is not None:
            for path in (self.folder, self.socket_dir):
                os.chown(path, self.user.pw_uid, self.user.pw_gid)
        self._cmd(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )
        options = " ".join(
            (
                f"-p {self.port}",
                "-c listen_addresses=''",
                f"-c unix_socket_directories={self.socket_dir}",
                # a throw-away cluster: durability buys nothing here, speed does
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=300",
            )
        )
        self._options = options
        self._server_start()
        self._admin = create_engine(
            self.url("postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
        )
        with self._admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0"))
            version = int(conn.execute(text("SHOW server_version_num")).scalar_one())
        # PostgreSQL 15 copies a template through the WAL by default: 5 times slower here
        self._strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""

    def _server_start(self) -> None:
        self._cmd(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            self._options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def pause(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``: every client is cut off): a database
        outage, until :meth:`resume` starts it again with the same data."""
        self._cmd("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def resume(self) -> None:
        self._server_start()

    def new_database(self, *, migrated: bool = False) -> str:
        """A fresh database, a copy of a template: empty, or with the schema at head (the
        migrations are run once, into that template, the first time one is asked for)."""
        assert self._admin is not None
        template = TEMPLATE
        if migrated:
            template = f"{TEMPLATE}_head"
            if not self._migrated:
                self._create(template, TEMPLATE)
                open_database(self.url(template)).dispose()  # a template must be idle
                self._migrated = True
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        self._create(name, template)
        return self.url(name)

    def _create(self, name: str, template: str) -> None:
        assert self._admin is not None
        with self._admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}{self._strategy}"))

    def drop_database(self, url: str) -> None:
        assert self._admin is not None
        name = url.split("/")[3].split("?")[0]
        with self._admin.connect() as conn:
            # a test may leave an engine's connections open (garbage collected later)
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
        try:
            self._cmd("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def stop_quietly(self) -> None:
        try:
            self.stop()
        except ClusterUnavailable:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise ClusterUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found; "
            "install the postgresql package (scripts/bootstrap does)"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise ClusterUnavailable("psycopg is not installed: pip install -e '.[postgres]'") from exc
    # not under pytest's tmp_path: as root that is 0700 and the server's user could not enter
    folder = Path(tempfile.mkdtemp(prefix="callshop-pg-"))
    cluster = Cluster(bin_dir=bin_dir, folder=folder, port=_free_port(), user=_run_as())
    try:
        cluster.start()
    except BaseException:
        log = folder / "server.log"
        detail = log.read_text(errors="replace")[-800:] if log.exists() else ""
        cluster.stop_quietly()
        if detail:
            raise ClusterUnavailable(f"PostgreSQL did not start: {detail}") from None
        raise
    return cluster
