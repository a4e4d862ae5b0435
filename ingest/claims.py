"""Benchmark claims in prose and flattened tables: "scores 87.7% on GPQA Diamond" -> (model, benchmark, 87.7).

Prose: a number tied to a benchmark mention by a pattern ("N on B", "B: N", "B of N", "an Elo of N in B",
"B ... with a score of N"); the model is the nearest model named before the number in the sentence
(the sentence subject when that one is the object of "of", "than", "like"...), else the first after it.
Tables: "<B> (<setting>) 85.7% 87.5% - 79.0%" gives one value per model named in the header above.
A number whose nearest model is an unknown name gives no claim. `measured_by` is `independent` for
third-party leaderboards and indices, or when the sentence credits a third party; otherwise `vendor`.
"""
from __future__ import annotations

import re

from registry.records import Score

# Other spellings of benchmarks, grouped; a group applies to the registry benchmark whose name or id
# matches one of its spellings.
BENCHMARK_SPELLING_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Artificial Analysis Intelligence Index", "AA Intelligence Index", "Intelligence Index", "aa-intelligence-index"),
    ("Artificial Analysis Coding Index", "AA Coding Index", "Coding Index", "aa-coding-index"),
    ("Humanity's Last Exam", "Humanity’s Last Exam", "Humanitys Last Exam", "HLE", "hle"),
    ("SWE-bench Verified", "SWE-Bench Verified", "SWE bench Verified", "swe-bench-verified"),
    ("SWE-bench Pro", "SWE-Bench Pro", "swe-bench-pro"),
    ("AIME 2025", "AIME'25", "AIME25", "AIME 25", "aime-2025"),
    ("AIME 2024", "AIME'24", "AIME24", "AIME 24", "aime-2024"),
    ("MMLU-Pro", "MMLU Pro", "mmlu-pro"),
    ("GPQA Diamond", "GPQA-Diamond", "GPQA", "gpqa-diamond"),
    ("LMArena", "LM Arena", "Chatbot Arena", "LMSYS Chatbot Arena", "LMArena Text Arena", "Text Arena",
     "lmarena.ai", "lmarena-text", "lmarena"),
    ("LiveCodeBench", "livecodebench"),
    ("Terminal-Bench", "Terminal Bench", "terminal-bench"),
    ("ARC-AGI-2", "ARC-AGI 2", "arc-agi-2"),
    ("Aider Polyglot", "Aider's polyglot benchmark", "aider-polyglot"),
    ("τ²-Bench", "tau2-bench", "Tau2-Bench", "tau-bench"),
    ("SimpleQA", "simpleqa"),
    ("HumanEval", "humaneval"),
    ("Epoch Capabilities Index", "ECI", "epoch-eci", "epoch-capabilities-index"),
    ("FrontierMath", "frontiermath"),
)

_BENCH_STRONG = re.compile(r"\bbenchmark(?:s|ed)?\b|\bleaderboards?\b|\bElo\b|\barena\b|\bSOTA\b|\bscor(?:e|es|ed)\b"
                           r"|(?:new|sets?|achiev\w*|reach\w*|is)\s+(?:a\s+)?(?:new\s+)?state[- ]of[- ]the[- ]art"
                           r"|state[- ]of[- ]the[- ]art (?:performance|results?|scores?|accuracy) on", re.I)
_BENCH_RANK = re.compile(r"\bran(?:k|ks|ked)\b|\btops?\b|\bleads?\b|#\d+|first place|second place|third place|top spot|\bleader\b", re.I)
_BENCH_TITLE = re.compile(r"\bbenchmarks?\b|\bleaderboard|\bevals?\b|\w+bench\b|\barena\b|\bnew leader|\bleading\b|\bleads\b"
                          r"|\bran(?:k|ked)\b|\btops\b|\boutperforms?\b|\bplace\b", re.I)
