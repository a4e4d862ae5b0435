"""Item text -> Extraction: linked models and orgs, event kinds, benchmark scores, promises, unknown names.

Pure and fast. The title and summary are split into sentences once; names are found once (registry
models, orgs and benchmarks through the ModelIndex, plus unknown model-like names such as "Kimi K3").
One keyword pass marks which sentences could carry which event kind, and only those are examined:
each kind is a cue pattern that needs model context near it (a model or unknown name within a window,
or a word such as "model"). Promises are commitment language about releasing or opening models.
Benchmark sentences and scores are in ingest.claims. `extract_file` runs all this over a saved file.
"""
from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path

from ingest import claims
from ingest.model_index import ModelIndex, trie_pattern, tokens_of
from registry.records import EVENT_KINDS, Event, Extraction, Item, NameCandidate, PromiseCandidate

_I = re.IGNORECASE
_SENTENCE_END = re.compile(r"[.!?…](?=[\"'”’)\]]*\s+[\"'“‘(\[]?[A-Z0-9])|(?<=[a-z]{4}\.)(?=\s+[a-z])|\n")
_MODEL_NOUN = re.compile(
    r"\b(?:models?|LLMs?|language models?|neural net(?:work)?s?|checkpoints?|(?:open[- ])?weights?)\b", _I)

