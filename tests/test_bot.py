"""Answering, end to end on real components: Chroma on a temp dir, the packaged model, the seed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from langchain_core.callbacks import BaseCallbackHandler

from bot import NewsBot
from bot.answer import OfflineAnswerer
from bot.eval.seedset import load_seed_set, run_seed_set, summarize
from bot.evidence import sentences_of
from bot.question import read_plain
from index.embed import OnnxEmbedder
from newsbot.errors import EmptyIndexError, QueryError
from newsbot.types import Hit
from tests.conftest import BACKENDS, DATA, REPO, SEEDS, backend_settings


@pytest.fixture(scope="module", params=BACKENDS)
def bot(request: pytest.FixtureRequest, seed_home: Path, embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    """A NewsBot over the seed plus two feeds (so filters have something to narrow), once per backend."""
    home = tmp_path_factory.mktemp("bot-home")
    shutil.copytree(seed_home, home, dirs_exist_ok=True)  # embedded: the seed index; both: the ONNX export
    bot = NewsBot(settings=backend_settings(request.param, home, request), embedder=embedder)
    sources = [DATA / "feed.rss", DATA / "feed.atom"] + ([SEEDS] if request.param == "server" else [])
    report = bot.ingest(sources)
    assert report.count("added") == len(sources) + 1
    return bot


def seed_id(bot: NewsBot) -> str:
    return next(r.id for r in bot.articles() if r.source == "")


def test_rubio_balochistan_answer_cites_the_seed(bot: NewsBot) -> None:
    answer = bot.ask("What did Rubio say about Balochistan?")
    assert not answer.abstained
    assert "horrific" in answer.text and "[1]" in answer.text
    cited = [c for c in answer.citations if "horrific" in c.quote]
    assert cited and cited[0].article_id == seed_id(bot)
    # The quote is exact: it sits at its offsets in the cleaned article text.
    text = bot.article_text(cited[0].article_id)
    assert text[cited[0].start:cited[0].end] == cited[0].quote
    # "He described ..." is useless alone: the answer names the speaker.
    assert "Rubio described" in answer.text


def test_followup_resolves_he(bot: NewsBot) -> None:
    chat = bot.chat()
    chat.ask("What did Rubio say about Balochistan?")
    answer = chat.ask("What else did he condemn?")
    assert "Rubio" in answer.query and answer.query != answer.question
    assert "February 6" in answer.text and "horrific" not in answer.text
    assert len(chat.history) == 2


def test_a_possessive_subject_is_the_antecedent_not_the_speaker() -> None:
    """Seen on MultiHop-RAG: "Bankman-Fried’s lawyers argued ... He may suggest ..." read "Bankman-Fried’s may suggest"."""
    body = ("Sam Bankman-Fried’s lawyers argued that he acted in good faith at every step. "
            "He may suggest he was acting on the advice of his lawyers.")
    hit = Hit(text=body, score=0.0, article_id="a", chunk_id="a:0001", title="FTX trial", source="The Verge", url="",
              published_at="", ordinal=1, start=0, end=len(body), body_offset=0, heading="")
    first, second = sentences_of(hit)
    assert first.speaker == ""  # the lawyers speak, not Bankman-Fried
    assert second.resolved == "Bankman-Fried may suggest he was acting on the advice of his lawyers."
    assert second.speaker == "Sam Bankman-Fried"


def test_an_article_s_own_questions_are_not_answer_sentences(embedder) -> None:
    """Seen on MultiHop-RAG: "Who is Sam Bankman-Fried, the former CEO of crypto exchange FTX? [2]" given as an answer."""
    body = ("Who is Sam Bankman-Fried, the former CEO of crypto exchange FTX? Sam Bankman-Fried founded the FTX exchange "
            "in 2019 with Gary Wang. Did he know where the money went?")
    hit = Hit(text=body, score=0.0, article_id="a", chunk_id="a:0001", title="FTX trial", source="The Verge", url="",
              published_at="", ordinal=1, start=0, end=len(body), body_offset=0, heading="")
    answer = OfflineAnswerer(embedder).answer(read_plain("Who is Sam Bankman-Fried, the former FTX CEO?"), [hit])
    assert "2019" in answer.text and "?" not in answer.text, answer.text


def test_unanswerable_questions_abstain(bot: NewsBot) -> None:
    for question in ("What did Rubio say about Greenland?", "How do I bake sourdough bread?"):
        answer = bot.ask(question)
        assert answer.abstained and answer.kind == "none" and not answer.verdict
        assert answer.text.startswith("The indexed articles don't say")
        assert not answer.citations or "the nearest they come:" in answer.text  # related evidence is marked as not an answer
    assert "anything about Greenland" in bot.ask("What did Rubio say about Greenland?").text


def test_filters_narrow_results(bot: NewsBot) -> None:
    everything = bot.retrieve("bridge repairs storm warning talks", k=10)
    assert len({h.source for h in everything}) >= 2
    gazette = bot.retrieve("bridge repairs storm warning talks", k=10, sources=["Valley Gazette"])
    assert gazette and {h.source for h in gazette} == {"Valley Gazette"}
    june = bot.retrieve("storm", k=10, since="2024-06-01", until="2024-06-30")
    assert {h.source for h in june} == {"Coastal Wire"}
    dated_only = bot.retrieve("Rubio Pakistan talks bridge storm", k=10, until="2030-12-31")
    assert dated_only and seed_id(bot) not in {h.article_id for h in dated_only}  # the undated seed isn't "before" 2030
    only_seed = bot.retrieve("bridge", k=10, article_ids=[seed_id(bot)])
    assert {h.article_id for h in only_seed} == {seed_id(bot)}
    with pytest.raises(QueryError, match="empty"):
        bot.retrieve("storm", since="2024-07-01", until="2024-06-01")


def test_hybrid_finds_rare_names_and_hits_carry_fields(bot: NewsBot) -> None:
    [top] = bot.retrieve("Pigott", k=1)
    assert "Pigott" in top.text and top.article_id == seed_id(bot) and top.chunk_id.startswith(top.article_id)
    assert top.score > 0 and top.title.startswith("High-level diplomatic talks")


def test_langchain_chain_and_retriever(bot: NewsBot) -> None:
    events: list[str] = []

    class Recorder(BaseCallbackHandler):
        def on_retriever_end(self, documents, **kwargs) -> None:  # type: ignore[no-untyped-def]
            events.append(f"retrieved {len(documents)}")

    answer = bot.chain.invoke({"question": "What did Rubio say about Balochistan?", "history": []},
                              config={"callbacks": [Recorder()]})
    assert "horrific" in answer.text and events and events[0].startswith("retrieved")
    documents = bot.retriever.invoke("Balochistan Liberation Army")
    assert "Balochistan" in documents[0].page_content and documents[0].metadata["article_id"] == seed_id(bot)


def test_stream_yields_the_answer_in_pieces(bot: NewsBot) -> None:
    stream = bot.stream("What did Rubio say about Balochistan?")
    pieces = list(stream)
    assert len(pieces) >= 1 and stream.answer is not None
    assert "".join(pieces).strip() == stream.answer.text


def test_bad_questions_get_clear_errors(bot: NewsBot, tmp_path: Path, embedder) -> None:
    for question in ("", "   ", "?!...", "¿?"):
        with pytest.raises(QueryError, match="Ask a question"):
            bot.ask(question)
    long = bot.ask("What did Rubio say about Balochistan? " + "padding " * 1500)
    assert "cut to its first" in long.notice
    with pytest.raises(EmptyIndexError, match="python -m index add"):
        NewsBot(home=tmp_path / "empty", embedder=embedder).ask("anything?")


def test_question_and_filter_edges(bot: NewsBot) -> None:
    """10,000-character questions are cut with a notice (refused when they hold no word); unreadable dates
    and inverted ranges are QueryErrors that say how to write a date; a range with no articles in it is an
    honest abstention, not an error."""
    for question in ("?" * 10_000, "…¿¡—" * 2_500):
        with pytest.raises(QueryError, match="Ask a question in words"):
            bot.ask(question)
    question = "What did Rubio say about Balochistan? " + "x" * 9_962
    long = bot.ask(question)
    assert len(question) == 10_000 and "horrific" in long.text and "cut to its first 2000" in long.notice
    one_word = bot.ask("a" * 10_000)
    assert one_word.abstained and "cut to its first 2000" in one_word.notice
    for bad in ("2024-13-45", "not a date", "next Tuesdayish"):
        with pytest.raises(QueryError, match=f"cannot read '{bad}' as a date; use YYYY-MM-DD"):
            bot.ask("storm warning", since=bad)
    with pytest.raises(QueryError, match="the date range is empty: 2030-01-01 is after 2020-01-01"):
        bot.retrieve("storm", since="2030-01-01", until="2020-01-01")
    future = bot.ask("What did Rubio say about Balochistan?", since="2999-01-01")
    assert future.abstained and not future.citations


def test_threads_get_the_same_answers_as_serial_calls(bot: NewsBot) -> None:
    questions = [item["question"] for item in load_seed_set() if "history" not in item][:25]
    serial = [bot.ask(q).text for q in questions]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(8):
            assert list(pool.map(lambda q: bot.ask(q).text, questions)) == serial


def test_seed_question_set(bot: NewsBot) -> None:
    """The question set in bot/eval/seed_questions.json (facts, attribution, follow-ups, unanswerable)."""
    results = run_seed_set(bot, load_seed_set())
    summary = summarize(results)
    failures = [(r.id, r.why) for r in results if not r.correct]
    assert summary["questions"] >= 25
    assert summary["answer_accuracy"] >= 0.9, failures
    assert summary["abstention_accuracy"] >= 0.85, failures
    assert summary["false_abstentions"] <= 0.05, failures


def test_a_weekday_in_an_undated_article_answers_when(bot: NewsBot) -> None:
    """The seed article has no date, so "on Thursday" can't be made a calendar date: it is the answer as written,
    not "the articles don't say"."""
    answer = bot.ask("On which day did Rubio meet Sharif?")
    assert answer.kind == "when" and answer.text.startswith("On Thursday [1]."), answer.text


def test_onnx_embedder_matches_torch(embedder, onnx_model: Path) -> None:
    texts = ["What did Rubio say about Balochistan?", "Energy cooperation was another priority. " * 30, "x"]
    onnx = OnnxEmbedder("all-MiniLM-L6-v2", onnx_model)
    cosine = np.sum(onnx.embed(texts) * embedder.embed(texts), axis=1)
    assert np.all(cosine > 0.9999)
    assert onnx.count_tokens(texts) == embedder.count_tokens(texts)


def test_answer_sentences_are_scored_with_the_int8_copy(bot: NewsBot, embedder, seed_home: Path) -> None:
    """The offline answerer embeds candidate sentences with the quantised model (its vectors stay within a few
    hundredths of the exact ones); the question keeps the exact vector; NEWSBOT_QUANTIZED_SENTENCES=0 turns it off."""
    inner = bot._part("answerer").scorer.sentence_embedder.inner  # cached; int8 embeds one text at a time
    assert isinstance(inner, OnnxEmbedder) and inner.path.name == "all-MiniLM-L6-v2.int8.onnx"
    hit = bot.retrieve("Rubio Balochistan", k=1)[0]
    texts = [s.resolved for s in sentences_of(hit)]
    cosine = np.sum(inner.embed(texts) * embedder.embed(texts), axis=1)
    assert len(texts) >= 3 and np.all(cosine > 0.97) and not np.all(cosine > 0.99999)  # close, and really another model
    exact = NewsBot(settings=bot.settings.replace(quantized_sentences=False), embedder=embedder)
    assert exact._part("answerer").scorer.sentence_embedder is exact._part("answerer").embedder
    assert "horrific" in exact.ask("What did Rubio say about Balochistan?").text


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSBOT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)


def test_cli_ask_json_and_errors(seed_home: Path) -> None:
    done = run_cli("bot", "ask", "What did Rubio say about Balochistan?", "--json", home=seed_home)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert "horrific" in payload["text"] and payload["citations"][0]["quote"] and payload["abstained"] is False
    assert (payload["kind"], payload["verdict"]) == ("quote", "")  # the speaker's words: no one-word verdict
    bad = run_cli("bot", "ask", "   ", home=seed_home)
    assert bad.returncode == 2 and bad.stderr.startswith("error: Ask a question") and "Traceback" not in bad.stderr


def test_cli_piped_into_a_reader_that_stops_early_exits_quietly(seed_home: Path) -> None:
    """`python -m bot ask ... | head -1`: the closed pipe is not an error to report."""
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "What did Rubio say about Balochistan?"], cwd=REPO,
                            env={**os.environ, "NEWSBOT_HOME": str(seed_home)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141 and err == "", err


def test_cli_ask_imports_no_langchain_or_torch(seed_home: Path) -> None:
    """A cold `python -m bot ask` answers offline without LangChain (its import, langsmith's mostly, was ~0.4 s of
    the ~1.9 s) or torch (~10 s): the answer is printed, and neither is in `sys.modules` afterwards."""
    heavy = ["langchain", "langchain_core", "langsmith", "torch", "transformers", "sentence_transformers", "streamlit",
             "fastapi", "uvicorn"]
    code = ("import runpy, sys\nsys.argv = ['bot', 'ask', 'What did Rubio say about Balochistan?']\n"
            "try:\n    runpy.run_module('bot', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            f"print('loaded:', sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "NEWSBOT_HOME": str(seed_home)})
    assert done.returncode == 0, done.stderr
    assert "horrific" in done.stdout and done.stdout.rstrip().endswith("loaded: []"), done.stdout[-300:]


def test_cli_chat_keeps_history(seed_home: Path) -> None:
    env = {**os.environ, "NEWSBOT_HOME": str(seed_home)}
    done = subprocess.run([sys.executable, "-m", "bot", "chat"], input="What did Rubio say about Balochistan?\n"
                          "What else did he condemn?\n\n", capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "horrific" in done.stdout and "February 6" in done.stdout and "searched: What else did Rubio condemn" in done.stdout


def test_index_cli_reports_failures_with_exit_code_1(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Harbour reopens\n\nThe harbour reopened on Friday after dredging.")
    (tmp_path / "in" / "empty.txt").write_text("")
    done = run_cli("index", "add", str(tmp_path / "in"), "--quiet", home=tmp_path / "home")
    assert done.returncode == 1
    assert "1 added" in done.stdout and "1 failed" in done.stdout
    assert "empty.txt: the file is empty" in done.stderr and "Traceback" not in done.stderr
    listed = run_cli("index", "list", "--json", home=tmp_path / "home")
    assert [r["title"] for r in json.loads(listed.stdout)] == ["Harbour reopens"]


def test_cli_marks_unverified_sentences() -> None:
    from bot.__main__ import render
    from newsbot.types import Answer

    answer = Answer(text="Rubio met Sharif. [1] He flew to Paris. Talks ended. [1]", citations=(), abstained=False,
                    query="q", question="q", verified=(True, False, True))
    assert render(answer).splitlines()[0] == "Rubio met Sharif. [1] He flew to Paris. (unverified) Talks ended. [1]"


def test_cli_prints_the_verdict_first_unless_the_text_opens_with_it() -> None:
    """Offline answers open with their verdict ("Yes. …", "Cisza [1]. …"): printed once. A text that doesn't
    (a model's answer) gets the verdict as its first line: "No", a long list shortened."""
    from bot.__main__ import render
    from newsbot.types import Answer

    def first_line(text: str, verdict: str, kind: str, abstained: bool = False) -> str:
        answer = Answer(text=text, citations=(), abstained=abstained, query="q", question="q", kind=kind, verdict=verdict)
        return render(answer).splitlines()[0]

    assert first_line("Yes. The Fed cut its rate on Wednesday. [1]", "yes", "yesno") == "Yes. The Fed cut its rate on Wednesday. [1]"
    assert first_line("Cisza [1]. Netflix renewed it. [2]", "Cisza", "entity") == "Cisza [1]. Netflix renewed it. [2]"
    assert first_line("The Fed lowered its rate on Wednesday. [1]", "no", "yesno") == "No"
    assert first_line("Outlets covering it: …", "AP; BBC; CNBC; Reuters; The Guardian; The Verge; WSJ", "list") == \
        "AP, BBC, CNBC, Reuters, The Guardian and 2 more"
    assert first_line("Nobody said so. [1]", "no", "yesno") == "No"  # "No" is not the start of "Nobody"
    assert first_line("The indexed articles don't say.", "", "none", abstained=True) == "The indexed articles don't say."
