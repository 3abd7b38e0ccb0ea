"""Finding dates on lines of their own and reading them without guessing day/month order."""

from __future__ import annotations

import pytest

from store.ingest.dates import DateReading, date_line, read_date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 March 2009", "3 March 2009"),
        ("Tuesday, 8 April 2008", "Tuesday, 8 April 2008"),
        ("June 2, 2006", "June 2, 2006"),
        ("Sept. 3, 2009", "Sept. 3, 2009"),
        ("2009-06-11 08:02:17", "2009-06-11 08:02:17"),
        ("Posted: 11/04/2007 09:15", "11/04/2007 09:15"),
        ("Last updated on 25.12.2008 at 10:15 GMT", "25.12.2008 at 10:15 GMT"),
        (" 3-MAR-1987 09:18:21.26", "3-MAR-1987 09:18:21.26"),
        ("03-Mar-1987", "03-Mar-1987"),
        ("03.03.2008 | 10:42", "03.03.2008 | 10:42"),
        ("March 3, 2008 10:42 AM EST", "March 3, 2008 10:42 AM EST"),
        ("Mar 3, 2008 - 10:42 a.m. ET", "Mar 3, 2008 - 10:42 a.m. ET"),
        ("Published: 3 March 2008 10:42 GMT+3", "3 March 2008 10:42 GMT+3"),
        ("3-MAR", None),
        ("03.03.2008 | Moscow", None),
        ("April 16", None),
        ("Tuesday, 1 March", None),
        ("Man City 0-2 Man Utd", None),
        ("The talks ended on June 2, 2006 without a deal.", None),
        ("x" * 10_000, None),
    ],
)
def test_date_line_finds_only_lines_that_are_a_date(line: str, expected: str | None) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(
    ("text", "context", "iso"),
    [
        ("October 12, 2007", "", "2007-10-12"),
        ("Jan 9, 2006", "", "2006-01-09"),
        ("Tuesday, 8 April 2008", "", "2008-04-08"),
        ("Tues. 8th of April 2008", "", "2008-04-08"),
        ("2009-06-11 08:02:17", "", "2009-06-11"),
        ("3-MAR-1987 09:18:21.26", "", "1987-03-03"),
        ("03.03.2008 | 10:42", "", "2008-03-03"),
        ("March 3, 2008 10:42 AM EST", "", "2008-03-03"),
        ("25/10/2010", "", "2010-10-25"),
        ("10/25/2010", "", "2010-10-25"),
        ("07/07/2010", "", "2010-07-07"),
        ("11/04/2007 09:15", "", None),
        ("11/04/2007 09:15", "It happened on April 11, 2007.", "2007-04-11"),
        ("11/04/2007 09:15", "It happened on November 4, 2007.", "2007-11-04"),
        ("11/04/2007 09:15", "The deadline is 25/05/2007.", "2007-04-11"),
        ("11/04/2007 09:15", "The deadline is 05/25/2007.", "2007-11-04"),
        ("11/04/2007 09:15", "The vote is on 3 May.", "2007-04-11"),
        ("11/04/2007 09:15", "The vote is on May 3.", "2007-11-04"),
        ("11/04/2007 09:15", "The colour of the programme.", "2007-04-11"),
        ("11/04/2007 09:15", "The color of the program center.", "2007-11-04"),
    ],
)
def test_read_date_uses_evidence_and_never_guesses(text: str, context: str, iso: str | None) -> None:
    assert read_date(text, context) == DateReading(text, iso)


@pytest.mark.parametrize("text", ["April 16", "March 3", "3 MAR", "February 30, 2009", "31/02/2009", "30-FEB-1987"])
def test_what_is_not_a_full_valid_date_is_no_date(text: str) -> None:
    assert read_date(text, "") is None