# ---- release: a release verb with the model as object or subject, or the model "now available" ----------------
_RELEASE = re.compile(
    r"\b(?:introduc(?:ing|es|ed)|launch(?:es|ed|ing)?|releas(?:e|es|ed|ing)|unveil(?:s|ed|ing)?"
    r"|announc(?:es|ed|ing)|debut(?:s|ed)?"
    r"|previewing|(?:research|early|limited) preview|meet|roll(?:s|ed|ing)? out"
    r"|(?:an|the|our) (?:updated|upgraded|improved)"
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
_EVALUATOR = re.compile(r"artificial[-_ ]?analysis|lmarena|arena|epoch|leaderboard|vectara|metr\b", _I)

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

# ---- unknown model names: a brand word and a version ("Kimi K3", "GPT-5.6 Sol", "grok-build-0.1") --------------
_DASH = r"\-\u2010-\u2015"
_SUFFIX = (r"Pro|Max|Mini|mini|Flash|Lite|Ultra|Plus|Turbo|Nano|nano|Fast|Sol|Luna|Terra|Thinking|Instant|Preview|Exp|Omni"
           r"|Coder|Vision|Realtime|Small|Medium|Large|Air|Cyber|Live|Translate|Codex|Heavy|Reasoning|Base|Instruct"
           r"|TTS|ASR|OCR|VL|\d+[BbMmKkTt]")
_NAME = re.compile(
    rf"(?<![\w.{_DASH}])(?P<name>(?:[A-Z][\w'’]*|[a-z]{{1,3}}[A-Z]\w*)(?:[ {_DASH}](?:[A-Z][a-z]+)){{0,3}}"
    rf"[ {_DASH}]?[vVkKrRmM]?\d+(?:\.\d+)*[a-z]?"
    rf"(?:[ {_DASH}](?:{_SUFFIX})\b)*)(?![\w{_DASH}]|[.,]\d|\s?%)"
    rf"|(?<![\w.{_DASH}])(?P<tag>[A-Z][a-zA-Z]+[ {_DASH}](?:TTS|ASR|OCR|VL)\b)"
    r"|(?<![\w./-])(?P<slug>[a-z][a-z0-9]*(?:-[a-z0-9.]+)*-(?:v?\d+(?:\.\d+)*[a-z]?)(?:-[a-z0-9.]+)*)(?![\w/-])")
_NAME_STOP = frozenset(
    "issue version section figure table step part chapter android ios iphone windows python covid series round day week "
    "year phase level class tier plan gen grade top page vol volume no number jan feb mar apr may jun jul aug sep sept oct "
    "nov dec january february march april june july august september october november december monday tuesday wednesday "
    "thursday friday saturday sunday".split())


# Words that every cue of a kind contains (lowercase stems); a sentence is only examined for the kinds whose words it has.
_KIND_WORDS = {
    "release": ("introduc", "launch", "releas", "unveil", "announc", "debut", "preview", "meet", "roll", "updated", "upgraded",
                "improved", "open-sourc", "open sourc", "we're", "we’re", "we are", "available", "live", "powers", "here", "new"),
    "open_weights": ("open", "open-sourc", "open sourc", "weight", "hugging", "apache", "mit", "licen", "permissive"),
    "api": ("api", "developer", "vertex", "bedrock", "foundry", "studio", "openrouter", "beta", "preview", "console", "fine-tun",
            "fine tun", "rate limit"),
    "pricing": ("pric", "discount", "mtok", "million"),
    "deprecation": ("deprecat", "retir", "sunset", "shut", "discontinu", "end-of-life", "end of life", "no longer", "phas"),
    "benchmark": ("benchmark", "leaderboard", "elo", "arena", "state-of", "state of", "sota", "scor", "index", "rank", "top",
                  "lead", "place"),
    "promise": ("will", "plan", "hope", "intend", "aim", "expect", "promis", "commit", "working", "track", "set to", "going",
                "coming", "way", "soon", "next", "within", "later"),
}
_SYMBOL_KINDS = {"$": {"pricing"}, "#": {"benchmark"}, "发布": {"release"}, "'ll": {"promise"}, "’ll": {"promise"}}
_WORD_KINDS: dict[str, set[str]] = {}
for _kind, _words in _KIND_WORDS.items():
    for _word in _words:
        _WORD_KINDS.setdefault(_word, set()).add(_kind)
_FIRST_PERSON_OR_LICENCE = re.compile(r"\b(?:we|we're|we’re|we've|we’ve|our|today)\b|licen[sc]e", _I)
_CUSTOMER_STORY = re.compile(r"\bpowered by|\busing\b|\buses\b", _I)
_API_OR_TOKENS = re.compile(r"\bAPI\b|\btokens?\b")
_API_OR_MODEL = re.compile(r"\b(?:APIs?|models?)\b")
_TITLE_API = re.compile(r"\bAPI|vertex|bedrock|foundry|studio|openrouter|public beta|private[- ]preview|developer", _I)
_API_TITLE = re.compile(r"^APIs?\b|\b(?:the|our|new|an?)\s+(?:[\w-]+\s+){0,2}APIs?\b|\bAPI$")
_API = re.compile(r"\bAPIs?\b")
_YOU_WILL = re.compile(r"\byou(?:'ll| will)\b", _I)
_KIND_WORDS_RE = re.compile(r"(?<![a-z])(?:" + trie_pattern(_WORD_KINDS) + r")|[$#]|['’]ll\b|发布")


def _sentences(text: str) -> list[int]:
    """Start offsets of the sentences of text (the title is always its own sentence)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


class _Doc:
    """Text with its sentences and found names, grouped by sentence."""

    def __init__(self, item: Item, index: ModelIndex, source_org: str | None):
        self.text = f"{item.title}\n{item.summary_text or ''}"
        self.starts = _sentences(self.text)
        hits = index.scan(self.text)
        self.orgs = index.find_orgs(self.text, hits)
        context = [source_org] if source_org else ()
        self.models = index.find_models(self.text, context_orgs=context, orgs_found=self.orgs, hits=hits)
        self.benchmarks = index.find_benchmarks(self.text, hits)
        self.names = _unknown_names(self.text, index, self.models, self.orgs, hits)
        self.mentions = sorted(self.models + self.names, key=lambda found: found[1])
        self._grouped: dict[int, tuple[list, dict[int, list]]] = {}

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def sentence(self, n: int) -> str:
        end = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[n]:end]

    def in_sentence(self, found: list, n: int) -> list:
        """The entries of one of this doc's lists (models, names, mentions, orgs, benchmarks) in sentence n."""
        cached = self._grouped.get(id(found))
        if cached is None or cached[0] is not found:
            cached = self._grouped[id(found)] = (found, {})
            for value, span in found:
                cached[1].setdefault(self.sentence_of(span[0]), []).append((value, span))
        return cached[1].get(n, [])

    def near(self, n: int, lo: int, hi: int) -> bool:
        """Is a model (linked or unknown name) mentioned in sentence n between offsets lo and hi of the sentence?"""
        start = self.starts[n]
        return any(lo <= s - start < hi for _, (s, _) in self.in_sentence(self.mentions, n))


def _unknown_names(text: str, index: ModelIndex, models, orgs, hits) -> list[tuple[str, tuple[int, int]]]:
    """Model-like names (a known brand word + a version) that are not linked to the registry."""
    linked = [span for _, span in models]
    brands = index.brands()
    org_words = {t for _, (s, e) in orgs for t in tokens_of(text[s:e])}
    out, claimed = [], 0
    for word, start, _ in hits:
        if word not in brands or start < claimed:
            continue
        m = _NAME.match(text, start)
        if not m:
            continue
        name = m.group()
        toks = tokens_of(name)
        if not (m.group("tag") or any(t.isdigit() for t in toks)) or any(t in _NAME_STOP for t in toks):
            continue
        words = [t for t in toks if not t.isdigit()]
        if all(t in org_words for t in words) or len(set(words)) < len(words) or index.resolve(name) or (
                words[0] in org_words and any(t in brands for t in words[1:])):
            continue  # "OpenAI 2", "Leanstral Leanstral 1.5", an alias, "Amazon Bedrock Grok 4.6" (Grok starts the name)
        if m.group("name") and re.search(r"(?<![\d.])\d{3,}(?![\d.]|[bBkKmM])", name):
            continue  # "Haiku 184": a table value, not a version
        if re.fullmatch(r"[A-Za-z]+ (?:19|20)\d\d", name) or any(s < m.end() and start < e for s, e in linked):
            continue
        out.append((name, (start, m.end())))
        claimed = m.end()
    return out


def _kinds_by_sentence(doc: _Doc, is_evaluator: bool) -> dict[str, list[int]]:
    """Sentence numbers where each kind's cue fires with enough model context."""
    found: dict[str, list[int]] = {}
    wanted: dict[int, set[str]] = {0: {"release", "api", "benchmark"}}
    for m in _KIND_WORDS_RE.finditer(doc.text.lower()):
        word = m.group()
        wanted.setdefault(doc.sentence_of(m.start()), set()).update(_WORD_KINDS.get(word) or _SYMBOL_KINDS[word])
    for _, span in doc.benchmarks:
        wanted.setdefault(doc.sentence_of(span[0]), set()).add("benchmark")
    for n, kinds in sorted(wanted.items()):
        for kind in set(_sentence_kinds(doc, n, doc.sentence(n), is_evaluator, kinds)):
            found.setdefault(kind, []).append(n)
    weights = found.pop("open_weights?", [])
    if "release" in found and weights:
        found.setdefault("open_weights", []).extend(weights)
    return found


def _noun_near(sentence: str, m: re.Match, width: int) -> bool:
    return bool(_MODEL_NOUN.search(sentence[max(0, m.start() - width):m.end() + width]))


def _sentence_kinds(doc: _Doc, n: int, sentence: str, is_evaluator: bool, wanted: set[str]):
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


def _is_release(doc: _Doc, n: int, sentence: str, is_evaluator: bool, future=()) -> bool:
    """A release cue with the model as its object or subject, in the lead or with fresh wording."""
    if n > 0 and _NOT_NEWS.search(sentence):
        return False
    if n > 2 and not _FRESH.search(sentence):
        return False
    start = doc.starts[n]
    spans = [(s - start, e - start) for _, (s, e) in doc.in_sentence(doc.mentions, n)]
    for m in _RELEASE.finditer(sentence):
        if _NOT_MODEL_OBJECT.match(sentence[m.end():]) or any(lo <= m.start() < hi for lo, hi in future):
            continue
        after = [s for s, _ in spans if m.end() <= s < m.end() + 100 and not _NOT_OBJECT_GAP.search(sentence[m.end():s])]
        before = [s for s, e in spans if m.start() - 60 <= s < m.start()]
        fresh = n <= 2 or _FRESH_STRICT.search(sentence)
        if after or before or (fresh and _NOUN_AFTER.match(sentence[m.end():m.end() + 100])):
            return True
    for m in _AVAILABLE.finditer(sentence):
        before = [e for s, e in spans if m.start() - 80 <= s < m.start()]
        if before and not _PLATFORM_AFTER.match(sentence[m.end():]) and not _API.search(sentence, before[-1], m.start()):
            return True
    if (n <= 2 or _FRESH_STRICT.search(sentence)) and _NEW_MODEL.search(sentence):
        return True
    return n == 0 and not is_evaluator and _is_title_name(sentence, doc.in_sentence(doc.mentions, 0))


def _is_title_name(title: str, mentions) -> bool:
    """A title that is just a model name, or a model name followed by a colon or dash."""
    head = re.split(r"\s*(?::|—|–| - )\s*", title.strip(), maxsplit=1)[0]
    return len(head) < 40 and any(tokens_of(head) == tokens_of(title[s:e]) for _, (s, e) in mentions)


def _is_promise(doc: _Doc, n: int, sentence: str) -> bool:
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


def _confidence(sentence_numbers: list[int], linked: bool) -> float:
    first = min(sentence_numbers)
    base = 0.9 if first == 0 else 0.75 if first <= 2 else 0.6
    return round(min(1.0, base + (0.05 if linked else 0.0)), 2)


def extract_item(item: Item, index: ModelIndex, *, source_org: str | None = None) -> Extraction:
    """Everything the item's title and summary say: models, orgs, kinds, events, scores, promises, names."""
    doc = _Doc(item, index, source_org)
    is_evaluator = bool(_EVALUATOR.search(f"{item.source_id} {source_org or ''}"))
    by_kind = _kinds_by_sentence(doc, is_evaluator)
    model_ids = list(dict.fromkeys(m for m, _ in doc.models))
    org_ids = list(dict.fromkeys([o for o, _ in doc.orgs] + ([source_org] if source_org else [])))
    title_models = [m for m, _ in doc.in_sentence(doc.models, 0)]
    out = Extraction(item_id=item.item_id, model_ids=model_ids, org_ids=org_ids)
    out.kinds = [k for k in EVENT_KINDS if k in by_kind] or ["other"]
    for kind in out.kinds:
        sentences = by_kind.get(kind, [0])
        models = list(dict.fromkeys(m for n in sentences for m, _ in doc.in_sentence(doc.models, n)))
        models = models or (title_models if kind != "promise" else [])
        confidence = _confidence(sentences, bool(models)) if kind != "other" else 0.5
        for model_id in models or [None]:
            org = index.models[model_id]["org_id"] if model_id else (source_org or (org_ids[0] if org_ids else None))
            out.events.append(Event(item.item_id, kind, model_id, org, confidence))
    out.scores = claims.scores(doc, item, index)
    out.promise_candidates = [_promise(doc, n, item, index, source_org) for n in by_kind.get("promise", [])]
    seen = set(index.family_tokens())
    for name, _ in doc.names:
        if tokens_of(name) not in seen:
            seen.add(tokens_of(name))
            out.name_candidates.append(NameCandidate(item.source_id, name, "unknown_model_name", index.similar(name)))
    return out


def _promise(doc: _Doc, n: int, item: Item, index: ModelIndex, source_org: str | None) -> PromiseCandidate:
    models = doc.in_sentence(doc.models, n)
    orgs = doc.in_sentence(doc.orgs, n)
    model_id = models[0][0] if models else None
    sentence = doc.sentence(n)
    if source_org and re.search(r"\b(?:we|our|we're|we’re|we'll|we’ll)\b", sentence, _I):
        org_id = source_org
    else:
        org_id = orgs[0][0] if orgs else source_org or (index.models[model_id]["org_id"] if model_id else None)
    return PromiseCandidate(item.item_id, doc.sentence(n).strip(), org_id, model_id, item.url)


@functools.lru_cache(maxsize=4)
def curated_index(directory: str) -> ModelIndex:
    import duckdb

    from registry import curated, schema
    from registry.errors import LedgerError

    checked = curated.check(Path(directory))
    if checked.errors:
        raise LedgerError(f"curated data in {directory} has errors: {checked.errors[0]}")
    con = duckdb.connect()
    schema.migrate(con)
    curated.load(con, checked)
    return ModelIndex.from_db(con)


def _source_org(source_id: str) -> str | None:
    try:
        from ingest.sources import load_sources, source_by_id
        return source_by_id(load_sources(), source_id).org
    except Exception:  # noqa: BLE001 - an unknown source simply has no org
        return None


def extract_file(body: bytes, source_id: str, *, base_url: str | None = None, index: ModelIndex | None = None,
                 source_org: str | None = None) -> list[dict]:
    """Parse a saved feed or page (sniffed) and extract each entry: JSON-ready dicts."""
    from ingest.errors import ParseError
    from registry.config import curated_dir

    index = index or curated_index(str(curated_dir()))
    source_org = source_org if source_org is not None else _source_org(source_id)
    head = bytes(body[:2048]).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    is_html = head.startswith((b"<!doctype html", b"<html")) or (
        b"<html" in head and b"<rss" not in head and b"<feed" not in head)
    if is_html:
        from ingest.pages import parse_page
        items = parse_page(body, source_id, base_url or "https://localhost/")
    else:
        from ingest.feeds import parse_feed
        try:
            items = parse_feed(body, source_id)
        except ParseError:
            if not head.startswith(b"<"):
                raise  # JSON or text that is not a feed: the feed parser's error says why
            from ingest.pages import parse_page
            items = parse_page(body, source_id, base_url or "https://localhost/")
    out = []
    for item in items:
        found = extract_item(item, index, source_org=source_org)
        out.append({
            "id": item.item_id, "link": item.url, "title": item.title, "kinds": found.kinds, "model_ids": found.model_ids,
            "claims": [{"model_id": s.model_id, "benchmark_id": s.benchmark_id, "value": s.value,
                        "measured_by": s.measured_by} for s in found.scores],
        })
    return out
