"""Event-kind cue rules: which sentences of an item announce a release, open weights, API access, pricing,
a deprecation, benchmark results or a promise.

Each kind is a cue pattern that needs model context near it (a model or unknown name within a window, or a
word such as "model"). `KIND_WORDS_RE` is a cheap first pass: a sentence is only examined for the kinds whose
words it has. `sentence_kinds` works on ingest.extract's sentence-split document (`doc`: text, starts, tail,
mentions, models, names, benchmarks, in_sentence, near). Benchmark sentences are judged in ingest.claims.
"""
from __future__ import annotations

import re

from ingest import claims
from ingest.model_index import KNOWN_BRANDS
from ingest.phrases import tokens_of, trie_pattern

_I = re.IGNORECASE
_MODEL_NOUN = re.compile(
    r"\b(?:models?|LLMs?|language models?|neural net(?:work)?s?|checkpoints?|(?:open[- ])?weights?)\b", _I)

# ---- release: a release verb with the model as object or subject, or the model "now available" ----------------
_RELEASE = re.compile(
    r"\b(?:introduc(?:ing|es|ed)|launch(?:es|ed|ing)?|releas(?:e|es|ed|ing)|unveil(?:s|ed|ing)?"
    r"|announc(?:es|ed|ing)|debut(?:s|ed)?"
    r"|previewing|(?:research|early|limited) preview|meet|roll(?:s|ed|ing)? out"
    r"|(?:an|the|our|its|their) (?:updated|upgraded|improved)|ship(?:s|ped)|updated (?:its|their|our)"
    r"|(?:updated|new|upgraded|improved) version of|open[- ]sourc(?:ing|es|ed)"
    r"|we(?:'re| are) (?:excited|pleased|thrilled|proud) to (?:present|introduce|share))\b|发布", _I)
_AVAILABLE = re.compile(
    r"\b(?:now (?:generally )?available|generally available|available (?:today|now)|(?:is|are) (?:now )?(?:here|live)"
    r"|(?:now )?live (?:today|now)|now powers)\b", _I)
_NEW_MODEL = re.compile(
    r"\bnew (?!(?:leading|leader|best|top|record)\b)(?:[\w.-]+ ){0,3}models?\b(?! (?:evaluation|card|spec))", _I)
_NOUN_AFTER = re.compile(  # "introducing a new, unifying DNA sequence model": at most 9 words, no "to"/"for"/"that" between
    r"^(?:[^\w;:]+(?!(?:to|for|that|which|who|with|using|on|in|by|from|around)\b(?![-‑]))[\w’'-]+){0,9}?[^\w;:]+"
    r"(?:models?|LLMs?|neural net(?:work)?|weights|checkpoints?)\b(?! (?:spec|card|forum|context protocol))", _I)
_NOT_MODEL_OBJECT = re.compile(
    r"^\W*(?:(?:new|several|some|more|major|a|an|the|our)\s+)*(?:updates?|improvements?|features?|changes"
    r"|tools?|plans?|partnerships?|programs?|initiatives?|support|capabilit\w*|fund\w*)\b", _I)
_NOT_OBJECT_GAP = re.compile(r"\b(?:in|into|to|for|with|on|inside|that|across)\b", _I)  # "introducing computer use in X"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NOT_NEWS = re.compile(  # background, not news: "since launching X", "in November", "prior to releasing"
    rf"\b(?:since (?:launching|releasing|its|we|the)|last (?:week|month|year|spring|summer|fall|{_MONTH})"
    rf"|in {_MONTH}\b(?! \d)"
    r"|earlier this (?:year|month)|\bago\b|\bback in\b|\bin (?:early |mid |late )?(?:19|20)\d\d\b"
    r"|when we (?:launched|released|introduced)|prior to|ahead of"
    r"|before (?:releasing|launching)|re-?deploy\w*|restor\w*|press release|release notes)", _I)
