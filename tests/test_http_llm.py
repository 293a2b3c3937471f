"""The HTTP API with a model answering (NEWSBOT_LLM=openai against a scripted loopback model server): the model's
words stream through to an OpenAI client as they come, and a sentence no cited source supports is named as such in
the reply, never passed off as checked."""

from __future__ import annotations

from pathlib import Path

import openai

from bot.server.harness import ApiServer
from tests.llm_servers import FakeLLMServer, serve
from tests.test_llm import QUESTION, extractive


def test_a_model_s_answer_streams_word_by_word_and_unsupported_sentences_are_flagged(seed_home: Path) -> None:
    with serve(FakeLLMServer(reply=extractive)) as model:
        env = {"NEWSBOT_LLM": "openai", "NEWSBOT_LLM_URL": f"{model.url}/v1", "NEWSBOT_LLM_MODEL": "tiny-test",
               "NEWSBOT_LLM_TIMEOUT": "20"}
        with ApiServer(seed_home, env=env) as server:
            client = openai.OpenAI(base_url=f"{server.url}/v1", api_key="none", max_retries=0, timeout=120)
            chunks = list(client.chat.completions.create(model="newsbot", stream=True,
                                                         messages=[{"role": "user", "content": QUESTION}]))
            plain = client.chat.completions.create(model="newsbot", messages=[{"role": "user", "content": QUESTION}])
    pieces = [c.choices[0].delta.content for c in chunks if c.choices[0].delta.content]
    extra = next(c.model_extra["newsbot"] for c in chunks if c.model_extra and "newsbot" in c.model_extra)
    assert extra["backend"] == "openai" and extra["verified"] == [True, True, False]
    assert len(pieces) > 10  # the model's words, as they came
    reply = "".join(pieces)
    assert reply.startswith(extra["text"]) and reply == plain.choices[0].message.content
    assert ("Not supported by the cited sources (shown above, but unverified):\n"
            "- Rubio also announced a loan of 5 billion dollars to Pakistan.") in reply
    assert "\n\nSources:\n[1] " in reply and "Note: " in reply
