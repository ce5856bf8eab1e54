"""Bot rule: the maintained crawler list, minus the HTTP clients integrations use."""

from __future__ import annotations

import pytest

from openkyb.gateway.bots import INTEGRATION_CLIENTS, bot_patterns, is_bot

CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("user_agent", "bot"),
    [
        (None, True),
        ("", True),
        ("   ", True),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", True),
        ("Mozilla/5.0 (compatible; bingbot/2.0)", True),
        ("Scrapy/2.11 (+https://scrapy.org)", True),
        ("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/124.0 Safari/537.36", True),
        ("Mozilla/5.0 PhantomJS/2.1.1", True),
        ("AcmeSpider/1.0", True),
        ("Wget/1.21.4", True),
        (CHROME, False),
        ("curl/8.5.0", False),
        ("python-requests/2.32.3", False),
        ("python-httpx/0.28.1", False),
        ("Go-http-client/1.1", False),
        ("okhttp/4.12.0", False),
        ("acme-marketplace/3.2 (+https://acme.example)", False),
        ("testclient", False),
    ],
)
def test_user_agents(user_agent, bot):
    assert is_bot(user_agent) is bot


def test_exempt_clients_are_in_the_maintained_list():
    # If the list renames a pattern, the exemption silently stops applying: fail instead.
    import json
    from importlib import resources

    source = resources.files("crawleruseragents") / "crawler-user-agents.json"
    listed = {e["pattern"] for e in json.loads(source.read_text("utf-8"))}
    assert listed >= INTEGRATION_CLIENTS
    assert len(bot_patterns()) > 1000