_FRESH = re.compile(r"\b(?:today|now|new|newest|latest|this week|first|next[- ]generation|what.s new)\b", _I)
_FRESH_STRICT = re.compile(r"\b(?:today|this week|what.s new)\b", _I)
_PLATFORM_AFTER = re.compile(  # "now available on Vertex AI" is an api event, not a release
    r"^[^.;]{0,40}?\b(?:(?:on|in|via|through|to|from) (?:[\w-]+ ){0,2})"
    r"(?:vertex|bedrock|azure|foundry|copilot|openrouter|cloud|aws|snowflake|databricks|cursor)", _I)

# ---- open_weights, api, pricing, deprecation: a cue with a model (or model word) near it ------------------------
_OW_EVENT = re.compile(
    r"\b(?:releas\w*|launch\w*|introduc\w*|publish\w*|available|download\w*|ship\w*|open[- ]sourc(?:ing|ed)"
    r"|licensed|under (?:the |an? )?(?:[\w.-]+ ){0,3}licen[sc]e)\b|(?:on|to|via|from) (?:the )?hugging ?face", _I)
CUES = {
    "open_weights": re.compile(
        r"\bopen[- ]?weights?\b|\bmodel weights\b|\bweights (?:are |is )?(?:now )?(?:available|released|on|under)"
        r"|(?:on|to|via|from) (?:the )?hugging ?face"
        r"|\b(?:release|releasing|publish(?:ing)?|download)\b[^.]{0,30}\bweights\b|\bapache[- ]?2(?:\.0)?\b|\bMIT licen[sc]e"
        r"|\bopen[- ]sourced? (?:[\w-]+ ){0,2}(?:models?|LLMs?|weights)\b"
        r"|\bopen[- ]sourc(?:e|es|ed|ing) (?:the |our |its )?(?:weights|models?|(?-i:[A-Z]))"
        r"|\bopen[- ]sourc(?:e|es|ed|ing) (?:an? )?(?:[\w-]+ ){0,2}neural net\w*"
        r"|\b(?:is|are) (?:fully |now )?open[- ]source\b|\bopen models?\b|\bpermissive(?:ly)? licen", _I),
    "api": re.compile(
        r"\b(?:in|via|through|to|into|on|from) (?:the |our |their |a |an )?(?:(?!and |or )[\w-]+ ){0,3}APIs?\b"
        r"|\bAPI (?:access|users|customers|pric\w+|platform|endpoints?|updates?|improvements|calls)"
        r"|\bnew (?:[\w-]+ ){0,2}API\b"
        r"|available (?:to|for) (?:all )?developers|developers can (?:now )?(?:use|access|build|integrate|start)"
        r"|\bvertex(?: ai| model garden)?\b"
        r"|\bbedrock\b|(?:azure|microsoft) (?:ai )?foundry|\bai studio\b|gemini api|openrouter|public beta|private[- ]preview"
        r"|developer platform|\bconsole\b|fine[- ]tuning (?:api|endpoint|is now available|now available)|rate limits?", _I),
    "pricing": re.compile(r"\bpric(?:e|es|ed|ing|ey)\b|\bdiscounts?\b", _I),
    "deprecation": re.compile(
        r"\bdeprecat\w*|\bretir(?:e|es|ed|ing|ement)\b|\bsunset(?:s|ting)?\b|\bshut(?:s|ting)? down\b|\bdiscontinu\w*"
        r"|end[- ]of[- ]life|no longer (?:be )?(?:available|supported|accessible)|phas(?:e|es|ed|ing) out", _I),
}
_API_PLATFORM = re.compile(
    r"\bin the API\b|via (?:the )?API|API access|vertex|bedrock|foundry|ai studio|openrouter|\bconsole\b|rate limits?"
    r"|private[- ]preview", _I)
_STRONG_PRICE = re.compile(
    r"\$\s?\d[\d.,]*\s?(?:/|per)\s?(?:1\s?m\b|m\b|mtok|million|1,000,000|1k\b|1,000|thousand|k\b|min\b|minute|hour|image|page)"
    r"|per (?:1 )?million (?:input |output |cached )?tokens|/\s?MTok", _I)
EVALUATOR = re.compile(r"artificial[-_ ]?analysis|lmarena|arena|epoch|leaderboard|vectara|metr\b", _I)

