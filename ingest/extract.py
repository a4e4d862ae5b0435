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
from ingest.cues import EVALUATOR, KIND_WORDS_RE, SYMBOL_KINDS, WORD_KINDS, sentence_kinds
from ingest.model_index import ModelIndex, tokens_of
from registry.records import EVENT_KINDS, Event, Extraction, Item, NameCandidate, PromiseCandidate

_I = re.IGNORECASE
_SENTENCE_END = re.compile(r"[.!?…](?=[\"'”’)\]]*\s+[\"'“‘(\[]?[A-Z0-9])|(?<=[a-z]{4}\.)(?=\s+[a-z])|\n")

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


def _sentences(text: str) -> list[int]:
    """Start offsets of the sentences of text (the title is always its own sentence)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


class _Doc:
    """Text with its sentences and found names, grouped by sentence."""

    def __init__(self, item: Item, index: ModelIndex, source_org: str | None):
        lead, tail, focus = _focused_summary(item, index, source_org)
        self.text = f"{item.title}\n{lead}" + (f"\n{tail}" if tail else "")
        self.tail = len(item.title) + len(lead) + 2 if tail else len(self.text) + 1  # where the later sentences start
        self.starts = _sentences(self.text)
        hits = index.scan(self.text)
        self.orgs = index.find_orgs(self.text, hits)
        context = [source_org] if source_org else ()
        self.models = index.find_models(self.text, context_orgs=context, orgs_found=self.orgs, hits=hits)
        self.benchmarks = index.find_benchmarks(self.text, hits)
        self.names = _unknown_names(self.text, index, self.models, self.orgs, hits)
        if tail:  # after the lead only the title's models count, and no benchmark names
            self.models = [f for f in self.models if f[1][0] < self.tail or tokens_of(self.text[slice(*f[1])]) in focus]
            self.names = [f for f in self.names if f[1][0] < self.tail or tokens_of(f[0]) in focus]
            self.benchmarks = [f for f in self.benchmarks if f[1][0] < self.tail]
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


LEAD_MAX = 4000  # a long article is read up to here; after it, a digest's sentences naming a title model


def _focused_summary(item: Item, index: ModelIndex, source_org: str | None) -> tuple[str, str, set]:
    """(lead, later sentences that name a model the title names, those names' tokens): a newsletter's own story."""
    summary = item.summary_text or ""
    if len(summary) <= LEAD_MAX:
        return summary, "", set()
    lead = summary[:LEAD_MAX - 1].rstrip() + "\u2026"
    if item.title.count(",") < 2:  # one story: its lead says what it is; a digest ("A, B, C") has later stories
        return lead, "", set()
    context = [source_org] if source_org else ()
    wanted = set()
    for text in (item.title,):
        hits = index.scan(text)
        orgs = index.find_orgs(text, hits)
        models = index.find_models(text, context_orgs=context, orgs_found=orgs, hits=hits)
        wanted |= {tokens_of(text[s:e]) for _, (s, e) in models + _unknown_names(text, index, models, orgs, hits)}
    if not wanted:
        return lead, "", set()
    tail = summary[LEAD_MAX - 1:]
    hits = index.scan(tail)
    orgs = index.find_orgs(tail, hits)
    models = index.find_models(tail, context_orgs=context, orgs_found=orgs, hits=hits)
    found = models + _unknown_names(tail, index, models, orgs, hits)
    starts = _sentences(tail)
    keep = sorted({bisect.bisect_right(starts, s) - 1 for _, (s, e) in found if tokens_of(tail[s:e]) in wanted})
    ends = starts[1:] + [len(tail)]
    return lead, "\n".join(tail[starts[n]:ends[n]].strip() for n in keep), wanted


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
    for m in KIND_WORDS_RE.finditer(doc.text.lower()):
        word = m.group()
        wanted.setdefault(doc.sentence_of(m.start()), set()).update(WORD_KINDS.get(word) or SYMBOL_KINDS[word])
    for _, span in doc.benchmarks:
        wanted.setdefault(doc.sentence_of(span[0]), set()).add("benchmark")
    for n, kinds in sorted(wanted.items()):
        if doc.starts[n] >= doc.tail:
            kinds = kinds & _TAIL_KINDS
        for kind in set(sentence_kinds(doc, n, doc.sentence(n), is_evaluator, kinds)):
            found.setdefault(kind, []).append(n)
    weights = found.pop("open_weights?", [])
    if "release" in found and weights:
        found.setdefault("open_weights", []).extend(weights)
    return found


_TAIL_KINDS = frozenset(("release",))


def _confidence(sentence_numbers: list[int], linked: bool) -> float:
    first = min(sentence_numbers)
    base = 0.9 if first == 0 else 0.75 if first <= 2 else 0.6
    return round(min(1.0, base + (0.05 if linked else 0.0)), 2)


def extract_item(item: Item, index: ModelIndex, *, source_org: str | None = None) -> Extraction:
    """Everything the item's title and summary say: models, orgs, kinds, events, scores, promises, names."""
    doc = _Doc(item, index, source_org)
    is_evaluator = bool(EVALUATOR.search(f"{item.source_id} {source_org or ''}"))
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
