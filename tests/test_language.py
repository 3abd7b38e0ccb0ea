"""Languages as one ISO 639-1 code, however the source wrote them, and what no table knows kept as written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from store.ingest.language import language_code
from tests.conftest import CliResult


@pytest.mark.parametrize(
    ("written", "code"),
    [
        pytest.param("ENGLISH", "en", id="Nexis"),
        pytest.param("English", "en", id="Factiva, English interface"),
        pytest.param("Englisch", "en", id="Factiva, German interface"),
        pytest.param("英文", "en", id="Factiva, Chinese interface"),
        pytest.param("zhcn", "zh", id="Factiva's code for simplified Chinese"),
        pytest.param("en", "en", id="already a code"),
        pytest.param("en-US", "en", id="BCP 47"),
        pytest.param("pt_BR", "pt", id="og:locale"),
        pytest.param("zh-Hant-TW", "zh", id="with a script"),
        pytest.param(" Deutsch ", "de", id="its own name"),
        pytest.param("ger", "de", id="ISO 639-2"),
        pytest.param("iw", "he", id="a replaced code"),
        pytest.param("und", None, id="undetermined"),
        pytest.param("   ", None, id="blank"),
        pytest.param(None, None, id="not stated"),
        pytest.param("Latviešu valoda", "Latviešu valoda", id="unknown names are kept"),
    ],
)
def test_a_language_is_one_code(written: str | None, code: str | None) -> None:
    assert language_code(written) == code


def test_imported_records_carry_the_code(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = "".join(f"<p>Paragraph {n} of a report on the harvest, with enough words to be prose.</p>" for n in range(8))
    page.write_text(f"<html lang='en-GB'><head><title>Harvest Report</title></head><body><h1>Harvest Report</h1>"
                    f"<article>{body}</article></body></html>", encoding="utf-8")  # fmt: skip
    assert cli("import", page).code == 0
    record = json.loads(cli("search", "harvest", "--json").out)
    assert json.loads(cli("show", record["id"], "--json").out)["language"] == "en"