# ---- promise: commitment language about releasing, open-sourcing or making models available ---------------------
_PROMISE_MODAL = re.compile(
    r"\b(?:will|'ll|’ll|plans? to|planning to|hopes? to|hoping to|intends? to|aims? to|expects? to|promised? to"
    r"|commit(?:s|ted)? to|working (?:towards?|on)|on track to|set to|going to)\s+"
    r"(?:(?:also|soon|then|first|eventually|quickly|initially|further|\w+ly)\s+){0,2}"
    r"(?:release|open[- ]?sourc\w*|publish|launch|ship|roll out"
    r"|bring (?:\S+[ ,]+){1,6}?to (?:the |our |more |all )?(?:API|users|developers|customers|everyone)"
    r"|make\b[^!?;]{0,60}?\b(?:available|accessible|open)"
    r"|be (?:generally |broadly |widely |made )?(?:available|released|open[- ]?sourced|published|rolled out|coming)"
    r"|(?:re-?)?enabl\w* access|restore access|open up|come to)", _I)
_PROMISE_TIME = re.compile(
    r"\b(?:(?:in|over) the (?:coming|next few) (?:days|weeks|months)"
    r"|later this (?:year|month|week|summer|fall|autumn|spring|winter|quarter)"
    r"|next (?:week|month|quarter)|within (?:a|the next|\d+) (?:week|weeks|month|months|days))\b", _I)
_PROMISE_SOON = re.compile(r"\b(?:coming soon|on the way(?! to)|(?:is|are) (?:also )?coming to|(?:and )?soon,)(?!\w)", _I)
_PROMISE_ACTION = re.compile(r"\b(?:releasing|rolling out|launching|making|bringing|open[- ]?sourcing)\b", _I)
_PROMISE_OBJECT = re.compile(r"\b(?:models?|weights|API|versions?|checkpoints?)\b", _I)

# Words that every cue of a kind contains (lowercase stems); a sentence is only examined for the kinds whose words it has.
_KIND_WORDS = {
    "release": ("introduc", "launch", "releas", "unveil", "announc", "debut", "preview", "meet", "roll", "updated", "upgraded", "ship",
                "improved", "open-sourc", "open sourc", "we're", "we’re", "we are", "available", "live", "powers", "here", "new"),
    "open_weights": ("open", "open-sourc", "open sourc", "weight", "hugging", "apache", "mit", "licen", "permissive"),
    "api": ("api", "developer", "vertex", "bedrock", "foundry", "studio", "openrouter", "beta", "preview", "console", "fine-tun",
            "fine tun", "rate limit"),
    "pricing": ("pric", "discount", "mtok", "million"),
    "deprecation": ("deprecat", "retir", "sunset", "shut", "discontinu", "end-of-life", "end of life", "no longer", "phas"),
    "benchmark": ("benchmark", "leaderboard", "elo", "arena", "state-of", "state of", "sota", "scor", "index", "rank", "top",
                  "lead", "place", "outperform", "surpass"),
    "promise": ("will", "plan", "hope", "intend", "aim", "expect", "promis", "commit", "working", "track", "set to", "going",
                "coming", "way", "soon", "next", "within", "later"),
}
SYMBOL_KINDS = {"$": {"pricing"}, "#": {"benchmark"}, "bench": {"benchmark"}, "发布": {"release"}, "'ll": {"promise"}, "’ll": {"promise"}}
WORD_KINDS: dict[str, set[str]] = {}
for _kind, _words in _KIND_WORDS.items():
    for _word in _words:
        WORD_KINDS.setdefault(_word, set()).add(_kind)
