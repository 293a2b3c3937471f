"""Several clients at once against a server with two uvicorn workers (two processes, two NewsBots, one index):
every answer equals the one this process gives, and a change made through one worker is seen by the other at once.

Which worker holds a connection is read from /proc (`ApiServer.serving_pid`), so the test proves that both
served, rather than hoping so.

Both sides score answer sentences with the exact model (NEWSBOT_QUANTIZED_SENTENCES=0): the int8 copy quantizes
activations per batch, so a sentence's vector depends on the batch it was first embedded in (up to 0.02 apart,
measured) and is then cached, which makes some answers depend on what the process was asked before, in process
too. With the exact model a sentence's vector is the same in any batch, so any difference here would be the
server's."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot import NewsBot
from bot.serialize import answer_json
from bot.server.harness import ApiServer
from newsbot.settings import Settings
from tests.api_helpers import FERRY, REFERENCE_DATE, build_news_home
from tests.conftest import DATA

CLIENTS, QUESTIONS = 8, 50
FERRY_QUESTION = "How long will Harwick ferry fares stay frozen?"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, embedder: Any, onnx_model: Path) -> Path:
    return build_news_home(tmp_path_factory.mktemp("api-load-home"), embedder, onnx_model)


@pytest.fixture(scope="module")
def server(home: Path) -> Iterator[ApiServer]:
    env = {"NEWSBOT_REFERENCE_DATE": REFERENCE_DATE, "NEWSBOT_API_RATE_LIMIT": "0", "NEWSBOT_QUANTIZED_SENTENCES": "0"}
    with ApiServer(home, env=env, workers=2) as running:
        assert len(running.worker_pids()) == 2, running.output()
        yield running


def questions() -> list[str]:
    """The first 50 distinct questions of the phrasing cases (asked here without their history)."""
    cases = json.loads((DATA / "phrasing_cases.json").read_text())
    return list(dict.fromkeys(c["question"] for c in cases))[:QUESTIONS]


def worker_of(server: ApiServer, response: httpx.Response) -> int | None:
    """The worker process holding the connection `response` came over (while the connection is open)."""
    client_port = response.extensions["network_stream"].get_extra_info("client_addr")[1]
    return server.serving_pid(client_port)


def one_client_per_worker(server: ApiServer, stack: ExitStack) -> dict[int, httpx.Client]:
    """Open connections until each worker holds one; {worker pid: a client on a connection it serves}."""
    found: dict[int, httpx.Client] = {}
    for _ in range(60):
        client = stack.enter_context(httpx.Client(base_url=server.url, timeout=120))
        pid = worker_of(server, client.get("/health"))
        if pid is not None and pid not in found:
            found[pid] = client
        if len(found) == len(server.worker_pids()):
            return found
    raise AssertionError(f"could not reach every worker: {sorted(found)} of {server.worker_pids()}")


def test_eight_clients_fifty_questions_each_same_answers_as_in_process(server: ApiServer, home: Path) -> None:
    asked = questions()
    local = NewsBot(settings=Settings.load(home=home, reference_date=REFERENCE_DATE, quantized_sentences=False))
    expected = {q: json.loads(json.dumps(answer_json(local.ask(q)))) for q in asked}
    errors: list[str] = []
    differ: list[str] = []
    served: set[int] = set()
    lock = threading.Lock()

    def client(seed: int) -> None:
        order = asked[:]
        random.Random(seed).shuffle(order)
        with httpx.Client(base_url=server.url, timeout=300) as http:
            for n, question in enumerate(order):
                try:
                    response = http.post("/ask", json={"question": question})
                    got = response.json()
                except Exception as exc:
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                with lock:
                    if response.status_code != 200:
                        errors.append(f"{response.status_code}: {response.text[:200]}")
                    elif got != expected[question]:
                        differ.append(question)
                    if n == 0 and (pid := worker_of(server, response)) is not None:
                        served.add(pid)

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:5]
    assert not differ, differ[:5]
    assert len(served) == 2, f"one worker served every client: {served}"  # both NewsBots answered, identically


def test_a_change_through_one_worker_is_seen_by_the_other_at_once(server: ApiServer) -> None:
    """Both workers have answered (and loaded the vector graph) before the change; the write goes through one, and the
    very next question to the other finds the new article by its own search — then no longer finds it once removed."""
    with ExitStack() as stack:
        clients = one_client_per_worker(server, stack)
        for client in clients.values():
            before = client.post("/ask", json={"question": FERRY_QUESTION}).json()
            assert "2027" not in before["text"]
        writer, reader = list(clients)
        added = clients[writer].post("/articles", json=FERRY)
        assert added.status_code == 201, added.text
        article_id = added.json()["results"][0]["article_id"]
        for pid, client in clients.items():
            answer = client.post("/ask", json={"question": FERRY_QUESTION}).json()
            assert "January 2027" in answer["text"] and answer["citations"][0]["article_id"] == article_id, pid
            assert client.get(f"/articles/{article_id}").status_code == 200
            assert client.get("/articles").json()["total"] == 20 and client.get("/health").json()["articles"] == 20
            assert worker_of(server, client.get("/health")) == pid  # still the same worker
        assert clients[reader].delete(f"/articles/{article_id}").status_code == 200
        for client in clients.values():
            assert "2027" not in client.post("/ask", json={"question": FERRY_QUESTION}).json()["text"]
            assert client.get("/articles").json()["total"] == 19 and client.get(f"/articles/{article_id}").status_code == 404