_ON_BENCHMARKS = re.compile(r"\b(?:on|in|across) (?:[\w-]+ ){0,4}benchmarks\b", re.I)
_RESULT_NUMBER = re.compile(r"(?<![\w.])\d{1,4}(?:\.\d+)?\s?(?:%|points?|Elo)|#\d|(?<![\w.])\d{1,3}\.\d\b(?!\.)")
_BOARD = re.compile(r"\b(?:leaderboards?|arena|index)\b", re.I)
_NAMED_BENCH = re.compile(r"\b[A-Z][\w-]*Bench\b|\b(?:on|of|in) the (?:[A-Z][\w.-]*\s+){1,3}benchmark\b")
_SOTA_CLAIM = re.compile(r"\b(?:sets?|setting|achiev\w*|establish\w*) (?:a )?new state[- ]of[- ]the[- ]art\b", re.I)
_OUTPERFORM = re.compile(r"\b(?:outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?)\b", re.I)
_ON_BENCHMARKS_WIDE = re.compile(r"\b(?:on|in|across)\b[^.;]{0,120}\bbenchmarks\b", re.I)
_BENCH_WORD = re.compile(r"\b(?:benchmark|leaderboard)", re.I)
_AI_WORD = re.compile(r"\b(?:AI|LLMs?|models?|agents?)\b")
_ANALYSIS = re.compile(r"\banalysis\b|everything you need", re.I)
_THIRD_PARTY_BENCHMARK = re.compile(r"^(?:aa-|lmarena|epoch|artificial-analysis|vectara|metr)", re.I)
_THIRD_PARTY_NAMES = re.compile(r"artificial analysis|lmarena|lm arena|chatbot arena|epoch ai|\bepoch\b|vectara|\bmetr\b", re.I)
_INDEPENDENT_CUE = re.compile(r"\bindependent(?:ly)?\b|third[- ]party|according to|\bper (?:the )?[A-Z]|verified by|measured by", re.I)
_NUMBER = re.compile(r"(?<![\w.$€£/,#])(\d{1,4}(?:\.\d+)?)(?!\.\d|\d|[A-Za-z]|,\d)(\s?%| percent| points?| pts| Elo\b)?")
_UNIT_AFTER = re.compile(r"^\s?(?:[kKmMbB]\b|x\b|×|tokens|ms\b|s\b|seconds|minutes|hours|days|GB|TB|GPUs?|languages|tasks|"
                         r"problems|people|tests|evals|evaluations|benchmarks|times)")
_GAP_AFTER_BENCH = re.compile(r"\s*(?:\([^)]{0,40}\))?\s*(?P<link>:|=|—|–|of|at|score[sd]? of|score[sd]?|with(?: a score of)?|is|was"
                              r"|reach(?:es|ed|ing)?|hits?|\()?\s*(?:an? |the )?", re.I)
_GAP_BEFORE_BENCH = re.compile(r"\s?(?:%|percent|points?|pts|Elo)?\s*(?:on|in|at|for)\s+(?:the\s+)?(?:independent\s+|new\s+|public\s+)?"
                               r"(?:[\w-]+\s+)?", re.I)
_SCORE_OF = re.compile(r"\b(?:score[sd]? of|scor(?:es|ed|ing)|with a score of)\s+(?:about |around |approximately )?$", re.I)
_OBJECT_OF = re.compile(r"\b(?:of|than|over|like|vs\.?|versus|from|upon|beats?|ahead of|behind)\s+$", re.I)
_TABLE_ROW = re.compile(r"(?P<setting>(?:\s*\([^)]{0,40}\))?(?:\s+(?:Tier|Level|Set|Split)\s?[\d–\-.]+)?(?:\s+(?!\d)[A-Za-z][\w-]*){0,4})"
                        r"(?P<values>(?:\s+(?:\d{1,4}(?:\.\d+)?%?|[-—–](?=\s|$))){2,})")


def _numbers(sentence: str, start: int, blocked):
    for m in _NUMBER.finditer(sentence):
        s, e = m.start(1) + start, m.end(1) + start
        if any(b0 <= s < b1 for b0, b1 in blocked) or _UNIT_AFTER.match(sentence[m.end(1):m.end(1) + 12]):
            continue
        yield float(m.group(1)), s, (m.group(2) or "").strip()