_FIRST_PERSON_OR_LICENCE = re.compile(r"\b(?:we|we're|we’re|we've|we’ve|our|today)\b|licen[sc]e", _I)
_CUSTOMER_STORY = re.compile(r"\bpowered by|\busing\b|\buses\b", _I)
_API_OR_TOKENS = re.compile(r"\bAPI\b|\btokens?\b")
_API_OR_MODEL = re.compile(r"\b(?:APIs?|models?)\b")
_TITLE_API = re.compile(r"\bAPI|vertex|bedrock|foundry|studio|openrouter|public beta|private[- ]preview|developer", _I)
_API_TITLE = re.compile(r"^APIs?\b|\b(?:the|our|new|an?)\s+(?:[\w-]+\s+){0,2}APIs?\b|\bAPI$")
_API = re.compile(r"\bAPIs?\b")
_YOU_WILL = re.compile(r"\byou(?:'ll| will)\b", _I)
KIND_WORDS_RE = re.compile(r"(?<![a-z])(?:" + trie_pattern(WORD_KINDS) + r")|[$#]|(?<=[a-z])bench\b|['’]ll\b|发布")


def _noun_near(sentence: str, m: re.Match, width: int) -> bool:
    return bool(_MODEL_NOUN.search(sentence[max(0, m.start() - width):m.end() + width]))


def sentence_kinds(doc, n: int, sentence: str, is_evaluator: bool, wanted: set[str]):
    mentioned = bool(doc.in_sentence(doc.mentions, n))
    nouny = mentioned or bool(_MODEL_NOUN.search(sentence))
    promise = "promise" in wanted and _is_promise(doc, n, sentence)
    future = [(f.start(), f.end() + 60) for f in _PROMISE_MODAL.finditer(sentence)] if promise else []
    if "release" in wanted and _is_release(doc, n, sentence, is_evaluator, future):
        yield "release"
    for m in CUES["open_weights"].finditer(sentence) if "open_weights" in wanted else ():
        if promise or not (doc.near(n, m.start() - 120, m.end() + 120) or (
                (nouny or "weight" in m.group().lower()) and _FIRST_PERSON_OR_LICENCE.search(sentence))):
            continue
        yield "open_weights" if _OW_EVENT.search(sentence) else "open_weights?"  # the latter only with a release
    for m in CUES["api"].finditer(sentence) if "api" in wanted else ():
        if any(lo <= m.start() < hi for lo, hi in future):
            continue
        near = doc.near(n, m.start() - 150, m.end() + 150) or _noun_near(sentence, m, 150)
        if near or (n == 0 and _TITLE_API.search(m.group())) or (doc.mentions and _API_PLATFORM.search(m.group())):
            if not (n == 0 and _CUSTOMER_STORY.search(sentence)):
                yield "api"
    if n == 0 and _API_TITLE.search(sentence.strip()) and not _CUSTOMER_STORY.search(sentence):
        yield "api"
    if "pricing" in wanted and _STRONG_PRICE.search(sentence):
        yield "pricing"
    for m in CUES["pricing"].finditer(sentence) if "pricing" in wanted else ():
        window = sentence[max(0, m.start() - 100):m.end() + 100]
        if doc.near(n, m.start() - 100, m.end() + 100) or _API_OR_TOKENS.search(window) or (
                n > 0 and re.search(r"\bAPI\b", doc.sentence(0))):
            yield "pricing"
    for m in CUES["deprecation"].finditer(sentence) if "deprecation" in wanted else ():
        if doc.near(n, m.start() - 80, m.end() + 80) or _API_OR_MODEL.search(sentence, max(0, m.start() - 80), m.end() + 80):
            yield "deprecation"
    if "benchmark" in wanted and claims.is_benchmark_sentence(doc, n, sentence, mentioned, nouny, is_evaluator):
        yield "benchmark"
    if promise:
        yield "promise"


