"""Turn untrusted third-party strings into clean text, safe links, naive-UTC dates and stable keys.

Everything a parser stores goes through here: `clean_text` (HTML stripped by nh3 with no tags
allowed, entities decoded, NFC, invisible and control characters removed, whitespace collapsed,
length capped) and `safe_link` (http/https only, after the tricks browsers forgive).
"""
from __future__ import annotations

import email.utils
import hashlib
import html
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import nh3

TITLE_MAX = 300
SUMMARY_MAX = 20000
URL_MAX = 2048
FUTURE_TOLERANCE = timedelta(days=1)

# C0/C1 controls (except whitespace, collapsed later), zero-width, bidi controls, BOM, lone surrogates.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|dt|dd|blockquote|section|article|pre|table|hr)\b)",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_STRIP = re.compile("[\t\n\r]")
_URL_UNSAFE = {ord(c): f"%{ord(c):02X}" for c in ' "<>`{}|\\^'}  # never valid raw in a URL; escaped, not dropped


def strip_invisible(s: str) -> str:
    """Remove control, zero-width and bidi-override characters (keeps ordinary whitespace)."""
    return _INVISIBLE.sub("", s)


def clean_text(s: str | None, max_len: int = SUMMARY_MAX) -> str:
    """Plain text from an HTML or text fragment: no tags, no entities, NFC, one-space whitespace, capped."""
    if not s:
        return ""
    if not isinstance(s, str):
        s = str(s)
    s = strip_invisible(s[: max_len * 16])  # bound the sanitiser's work; lone surrogates would break it
    if "<" in s:
        s = _BLOCK_TAG.sub(" <", s)
    s = html.unescape(nh3.clean(s, tags=set()))
    s = unicodedata.normalize("NFC", strip_invisible(s))
    s = _WHITESPACE.sub(" ", s).strip()
    if len(s) > max_len:
        s = s[: max_len - 1].rstrip() + "\u2026"
    return s


def safe_link(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, also once decoded as a browser would
    (entities, tabs, newlines, invisible characters), else None. The URL itself is not decoded."""
    if not url or not isinstance(url, str):
        return None
    candidate = strip_invisible(_URL_STRIP.sub("", url)).strip(" \x00\f\v")
    once = _url_probe(candidate)
    for text in (candidate, once, _url_probe(once)):  # `&amp;#106;avascript:` must not sneak through
        match = _SCHEME.match(text)
        if not match or match.group(1).lower() not in ("http", "https"):
            return None
    if len(candidate) > URL_MAX:
        return None
    candidate = candidate.translate(_URL_UNSAFE)
    try:
        if not urlsplit(candidate).hostname:
            return None
    except ValueError:
        return None
    scheme = _SCHEME.match(candidate).group(1)
    return scheme.lower() + candidate[len(scheme):]


def resolve_link(base: str | None, href: str | None) -> str | None:
    """`href` made absolute against `base` (relative links only), then `safe_link`."""
    if not href or not isinstance(href, str):
        return None
    if _SCHEME.match(_url_probe(href)) or not base:
        return safe_link(href)
    return safe_link(urljoin(base, strip_invisible(_URL_STRIP.sub("", href)).strip()))


def _url_probe(url: str) -> str:
    return strip_invisible(_URL_STRIP.sub("", html.unescape(url))).strip()


def stable_hash(*parts: str, length: int = 16) -> str:
    """Short hex digest of the parts, stable across runs and machines."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:length]


def content_hash(title: str, url: str | None, summary: str) -> str:
    """Hash of what a reader sees: title, link and summary."""
    return stable_hash(title, url or "", summary, length=64)


def unique_keys(keys: list[str]) -> list[str]:
    """Disambiguate repeated keys deterministically: the 2nd `k` becomes `k#2`, the 3rd `k#3`."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        count = seen.get(key, 0) + 1
        seen[key] = count
        out.append(key if count == 1 else f"{key}#{count}")
    return out


# ---- dates -------------------------------------------------------------------------------------

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_IN_TEXT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{4}/\d{1,2}/\d{1,2}\b"
    rf"|\b{_MONTHS} \d{{1,2}},? \d{{4}}\b"
    rf"|\b\d{{1,2}} {_MONTHS},? \d{{4}}\b",
    re.IGNORECASE,
)
_NAIVE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_TEXT_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y",
                 "%d %b, %Y", "%d %B, %Y", "%Y/%m/%d", "%Y.%m.%d", "%Y-%m-%d %H:%M:%S %z")


def utc_now() -> datetime:
    """The current time as a naive UTC datetime."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_naive_utc(dt: datetime) -> datetime:
    """Aware -> converted to UTC and made naive; naive is taken to be UTC already."""
    if dt.tzinfo is None:
        return dt
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def find_date_text(text: str) -> str | None:
    """The first date-looking substring of free text ('Jan 30, 2026', '2025/01/20', ISO 8601)."""
    match = _DATE_IN_TEXT.search(text or "")
    return match.group(0) if match else None


def parse_date_text(text: str | None) -> tuple[datetime | None, str | None]:
    """Parse ISO 8601, RFC 822 or 'Jan 30, 2026' -> (naive UTC, flag); flag is missing/naive/unparsable/None."""
    text = _WHITESPACE.sub(" ", strip_invisible(text or "")).strip()
    if not text:
        return None, "missing"
    text = text.replace("Sept ", "Sep ")
    parsed = _parse_iso(text) or _parse_rfc822(text) or _parse_formats(text)
    if parsed is None:
        return None, "unparsable"
    if not 1990 <= parsed.year <= 2200:
        return None, "unparsable"
    flag = "naive" if parsed.tzinfo is None and _NAIVE_ISO.match(text) else None
    return to_naive_utc(parsed), flag


def flag_future(published_at: datetime | None, flag: str | None, now: datetime) -> str | None:
    """Return 'future' for a date more than a day ahead of `now`, else the flag unchanged."""
    if published_at is not None and published_at > now + FUTURE_TOLERANCE:
        return "future"
    return flag


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def _parse_rfc822(text: str) -> datetime | None:
    if not re.search(r"\d{1,2} [A-Za-z]{3} \d{4}", text):
        return None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_formats(text: str) -> datetime | None:
    tokens = text.split()
    candidates = [text, text.rstrip("."), " ".join(tokens[:3]), " ".join(tokens[:4])]
    for candidate in candidates:
        for fmt in _TEXT_FORMATS:
            try:
                return datetime.strptime(candidate, fmt)
            except ValueError:
                continue
    return None
