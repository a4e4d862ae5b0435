"""Model-name normalisation for the crosswalk: any source's spelling -> comparable keys.

`parse_name("bedrock/us.anthropic.claude-3-5-sonnet-20240620-v1:0")` strips routing and vendor
prefixes, pulls out the snapshot stamp and the settings (reasoning effort, thinking budgets,
`:free`), spells versions one way (`3-5`, `3_5`, `3p5`, `v3.5` -> `3.5`) and keeps the rest as
tokens. Keys are the sorted tokens, so `claude-sonnet-4-5` meets `Claude 4.5 Sonnet`, while every
token that tells models apart (sizes, tiers, generations, `mini`, `flash`, `pro`, `preview`) is kept
and must match exactly: `gpt-4o` never meets `gpt-4o-mini`. `org_id_for` says who made a model.
`registry.resolve.KeyIndex` matches the keys against known models.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

_REGION = re.compile(r"^(?:us|eu|apac|au|jp|ca|global|us-gov)\.", re.I)  # Bedrock "us.anthropic..."
_VENDOR = re.compile(r"^(anthropic|meta|amazon|mistral|cohere|ai21|deepseek|qwen|openai|writer|google"
                     r"|nvidia|moonshot|moonshotai|minimax|zai|xai|stability|twelvelabs|luma)\.(?=[a-z])", re.I)
_FAMILY_VENDORS = {"deepseek", "qwen", "minimax"}  # "deepseek.v3.2" keeps its family word
_HYBRID = {"claude", "deepseek", "grok"}  # families whose thinking mode is a setting, not a model
_MODES = {"thinking", "think", "reasoning"}
_VARIANT_TAGS = {"free", "beta", "thinking", "extended", "nitro", "floor", "online", "exacto", "latest"}
_SETTINGS_TAIL = [re.compile(p, re.I) for p in (
    r"[_](?:x?high|low|medium|minimal|none|default|unknown|max|\d+k)$",  # epoch "_high", "_32K"
    r"[-_ ](?:thinking|think)[-_ ]?\d+k$",                     # "-thinking-32k"
    r"[-_ ](?:no[-_ ]?(?:thinking|think)|non-reasoning)$",    # "-no-thinking"
    r"[-_ ](?:x?high|low|minimal)$")]                          # "gpt-5-high", "o3-mini-high"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_RE = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_MM, _DD = r"(0[1-9]|1[0-2])", r"([0-3]\d)"
# Stamps, most specific first -> canonical YYYYMMDD / YYYYMM / MMDD. Days (and "Aug 2024", kept as
# YYYYMM00) mark snapshots of one model, dropped when nothing matches them; a bare numeric month
# ("08-2024", "202506") marks a release of its own ("sticky"): never dropped, only dated.
_STAMPS: list[tuple[re.Pattern, Callable]] = [
    (re.compile(rf"(?<!\d)(20\d\d)-{_MM}-{_DD}(?!\d)"), lambda m: m[1] + m[2] + m[3]),
    (re.compile(rf"(?<![\d.])(20[12]\d){_MM}{_DD}(?!\d)"), lambda m: m[1] + m[2] + m[3]),
    (re.compile(rf"(?<![\d.])(20[12]\d){_MM}(?![\d.])"), lambda m: m[1] + m[2]),
    (re.compile(rf"(?<![\d.]){_MM}-(20[12]\d)(?!\d)"), lambda m: m[2] + m[1]),
    (re.compile(rf"(?<![\d.])(2[3-9]){_MM}{_DD}(?![\d.])"), lambda m: "20" + m[1] + m[2] + m[3]),
    (re.compile(rf"\b{_MONTH_RE}[ -](20[12]\d)\b"), lambda m: m[2] + f"{_MONTHS.index(m[1]) + 1:02d}00"),
    (re.compile(rf"(?:(?<=preview)|(?<=exp))[ -]{_MM}-?{_DD}(?![\d.])"), lambda m: m[1] + m[2]),
    (re.compile(rf"(?<=[-_ ]){_MM}-{_DD}$"), lambda m: m[1] + m[2]),
    # MMDD ("gpt-4-0613", "deepseek-r1-0528"); YYMM point releases ("2411", "2507") stay tokens.
    (re.compile(rf"(?<=[-_ ]){_MM}{_DD}(?![\d.a-z])"), lambda m: m[1] + m[2]),
]
_REWRITES = [(re.compile(p), r) for p, r in (
    (r"(?<=\d)p(?=\d)", "."),                                   # Fireworks "qwen2p5", "k2p5"
    (r"\b(gpt|claude)-?35\b", r"\1-3.5"), (r"\bqwen25\b", "qwen2.5"), (r"\bqwen-qwq\b", "qwq"),
    (r"\bcodellama\b", "code-llama"),
    (r"^gpt-4-(\d{4})-preview", r"gpt-4-turbo-preview-\1"),      # the GPT-4 Turbo previews
    (r"(?<![a-z0-9])i?q\d(?:_k)?(?:_[a-z0-9]+)?(?![a-z0-9])", " "))]  # GGUF quant "q8_0"
_PAREN = re.compile(r"\(([^()]*)\)")
_KEEP_PAREN = re.compile(rf"^\s*(?:base|\d+(?:\.\d+)?[bm]|\d{{4}}|20\d\d-?[01]\d-?[0-3]\d|[01]\d-20\d\d"
                         rf"|{_MONTH_RE} 20\d\d)\s*$", re.I)
_QUANT = re.compile(r"^(?:fp\d+|bf16|int[48]|w\d+a\d+|q\d(?:_k)?(?:_[a-z0-9]+)?|gguf|awq|gptq|mlx"
                    r"|nvfp4|mxfp4|\d+bit|exl2|maas|2048|4096|8192|16384|32768|65536|131072)$")
_NOISE = {"instruct", "it", "hf", "c4ai", "sft", "api", "versatile", "cloud", "pt",
          "paddle"}
SIZE = re.compile(r"^(?:\d+(?:\.\d+)?[bm]|\d+x\d+(?:\.\d+)?b|[ae]\d+(?:\.\d+)?b)$")
FLEX = re.compile(r"^(?:\d+(?:\.\d+)?[bm]|\d+x\d+(?:\.\d+)?b|[ae]\d+(?:\.\d+)?b|\d+e|\d+k)$")
YYMM = re.compile(r"^2[3-9](?:0[1-9]|1[0-2])$")
VERSION = re.compile(r"^\d+(?:\.\d+)?$")
RELAXABLE = {"preview", "exp", "beta", "001", "002", "003"}
ORG_WORDS = {"openai", "anthropic", "google", "meta", "amazon", "microsoft", "cohere", "ibm", "ai21",
             "nvidia", "alibaba", "xai", "deepmind", "mistralai", "allenai", "apple", "intel", "zai",
             "snowflake", "tencent", "baidu", "bytedance", "zhipu", "moonshot", "moonshotai", "thudm",
             "01ai", "ai2", "databricks", "inflection", "writer", "x"}
ROUTE_WORDS = {
    "openrouter", "bedrock", "bedrock_converse", "vertex_ai", "vertex", "azure", "azure_ai", "together_ai",
    "together", "fireworks_ai", "fireworks", "accounts", "models", "groq", "deepinfra", "ollama",
    "ollama_chat", "replicate", "anyscale", "perplexity", "sambanova", "cerebras", "nebius", "novita",
    "hyperbolic", "lambda_ai", "wandb", "chutes", "crusoe", "gmi", "baseten", "friendliai", "cloudflare",
    "@cf", "workers-ai", "databricks", "watsonx", "oci", "snowflake", "huggingface", "hf", "nscale",
    "featherless_ai", "gradient_ai", "github", "github_copilot", "vercel_ai_gateway", "heroku", "v1",
    "api", "scaleway", "ovhcloud", "dashscope", "gemini", "palm"}


@dataclass(frozen=True)
class NameParts:
    """A name taken apart: `tokens` in source order, the snapshot `stamp`, dropped `settings`."""

    raw: str
    tokens: tuple[str, ...]
    stamp: str | None
    org: str | None
    settings: tuple[str, ...]
    is_multi: bool  # "DeepSeek R1 + claude-3-5-sonnet": a system of several models
    display: tuple[str, ...] = ()  # words in source spelling, for provisional ids

    @property
    def is_sticky(self) -> bool:
        return bool(self.stamp) and len(self.stamp) == 6

    @property
    def key(self) -> str:
        """Sorted tokens, with the stamp only when it is sticky."""
        return " ".join(sorted(self.tokens)) + (f" @{self.stamp}" if self.is_sticky else "")

    @property
    def strict_key(self) -> str:
        return " ".join(sorted(self.tokens)) + (f" @{self.stamp}" if self.stamp else "")

    @property
    def slug(self) -> str:
        words = list(self.display or self.tokens) + ([self.stamp] if self.is_sticky else [])
        return re.sub(r"-+", "-", "-".join(words)).strip("-.")


def _split_path(text: str) -> tuple[str, list[str]]:
    text = re.sub(r"^https?://[^/]+/", "", text.strip())
    if re.match(r"^[^:/]{2,40}: ", text):  # OpenRouter display name "Anthropic: Claude 3.5 Sonnet"
        org, _, text = text.partition(": ")
        return text, [org]
    parts = [p for p in text.split("/") if p]
    return (parts[-1] if parts else ""), parts[:-1]


def _take_stamp(text: str) -> tuple[str, str | None]:
    for pattern, canon in _STAMPS:
        match = pattern.search(text)
        if match:
            return text[:match.start()] + " " + text[match.end():], canon(match)
    return text, None


def _merge_versions(tokens: list[str]) -> list[str]:
    merged: list[str] = []
    for tok in tokens:  # "3", "5" -> "3.5"
        if merged and re.fullmatch(r"\d", tok) and re.fullmatch(r"\d{1,2}", merged[-1]):
            merged[-1] = f"{merged[-1]}.{tok}"
        else:
            merged.append(tok)
    return merged


def _tokens(words: list[str]) -> list[str]:
    out: list[str] = []
    for tok in words:  # "qwen2.5" -> "qwen", "2.5"; short heads ("o1", "r1", "k2", "a22b") stay whole
        match = re.fullmatch(r"([a-z]{3,})(\d+(?:\.\d+)*)", tok)
        out.extend([match[1], match[2]] if match else
                   [t for t in re.split(r"(?<=[a-z])\.|\.(?=[a-z])", tok) if t])
    return _merge_versions(out)


def _version(tok: str) -> str | None:
    """Canonical version token; None drops the default first version ("v1", "1.0", "v0.1")."""
    match = re.fullmatch(r"v?(\d+(?:\.\d+)*)", tok)
    if not match:
        return tok
    number = match[1]
    if tok.startswith("v") or "." in number:
        number = ".".join(str(int(p)) for p in number.split("."))
        number = re.sub(r"(?<=\d)\.0$", "", number)
        if number == "1" or (tok.startswith("v") and number == "0.1"):
            return None
    return number


def _clean_core(core: str, settings: list[str]) -> tuple[str, str | None]:
    core = _PAREN.sub(lambda m: f" {m[1]} " if _KEEP_PAREN.match(m[1]) else " ", core)
    core = _REGION.sub("", core.strip())
    vendor, org = _VENDOR.match(core), None
    if vendor:
        org, rest = vendor[1].lower(), core[vendor.end():]
        keep = org in _FAMILY_VENDORS and not rest.lower().startswith(org)
        core = f"{org}-{rest}" if keep else rest
    core = re.sub(r"v(\d+):([1-9])$", r"v\1.\2", core.replace("@", "-"))  # Bedrock "claude-v2:1"
    core = re.sub(r"[-_]v?\d+:\d+$", "", core)                             # Bedrock "-v1:0", "-1:0"
    if ":" in core:
        head, _, tail = core.partition(":")
        tags = [t for t in re.split(r"[:\-]", tail.lower()) if t]
        if tags and all(t in _VARIANT_TAGS for t in tags):
            settings.extend(tags)
            core = head
        else:  # ollama "qwen2.5-coder:32b-instruct-q8_0"
            core = f"{head}-{tail}"
    if re.search(r"\d", core):  # "claude-3-opus-latest" = that model; "gemini-pro-latest" moves on
        core = re.sub(r"[-_ ]latest$", "", core.strip(), flags=re.I)
    return _strip_settings(core, settings), org


def _strip_settings(core: str, settings: list[str]) -> str:
    for pattern in _SETTINGS_TAIL:
        match = pattern.search(core)
        if match and match.start() > 0:
            settings.append(match[0].strip("-_ "))
            core = core[:match.start()].strip()
    return core


@functools.lru_cache(maxsize=65536)
def parse_name(name: str) -> NameParts:
    """Take a source's model name apart (see the module docstring)."""
    core, prefixes = _split_path(name)
    is_multi = bool(re.search(r"\s\+\s|\s&\s", core))
    settings = [m[1].strip() for m in _PAREN.finditer(core) if not _KEEP_PAREN.match(m[1])]
    core, org = _clean_core(core, settings)
    text = core.lower().replace("01-ai", "01ai")
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    text, stamp = _take_stamp(text)
    text = _strip_settings(text.strip(" -_"), settings)  # "gpt-5-high-2025-08-07"
    text = re.sub(r"(?<=[a-z0-9])\+(?=$|[\s\-_])", " plus", text)
    words = [t.strip(".") for t in re.split(r"[^a-z0-9.]+", text) if t.strip(".")]
    if "instruct-turbo" in text:
        words.remove("turbo")  # Together's "-Instruct-Turbo" deployment
    while len(words) > 1 and words[0] in ORG_WORDS:
        dropped = words.pop(0)
        org = org or dropped
        if len(words) > 1 and words[0] in ("ai", "labs", "research"):  # "Moonshot AI Kimi-K2"
            words.pop(0)
    tokens = _tokens(words)
    if tokens and tokens[0] in _HYBRID:  # one model, thinking on or off
        settings.extend(t for t in tokens if t in _MODES)
        tokens = [t for t in tokens if t not in _MODES]
    drop_chat = any(SIZE.match(t) for t in tokens) or bool(re.search(r"\bchat[- ]v\d|\bv[\d.]+[- ]chat\b", text))
    noise = lambda t: t in _NOISE or bool(_QUANT.match(t)) or (t == "chat" and drop_chat)  # noqa: E731
    kept = [v for v in (_version(t) for t in tokens if not noise(t)) if v]
    makers = [p.lower() for p in prefixes
              if p.lower() not in ROUTE_WORDS and not re.search(r"[a-z]{2}-[a-z]+-\d", p.lower())]
    return NameParts(raw=name, tokens=tuple(kept), stamp=stamp, org=org or (makers[-1] if makers else None),
                     settings=tuple(settings), is_multi=is_multi,
                     display=tuple(_merge_versions([w for w in words if not noise(w)])))


