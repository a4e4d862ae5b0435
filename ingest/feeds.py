"""RSS / Atom / JSON Feed bytes -> Items.

feedparser only ever sees an `io.BytesIO` (`feedparser_parse`): given a str it would treat it as
a URL or a local path. A document without a feed version, or with no entries, is `not_a_feed`;
a bozo document that still has entries keeps them. JSON Feed 1.x (which feedparser 6.0 does not
read) is handled here. Identity: guid, else link, else content hash (`Item.key_kind`).
"""
from __future__ import annotations

import io
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime

import feedparser

from ingest.errors import ParseError
from ingest.text import (
    SUMMARY_MAX, TITLE_MAX, clean_text, content_hash, flag_future, parse_date_text, resolve_link, safe_link,
    stable_hash, strip_invisible, unique_keys, utc_now,
)
from registry.records import Item

MAX_ENTRIES = 500
GUID_MAX = 1000
_JSON_FEED_VERSION = "https://jsonfeed.org/version/"
_RFC822_NO_ZONE = re.compile(r"\d{4} \d{1,2}:\d{2}(:\d{2})?$")
_DTD_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.DOTALL)
_ENTITY_MARKERS = [b"<!ENTITY"] + ["<!ENTITY".encode(c) for c in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")]


@dataclass(frozen=True)
class RawEntry:
    """One entry's fields before cleaning, whatever the format."""

    guid: str | None
    link: str | None
    title: str
    summary: str
    published_at: datetime | None
    date_flag: str | None


def feedparser_parse(body: bytes) -> feedparser.FeedParserDict:
    """feedparser on bytes only, wrapped in BytesIO so it can never open a URL or a file."""
    if not isinstance(body, (bytes, bytearray)):
        raise TypeError(f"feed body must be bytes, not {type(body).__name__}")
    return feedparser.parse(io.BytesIO(bytes(body)), sanitize_html=False, resolve_relative_uris=False)


def parse_feed(body: bytes, source_id: str, *, now: datetime | None = None,
               max_entries: int = MAX_ENTRIES) -> list[Item]:
    """Parse an RSS, Atom or JSON Feed document into at most `max_entries` items (document order)."""
    if not isinstance(body, (bytes, bytearray)):
        raise TypeError(f"feed body must be bytes, not {type(body).__name__}")
    if not bytes(body).strip():
        raise ParseError("not_a_feed", "empty document")
    if _looks_like_json(body):
        raw = _json_feed_entries(body, max_entries)
    else:
        raw = _xml_feed_entries(body, max_entries)
    if not raw:
        raise ParseError("not_a_feed", "the feed has no entries")
    return build_items(source_id, raw, now or utc_now())


def build_items(source_id: str, raw: list[RawEntry], now: datetime) -> list[Item]:
    """Clean the fields, choose the identity key, disambiguate repeats and hash."""
    cleaned = []
    for entry in raw:
        url = safe_link(entry.link)
        summary = clean_text(entry.summary, SUMMARY_MAX)
        title = clean_text(entry.title, TITLE_MAX) or clean_text(summary, 120) or (url or "")
        guid = strip_invisible(entry.guid or "").strip()[:GUID_MAX]
        chash = content_hash(title, url, summary)
        kind, key = ("guid", guid) if guid else ("link", url) if url else ("hash", chash)
        cleaned.append((kind, key, url, title, summary, chash, entry))
    keys = unique_keys([f"{kind}\x1f{key}" for kind, key, *_ in cleaned])
    items = []
    for full_key, (kind, _key, url, title, summary, chash, entry) in zip(keys, cleaned):
        items.append(Item(
            item_id=stable_hash(source_id, full_key),
            source_id=source_id,
            key_kind=kind,
            url=url,
            title=title,
            summary_text=summary,
            published_at=entry.published_at,
            date_flag=flag_future(entry.published_at, entry.date_flag, now),
            content_hash=chash,
        ))
    return items


def _without_entity_declarations(body: bytes) -> bytes:
    """Drop a DTD internal subset: entity declarations are how billion-laughs and XXE payloads arrive.

    expat's own amplification limit still lets ~1M characters through feedparser's handlers (seconds
    of CPU), and no real feed declares entities. Anything not removable is refused."""
    if not any(marker in body for marker in _ENTITY_MARKERS):
        return body
    stripped = _DTD_SUBSET.sub(b"", body, count=1)
    if any(marker in stripped for marker in _ENTITY_MARKERS):
        raise ParseError("parse", "entity declarations in the document refused")
    return stripped


def _xml_feed_entries(body: bytes, max_entries: int) -> list[RawEntry]:
    body = _without_entity_declarations(bytes(body))
    try:
        parsed = feedparser_parse(body)
    except Exception as exc:  # feedparser is loose; anything it raises is a parse failure
        raise ParseError("parse", f"feedparser failed: {type(exc).__name__}: {exc}") from exc
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        detail = f" ({type(reason).__name__}: {str(reason)[:120]})" if reason else ""
        raise ParseError("not_a_feed", f"no RSS or Atom feed found{detail}")
    base = safe_link(parsed.feed.get("link"))
    return [_from_feedparser(entry, base) for entry in parsed.entries[:max_entries]]


def _from_feedparser(entry: dict, base: str | None) -> RawEntry:
    link = resolve_link(base, entry.get("link"))
    texts = [entry.get("summary") or ""] + [c.get("value") or "" for c in entry.get("content") or []]
    published_at, flag = _feedparser_date(entry)
    return RawEntry(
        guid=entry.get("id") or None,
        link=link,
        title=entry.get("title") or "",
        summary=max(texts, key=len),
        published_at=published_at,
        date_flag=flag,
    )


def _feedparser_date(entry: dict) -> tuple[datetime | None, str | None]:
    for field in ("published", "updated", "created"):
        text = entry.get(field)
        if not text:
            continue
        parsed: time.struct_time | None = entry.get(f"{field}_parsed")
        if parsed is None:
            return parse_date_text(text)  # feedparser gave up; ours may still read it
        try:
            value = datetime(*parsed[:6])
        except (TypeError, ValueError):
            return None, "unparsable"
        text = text.strip()
        is_naive = bool(re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", text)
                        or _RFC822_NO_ZONE.search(text))
        return value, "naive" if is_naive else None
    return None, "missing"


def _looks_like_json(body: bytes) -> bool:
    head = bytes(body[:64]).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") or head.startswith(b"[")


def _json_feed_entries(body: bytes, max_entries: int) -> list[RawEntry]:
    """JSON Feed 1.0/1.1: `items` with id, url, title, content_html/content_text, date_published."""
    try:
        data = json.loads(bytes(body).decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError("not_a_feed", f"JSON that does not parse: {exc}") from exc
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.startswith(_JSON_FEED_VERSION):
        raise ParseError("not_a_feed", "JSON without a JSON Feed version")
    base = safe_link(data.get("home_page_url") if isinstance(data.get("home_page_url"), str) else None)
    items = data.get("items") if isinstance(data.get("items"), list) else []
    return [_from_json_item(item, base) for item in items[:max_entries] if isinstance(item, dict)]


def _from_json_item(item: dict, base: str | None) -> RawEntry:
    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    guid = item.get("id")
    link = resolve_link(base, text("url") or text("external_url"))
    published_at, flag = parse_date_text(text("date_published") or text("date_modified"))
    summary = max((text("content_html"), text("content_text"), text("summary")), key=len)
    return RawEntry(
        guid=str(guid) if isinstance(guid, (str, int)) and not isinstance(guid, bool) else None,
        link=link,
        title=text("title"),
        summary=summary,
        published_at=published_at,
        date_flag=flag,
    )
