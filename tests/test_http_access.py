"""Who may do what through the HTTP API, with real servers: the library's write policy (`newsbot.access`) on a server
bound beyond loopback, behind the admin password, and read-only; the per-key rate limit; CORS; safe URL fetching."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.server.harness import ApiServer
from tests.api_helpers import FERRY, REFERENCE_DATE, build_news_home, news_site

PASSWORD = "correct horse battery staple"
KEYS = ["key-one-" + "1" * 20, "key-two-" + "2" * 20, "key-three-" + "3" * 20]
ORIGIN = "https://chat.example.org"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, embedder: Any, onnx_model: Path) -> Path:
    return build_news_home(tmp_path_factory.mktemp("api-access-home"), embedder, onnx_model)


@pytest.fixture(scope="module")
def exposed(home: Path) -> Iterator[ApiServer]:
    """Bound to every interface, no admin password, no key: reads for anyone, writes for no one."""
    env = {"NEWSBOT_REFERENCE_DATE": REFERENCE_DATE, "NEWSBOT_API_CORS_ORIGINS": ORIGIN}
    with ApiServer(home, env=env, host="0.0.0.0") as server:
        yield server


@pytest.fixture(scope="module")
def guarded(home: Path) -> Iterator[ApiServer]:
    """Loopback, three keys, the admin password, a rate limit of 20 a minute, private addresses not fetched."""
    env = {"NEWSBOT_REFERENCE_DATE": REFERENCE_DATE, "NEWSBOT_ADMIN_PASSWORD": PASSWORD,
           "NEWSBOT_API_KEY": ",".join(KEYS), "NEWSBOT_API_RATE_LIMIT": "20"}
    with ApiServer(home, env=env) as server:
        yield server


def test_a_server_bound_beyond_loopback_with_no_password_refuses_changes(exposed: ApiServer) -> None:
    assert "warning: reachable from other machines with no NEWSBOT_API_KEY" in exposed.output()
    articles = httpx.get(f"{exposed.url}/articles").json()["articles"]
    assert len(articles) == 19  # reading needs nothing here
    assert "Derna" in httpx.post(f"{exposed.url}/ask", json={"question": "What happened in Derna?"}, timeout=60).json()["text"]
    for response in (httpx.post(f"{exposed.url}/articles", json=FERRY),
                     httpx.post(f"{exposed.url}/articles", json=FERRY, headers={"X-Admin-Password": "anything"}),
                     httpx.delete(f"{exposed.url}/articles/{articles[0]['id']}")):
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "exposed" and error["message"].startswith("This server can be reached from other machines")
        assert "NEWSBOT_ADMIN_PASSWORD" in error["message"]
    assert len(httpx.get(f"{exposed.url}/articles").json()["articles"]) == 19


def test_cors_is_off_unless_configured_and_then_only_for_those_origins(exposed: ApiServer, guarded: ApiServer) -> None:
    preflight = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type"}
    allowed = httpx.options(f"{exposed.url}/ask", headers=preflight)
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    simple = httpx.get(f"{exposed.url}/v1/models", headers={"Origin": ORIGIN})
    assert simple.headers["access-control-allow-origin"] == ORIGIN
    other = httpx.options(f"{exposed.url}/ask", headers=preflight | {"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    assert "access-control-allow-origin" not in httpx.get(f"{exposed.url}/v1/models", headers={"Origin": "https://evil.example"}).headers
    unset = httpx.get(f"{guarded.url}/v1/models", headers={"Origin": ORIGIN, "Authorization": f"Bearer {KEYS[0]}"})
    assert unset.status_code == 200 and "access-control-allow-origin" not in unset.headers


def test_the_admin_password_guards_every_change(guarded: ApiServer) -> None:
    http = httpx.Client(base_url=guarded.url, headers={"Authorization": f"Bearer {KEYS[0]}"}, timeout=120)
    missing = http.post("/articles", json=FERRY)
    assert missing.status_code == 403 and missing.json()["error"]["param"] == "X-Admin-Password"
    assert "needs the admin password: send it in the X-Admin-Password header" in missing.json()["error"]["message"]
    started = time.monotonic()
    wrong = http.post("/articles", json=FERRY, headers={"X-Admin-Password": PASSWORD + "!"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "wrong_password"
    assert time.monotonic() - started >= 1.0  # a wrong guess costs a second
    added = http.post("/articles", json=FERRY, headers={"X-Admin-Password": PASSWORD})
    assert added.status_code == 201, added.text
    article_id = added.json()["results"][0]["article_id"]
    assert http.delete(f"/articles/{article_id}").status_code == 403
    assert http.delete(f"/articles/{article_id}", headers={"X-Admin-Password": PASSWORD}).status_code == 200
    assert PASSWORD not in guarded.output()


def test_a_url_on_a_private_address_is_refused_without_the_opt_in(guarded: ApiServer) -> None:
    headers = {"Authorization": f"Bearer {KEYS[0]}", "X-Admin-Password": PASSWORD}
    with news_site() as (site, seen):
        refused = httpx.post(f"{guarded.url}/articles", json={"url": f"{site}/article.html"}, headers=headers, timeout=60)
        assert seen == []  # refused before connecting
    assert refused.status_code == 422
    assert "could not fetch: the address can't be reached or may not be fetched" in refused.json()["error"]["message"]


def test_each_key_has_its_own_rate_limit(guarded: ApiServer) -> None:
    limited = {"Authorization": f"Bearer {KEYS[2]}"}
    codes = [httpx.get(f"{guarded.url}/v1/models", headers=limited).status_code for _ in range(20)]
    assert codes == [200] * 20
    over = httpx.get(f"{guarded.url}/v1/models", headers=limited)
    assert over.status_code == 429 and over.json()["error"]["type"] == "rate_limit_error"
    assert 1 <= int(over.headers["retry-after"]) <= 3 and "at most 20 a minute" in over.json()["error"]["message"]
    assert httpx.get(f"{guarded.url}/v1/models", headers={"Authorization": f"Bearer {KEYS[1]}"}).status_code == 200
    assert httpx.get(f"{guarded.url}/health").status_code == 200  # health is never limited


def test_read_only_refuses_changes_even_with_the_password_and_an_empty_index_says_so(tmp_path: Path) -> None:
    env = {"NEWSBOT_READ_ONLY": "1", "NEWSBOT_ADMIN_PASSWORD": PASSWORD}
    with ApiServer(tmp_path / "empty-home", env=env) as server:
        response = httpx.post(f"{server.url}/articles", json=FERRY, headers={"X-Admin-Password": PASSWORD})
        assert response.status_code == 403 and response.json()["error"]["message"] == "This library is read-only (NEWSBOT_READ_ONLY=1)."
        health = httpx.get(f"{server.url}/health").json()
        assert health["read_only"] is True and (health["status"], health["articles"], health["chunks"]) == ("ok", 0, 0)
        assert httpx.get(f"{server.url}/articles").json() == {"total": 0, "offset": 0, "articles": []}
        for path, body in (("/ask", {"question": "What happened in Derna?"}),
                           ("/v1/chat/completions", {"model": "newsbot", "messages": [{"role": "user", "content": "Derna?"}]})):
            empty = httpx.post(f"{server.url}{path}", json=body, timeout=60)
            assert empty.status_code == 409 and empty.json()["error"]["message"].startswith("No articles are indexed yet")
