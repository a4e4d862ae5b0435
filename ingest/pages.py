"""HTML listing or article pages -> Items (beautifulsoup4 with lxml).

Per-source CSS selectors from sources.yaml (`item`, `title`, `link`, `date`, `summary`) are tried
first; then a generic reading of the page: JSON-LD (NewsArticle, BlogPosting, ItemList), dated
links and `<article>`s (a `<time>` or a date written in the text), and OpenGraph for a single
article. Links are resolved against the page and kept only if http(s). No items at all is the
error `extraction_empty`, never an empty success: a redesign must not look like "no news".
"""
from __future__ import annotations

import json
from datetime import datetime

from bs4 import BeautifulSoup, Tag

from ingest.errors import ParseError
from ingest.feeds import MAX_ENTRIES, RawEntry, build_items
from ingest.text import find_date_text, parse_date_text, resolve_link, utc_now
from registry.records import Item

_ARTICLE_TYPES = {"NewsArticle", "BlogPosting", "Article", "TechArticle", "ScholarlyArticle", "Report"}
_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def parse_page(body: bytes, source_id: str, base_url: str, *, selectors: dict | None = None,
               now: datetime | None = None, max_entries: int = MAX_ENTRIES) -> list[Item]:
    """Extract the items of a news listing (or one article) page, in document order."""
    if not isinstance(body, (bytes, bytearray)):
        raise TypeError(f"page body must be bytes, not {type(body).__name__}")
    soup = BeautifulSoup(bytes(body), "lxml")
    base = _page_base(soup, base_url)
    strategies = [lambda: _by_selectors(soup, selectors)] if selectors else []
    strategies += [lambda: _from_json_ld(soup), lambda: _dated_links(soup), lambda: _open_graph(soup, base)]
    for strategy in strategies:
        try:
            found = strategy()
        except Exception as exc:  # e.g. soupsieve's SelectorSyntaxError for a bad selector
            raise ParseError("parse", f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}") from exc
        raw = _resolve_and_dedupe(found, base)
        if raw:
            return build_items(source_id, raw[:max_entries], now or utc_now())
    how = ("neither the configured selectors nor the generic reading found an item" if selectors
           else "the generic reading found no item")
    raise ParseError("extraction_empty", f"{how} on {base_url}")


# ---- strategies: each returns RawEntry candidates with unresolved links -------------------------

def _by_selectors(soup: BeautifulSoup, selectors: dict) -> list[RawEntry]:
    out = []
    for node in soup.select(selectors["item"]):
        title_node = _select(node, selectors.get("title"))
        date_node = _select(node, selectors.get("date"))
        summary_node = _select(node, selectors.get("summary"))
        link_node = _select(node, selectors.get("link")) if selectors.get("link") else _first_link(node)
        title = _text(title_node) if title_node else _title_of(node)
        published_at, flag = _date_of(date_node) if date_node else _date_of(node)
        out.append(RawEntry(guid=None, link=link_node.get("href") if link_node else None, title=title,
                            summary=_text(summary_node) if summary_node else _summary_of(node, title),
                            published_at=published_at, date_flag=flag))
    return out


def _from_json_ld(soup: BeautifulSoup) -> list[RawEntry]:
    out = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        for node in _walk_json(data):
            kinds = _types(node)
            if kinds & _ARTICLE_TYPES:
                out.append(_json_ld_entry(node))
            elif "ListItem" in kinds and not _is_article(node.get("item")):  # articles are walked anyway
                item = node.get("item")
                item = item if isinstance(item, dict) else {"url": item if isinstance(item, str) else node.get("url")}
                out.append(_json_ld_entry({"name": node.get("name"), **item}))
    return out


def _dated_links(soup: BeautifulSoup) -> list[RawEntry]:
    """Links that carry a date (a <time> inside, or a date in their text), and <article>s with one date."""
    out = []
    for node in soup.find_all(["a", "article"]):
        if node.name == "a":
            if node.get("href") and (node.find("time") or find_date_text(node.get_text(" ", strip=True))):
                out.append(_container_entry(node, node))
            continue
        times = node.find_all("time")
        dates = times if times else set(_all_date_texts(node))
        link = _heading_link(node) or _first_link(node)
        if len(dates) == 1 and link is not None and not node.find_parent("a"):
            out.append(_container_entry(node, link))
    return out


def _open_graph(soup: BeautifulSoup, base: str) -> list[RawEntry]:
    meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta") if m.get("content")}
    if meta.get("og:type") != "article" and "article:published_time" not in meta:
        return []
    canonical = soup.find("link", rel="canonical")
    link = meta.get("og:url") or (canonical.get("href") if canonical else None) or base
    title = meta.get("og:title") or (soup.title.get_text() if soup.title else "")
    published_at, flag = parse_date_text(meta.get("article:published_time"))
    return [RawEntry(guid=None, link=link, title=title, summary=meta.get("og:description") or "",
                     published_at=published_at, date_flag=flag)]


