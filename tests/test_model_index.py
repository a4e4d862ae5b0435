"""ModelIndex: names, ids and aliases found in free text, with the boundary rules that keep links honest."""
from __future__ import annotations

import pytest

from ingest.model_index import ModelIndex

MODELS = [
    ("gpt-4o", "openai", "GPT-4o", "GPT-4o"),
    ("gpt-4o-mini", "openai", "GPT-4o mini", "GPT-4o"),
    ("gpt-4", "openai", "GPT-4", "GPT-4"),
    ("o1", "openai", "o1", "o1"),
    ("o1-mini", "openai", "o1-mini", "o1"),
    ("o3", "openai", "o3", "o3"),
    ("llama-3.1-70b", "meta", "Llama 3.1 70B", "Llama 3.1"),
    ("llama-3.1-405b", "meta", "Llama 3.1 405B", "Llama 3.1"),
    ("llama-4-maverick", "meta", "Llama 4 Maverick", "Llama 4"),
    ("muse-spark", "meta", "Muse Spark", "Muse"),
    ("claude-3.5-sonnet", "anthropic", "Claude 3.5 Sonnet", "Claude 3.5"),
    ("claude-opus-4.1", "anthropic", "Claude Opus 4.1", "Claude 4"),
    ("gemini-2.5-flash", "google-deepmind", "Gemini 2.5 Flash", "Gemini 2.5"),
    ("gemini-2.5-pro", "google-deepmind", "Gemini 2.5 Pro", "Gemini 2.5"),
    ("glm-5", "zhipu", "GLM-5", "GLM-5"),
    ("deepseek-v4-pro", "deepseek", "DeepSeek V4 Pro", "DeepSeek V4"),
]
ALIASES = [
    ("openrouter", "openai/gpt-4o-2024-08-06", "gpt-4o"),
    ("hf-hub", "meta-llama/Llama-4-Maverick-17B-128E-Instruct", "llama-4-maverick"),
    ("litellm", "claude-3-5-sonnet-20241022", "claude-3.5-sonnet"),
]
ORGS = [("openai", "OpenAI"), ("meta", "Meta"), ("anthropic", "Anthropic"), ("google-deepmind", "Google DeepMind"),
        ("alibaba-qwen", "Alibaba (Qwen)"), ("zhipu", "Zhipu AI"), ("deepseek", "DeepSeek")]
BENCHMARKS = [
    ("aa-intelligence-index", "Artificial Analysis Intelligence Index", "index"), ("gpqa-diamond", "GPQA Diamond", "percent"),
    ("hle", "Humanity's Last Exam", "percent"), ("swe-bench-verified", "SWE-bench Verified", "percent"),
    ("swe-bench-lite", "SWE-bench Lite", "percent"), ("aime-2025", "AIME 2025", "percent"), ("aime-2024", "AIME 2024", "percent"),
    ("mmlu", "MMLU", "percent"), ("mmlu-pro", "MMLU-Pro", "percent"), ("lmarena-text", "LMArena Text", "elo"),
]


def make_index(models=MODELS) -> ModelIndex:
    return ModelIndex.from_rows(
        [{"model_id": m, "org_id": o, "name": n, "family": f} for m, o, n, f in models],
        [{"source_id": s, "alias": a, "model_id": m} for s, a, m in ALIASES],
        [{"org_id": o, "name": n} for o, n in ORGS],
        [{"benchmark_id": b, "name": n, "unit": u, "scale_min": None, "scale_max": None} for b, n, u in BENCHMARKS],
    )


@pytest.fixture(scope="module")
def index() -> ModelIndex:
    return make_index()


def ids(index: ModelIndex, text: str) -> list[str]:
    return [model_id for model_id, _ in index.find_models(text)]


@pytest.mark.parametrize("text", ["GPT-4o", "gpt 4o", "gpt4o", "gpt-4o", "GPT\u20114o", "openai/gpt-4o-2024-08-06"])
def test_spellings_of_one_name_link_the_same_model(index, text):
    assert ids(index, f"We tried {text} today.") == ["gpt-4o"]


def test_the_longest_name_wins(index):
    assert ids(index, "GPT-4o mini is cheaper than GPT-4o.") == ["gpt-4o-mini", "gpt-4o"]


def test_a_variant_missing_from_the_registry_is_not_linked_to_its_base():
    without_mini = make_index([m for m in MODELS if m[0] != "gpt-4o-mini"])
    assert ids(without_mini, "GPT-4o mini is cheap") == []


def test_sizes_are_never_merged(index):
    assert ids(index, "Llama 3.1 405B beats Llama 3.1 70B") == ["llama-3.1-405b", "llama-3.1-70b"]
    only_70b = make_index([m for m in MODELS if m[0] != "llama-3.1-405b"])
    assert ids(only_70b, "Meta's Llama 3.1 405B") == []


def test_a_newer_version_does_not_link_the_older_model(index):
    assert ids(index, "GPT-4.5 is here") == []
    assert ids(index, "Muse Spark 1.2 ships with Muse Code") == []
    assert ids(index, "Meta's Muse Spark launched in April") == ["muse-spark"]


def test_a_family_reference_is_not_a_model(index):
    assert ids(index, "the latest reasoning model in the GPT-4 series") == []