def _is_release(doc, n: int, sentence: str, is_evaluator: bool, future=()) -> bool:
    """A release cue with the model as its object or subject, in the lead or with fresh wording."""
    if n > 0 and _NOT_NEWS.search(sentence):
        return False
    lead = n <= 2 or doc.starts[n] >= doc.tail  # later sentences kept for naming the title's model count as lead
    if not lead and not _FRESH.search(sentence):
        return False
    start = doc.starts[n]
    spans = [(s - start, e - start) for _, (s, e) in doc.in_sentence(doc.mentions, n)]
    for m in _RELEASE.finditer(sentence):
        if _NOT_MODEL_OBJECT.match(sentence[m.end():]) or any(lo <= m.start() < hi for lo, hi in future):
            continue
        after = [s for s, _ in spans if m.end() <= s < m.end() + 100 and not _NOT_OBJECT_GAP.search(sentence[m.end():s])]
        before = [s for s, e in spans if m.start() - 60 <= s < m.start()]
        fresh = lead or _FRESH_STRICT.search(sentence)
        if after or before or (fresh and _NOUN_AFTER.match(sentence[m.end():m.end() + 100])):
            return True
    for m in _AVAILABLE.finditer(sentence):
        before = [e for s, e in spans if m.start() - 80 <= s < m.start()]
        if before and not _PLATFORM_AFTER.match(sentence[m.end():]) and not _API.search(sentence, before[-1], m.start()):
            return True
    if (lead or _FRESH_STRICT.search(sentence)) and _NEW_MODEL.search(sentence):
        return True
    return n == 0 and not is_evaluator and (_is_title_name(sentence, doc.in_sentence(doc.mentions, 0))
                                            or _is_title_launch(doc, sentence))


_TITLE_NOT_LAUNCH = re.compile(r"^\s*(?:on|in|via|for|with|and|now|is now|vs\.?|versus)\b|^['’]s\b", _I)
_NOT_A_MODEL = re.compile(r"bench|eval|arena|fund|program|academy|grant|fellow|institute|partner|council|report|card"
                          r"|challenge|prize|initiative|team|office|residency|framework|policy|principles", _I)
_CAMEL_HEAD = re.compile(r"^[A-Z][a-z]+[A-Z][a-z]+\w*$")


def _is_title_launch(doc, title: str) -> bool:
    """A title led by a new model-like name ("Gemini Robotics 2 brings ...");
    "DiffusionGemma: tagline" (a brand inside a one-word name)."""
    title = title.strip()
    if _NOT_A_MODEL.search(title) or doc.in_sentence(doc.benchmarks, 0):
        return False
    for _, (s, e) in doc.in_sentence(doc.names, 0):
        if s == doc.starts[0] and title.count(",") < 2 and not _TITLE_NOT_LAUNCH.match(title[e - s:]):
            return True
    head = re.split(r"\s*(?::|—|–| - )\s*", title, maxsplit=1)[0]
    return head != title and bool(_CAMEL_HEAD.match(head)) and any(
        len(b) > 3 and b in head.lower() and not head.lower().startswith(b) for b in KNOWN_BRANDS)


def _is_title_name(title: str, mentions) -> bool:
    """A title that is just a model name, or a model name followed by a colon or dash."""
    head = re.split(r"\s*(?::|—|–| - )\s*", title.strip(), maxsplit=1)[0]
    return len(head) < 40 and any(tokens_of(head) == tokens_of(title[s:e]) for _, (s, e) in mentions)


def _is_promise(doc, n: int, sentence: str) -> bool:
    """Forward-looking commitment language about releasing or making models available."""
    if "?" in sentence or _YOU_WILL.search(sentence):
        return False
    mentioned = bool(doc.in_sentence(doc.mentions, n))
    modal = _PROMISE_MODAL.search(sentence)
    if modal and re.search(r"access|weights|\bAPI\b", modal.group()):
        return True
    if not (mentioned or _PROMISE_OBJECT.search(sentence)):
        return False
    if modal:
        return True
    for m in _PROMISE_SOON.finditer(sentence):
        before = sentence[max(0, m.start() - 60):m.start()]
        after = sentence[m.end():m.end() + 30]
        if doc.near(n, m.start() - 60, m.start()) or _PROMISE_OBJECT.search(before) or _PROMISE_OBJECT.search(after):
            return True
    if _PROMISE_TIME.search(sentence):
        for m in _PROMISE_ACTION.finditer(sentence):
            after = sentence[m.end():m.end() + 50]
            if doc.near(n, m.end(), m.end() + 50) or _PROMISE_OBJECT.search(after):
                return True
    return False