def claims_in_sentence(sentence: str, start: int, benchmarks, mentions, *, title_model=None):
    """(model_id, benchmark_id, value, model_span) for one sentence; spans are absolute offsets.

    mentions: (model_id or None for an unknown model name, span) in the sentence."""
    if not benchmarks or not (mentions or title_model) or re.search(r"\brespectively\b", sentence, re.I):
        return []
    blocked = [span for _, span in benchmarks] + [span for _, span in mentions]
    numbers = list(_numbers(sentence, start, blocked))
    found = []
    for bench_id, (b0, b1) in benchmarks:
        if _TABLE_ROW.match(sentence, b1 - start) and re.search(r"\d%", sentence[b1 - start:b1 - start + 60]):
            continue  # a table row: see table_rows
        at = _value_for(sentence, start, (b0, b1), numbers, benchmarks)
        if at is None and len(benchmarks) == 1:
            at = next(((v, s) for v, s, _ in numbers if _SCORE_OF.search(sentence[:s - start])), None)
        if at is None:
            continue
        model = _attributed(sentence, start, mentions, at[1]) or title_model
        if model and model[0]:
            found.append((model[0], bench_id, at[0], model[1]))
    return found


def _value_for(sentence, start, bench, numbers, benchmarks):
    """The number a pattern ties to the benchmark mention, if any: (value, offset)."""
    b0, b1 = bench
    others = [span for _, span in benchmarks if span != bench]
    for value, s, unit in numbers:
        if b1 <= s <= b1 + 40 and not any(b1 <= o < s for o, _ in others):
            gap = _GAP_AFTER_BENCH.fullmatch(sentence, b1 - start, s - start)
            if gap and (gap.group("link") or unit):
                return value, s
        if s < b0 and b0 - s <= 40 and not any(s <= o < b0 for o, _ in others):
            number_end = s - start + len(re.match(r"\d+(?:\.\d+)?", sentence[s - start:]).group())
            if _GAP_BEFORE_BENCH.fullmatch(sentence, number_end, b0 - start):
                return value, s
    return None


def _attributed(sentence, start, mentions, at):
    """The model a number belongs to: the nearest named before it (or the subject), else the first after it."""
    before = [m for m in mentions if m[1][1] <= at]
    if before:
        nearest = before[-1]
        if len(before) > 1 and _OBJECT_OF.search(sentence[:nearest[1][0] - start]) and before[0][1][0] - start < 30:
            return before[0]
        return nearest
    after = [m for m in mentions if m[1][0] >= at]
    return after[0] if after else None


def table_rows(text: str, benchmarks, mentions) -> list[tuple[str, str, float, str | None, int]]:
    """(model_id, benchmark_id, value, setting, row offset) from flattened results tables."""
    found = []
    for bench_id, (b0, b1) in benchmarks:
        row = _TABLE_ROW.match(text, b1)
        if not row or not re.search(r"\d%", row.group("values")):
            continue
        cells = row.group("values").split()
        if re.fullmatch(r"\d+(?:\.\d+)?", cells[0]) and any(c.endswith("%") for c in cells[1:]):
            cells = cells[1:]  # "Terminal-Bench 2.0 82.7% ...": the first number is the benchmark's version
        header = [m for m in mentions if m[1][1] <= b0 and b0 - m[1][1] < 1500
                  and not re.search(r"\d%\s*\(?$", text[max(0, m[1][0] - 12):m[1][0]])]  # "38.8% (GPT-5)" is a cell note
        if len(cells) < 2 or len(header) < len(cells):
            continue
        setting = " ".join(row.group("setting").split()).strip("() ") or None
        for (model_id, _), cell in zip(header[-len(cells):], cells):
            if model_id and cell[0].isdigit():
                found.append((model_id, bench_id, float(cell.rstrip("%")), setting, b0))
    return found


def measured_by(sentence: str, benchmark_id: str, benchmark_name: str) -> str:
    """`independent` for third-party leaderboards or third-party attribution, else `vendor`."""
    if _THIRD_PARTY_BENCHMARK.search(benchmark_id) or _THIRD_PARTY_NAMES.search(benchmark_name):
        return "independent"
    if _INDEPENDENT_CUE.search(sentence) and _THIRD_PARTY_NAMES.search(sentence):
        return "independent"
    if re.search(r"\bindependent(?:ly)? (?:evaluat|test|measur|benchmark|review)", sentence, re.I):
        return "independent"
    return "vendor"


def in_scale(value: float, bench: dict) -> bool:
    """Reject values outside the benchmark's scale (percent and index default to 0..100)."""
    low, high = bench.get("scale_min"), bench.get("scale_max")
    if low is None and high is None and bench.get("unit") in ("percent", "rate_percent", "index"):
        low, high = 0, 100
    if bench.get("unit") == "elo" and low is None:
        low, high = 100, 4000
    return (low is None or value >= low) and (high is None or value <= high)


