"""Token-sequence phrase matching: the tokeniser, a trie-shaped regex builder and a longest-match phrase table.

Names are compared as token sequences (letter runs and digit runs, lowercased), so "GPT-4o" == "gpt 4o".
`PhraseMatcher` anchors on a trie regex of first tokens and walks the following tokens to find the
longest known phrase at each head; the caller applies its own boundary rules to what follows.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

Span = tuple[int, int]

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# What may sit between two tokens of one name: nothing (letter/digit boundary), one
# punctuation mark, or one or two spaces.
_NEXT = re.compile(r"(?:[ \t\u00a0]{1,2}|[\-_./:'’\u2010-\u2015]|)([^\W\d_]+|\d+)")


def tokens_of(text: str) -> tuple[str, ...]:
    """Normalised tokens: lowercase letter runs and digit runs."""
    return tuple(t.lower() for t in _TOKEN.findall(text))


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie (fast with Python's backtracking engine)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        alts = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


@dataclass(frozen=True)
class Entry:
    value: str | None  # None: ambiguous
    priority: int  # 3 official name or id, 2 curated alias, 1 generated variant
    exact: str | None = None  # when set, the surface (alphanumerics only) must equal it


@dataclass(frozen=True)
class Match:
    value: str
    span: Span
    surface: str
    entry: Entry


def alnum(text: str) -> str:
    return "".join(_TOKEN.findall(text))


def is_short(phrase: str) -> bool:
    """A name of at most three letters and digits, or of one token ("o3", "Grok"): matched only as written."""
    return len(alnum(phrase)) <= 3 or len(tokens_of(phrase)) == 1


class PhraseMatcher:
    """Longest-match lookup of token sequences, anchored by a trie regex of first tokens."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], Entry] = {}

    def add(self, phrase: str, value: str, priority: int, *, exact: bool = False) -> None:
        key = tokens_of(phrase)
        if not key:
            return
        old = self._phrases.get(key)
        if old is None or priority > old.priority:
            self._phrases[key] = Entry(value, priority, alnum(phrase) if exact else None)
        elif priority == old.priority and old.value != value:
            self._phrases[key] = Entry(None, priority)  # ambiguous at equal rank: never link

    def build(self) -> PhraseMatcher:
        self._prefixes = {k[:i] for k in self._phrases for i in range(1, len(k) + 1)}
        heads = self.heads = {k[0] for k in self._phrases}
        words = [h for h in heads if not h.isdigit()]
        digits = [h for h in heads if h.isdigit()]
        alts = []
        if words:
            alts.append(r"(?<![^\W\d_])" + trie_pattern(words) + r"(?![^\W\d_])")
        if digits:
            alts.append(r"(?<![\d.])" + trie_pattern(digits) + r"(?!\d)")
        self._heads = re.compile("|".join(alts) or r"(?!x)x", re.IGNORECASE)
        return self

    def find(self, text: str, hits=None) -> list[tuple[Match, list[str], int]]:
        """The longest match at each head, with the two tokens that follow it (for the caller's boundary rules).

        hits: (word, start, end) of head words already found in text (see ModelIndex.scan).
        Matches may overlap; the caller keeps the first one it accepts and skips those inside it."""
        out: list[tuple[Match, list[str], int]] = []
        prefixes, phrases = self._prefixes, self._phrases
        if hits is None:
            hits = [(m.group().lower(), m.start(), m.end()) for m in self._heads.finditer(text)]
        for word, head_start, head_end in hits:
            if word not in self.heads:
                continue
            toks, ends = [word], [head_end]
            extra = 0
            while extra < 2:
                nxt = _NEXT.match(text, ends[-1])
                if not nxt or (nxt.start(1) == ends[-1] and toks[-1].isdigit() == nxt.group(1).isdigit()):
                    break
                toks.append(nxt.group(1).lower())
                ends.append(nxt.end(1))
                if extra or tuple(toks) not in prefixes:
                    extra += 1
            for n in range(len(toks), 0, -1):
                entry = phrases.get(tuple(toks[:n]))
                if entry is None or entry.value is None:
                    continue
                surface = text[head_start:ends[n - 1]]
                if entry.exact is not None and alnum(surface) != entry.exact:
                    continue
                out.append((Match(entry.value, (head_start, ends[n - 1]), surface, entry), toks[n:], ends[n - 1]))
                break
        return out


class Lazy:
    """A value computed on first call."""

    def __init__(self, compute):
        self._compute, self._done, self._value = compute, False, None

    def __call__(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value


def first_wins(found) -> list[tuple[str, Span]]:
    out, claimed = [], 0
    for value, span in found:
        if span[0] >= claimed:
            out.append((value, span))
            claimed = span[1]
    return out
