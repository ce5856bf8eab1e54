"""A real HTTP server on 127.0.0.1 that replays the saved Companies House and GLEIF answers.

Routes map request paths (query strings ignored) to the saved response files; anything else is
a 404 with a JSON body, as both APIs answer. Tests can override a path with another status,
body, headers or a delay, and read how often each path was requested.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# The saved company answers and the company each belongs to (read from the files' own links).
CH_FILES = {
    "/company/08957400": "company_candour_last_account_type.json",
    "/company/04475590/officers": "officers_you_limited.json",
    "/company/04053514/persons-with-significant-control": "persons_yorkshire_air_ambulance.json",
    "/company/07310390/charges": "charges_pfb_hire.json",
    "/company/07310390/filing-history": "filing_pfb_hire.json",
    "/company/14190543/filing-history": "filing_tell_aldi.json",
    # The London Airways answer names no company number: served at a stand-in number.
    "/company/01234567/insolvency": "insolvency_london_airways.json",
    "/search/companies": "search_result_you.json",
}


@dataclass
class Response:
    """What the server answers for one path."""

    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Replay:
    """The running server: its URL, its routes, and what it was asked."""

    url: str
    routes: dict[str, Response]
    hits: Counter[str] = field(default_factory=Counter)
    authorization: list[str | None] = field(default_factory=list)

    def set(self, path: str, status: int, body: bytes = b"{}", **headers: str) -> None:
        """Answer ``path`` with ``status`` from now on."""
        self.routes[path] = Response(status, body, headers)


def ch_routes(root: Path) -> dict[str, Response]:
    """The Companies House routes from the saved answers folder."""
    return {path: Response(body=(root / name).read_bytes()) for path, name in CH_FILES.items()}


def gleif_routes(root: Path) -> dict[str, Response]:
    """The GLEIF routes: every saved LEI record, parent, relationship and exception answer."""
    routes: dict[str, Response] = {}
    patterns = {
        "lei_records/single_lei_record_": "",
        "lei_records/direct-parent_": "/direct-parent",
        "lei_records/ultimate-parent_": "/ultimate-parent",
        "relationships/direct-parent-relationship_": "/direct-parent-relationship",
        "relationships/ultimate-parent-relationship_": "/ultimate-parent-relationship",
        "reporting_exceptions/direct-parent-reporting-exception_": (
            "/direct-parent-reporting-exception"
        ),
        "reporting_exceptions/ultimate-parent-reporting-exception_": (
            "/ultimate-parent-reporting-exception"
        ),
    }
    for prefix, suffix in patterns.items():
        folder, start = prefix.split("/")
        for file in (root / folder).glob(f"{start}*.json"):
            lei = file.stem.removeprefix(start)
            routes[f"/lei-records/{lei}{suffix}"] = Response(body=file.read_bytes())
    routes["/fuzzycompletions"] = Response(
        body=(root / "fuzzy_completions" / "fuzzycompletions_all.json").read_bytes()
    )
    routes["/autocompletions"] = Response(
        body=(root / "auto_completions" / "autocompletions_all.json").read_bytes()
    )
    return routes


def start(routes: dict[str, Response]) -> tuple[Replay, ThreadingHTTPServer]:
    """Serve ``routes`` on a free port of 127.0.0.1 in a daemon thread."""
    replay = Replay(url="", routes=routes)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            replay.hits[path] += 1
            replay.authorization.append(self.headers.get("Authorization"))
            answer = replay.routes.get(path) or Response(404, b'{"errors": "not found"}')
            if answer.delay:
                time.sleep(answer.delay)
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer.body)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: object) -> None:
            return  # keep test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    return replay, server
