"""Bot detection by user agent, from the maintained ``crawler-user-agents`` list.

The list (about 1,500 patterns: search-engine crawlers, SEO and scraping tools, headless
browsers, browser-automation frameworks, HTTP libraries) is the community-maintained one
from the crawler-user-agents project, shipped as a PyPI package.

openkyb is an API that marketplaces call from their servers, so the plain HTTP clients such
integrations are written with (curl, HTTPie, python-requests, httpx, aiohttp, urllib, Go's
net/http, OkHttp, Apache HttpClient, Java's HttpURLConnection, axios, node-fetch) are NOT
treated as bots: blocking them would block the paying callers, and curl is how the docs and
``openkyb demo`` show the API. Crawlers, spiders, scrapers (Scrapy...), headless browsers
and automation frameworks (HeadlessChrome, PhantomJS, Selenium, Puppeteer, Playwright) and
an empty user agent are bots.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources

# Patterns of the list that name general-purpose HTTP clients (see the module docstring).
INTEGRATION_CLIENTS = frozenset(
    {
        "^curl",
        "^HTTPie\\/",
        "python-requests",
        "httpx",
        "aiohttp",
        "Python-urllib",
        "Go-http-client",
        "okhttp",
        "^Apache-HttpClient",
        "HttpUrlConnection",
        "axios",
        "node-fetch",
    }
)

# Generic words that mark a bot in any case, even one the list does not know yet.
_GENERIC = re.compile(r"bot\b|crawl|spider|scrap|headless", re.IGNORECASE)


@cache
def bot_patterns() -> tuple[str, ...]:
    """The list's patterns in force: the maintained list minus integration clients."""
    source = resources.files("crawleruseragents") / "crawler-user-agents.json"
    entries = json.loads(source.read_text("utf-8"))
    return tuple(e["pattern"] for e in entries if e["pattern"] not in INTEGRATION_CLIENTS)


@cache
def _matcher() -> re.Pattern[str]:
    # One alternation, case-sensitive as the list is written (4x faster than IGNORECASE).
    return re.compile("|".join(f"(?:{p})" for p in bot_patterns()))


@lru_cache(maxsize=4096)
def is_bot(user_agent: str | None) -> bool:
    """Whether a user agent is empty or a known crawler, scraper or automation tool.

    Callers send few distinct user agents, so answers are cached: the regex runs once per
    user agent, not once per request.
    """
    if user_agent is None or not user_agent.strip():
        return True
    return _GENERIC.search(user_agent) is not None or _matcher().search(user_agent) is not None


def warm_up() -> None:
    """Compile the patterns now rather than on the first request."""
    is_bot("openkyb-warm-up")
