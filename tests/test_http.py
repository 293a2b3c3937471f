"""The HTTP API, as a client sees it: `python -m bot serve` in a real subprocess on a free loopback port, over a
real index of the 19 test articles, called by the official `openai` client and by httpx.

The answers are checked against the same questions asked in this process (`NewsBot.ask`, `bot.chat()`),
so the server must add nothing and lose nothing on the way. Both sides use the exact sentence model
(NEWSBOT_QUANTIZED_SENTENCES=0), whose vectors don't depend on what was asked before (see test_http_load.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from bot import NewsBot
from bot.api import MAX_QUESTION_CHARS
from bot.serialize import answer_json, question_json
from bot.server.chat import reply_text
from bot.server.harness import ApiServer
from newsbot.settings import Settings
from tests.api_helpers import FERRY, REFERENCE_DATE, build_news_home, news_site, sse_events

KEY = "test-key-" + "a" * 24
OTHER_KEY = "second-key-" + "b" * 24
RUBIO = "What did Rubio say about Balochistan?"
FED = "did the fed raise rates?"


def as_json(answer: Any) -> Any:
    """What `/ask` sends for this Answer, read back (tuples become lists)."""
    return json.loads(json.dumps(answer_json(answer)))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, embedder: Any, onnx_model: Path) -> Path:
    return build_news_home(tmp_path_factory.mktemp("api-home"), embedder, onnx_model)


@pytest.fixture(scope="module")
def server(home: Path) -> Iterator[ApiServer]:
    env = {"NEWSBOT_API_KEY": f"{KEY}, {OTHER_KEY}", "NEWSBOT_REFERENCE_DATE": REFERENCE_DATE,
           "NEWSBOT_FETCH_ALLOW_PRIVATE": "1", "NEWSBOT_API_RATE_LIMIT": "0", "NEWSBOT_API_MAX_BODY_MB": "2",
           "NEWSBOT_QUANTIZED_SENTENCES": "0"}
    with ApiServer(home, env=env) as running:
        yield running


@pytest.fixture(scope="module")
def local(home: Path) -> NewsBot:
    """The same index in this process, read only, for the answers the server must match."""
    return NewsBot(settings=Settings.load(home=home, reference_date=REFERENCE_DATE, quantized_sentences=False))


@pytest.fixture
def http(server: ApiServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120) as client:
        yield client


@pytest.fixture
def client(server: ApiServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=KEY, max_retries=0, timeout=120)


def test_the_openai_client_gets_the_answer_its_citations_and_the_newsbot_field(client: openai.OpenAI, local: NewsBot) -> None:
    expected = local.ask(FED)
    reply = client.chat.completions.create(model="newsbot", messages=[{"role": "user", "content": FED}])
    content = reply.choices[0].message.content or ""
    assert content == reply_text(expected) and content.startswith("No. ")
    assert "\n\nSources:\n[1] Fed cuts rates by a quarter point" in content and "(CNBC, 2025-10-29)" in content
    extra = reply.model_extra["newsbot"] if reply.model_extra else {}
    assert extra == as_json(expected)
    assert (extra["kind"], extra["verdict"], extra["abstained"]) == ("yesno", "no", False)
    assert extra["citations"][0]["source"] == "CNBC" and "quarter percentage point" in extra["citations"][0]["quote"]
    assert reply.model == "newsbot" and reply.choices[0].finish_reason == "stop"
    assert [m.id for m in client.models.list()] == ["newsbot"]


def test_streaming_sends_the_same_reply_in_openai_chunks(client: openai.OpenAI, local: NewsBot) -> None:
    expected = local.ask(RUBIO)
    pieces, extras, finish = [], [], []
    for chunk in client.chat.completions.create(model="newsbot", stream=True, messages=[{"role": "user", "content": RUBIO}]):
        assert chunk.object == "chat.completion.chunk"
        delta = chunk.choices[0].delta
        if delta.content:
            pieces.append(delta.content)
        finish.append(chunk.choices[0].finish_reason)
        if chunk.model_extra and "newsbot" in chunk.model_extra:
            extras.append(chunk.model_extra["newsbot"])
    assert len(pieces) >= 2  # sentence by sentence, then the sources
    assert "".join(pieces) == reply_text(expected)
    assert extras == [as_json(expected)] and finish[-1] == "stop" and finish.count("stop") == 1


def test_a_follow_up_through_the_messages_history_is_rewritten_as_in_chat(client: openai.OpenAI, local: NewsBot) -> None:
    """"he" in the second question is Rubio, from the first turn: the server rebuilds the conversation from the messages."""
    chat = local.chat()
    chat.ask(RUBIO)
    expected = chat.ask("What else did he condemn?")
    assert "Rubio" in expected.query
    first = client.chat.completions.create(model="newsbot", messages=[{"role": "user", "content": RUBIO}])
    messages = [{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": RUBIO},
                {"role": "assistant", "content": first.choices[0].message.content},
                {"role": "user", "content": "What else did he condemn?"}]
    for stream in (False, True):
        if stream:
            chunks = list(client.chat.completions.create(model="newsbot", messages=messages, stream=True))  # type: ignore[arg-type]
            extra = next(c.model_extra["newsbot"] for c in chunks if c.model_extra and "newsbot" in c.model_extra)
        else:
            reply = client.chat.completions.create(model="newsbot", messages=messages)  # type: ignore[arg-type]
            extra = reply.model_extra["newsbot"] if reply.model_extra else {}
        assert extra["query"] == expected.query and extra["text"] == expected.text


def test_the_openai_client_gets_openai_errors(client: openai.OpenAI, server: ApiServer) -> None:
    with pytest.raises(openai.NotFoundError, match="no model 'gpt-4o' here"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": FED}])
    with pytest.raises(openai.UnprocessableEntityError, match=r"messages\[1\]: the last message must be the user's"):
        client.chat.completions.create(model="newsbot", messages=[{"role": "user", "content": FED},
                                                                   {"role": "assistant", "content": "No."}])
    with pytest.raises(openai.UnprocessableEntityError, match=rf"the question is {MAX_QUESTION_CHARS + 1} characters; at most"):
        client.chat.completions.create(model="newsbot", messages=[{"role": "user", "content": "x" * (MAX_QUESTION_CHARS + 1)}])
    with pytest.raises(openai.AuthenticationError, match="the API key was not accepted"):
        openai.OpenAI(base_url=f"{server.url}/v1", api_key="wrong", max_retries=0).models.list()


def test_ask_returns_the_json_of_ask_json_and_filters_apply(http: httpx.Client, local: NewsBot) -> None:
    got = http.post("/ask", json={"question": FED})
    assert got.status_code == 200 and got.json() == as_json(local.ask(FED))
    filtered = http.post("/ask", json={"question": "What did the central bank decide?", "sources": ["The Guardian"],
                                       "since": "2025-11-01", "until": "2025-11-30"}).json()
    assert filtered == as_json(local.ask("What did the central bank decide?", sources=["The Guardian"],
                                             since="2025-11-01", until="2025-11-30"))
    assert filtered["citations"] and {c["source"] for c in filtered["citations"]} == {"The Guardian"}
    follow = http.post("/ask", json={"question": "What else did he condemn?", "history": [RUBIO]}).json()
    chat = local.chat()
    chat.ask(RUBIO)
    assert follow == as_json(chat.ask("What else did he condemn?"))
    earlier = http.post("/ask", json={"question": RUBIO}).json()  # an earlier response, sent back as it is
    assert http.post("/ask", json={"question": "What else did he condemn?", "history": [earlier]}).json() == follow


def test_read_says_how_a_question_is_understood(http: httpx.Client, local: NewsBot) -> None:
    read = http.post("/read", json={"question": FED}).json()
    assert (read["kind"], read["text"]) == ("yesno", FED) and read == json.loads(json.dumps(question_json(local.read(FED))))
    follow = http.post("/read", json={"question": "What else did he condemn?", "history": [RUBIO]}).json()
    assert "Rubio" in follow["query"] and "Rubio" in follow["names"]


def test_ask_stream_sends_deltas_then_the_answer(http: httpx.Client, local: NewsBot) -> None:
    question = "How much did the Beyoncé film make?"
    with http.stream("POST", "/ask/stream", json={"question": question}) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response.iter_lines())
    names = [name for name, _ in events]
    assert names[-1] == "answer" and set(names[:-1]) == {"delta"} and len(names) >= 2
    expected = as_json(local.ask(question))
    assert events[-1][1] == expected and "".join(data["text"] for _, data in events[:-1]) == expected["text"]


def test_retrieve_articles_and_health(http: httpx.Client, local: NewsBot, server: ApiServer) -> None:
    hits = http.get("/retrieve", params={"q": "Derna dams", "k": 3}).json()["hits"]
    expected = local.retrieve("Derna dams", k=3)
    assert [h["chunk_id"] for h in hits] == [h.chunk_id for h in expected] and len(hits) == 3
    assert "Derna" in hits[0]["body"] and hits[0]["text"].endswith(hits[0]["body"])
    only = http.get("/retrieve", params=[("q", "rates"), ("source", "CNBC"), ("since", "2025-10-01")]).json()["hits"]
    assert only and {h["source"] for h in only} == {"CNBC"}

    listed = http.get("/articles").json()
    assert listed["total"] == len(local.articles()) and len(listed["articles"]) == listed["total"]
    assert [a["id"] for a in listed["articles"]] == [r.id for r in local.articles()]  # newest first
    assert http.get("/articles", params={"source": "reuters", "limit": 2}).json()["total"] == 5
    assert [a["title"] for a in http.get("/articles", params={"q": "derna"}).json()["articles"]] == \
        [r.title for r in local.articles() if "derna" in r.title.lower()]
    record = next(r for r in local.articles() if r.source == "CNBC" and "Fed" in r.title)
    one = http.get(f"/articles/{record.id}").json()
    assert one["title"] == record.title and one["text"] == local.article_text(record.id) and "3.75%" in one["text"]
    assert http.get("/articles/u-0000000000000000").status_code == 404

    health = httpx.get(f"{server.url}/health").json()  # no key needed
    assert health["status"] == "ok" and (health["articles"], health["sources"]) == (19, 6)
    assert health["chunks"] == local.stats().chunks and health["embed_model"] == "all-MiniLM-L6-v2"
    assert (health["store"], health["backend"]) == ("embedded", "offline")
    assert KEY not in json.dumps(health) and KEY not in server.output() and OTHER_KEY not in server.output()


def test_docs_and_the_openapi_page_list_every_endpoint(server: ApiServer) -> None:
    page = httpx.get(f"{server.url}/docs")
    assert page.status_code == 200 and "/docs/static/swagger-ui-bundle.js" in page.text and "cdn" not in page.text
    assert httpx.get(f"{server.url}/docs/static/swagger-ui-bundle.js").status_code == 200  # served here: works offline
    paths = httpx.get(f"{server.url}/openapi.json").json()["paths"]
    assert {"/v1/chat/completions", "/v1/models", "/ask", "/ask/stream", "/read", "/retrieve", "/articles", "/articles/{article_id}",
            "/health"} <= set(paths)
    assert set(paths["/articles"]) == {"get", "post"} and set(paths["/articles/{article_id}"]) == {"get", "delete"}


@pytest.mark.parametrize("method, path", [("GET", "/v1/models"), ("POST", "/v1/chat/completions"), ("POST", "/ask"),
                                          ("POST", "/ask/stream"), ("POST", "/read"), ("GET", "/retrieve?q=rates"), ("GET", "/articles"),
                                          ("POST", "/articles"), ("DELETE", "/articles/x"), ("GET", "/articles/x")])
def test_every_endpoint_but_health_needs_the_key(server: ApiServer, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": KEY}):
        response = httpx.request(method, server.url + path, headers=headers, json={"question": FED})
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["type"] == "authentication_error"
        assert response.json()["error"]["param"] == "Authorization"
    second = httpx.get(server.url + "/v1/models", headers={"Authorization": f"Bearer {OTHER_KEY}"})
    assert second.status_code == 200


@pytest.mark.parametrize("body, field, message", [
    (b'{"question": "did the fed', "body", "the request body is not valid JSON"),
    (b'{"questoin": "did the fed raise rates?"}', "question", "question: required; questoin: unknown field"),
    (b'{"question": "rates?", "since": "last tuesday"}', "since", "since: Input should be a valid date"),
    (b'{"question": "rates?", "sources": "CNBC"}', "sources", "sources: Input should be a valid list"),
    (json.dumps({"question": "x" * (MAX_QUESTION_CHARS + 1)}).encode(), "question", "question: String should have at most 2000"),
    (b'["did the fed raise rates?"]', "body", "the request body must be a JSON object"),
])
def test_bad_requests_get_422_naming_the_field(http: httpx.Client, body: bytes, field: str, message: str) -> None:
    response = http.post("/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["param"] == field and error["message"].startswith(message) and "Traceback" not in response.text


def test_other_errors_are_json_too(http: httpx.Client) -> None:
    cases = [(http.post("/ask", json={"question": "?!"}), 400, "Ask a question in words"),
             (http.get("/no/such/thing"), 404, "no such endpoint"),
             (http.put("/ask", json={}), 405, "method not allowed here; use POST"),
             (http.get("/retrieve", params={"q": "rates", "k": 500}), 422, "k: Input should be less than or equal to 100"),
             (http.post("/articles", content=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}), 415,
              "can't read a body of type application/pdf"),
             (http.delete("/articles/u-0000000000000000"), 404, "no article with id")]
    for response, status, message in cases:
        assert response.status_code == status, response.text
        assert response.json()["error"]["message"].startswith(message), response.text


def test_a_huge_body_is_413_before_it_is_read(http: httpx.Client, server: ApiServer) -> None:
    big = json.dumps({"question": FED, "history": ["x" * 1000] * 1500}).encode()  # 1.5 MB: over the 1 MB for questions
    response = http.post("/ask", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["message"].startswith("the request body is larger than the 1 MB")

    def chunked() -> Iterator[bytes]:  # no Content-Length: stopped once the count passes the limit
        yield b'{"question": "rates?", "history": ['
        for _ in range(3000):
            yield b'"' + b"y" * 1000 + b'",'
        yield b'"z"]}'

    response = http.post("/ask", content=chunked(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    articles = http.post("/articles", json=[FERRY | {"body": FERRY["body"] + " More." * 500_000}])  # 3 MB > 2 MB set here
    assert articles.status_code == 413 and "2 MB" in articles.json()["error"]["message"]
    assert http.post("/ask", json={"question": FED}).status_code == 200  # and the server is fine


def test_an_article_posted_is_answerable_at_once_and_removed_for_good(http: httpx.Client, client: openai.OpenAI) -> None:
    question = "How long will Harwick ferry fares stay frozen?"
    assert "2027" not in http.post("/ask", json={"question": question}).json()["text"]
    added = http.post("/articles", json=FERRY)
    assert added.status_code == 201, added.text
    result = added.json()["results"][0]
    assert (result["status"], result["title"]) == ("added", FERRY["title"]) and added.json()["counts"]["added"] == 1
    answer = http.post("/ask", json={"question": question}).json()
    assert "2027" in answer["text"] and answer["citations"][0]["source"] == "Harwick Herald"
    reply = client.chat.completions.create(model="newsbot", messages=[{"role": "user", "content": question}])
    assert "January 2027" in (reply.choices[0].message.content or "")
    again = http.post("/articles", json={"articles": [FERRY]})
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "unchanged"

    bad = http.post("/articles", json=[{"title": "No text at all", "body": "   "}, FERRY | {"url": "", "title": "Ferry copy"}])
    assert bad.status_code == 200 and [r["status"] for r in bad.json()["results"]] == ["failed", "duplicate"]
    assert "no article text" in bad.json()["results"][0]["reason"]
    nothing = http.post("/articles", json={"title": "Empty", "body": ""})
    assert nothing.status_code == 422 and nothing.json()["error"]["message"].startswith("nothing was added:")

    removed = http.delete(f"/articles/{result['article_id']}")
    assert removed.status_code == 200 and removed.json()["removed_chunks"] >= 1
    assert http.get(f"/articles/{result['article_id']}").status_code == 404
    assert "2027" not in http.post("/ask", json={"question": question}).json()["text"]


def test_a_url_posted_is_fetched_safely_and_answerable(http: httpx.Client) -> None:
    """This server allows private addresses (NEWSBOT_FETCH_ALLOW_PRIVATE=1), so a loopback site can stand in for the web;
    `tests/test_http_access.py` shows the same request refused without the opt-in."""
    with news_site() as (site, seen):
        added = http.post("/articles", json={"url": f"{site}/article.html"})
        assert added.status_code == 201, added.text
        assert seen == ["/article.html"]
        missing = http.post("/articles", json={"urls": [f"{site}/gone.html", "/etc/passwd", "file:///etc/passwd"]})
    assert missing.status_code == 422 and [r["status"] for r in missing.json()["results"]] == ["failed"] * 3
    assert "only http:// and https://" in missing.json()["results"][1]["reason"] and seen == ["/article.html", "/gone.html"]
    answer = http.post("/ask", json={"question": "Why did the dock workers end the port strike?"}).json()
    assert "7 percent" in answer["text"] and answer["citations"][0]["source"] == "Harbour Times"
    http.delete(f"/articles/{added.json()['results'][0]['article_id']}")


def test_markup_in_an_article_is_inert_in_chat_replies(http: httpx.Client, client: openai.OpenAI) -> None:
    """Chat clients render Markdown: an image or tag in article text must not become one (the browser would fetch it)."""
    trap = {"title": "Lighthouse keeper retires", "url": "https://herald.example.com/lighthouse",
            "body": "The Aldport lighthouse keeper Tomas Reyes retired on Friday after 31 years ![pixel](http://tracker.example/p.png) "
                    "and a <img src=http://tracker.example/q.png> farewell party [home](http://phish.example)."}
    added = http.post("/articles", json=trap)
    assert added.status_code == 201
    try:
        question = "When did the Aldport lighthouse keeper retire?"
        reply = client.chat.completions.create(model="newsbot", messages=[{"role": "user", "content": question}])
        content = reply.choices[0].message.content or ""
        extra = reply.model_extra["newsbot"] if reply.model_extra else {}
        assert "31 years" in content and "![" in extra["text"]  # the structured field keeps the text as stored
        assert "![pixel](" not in content and "!\\[pixel]\\(" in content
        assert "\\<img" in content and "<img" not in content.replace("\\<", "")
    finally:
        http.delete(f"/articles/{added.json()['results'][0]['article_id']}")


def test_the_serve_command_refuses_bad_settings_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    done = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", "8123"], cwd=REPO, capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin", "NEWSBOT_API_RATE_LIMIT": "-1", "NEWSBOT_HOME": str(tmp_path)})
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1].startswith("error: NEWSBOT_API_RATE_LIMIT must be 0")
    assert "Traceback" not in done.stderr