def is_model_like(parts: NameParts) -> bool:
    """A clean name worth a provisional model: a few tokens, a letter, not a multi-model system."""
    if parts.is_multi or not parts.tokens or len(parts.tokens) > 8 or len(parts.raw) > 100:
        return False
    if not any(re.search(r"[a-z]", t) for t in parts.tokens):
        return False
    return bool(re.fullmatch(r"[\w .:/@()+\-]+", parts.raw.strip(), re.ASCII))


def stamp_month(stamp: str | None, released: date | None) -> tuple[int | None, int] | None:
    """(year, month) of a stamp (YYYYMMDD, YYYYMM, MMDD, YYMM) or else of a release date."""
    if stamp and len(stamp) >= 6:
        return int(stamp[:4]), int(stamp[4:6])
    if stamp and YYMM.match(stamp):
        return 2000 + int(stamp[:2]), int(stamp[2:])
    if stamp:
        return (released.year if released else None), int(stamp[:2])
    return (released.year, released.month) if released else None


def same_month(a: tuple[int | None, int], b: tuple[int | None, int]) -> bool:
    return a[1] == b[1] and (a[0] is None or b[0] is None or a[0] == b[0])


def one_version_more(extra: frozenset[str]) -> bool:
    return not extra or (len(extra) == 1 and bool(VERSION.match(next(iter(extra)))))