def is_benchmark_sentence(doc, n: int, sentence: str, mentioned: bool, nouny: bool, is_evaluator: bool) -> bool:
    """Does sentence n report results on a benchmark or leaderboard (or introduce one)?"""
    benches = doc.in_sentence(doc.benchmarks, n)
    for _, (s, e) in doc.in_sentence(doc.mentions, n) + benches:
        s, e = s - doc.starts[n], e - doc.starts[n]
        sentence = sentence[:s] + " " * (e - s) + sentence[e:]
    has_number = bool(_RESULT_NUMBER.search(sentence))
    if benches and (mentioned or has_number or n == 0):
        return True
    if _BENCH_STRONG.search(sentence) and has_number and nouny:
        return True
    if _BOARD.search(sentence) and _BENCH_RANK.search(sentence) and (nouny or n == 0):
        return True
    if _ON_BENCHMARKS.search(sentence) and mentioned:
        return True
    if has_number and _NAMED_BENCH.search(sentence):  # "from 26.7% to 86% on FinanceBench", "the OfficeQA Pro benchmark"
        return True
    if nouny and (n <= 2 or _BENCH_WORD.search(sentence)) and _SOTA_CLAIM.search(sentence):
        return True  # "sets a new state of the art on multimodal moderation"
    for m in _OUTPERFORM.finditer(sentence):  # "It outperforms GPT-4o mini Transcribe, Gemini 2.5 Flash ... on accuracy"
        if any(m.end() <= s - doc.starts[n] < m.end() + 60 for _, (s, _) in doc.in_sentence(doc.models, n)):
            return True
        if _ON_BENCHMARKS_WIDE.search(sentence, m.end()) and nouny:
            return True
    if n <= 2 and _BENCH_WORD.search(sentence) and _AI_WORD.search(sentence):
        return True
    if n == 0 and (_BENCH_TITLE.search(sentence) or (is_evaluator and _ANALYSIS.search(sentence))):
        lead = doc.text[:doc.starts[2]] if len(doc.starts) > 2 else doc.text
        return mentioned or is_evaluator or bool(_BENCH_WORD.search(sentence) and _AI_WORD.search(lead))
    return n == 0 and is_evaluator and nouny


def scores(doc, item, index) -> list[Score]:
    """The Score records an item's text supports (doc: ingest.extract's sentence-split text with its mentions)."""
    if not doc.benchmarks or not doc.models:
        return []
    mentions = [(m if m in index.models else None, span) for m, span in doc.mentions]
    title_models = doc.in_sentence(doc.models, 0)
    title_model = title_models[0] if len({m for m, _ in title_models}) == 1 else None
    found: dict[tuple[str, str], tuple[float, str, str | None]] = {}
    for model_id, bench_id, value, setting, at in table_rows(doc.text, doc.benchmarks, mentions):
        found.setdefault((model_id, bench_id), (value, doc.sentence(doc.sentence_of(at)), setting))
    for n in sorted({doc.sentence_of(span[0]) for _, span in doc.benchmarks}):
        sentence = doc.sentence(n)
        in_sentence = [(m if m in index.models else None, span) for m, span in doc.in_sentence(doc.mentions, n)]
        pronoun = title_model if not in_sentence and re.match(r"\s*(?:It|The model)\b", sentence) else None
        for model_id, bench_id, value, _ in claims_in_sentence(
                sentence, doc.starts[n], doc.in_sentence(doc.benchmarks, n), in_sentence, title_model=pronoun):
            found.setdefault((model_id, bench_id), (value, sentence, None))
    reported_on = item.published_at.date() if item.published_at else None
    scores = []
    for (model_id, bench_id), (value, sentence, setting) in found.items():
        bench = index.benchmarks[bench_id]
        if in_scale(value, bench):
            scores.append(Score(model_id=model_id, benchmark_id=bench_id, value=value, settings=setting,
                                measured_by=measured_by(sentence, bench_id, bench["name"]), source_id=item.source_id,
                                source_url=item.url, source_model_name=index.models[model_id]["name"], reported_on=reported_on,
                                item_id=item.item_id))
    return scores
