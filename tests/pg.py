"""A real PostgreSQL server for the store tests, started from the Debian package's binaries.

The server runs on 127.0.0.1 on a free port with its data in a temporary folder, without fsync
(the tests need a real server, not durability), as the ``postgres`` user when run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

INSTALL_HINT = ("PostgreSQL is not installed: `make test` installs it as root (Debian package "
                "postgresql); otherwise run sudo apt-get install -y postgresql")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise RuntimeError(INSTALL_HINT)
        self.bin = Path(found[-1]).parent
        self.base = Path(tempfile.mkdtemp(prefix="infolib-pg-"))
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.base, "postgres", "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.data = self.base / "data"
        self.port = _free_port()
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "infolib", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.base / "server.log"),
                  "-o", f"-p {self.port} -h 127.0.0.1 -k {self.base} -F", "start")
        self.url = f"postgresql+psycopg://infolib@127.0.0.1:{self.port}"

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self.prefix, str(self.bin / program), *args], capture_output=True,
                              text=True)
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}")

    def new_database(self) -> str:
        """A fresh, empty database's SQLAlchemy URL."""
        import sqlalchemy as sa

        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(f"{self.url}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
        engine.dispose()
        return f"{self.url}/{name}"

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m",
                        "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)
