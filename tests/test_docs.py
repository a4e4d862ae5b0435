"""Docs stay in step with the code: every table is documented, every CLI command is in the README."""
import re

from tests.conftest import ROOT


def test_every_table_is_in_the_data_model_doc(con):
    doc = (ROOT / "docs" / "data-model.md").read_text()
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    missing = [t for t in tables if f"`{t}`" not in doc]
    assert missing == []


def test_every_registry_command_is_in_the_readme():
    from registry.__main__ import build_parser

    readme = (ROOT / "README.md").read_text()
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    missing = [name for name in sub.choices if not re.search(rf"`{name}[` ]", readme)]
    assert missing == []
