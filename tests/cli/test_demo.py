"""The README's run command: `openkyb demo` on a fresh directory, and its curl line works."""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_demo_serves_and_its_curl_line_returns_201(tmp_path: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENKYB_")}
    env["COLUMNS"] = "10000"  # keep the printed curl line on one line
    command = [sys.executable, "-m", "openkyb.cli", "demo", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        curl_line = None
        deadline = time.monotonic() + 60
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("curl "):
                curl_line = line.strip()
            if "Uvicorn running" in line or "Application startup complete" in line:
                break
        assert curl_line, "demo printed no curl line"
        assert (tmp_path / "openkyb.db").exists(), "the embedded default is ./openkyb.db"
        output = subprocess.run(
            [*shlex.split(curl_line), "-w", "\n%{http_code}"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
        body, status = output.rsplit("\n", 1)
        assert status == "201", body
        result = orjson.loads(body)
        assert result["decision"] in {"approve", "review", "decline"}
        assert len(result["checks"]) >= 6
        assert all(c["reason_code"] for c in result["checks"])
    finally:
        process.terminate()
        process.wait(10)


def test_demo_twice_issues_a_new_key_for_the_same_tenant(sqlite_db):
    from openkyb.cli.server import prepare_demo
    from openkyb.gateway.tenants import list_keys

    first, second = prepare_demo(sqlite_db), prepare_demo(sqlite_db)
    assert first.tenant_id == second.tenant_id
    assert first.secret != second.secret
    with sqlite_db.session() as session:
        assert len(list_keys(session, "demo")) == 2