# Spellings of makers (prefixes, hints, family words) -> candidate org ids; the first known wins.
_ORGS = {
    "google": "google-deepmind google", "deepmind": "google-deepmind google", "meta-llama": "meta",
    "facebook": "meta", "mistralai": "mistral", "qwen": "alibaba-qwen alibaba qwen",
    "alibaba": "alibaba-qwen alibaba", "deepseek-ai": "deepseek", "x-ai": "xai", "xai-org": "xai",
    "coherelabs": "cohere", "cohereforai": "cohere", "ibm-granite": "ibm", "ai21labs": "ai21",
    "moonshotai": "moonshot", "zai": "zhipu z-ai", "z-ai": "zhipu z-ai", "zai-org": "zhipu z-ai",
    "thudm": "zhipu", "01ai": "01-ai", "ai2": "allenai", "minimaxai": "minimax",
    "bytedance-seed": "bytedance", "stepfun-ai": "stepfun", "tiiuae": "tii", "nousresearch": "nous-research",
}
_FAMILY_ORG = {
    "claude": "anthropic", "gpt": "openai", "chatgpt": "openai", "o1": "openai", "o3": "openai",
    "o4": "openai", "davinci": "openai", "babbage": "openai", "gemini": "google", "gemma": "google",
    "palm": "google", "llama": "meta", "qwen": "qwen", "qwq": "qwen", "deepseek": "deepseek",
    "mistral": "mistral", "mixtral": "mistral", "codestral": "mistral", "ministral": "mistral",
    "magistral": "mistral", "devstral": "mistral", "pixtral": "mistral", "grok": "xai",
    "phi": "microsoft", "command": "cohere", "aya": "cohere", "nova": "amazon", "titan": "amazon",
    "jamba": "ai21", "granite": "ibm", "glm": "zai", "chatglm": "zai", "kimi": "moonshot",
    "yi": "01ai", "ernie": "baidu", "hunyuan": "tencent", "doubao": "bytedance", "minimax": "minimax",
    "olmo": "allenai", "tulu": "allenai", "nemotron": "nvidia", "falcon": "tiiuae", "dbrx": "databricks",
    "reka": "reka", "hermes": "nousresearch",
}


def org_id_for(parts: NameParts, hint: str | None, known: set[str]) -> str | None:
    """Who made the model: the hint, a path/vendor prefix, or the family word -> an org id."""
    spelling = next((c.strip().lower() for c in (hint, parts.org)
                     if c and c.strip().lower() not in ROUTE_WORDS), None)
    spelling = spelling or _FAMILY_ORG.get(parts.tokens[0] if parts.tokens else "")
    if not spelling:
        return None
    slug = re.sub(r"[^a-z0-9.]+", "-", spelling).strip("-.")
    candidates = _ORGS.get(slug, slug).split()
    return next((c for c in candidates + [slug, slug.split("-")[0]] if c in known), candidates[0]) or None
