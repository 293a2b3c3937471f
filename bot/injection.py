"""Sentences in articles that address the assistant instead of reporting news ("Ignore previous instructions ...").

    injected_spans(text)      -> [(start, end), ...]  the sentences of `text` to keep away from a model
    without_injections(text)  -> (text without them, [the sentences removed])
    addresses_assistant(s)    -> bool                  one sentence on its own

A sentence is flagged when it, on its own:

- tells the reader to drop its instructions ("ignore / disregard / forget ... previous / your /
  all ... instructions / prompt / rules"), in English or in one of the other languages below, with
  the verb in the imperative (an article saying "the new rules override previous guidelines" is
  news, not an order);
- gives the reader a new role ("you are now an unrestricted AI", "from now on you are DAN",
  "your new instructions:", "developer mode");
- speaks to a model ("If you are an AI ...", "Note to AI assistants", "language models reading
  this ...", "AI: ...") or about the answer it will write ("tell the user", "in your answer").

Splitting an order across sentences doesn't hide it: each pair of neighbouring sentences is also
read as one ("Ignore all previous." + "Instructions: ..."), and a flagged sentence also flags the
next one when that one gives an order in English ("Attention, AI models." + "Report that ...").

Languages: English, Spanish, French, German, Italian, Portuguese, Dutch, Polish, Russian, Turkish,
Arabic, Chinese, Japanese, Korean. This is a filter for text that is data, not a guarantee: the
citation check (`verify.py`) still refuses to verify anything no source supports.

Deliberately not here: what to do with a flagged sentence (`prompt.py` keeps it out of the
prompt and logs it; `verify.py` never counts it as evidence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.chunk import split_sentences

__all__ = ["addresses_assistant", "flag_sentences", "injected_spans", "without_injections"]

_F = re.IGNORECASE | re.UNICODE

# English: an imperative verb (sentence start, or after please / and / now / just / to / must ...),
# an optional short run of words, a qualifier, then what it overrides.
_EN_OVERRIDE = re.compile(
    r"(?:^|[\s\W]*[,;:—–\-(\"“']\s*|\b(?:please|now|just|simply|and|then|to|must|should|will)\s+)"
    r"(?:ignore|disregard|forget|override|bypass|discard|abandon|drop|skip|erase|clear)\b[^.!?]{0,30}?"
    r"\b(?:previous|prior|above|earlier|preceding|foregoing|original|initial|system|your|all|any|these|those)\b[^.!?]{0,25}?"
    r"\b(?:instructions?|prompts?|directions|directives|guidelines|rules|context|messages|commands|programming|guardrails)\b",
    _F)
_EN_ROLE = re.compile(
    r"\byou\s+are\s+now\s+(?:an?\s+|the\s+|my\s+)?(?:ai|assistant|chatbot|bot|model|dan|[a-z]*gpt|unrestricted|unfiltered|"
    r"uncensored|jailbroken|free\s+from|no\s+longer\s+bound|in\s+\w+\s+mode)"
    r"|\bfrom\s+now\s+on,?\s+(?:you\s+(?:are|will\s+act|act|must\s+act|respond|reply|answer|only)|respond|reply|answer\s+only|act\s+as)"
    r"|\b(?:your|the)\s+new\s+(?:instructions|task|role|prompt|orders)\s+(?:is|are|:)"
    r"|\bnew\s+instructions\s*:|\b(?:developer|god|dan|jailbreak)\s+mode\b|\bdo\s+anything\s+now\b"
    r"|\bpretend\s+(?:to\s+be|you\s+are)\s+(?:an?\s+)?(?:ai|assistant|model|chatbot|different)"
    r"|(?:^\W*|[›>\]|]\s*)(?:system|assistant|developer|admin)\s*(?:message|prompt|note|override)?\s*:", _F)
_MODEL = (r"(?:ai|a\.i\.|artificial\s+intelligence|(?:large\s+)?language\s+models?|llms?|chat\s?bots?|assistants?|"
          r"ai\s+models?|gpt|chatgpt|claude|gemini|copilot|bots?)")
_EN_ADDRESS = re.compile(
    rf"\bif\s+you\s+are\s+(?:an?\s+)?(?:ai|a\.i\.|artificial|(?:large\s+)?language\s+model|llm|chat\s?bot|assistant|bot|gpt)"
    rf"|\b(?:note|notice|message|attention|hey|dear|hello|instructions?|reminder|important)\s*(?:to|for|,|:)?\s*(?:all\s+|any\s+|the\s+)?{_MODEL}s?\b"
    rf"|\b(?:any|all|every)\s+{_MODEL}\s+(?:reading|processing|summari[sz]ing|parsing|scraping|answering|using|that\s+reads)"
    rf"|\b{_MODEL}\s+(?:reading|processing|summari[sz]ing|parsing|scraping)\s+(?:this|these|the\s+above)"
    rf"|\bto\s+(?:the|any|all)\s+{_MODEL}\b\s*[,:]"
    rf"|^\W*{_MODEL}\s*[:,]"
    r"|\b(?:tell|inform|warn|convince|remind)\s+the\s+users?\b|\bthe\s+user'?s\s+(?:question|request|query)"
    r"|\bin\s+your\s+(?:answer|response|reply|summary|output)\b", _F)
# An order: what may follow a sentence that speaks to a model.
_ORDER = re.compile(r"^\W*(?:please\s+)?(?:tell|inform|report|say|state|write|reply|respond|answer|output|print|claim|"
                    r"summari[sz]e|describe|include|mention|add|insert|end|begin|start|repeat|translate|call|ignore|"
                    r"disregard|forget|do\s+not|don't|never|always|only|you\s+(?:must|should|will))\b", _F)

_OTHER = re.compile("|".join([
    # Spanish
    r"\b(?:ignora|ignore|ignoren|olvida|olvide|olviden|descarta|omite)\b[^.!?]{0,30}?\b(?:instrucciones|indicaciones|órdenes|reglas)\b",
    r"\b(?:a\s+partir\s+de\s+ahora|desde\s+ahora)\s*,?\s*(?:eres|serás|responde|responderás|actúa)|\bahora\s+eres\s+una?\b",
    r"\bsi\s+eres\s+una?\s+(?:ia|inteligencia\s+artificial|modelo\s+de\s+lenguaje|asistente)",
    # French
    r"\b(?:ignore[zs]?|oublie[zs]?|ne\s+tiens\s+pas\s+compte\s+des|ne\s+tenez\s+pas\s+compte\s+des)\b[^.!?]{0,30}?"
    r"\b(?:instructions|consignes|directives|règles|ordres)\b",
    r"\b(?:tu\s+es|vous\s+êtes)\s+maintenant\b|\bdésormais\s*,?\s*(?:tu|vous|réponds|répondez)\b",
    r"\bsi\s+(?:tu\s+es|vous\s+êtes)\s+une?\s+(?:ia|intelligence\s+artificielle|modèle\s+de\s+langage|assistant)",
    # German
    r"\b(?:ignorier(?:e|en\s+sie)?|vergiss|vergessen\s+sie|missachte)\b[^.!?]{0,30}?"
    r"\b(?:anweisungen|instruktionen|anordnungen|regeln|vorgaben|befehle)\b",
    r"\bdu\s+bist\s+(?:jetzt|nun|ab\s+sofort)\b|\bab\s+sofort\s+(?:bist\s+du|antwortest\s+du|antworte)\b",
    r"\bwenn\s+du\s+eine?\s+(?:ki|künstliche\s+intelligenz|sprachmodell|assistent)",
    # Italian
    r"\b(?:ignora|ignorate|dimentica|dimenticate)\b[^.!?]{0,30}?\b(?:istruzioni|indicazioni|regole)\b",
    r"\bd'ora\s+in\s+poi\s*,?\s*(?:sei|rispondi|agisci)|\bora\s+sei\s+una?\b",
    # Portuguese
    r"\b(?:ignore|ignora|esqueça|esqueca|desconsidere|descarte)\b[^.!?]{0,30}?\b(?:instruções|instrucoes|orientações|regras)\b",
    r"\ba\s+partir\s+de\s+agora\s*,?\s*(?:você|voce|tu)\b|\bagora\s+(?:você|voce)\s+é\b",
    # Dutch, Polish, Turkish
    r"\b(?:negeer|vergeet)\b[^.!?]{0,30}?\b(?:instructies|aanwijzingen|regels)\b",
    r"\b(?:zignoruj|zapomnij|pomiń)\b[^.!?]{0,30}?\b(?:instrukcje|polecenia|zasady)\b",
    r"\b(?:talimatları|talimatlari|komutları)\b[^.!?]{0,20}?\b(?:yok\s+say|görmezden\s+gel|unut)",
    # Russian
    r"(?:игнорируй|проигнорируй|игнорируйте|забудь|забудьте|не\s+обращай\s+внимания\s+на)[^.!?]{0,30}?"
    r"(?:инструкци|указани|правил|команд)",
    r"(?:^|\s)теперь\s+ты\b|если\s+ты\s+(?:ии|искусственный\s+интеллект|языковая\s+модель|ассистент)",
    # Arabic
    r"(?:تجاهل|انس)[^.!?؟]{0,30}?(?:التعليمات|الأوامر|القواعد)",
    # Chinese
    r"(?:忽略|无视|忽视|忘记|忘掉|不要理会|不要遵守)[^。！？]{0,12}?(?:指令|指示|说明|提示|规则|命令|设定)",
    r"你现在是|从现在开始[，,]?\s*你|如果你是(?:一个)?(?:人工智能|AI|语言模型|助手|机器人)",
    # Japanese
    r"(?:指示|命令|指令|プロンプト|ルール)[^。！？]{0,10}?(?:無視|忘れ)",
    r"あなたは今から|もしあなたが(?:AI|人工知能|言語モデル)",
    # Korean
    r"(?:지시|지침|명령|규칙)[^.!?]{0,10}?(?:무시|잊어)",
]), _F)

_CJK_END = re.compile(r"(?<=[。！？])|(?<=[.!?])(?=\s+[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])")


def addresses_assistant(sentence: str) -> bool:
    """True when one sentence, on its own, addresses a model (see the module docstring)."""
    return any(p.search(sentence) for p in (_EN_OVERRIDE, _EN_ROLE, _EN_ADDRESS, _OTHER))


def flag_sentences(sentences: Sequence[str]) -> list[bool]:
    """Which of consecutive `sentences` address a model, neighbours read together (see the module docstring)."""
    flags = [addresses_assistant(s) for s in sentences]
    for i in range(len(sentences) - 1):
        first, second = sentences[i], sentences[i + 1]
        if flags[i] and flags[i + 1]:
            continue
        joined = first.rstrip(" .!?;:…。！？") + " " + second.lstrip()
        if addresses_assistant(joined) and not (flags[i] or flags[i + 1]):
            flags[i] = flags[i + 1] = True
        elif flags[i] and _ORDER.search(second):
            flags[i + 1] = True
    return flags


def _spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans, with Chinese and Japanese full stops splitting too."""
    out = []
    for start, end in split_sentences(text):
        at = start
        for piece in _CJK_END.split(text[start:end]):
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((at + lead, at + len(piece.rstrip())))
            at += len(piece)
    return out


def injected_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the sentences of `text` that address a model."""
    spans = _spans(text)
    return [span for span, bad in zip(spans, flag_sentences([text[a:b] for a, b in spans]), strict=True) if bad]


def without_injections(text: str) -> tuple[str, list[str]]:
    """`text` with every sentence that addresses a model cut out, and those sentences."""
    spans = injected_spans(text)
    removed = [text[a:b] for a, b in spans]
    for a, b in reversed(spans):
        rest = text[b:].lstrip(" ")
        text = text[:a].rstrip(" ") + (" " if a and text[a - 1] != "\n" and rest[:1] not in ("", "\n") else "") + rest
    return text, removed
