"""An in-memory matcher for model, org and benchmark names in free text (built from the registry).

Names are compared as token sequences: letter runs and digit runs, lowercased, so
"GPT-4o" == "gpt 4o" == "gpt4o" and "Qwen2.5" == "Qwen 2.5". Every official name, model_id and
curated alias (all sources) is a phrase; so are word-order variants ("Claude Sonnet 3.5") when
unambiguous. The longest phrase wins ("GPT-4o mini" -> gpt-4o-mini). A match followed by a version
digit, a size ("405B", when the registry has sized siblings) or a variant word ("mini", "Pro") is
dropped: it names a more specific model the registry does not know. Short or one-word names ("o3",
"Grok") only count when written as officially cased and seen with model context. Shortened names
after a full one are expanded ("Gemini 2.5 Flash and Pro"). One trie regex over the lowercased text
(`scan`) finds every word that can start a name; the phrase walk then runs only from those words.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import duckdb

from ingest.phrases import Lazy, Match, PhraseMatcher, Span, first_wins, is_short, tokens_of, trie_pattern

VARIANT_WORDS = frozenset(
    "mini pro max flash lite plus turbo nano ultra instruct sonnet opus haiku large medium small coder heavy air "
    "codex cyber live translate robotics omni audio tts transcribe realtime search embed embedding guard safeguard "
    "instant thinking".split()
)
_SEP = r"[ \-_\u2010-\u2015]"
_DASHES = r"[\-\u2010-\u2015][^\W\d_]"
_LIKENESS_WORDS = frozenset("class level like style caliber calibre grade tier equivalent esque sized scale type".split())
_COORDINATED = re.compile(r"\s*(?:,|and|or|&|/)\s*(?:the\s+)?(?P<word>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_BRANDLESS = re.compile(r"(?<![\w.\-\u2010-\u2015])(?:[VvKk]?\d+(?:\.\d+)*)[ \-\u2010-\u2015][A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_WORD_AFTER = re.compile(_SEP + r"[^\W\d_]")
_OK_BEFORE_SHORT = frozenset(("The", "A", "An", "And", "With", "Using", "Introducing", "Meet"))
_BENCHMARK_VARIANTS = frozenset("verified pro lite diamond hard multilingual live full extended".split())
MODEL_CONTEXT_WORDS = frozenset(
    "model models reasoning llm llms api chatgpt weights checkpoint version release released "
    "launch launched launches introducing introduces".split()
)
_BRAND_DROP_STOP = frozenset("large small medium pro mini max ultra base flash lite plus turbo nano next free".split())

# Other names for labs, keyed by the org ids they may have in orgs.yaml.
ORG_ALIASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("meta",): ("Meta", "Meta AI", "Meta Superintelligence Labs", "Meta's Superintelligence Labs",
                "MSL", "Facebook AI", "FAIR"),
    ("google-deepmind", "google"): ("Google DeepMind", "DeepMind", "Google", "Google AI", "Google Research"),
    ("alibaba-qwen", "alibaba"): ("Alibaba", "Alibaba Cloud", "Qwen team", "Qwen Team", "Tongyi"),
    ("openai",): ("OpenAI",),
    ("anthropic",): ("Anthropic",),
    ("xai",): ("xAI", "x.AI", "SpaceXAI"),
    ("mistral", "mistral-ai"): ("Mistral AI", "Mistral"),
    ("deepseek",): ("DeepSeek",),
    ("moonshot", "moonshot-ai"): ("Moonshot AI", "Moonshot"),
    ("zhipu", "z-ai", "zai"): ("Zhipu", "Zhipu AI", "Z.ai", "Z.AI"),
    ("minimax",): ("MiniMax",),
    ("microsoft",): ("Microsoft", "Microsoft AI"),
    ("amazon",): ("Amazon", "AWS", "Amazon Web Services"),
    ("nvidia",): ("NVIDIA", "Nvidia"),
    ("cohere",): ("Cohere",),
    ("ai2", "allenai"): ("Ai2", "AI2", "Allen Institute for AI", "AllenAI"),
    ("ibm",): ("IBM",),
    ("apple",): ("Apple",),
}


# Model brands not yet in the registry, so that "Kimi K3" or "Claude Fable 5" are recognised as model names.
KNOWN_BRANDS = frozenset(
    "gpt claude opus sonnet haiku fable mythos gemini gemma veo imagen lyria llama muse qwen qwq grok kimi glm deepseek mistral "
    "mixtral codestral devstral magistral ministral pixtral voxtral leanstral minimax hailuo phi nemotron sora dall whisper "
    "composer seedance mimo sarvam mpt olmo molmo tulu granite jamba command aya ernie hunyuan doubao ling inkling sam".split()
)
# Brands that are everyday words: their "Falcon 9" or "Step 2" is rarely a model name.
_WORD_BRANDS = frozenset("falcon nova arctic command step seed solar sonar hermes titan granite phoenix aurora spark core".split())
_GENERIC_TOKENS = VARIANT_WORDS - {"sonnet", "opus", "haiku", "codex"} | frozenset(
    "the and for with model new next text code high low free beta latest chat preview base vision thinking reasoning fast llm lm ai ml "
    "exp experimental embedding image video audio speech realtime voice instant live".split())


_VERSION_LAST = re.compile(r"^([A-Za-z]+) ([A-Za-z]{3,}) (\d+(?:\.\d+)*)$")  # Claude Opus 4.1
_VERSION_MID = re.compile(r"^([A-Za-z]+) (\d+(?:\.\d+)*) ([A-Za-z]{3,})$")  # Claude 3.5 Sonnet


def _variants(name: str) -> list[str]:
    """Word-order and brand-less variants: "Claude 3.5 Sonnet" -> "Claude Sonnet 3.5", "Sonnet 3.5"."""
    m = _VERSION_LAST.match(name)
    if m:
        brand, word, version = m.groups()
    elif m := _VERSION_MID.match(name):
        brand, version, word = m.groups()
    else:
        return []
    out = [f"{brand} {word} {version}", f"{brand} {version} {word}"]
    if word.lower() not in _BRAND_DROP_STOP:
        out.append(f"{word} {version}")
    return [v for v in out if tokens_of(v) != tokens_of(name)]


class ModelIndex:
    """Finds registry models, orgs and benchmarks named in text."""

    def __init__(self, models: list[Mapping], aliases: list[Mapping], orgs: list[Mapping],
                 benchmarks: list[Mapping], benchmark_spellings: Iterable[Iterable[str]] = ()):
        self.models = {m["model_id"]: dict(m) for m in models}
        self.orgs = {o["org_id"]: dict(o) for o in orgs}
        self.benchmarks = {b["benchmark_id"]: dict(b) for b in benchmarks}
        self.families = sorted({m["family"] for m in models if m.get("family")})
        self._models = PhraseMatcher()
        for m in models:
            self._add_model(m["name"], m["model_id"], 3)
            self._add_model(m["model_id"], m["model_id"], 3)
            for variant in _variants(m["name"]):
                self._add_model(variant, m["model_id"], 1)
        for a in aliases:
            if a["model_id"] in self.models:
                self._add_model(a["alias"], a["model_id"], 2)
                tail = a["alias"].rsplit("/", 1)[-1].split(":")[0]
                if tail != a["alias"] and len(tokens_of(tail)) >= 2:
                    self._add_model(tail, a["model_id"], 1)  # "MiniMaxAI/MiniMax-Text-01" -> "MiniMax-Text-01"
        self._models.build()
        self._sized = {t[:i] for m in models for name in (m["name"], m["model_id"]) for t in [tokens_of(name)]
                       for i in range(1, len(t) - 1) if t[i].isdigit() and t[i + 1] in ("b", "m")}
        self._orgs = PhraseMatcher()
        for o in orgs:
            self._orgs.add(o["name"], o["org_id"], 3, exact=is_short(o["name"]) or o["name"].istitle())
            self._orgs.add(o["org_id"], o["org_id"], 1, exact=True)
        for ids, names in ORG_ALIASES.items():
            org_id = next((i for i in ids if i in self.orgs), None)
            for name in names if org_id else ():
                self._orgs.add(name, org_id, 2, exact=len(tokens_of(name)) == 1)
        self._orgs.build()
        self._benchmarks = PhraseMatcher()
        for b in benchmarks:
            self._benchmarks.add(b["name"], b["benchmark_id"], 3, exact=is_short(b["name"]))
            self._benchmarks.add(b["benchmark_id"], b["benchmark_id"], 1, exact=is_short(b["benchmark_id"]))
        for b in benchmarks:
            keys = {tokens_of(b["name"]), tokens_of(b["benchmark_id"])}
            for group in benchmark_spellings:
                if any(tokens_of(s) in keys for s in group):
                    for spelling in group:
                        self._benchmarks.add(spelling, b["benchmark_id"], 2, exact=is_short(spelling) or spelling.isupper())
        self._benchmarks.build()
        words = self._models.heads | self._orgs.heads | self._benchmarks.heads | self.brands()
        letters = [w for w in words if w.isalpha() and w.isascii()]
        digits = [w for w in words if w.isdigit() and w.isascii()]
        exotic = [w for w in words if w not in letters and w not in digits]
        self._scan_re = re.compile("|".join(
            [r"(?<![a-z])(?:" + trie_pattern(letters) + r")(?![a-z])"]
            + ([r"(?<![0-9.])(?:" + trie_pattern(digits) + r")(?![0-9])"] if digits else [])
            + ([r"(?<![^\W\d_])(?:" + trie_pattern(exotic) + r")(?![^\W\d_])"] if exotic else [])))

    def scan(self, text: str) -> list[tuple[str, int, int]]:
        """(lowercase word, start, end) of every word that can start a model, org or benchmark name, or is a brand.

        One regex pass shared by find_models, find_orgs, find_benchmarks and the caller's name rules."""
        low = text.lower()
        if len(low) != len(text):  # a few Unicode characters change length when lowercased
            pattern = re.compile("|".join(p for p in (self._models._heads.pattern, self._orgs._heads.pattern,
                                                          self._benchmarks._heads.pattern) if p), re.IGNORECASE)
            return [(m.group().lower(), m.start(), m.end()) for m in pattern.finditer(text)]
        return [(m.group(), m.start(), m.end()) for m in self._scan_re.finditer(low)]

    def _add_model(self, phrase: str, model_id: str, priority: int) -> None:
        self._models.add(phrase, model_id, priority, exact=is_short(phrase))

    @classmethod
    def from_rows(cls, models, aliases, orgs, benchmarks, benchmark_spellings=None) -> ModelIndex:
        if benchmark_spellings is None:
            from ingest.claims import BENCHMARK_SPELLING_GROUPS as benchmark_spellings
        return cls(list(models), list(aliases), list(orgs), list(benchmarks), benchmark_spellings)

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> ModelIndex:
        def rows(sql: str) -> list[dict]:
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]

        return cls.from_rows(
            rows("SELECT model_id, org_id, name, family FROM models"),
            rows("SELECT source_id, alias, model_id FROM model_aliases"),
            rows("SELECT org_id, name FROM orgs"),
            rows("SELECT benchmark_id, name, unit, scale_min, scale_max FROM benchmarks"),
        )

    def find_models(self, text: str, context_orgs: Iterable[str] = (), orgs_found=None, hits=None) -> list[tuple[str, Span]]:
        """(model_id, span) for each model named in text, left to right.

        orgs_found: find_orgs(text) and hits: scan(text), when the caller already has them."""
        found, orgs, claimed = [], None, 0
        org_spans = Lazy(lambda: orgs_found if orgs_found is not None else self.find_orgs(text, hits))
        for match, rest, _ in self._models.find(text, hits):
            if match.span[0] < claimed or self._continues(text, match, rest):
                continue
            if match.entry.exact is not None:
                if orgs is None:
                    orgs = set(context_orgs) | {org for org, _ in org_spans()}
                if not self._has_context(text, match, orgs):
                    continue
            found.append((match.value, match.span))
            claimed = match.span[1]
        return self._ellipses(text, found, org_spans)

    def _ellipses(self, text: str, found: list[tuple[str, Span]], org_spans) -> list[tuple[str, Span]]:
        """Shortened names after a full one: "Gemini 2.5 Flash and Pro", "... 2.5 Flash-Lite", "DeepSeek ... V4 Pro"."""
        extra = []
        for model_id, (start, end) in found:
            toks = tokens_of(text[start:end])
            digits = [i for i, t in enumerate(toks) if t.isdigit()]
            if not digits or digits[-1] == len(toks) - 1:
                continue
            stem = toks[:digits[-1] + 1]
            for m in _COORDINATED.finditer(text, end, min(len(text), end + 60)):
                if m.start() != end:
                    break
                entry = self._models._phrases.get(stem + tokens_of(m.group("word")))
                if entry and entry.value:
                    extra.append((entry.value, m.span("word")))
                end = m.end()
        brandless = list(_BRANDLESS.finditer(text))
        brands = {tokens_of(text[s:e])[0] for _, (s, e) in found}
        if brandless:
            brands |= {tokens_of(text[s:e])[0] for _, (s, e) in org_spans()}
        for m in brandless:
            for brand in brands:
                entry = self._models._phrases.get((brand, *tokens_of(m.group())))
                if entry and entry.value and entry.value not in {f for f, _ in found}:
                    extra.append((entry.value, m.span()))
        taken = [span for _, span in found]
        extra = [(v, sp) for v, sp in extra if not any(s < sp[1] and sp[0] < e for s, e in taken)]
        return sorted(found + extra, key=lambda f: f[1])

    def _continues(self, text: str, match: Match, rest: list[str]) -> bool:
        """Is the match followed by a version, a size or a variant word (a longer, unknown name)?
        A size ("405B") only counts when the registry has sized siblings; "series"/"family" mark a family."""
        if not rest:
            return False
        end, nxt = match.span[1], rest[0]
        gap = text[end:end + 8]
        if match.surface[-1:].isdigit() and nxt.isalpha() and text[end:end + 1].isalpha() and nxt != "s":
            return True  # a letter suffix: GLM-4.5V, Qwen2.5VL
        if re.match(_DASHES, gap) and (nxt in _LIKENESS_WORDS or (
                match.surface.islower() and " " not in match.surface and "-" in match.surface)):
            return True  # "GPT-5-class", "GPT-4-level"; a longer slug: deepseek-v4-flash-vision-exp
        if nxt in ("series", "family") and re.match(_SEP + r"?[^\W\d_]", gap):
            return True
        if nxt.isdigit():
            if re.match(_SEP + r"20\d\d\b", gap):
                return False  # dated snapshot of the same model
            if re.match(_SEP + r"?\d+(?:\.\d+)?[bB]\b", gap):
                return tokens_of(match.surface) in self._sized
            if re.match(r"[\-_.\u2010-\u2015]?\d", gap) or re.match(r" \d+\.\d", gap):
                return True  # GPT-4 -> GPT-4.5, Muse Spark 1.2
            return bool(match.surface[-1:].isalpha() and re.match(r" \d\b(?![.,]?\d|%)", gap))
        return nxt in VARIANT_WORDS and re.match(_SEP + r"?[^\W\d_]", gap) is not None

    def _has_context(self, text: str, match: Match, orgs: set[str]) -> bool:
        start, end = match.span
        before, after = text[max(0, start - 40):start], text[end:end + 40]
        if re.search(r"[\w\-/]$", before) or re.match(r"-\w", after):
            return False
        prev_word = re.search(r"([A-Z][\w']*)\s+$", before)
        if prev_word and not self._orgs.find(prev_word.group(1)) and prev_word.group(1) not in _OK_BEFORE_SHORT:
            return False
        if self.models[match.value].get("org_id") in orgs:
            return True
        nearby = tokens_of(before[-30:]) + tokens_of(after[:30])
        return any(t in MODEL_CONTEXT_WORDS for t in nearby)

    def find_orgs(self, text: str, hits=None) -> list[tuple[str, Span]]:
        return first_wins((m.value, m.span) for m, _, _ in self._orgs.find(text, hits))

    def find_benchmarks(self, text: str, hits=None) -> list[tuple[str, Span]]:
        return first_wins((m.value, m.span) for m, rest, _ in self._benchmarks.find(text, hits)
                           if not (rest and rest[0] in _BENCHMARK_VARIANTS and _WORD_AFTER.match(text, m.span[1])))

    def resolve(self, name: str) -> str | None:
        """The model_id a whole name (official name, id or alias, normalised) stands for, if unambiguous."""
        entry = self._models._phrases.get(tokens_of(name))
        return entry.value if entry else None

    def brands(self) -> frozenset[str]:
        """Lowercase name words that start model names (registry names plus KNOWN_BRANDS)."""
        if not hasattr(self, "_brands"):
            words = {t for m in self.models.values() for t in tokens_of(f"{m['name']} {m.get('family') or ''}")}
            words = frozenset(t for t in words if t.isalpha() and len(t) > 1) | KNOWN_BRANDS
            self._brands = words - _GENERIC_TOKENS - _WORD_BRANDS
        return self._brands

    def family_tokens(self) -> frozenset[tuple[str, ...]]:
        if not hasattr(self, "_family_tokens"):
            self._family_tokens = frozenset(tokens_of(f) for f in self.families)
        return self._family_tokens

    def similar(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """Registry models whose names share the first two tokens of name (review hints)."""
        if not hasattr(self, "_by_stem"):
            self._by_stem: dict[tuple[str, ...], list[str]] = {}
            for model_id, row in sorted(self.models.items()):
                self._by_stem.setdefault(tokens_of(row["name"])[:2], []).append(model_id)
        return tuple(self._by_stem.get(tokens_of(name)[:2], ()))[:limit]
