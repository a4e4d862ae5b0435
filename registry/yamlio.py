"""YAML with 1.2 booleans: only true/false are booleans (`on`, `no`, `yes` stay strings)."""
from __future__ import annotations

import re

import yaml


class StrictBoolLoader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1's yes/no/on/off booleans."""


StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(text: str | bytes):
    return yaml.load(text, Loader=StrictBoolLoader)  # noqa: S506 - SafeLoader subclass
