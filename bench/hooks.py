"""Deliveries per second: an exec hook (`cat`) and a loopback webhook, on a SQLite store.

    .venv/bin/python -m bench.hooks [EVENTS]

Writes bench/results/hooks.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.build import build
from tests.support.keys import key_file

REPO = Path(__file__).resolve().parents[1]
NEWSROOM = Path(sys.executable).parent / "newsroom"


class Ok(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def newsroom(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(NEWSROOM), *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    server = ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = f"sqlite:///{tmp}/bench.db"
        build(store, events)
        env = {**os.environ, "NEWSROOM_STORE": store, "NEWSROOM_ACTOR": "umud"}
        env["NEWSROOM_HOOK_ALLOW_NETWORKS"] = "127.0.0.0/8"  # the loopback receiver
        env["NEWSROOM_KEY"] = str(key_file("umud"))
        allowlist = Path(tmp) / "hook-programs"  # the operator allows `cat` to run
        allowlist.write_text(f"{shutil.which('cat')}\n", encoding="utf-8")
        allowlist.chmod(0o644)
        env["NEWSROOM_HOOK_PROGRAMS"] = str(allowlist)
        for name, target in (
            ("exec", ["--exec", "cat"]),
            ("webhook", ["--url", url, "--secret", "generate"]),
        ):
            newsroom(env, "hooks", "add", name, "--on", "ArticleDrafted", *target, "--from-start")
            wall = newsroom(env, "hooks", "run")
            newsroom(env, "hooks", "remove", name)
            rows.append((name, wall))
        count_env = {**env}
        out = subprocess.run(
            [str(NEWSROOM), "log", "--type", "ArticleDrafted", "--json"],
            env=count_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        drafted = out.count('"event_type": "ArticleDrafted"')
    server.shutdown()
    lines = [
        f"# Hook deliveries: {drafted} ArticleDrafted events, one `newsroom hooks run`",
        "",
        f"Machine: {os.cpu_count()} CPUs.",
        "",
        "| target | seconds | deliveries/s |",
        "|---|---|---|",
        *(f"| {name} | {wall:.1f} | {drafted / wall:.0f} |" for name, wall in rows),
    ]
    (REPO / "bench" / "results" / "hooks.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