# ---- reading one container ------------------------------------------------------------------------

def _container_entry(container: Tag, link: Tag) -> RawEntry:
    title = _title_of(container)
    published_at, flag = _date_of(container)
    return RawEntry(guid=None, link=link.get("href"), title=title, summary=_summary_of(container, title),
                    published_at=published_at, date_flag=flag)


def _title_of(node: Tag) -> str:
    """A heading, else an element whose class names a title, else the longest multi-word text
    outside paragraphs (labels are short, paragraphs are summaries), else the first paragraph."""
    found = node.find(_HEADINGS) or node.find(class_=lambda c: bool(c) and "title" in c.lower())
    if found and _text(found):
        return _text(found)
    outside, inside = [], []
    for string in node.find_all(string=True):
        fragment = " ".join(string.split())
        date = find_date_text(fragment)
        if date:
            fragment = fragment.replace(date, "").strip(" -–—·|")
        if len(fragment.split()) >= 2 and string.parent.name not in ("time", "script", "style"):
            (inside if string.find_parent("p") else outside).append(fragment)
    if outside or inside:
        return max(outside, key=len) if outside else inside[0]
    return node.get("aria-label") or node.get("title") or _text(node)


def _summary_of(node: Tag, title: str) -> str:
    for paragraph in node.find_all("p"):
        text = _text(paragraph)
        if text and text != title:
            return text
    return ""


def _date_of(node: Tag) -> tuple[datetime | None, str | None]:
    """From a <time> (datetime attribute, then text), or a date written in the node's text or attributes."""
    time_node = node if node.name == "time" else node.find("time")
    candidates = []
    if time_node is not None:
        candidates += [time_node.get("datetime"), time_node.get_text(" ", strip=True)]
    candidates += [node.get("datetime"), node.get("content"), find_date_text(node.get_text(" ", strip=True)),
                   node.get("title")]
    for candidate in candidates:
        if candidate:
            parsed, flag = parse_date_text(candidate)
            if parsed is not None:
                return parsed, flag
    return None, "missing"


def _all_date_texts(node: Tag) -> list[str]:
    return [d for d in (find_date_text(s) for s in node.stripped_strings) if d]


def _heading_link(node: Tag) -> Tag | None:
    heading = node.find(_HEADINGS)
    if heading is None:
        return None
    return heading.find("a", href=True) or heading.find_parent("a", href=True)


def _first_link(node: Tag) -> Tag | None:
    if node.name == "a" and node.get("href"):
        return node
    return node.find("a", href=lambda h: bool(h) and not h.startswith("#"))


def _select(node: Tag, selector: str | None) -> Tag | None:
    return node.select_one(selector) if selector else None


def _text(node: Tag | None) -> str:
    return " ".join(node.get_text(" ", strip=True).split()) if node is not None else ""


# ---- JSON-LD, links ---------------------------------------------------------------------------------

def _walk_json(data, depth: int = 0):
    """Every dict in a JSON-LD document (bounded depth), including @graph and itemListElement members."""
    if depth > 12:
        return
    if isinstance(data, list):
        for value in data[:1000]:
            yield from _walk_json(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from _walk_json(value, depth + 1)


def _types(node) -> set[str]:
    kinds = node.get("@type") if isinstance(node, dict) else None
    return {k for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)}


def _is_article(node) -> bool:
    return bool(_types(node) & _ARTICLE_TYPES)


def _json_ld_entry(node: dict) -> RawEntry:
    def text(key: str) -> str:
        value = node.get(key)
        return value if isinstance(value, str) else ""

    published_at, flag = parse_date_text(text("datePublished") or text("dateCreated") or text("dateModified"))
    main = node.get("mainEntityOfPage")
    url = text("url") or (main.get("@id") if isinstance(main, dict) else main if isinstance(main, str) else "")
    return RawEntry(guid=None, link=url or None, title=text("headline") or text("name"),
                    summary=text("description"), published_at=published_at, date_flag=flag)


def _page_base(soup: BeautifulSoup, base_url: str) -> str:
    base_tag = soup.find("base", href=True)
    declared = resolve_link(base_url, base_tag["href"]) if base_tag else None
    return declared or base_url


def _resolve_and_dedupe(raw: list[RawEntry], base: str) -> list[RawEntry]:
    out, seen = [], set()
    for entry in raw:
        link = resolve_link(base, entry.link)
        key = link or f"title:{entry.title}"
        if key in seen:
            continue
        seen.add(key)
        if link or entry.title:
            out.append(RawEntry(guid=None, link=link, title=entry.title, summary=entry.summary,
                                published_at=entry.published_at, date_flag=entry.date_flag))
    return out