def test_dated_snapshots_and_provider_aliases_link_the_model(index):
    assert ids(index, "gpt-4o-2024-08-06 and meta-llama/Llama-4-Maverick-17B-128E-Instruct") == ["gpt-4o", "llama-4-maverick"]
    assert ids(index, "served as claude-3-5-sonnet-20241022") == ["claude-3.5-sonnet"]


def test_word_order_and_brandless_variants(index):
    assert ids(index, "Claude Sonnet 3.5 and Claude 4.1 Opus") == ["claude-3.5-sonnet", "claude-opus-4.1"]
    assert ids(index, "Opus 4.1 writes code") == ["claude-opus-4.1"]


def test_short_names_need_context_and_official_case(index):
    assert ids(index, "Introducing OpenAI o1 and o1-mini") == ["o1", "o1-mini"]
    assert ids(index, "the o3 model reasons longer") == ["o3"]
    assert ids(index, "The Pixel o3 camera") == []
    assert ids(index, "O3 levels in the air") == []
    assert ids(index, "pro1 and foo3") == []


def test_shortened_names_after_a_full_one(index):
    assert ids(index, "Gemini 2.5 Flash and Pro are now generally available") == ["gemini-2.5-flash", "gemini-2.5-pro"]
    assert ids(index, "DeepSeek is back with V4 Pro") == ["deepseek-v4-pro"]


def test_a_size_suffix_is_kept_when_the_model_has_no_sized_siblings(index):
    assert ids(index, "GLM5 744B-A40B") == ["glm-5"]


def test_spans_point_at_the_surface_text(index):
    text = "Today GPT-4o mini arrived"
    [(model_id, (start, end))] = index.find_models(text)
    assert (model_id, text[start:end]) == ("gpt-4o-mini", "GPT-4o mini")


@pytest.mark.parametrize("text,org", [
    ("Meta", "meta"), ("Meta AI", "meta"), ("Meta Superintelligence Labs", "meta"),
    ("Google DeepMind", "google-deepmind"), ("Google", "google-deepmind"), ("DeepMind", "google-deepmind"),
    ("Alibaba", "alibaba-qwen"), ("the Qwen team", "alibaba-qwen"), ("OpenAI", "openai"), ("Zhipu", "zhipu"),
])
def test_org_names_and_aliases(index, text, org):
    assert [o for o, _ in index.find_orgs(f"News from {text} today")] == [org]


def test_org_words_in_ordinary_text_are_not_orgs(index):
    assert index.find_orgs("meta-learning and google it") == []


@pytest.mark.parametrize("text,benchmark", [
    ("Humanity's Last Exam", "hle"), ("HLE", "hle"), ("SWE-bench Verified", "swe-bench-verified"),
    ("SWE-Bench-Verified", "swe-bench-verified"), ("AIME 2025", "aime-2025"), ("AIME 2024", "aime-2024"),
    ("MMLU-Pro", "mmlu-pro"), ("MMLU", "mmlu"), ("GPQA Diamond", "gpqa-diamond"), ("Chatbot Arena", "lmarena-text"),
    ("the Artificial Analysis Intelligence Index", "aa-intelligence-index"),
])
def test_benchmark_names_and_common_spellings(index, text, benchmark):
    assert [b for b, _ in index.find_benchmarks(f"It scores well on {text}.")] == [benchmark]


def test_an_unknown_benchmark_variant_is_not_its_parent(index):
    assert index.find_benchmarks("SWE-bench Multilingual") == []


def test_resolve_and_similar(index):
    assert index.resolve("gpt 4o mini") == "gpt-4o-mini"
    assert index.resolve("GPT-5") is None
    assert index.similar("Llama 3.1 8B") == ("llama-3.1-405b", "llama-3.1-70b")


def test_from_db_reads_the_loaded_registry(curated_con):
    index = ModelIndex.from_db(curated_con)
    assert ids(index, "Meta launched Muse Spark") == ["muse-spark"]
    assert [o for o, _ in index.find_orgs("OpenAI and Meta")] == ["openai", "meta"]


@pytest.fixture(scope="module")
def suffix_index() -> ModelIndex:
    return make_index(MODELS + [("glm-4.5", "zhipu", "GLM-4.5", "GLM-4.5"), ("gpt-5", "openai", "GPT-5", "GPT-5"),
                                ("deepseek-v4-flash", "deepseek", "DeepSeek V4 Flash", "DeepSeek V4")])


@pytest.mark.parametrize("text", [
    "Zhipu released GLM-4.5V today.",  # a letter suffix on the version: another model
    "Zhipu's GLM\u20114.5V vision model",
    "OpenAI says a GPT\u20115\u2011class model is coming",  # a comparison, not the model
    "a GPT-5-level system",
    "deepseek-v4-flash-vision-exp is out",  # a longer slug
])
def test_a_suffix_blocks_the_shorter_name(suffix_index, text):
    assert ids(suffix_index, text) == []


@pytest.mark.parametrize("text,expected", [
    ("Zhipu released GLM-4.5 today.", ["glm-4.5"]), ("OpenAI's GPT-5 model", ["gpt-5"]),
    ("deepseek-v4-flash is out", ["deepseek-v4-flash"]), ("the GPT-5s we tested", ["gpt-5"]),
    ("GPT-4o mini is cheap", ["gpt-4o-mini"]),
])
def test_names_without_a_suffix_still_link(suffix_index, text, expected):
    assert ids(suffix_index, text) == expected
