"""The article parser over every sample layout, the design seed, unseen layouts built inline, and hostile bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.errors import ParseError
from store.ingest.decode import decode_text
from store.ingest.readers.text import parse_article
from store.model import ParsedArticle

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "fixtures" / "articles"
BAD = REPO / "fixtures" / "bad"
SEED = REPO.parent / "shared" / "seeds" / "000_c4c96e35d355c6f4.txt"

TERMINAL_JUNK = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Expected:
    """The fields a fixture must yield (`copyright` is only checked for presence)."""

    title: str
    date: str | None = None
    date_text: str | None = None
    source: str | None = None
    site: str | None = None
    byline: str | None = None
    location: str | None = None
    headings: tuple[str, ...] = ()
    copyright: bool = False


EXPECTED: dict[str, Expected] = {
    "afps-byline-agency-one-paragraph-per-line.txt": Expected(
        "Guard Units Train With Civil Authorities For Flood Response",
        "2008-04-08",
        "April 8, 2008",
        source="American Forces Press Service",
        byline="Jim Harlan",
        location="WASHINGTON",
        headings=("Lessons From Past Floods",),
    ),
    "alt-text-banner-names-source.txt": Expected(
        "Afghan Farmers Return To Wheat As Poppy Prices Fall",
        "2008-04-08",
        "Tuesday, 8 April 2008",
        source="VOA",
        location="KABUL",
    ),
    "army-redstone-paren-date-credit-line.txt": Expected(
        "Army Tests New Portable Radar For Short-Range Air Defense",
        "2022-05-31",
        "May 31, 2022",
        source="U.S. Army Space and Missile Defense Command",
        byline="Dana Keller",
        location="REDSTONE ARSENAL, Alabama",
    ),
    "bbc-style-headline-first-line.txt": Expected("Ferry operators warn of summer price rises"),
    "byline-block-name-place-date-without-by.txt": Expected(
        "Czech Parliament Begins Debate On Radar Base Treaty",
        "2008-03-03",
        "3 March 2008",
        byline="Jan Novak",
        location="Prague",
    ),
    "byline-block-name-role-place-date.txt": Expected(
        "Pentagon Seeks Funds To Replace Ageing Tanker Fleet",
        "2008-03-03",
        "March 3, 2008",
        byline="John Smith, Staff Writer",
        location="WASHINGTON",
    ),
    "copyright-symbol-bare-domain-footer.txt": Expected(
        "Baltic Ports Report Record Grain Exports",
        "2013-01-15",
        "Jan. 15, 2013",
        source="BNS",
        site="balticarchive.net",
        location="RIGA",
        copyright=True,
    ),
    "cp1252-smart-quotes-pound-euro.txt": Expected(
        "Rail Operator Orders New Trains In \u00a32.5bn Deal", "2010-05-04", "4 May 2010", location="LONDON"
    ),
    "credit-line-only-dod-news.txt": Expected(
        "Military Families Get Faster Help With School Transfers",
        source="Defense Media Activity",
        byline="Maria Lopez",
    ),
    "crlf-byline-staff-writer.txt": Expected(
        "Storm Delays Reopening Of Coastal Highway",
        "2011-02-14",
        "14 February 2011",
        byline="Priya Raman, Staff Writer",
        location="LONDON",
    ),
    "em-dash-date-after-place.txt": Expected(
        "Army Awards Contract For Additional Interceptor Production",
        "2026-04-10",
        "April 10, 2026",
        location="REDSTONE ARSENAL, Ala.",
    ),
    "footer-timestamp-dayfirst.txt": Expected("Museum Returns Carved Panels To Monastery", "2010-10-25", "25/10/2010"),
    "from-public-affairs-hyphen-dateline.txt": Expected(
        "Amphibious Ship Returns After Disaster Relief Mission",
        source="USS Harpers Ferry Public Affairs",
        location="NAVAL STATION NORFOLK, Va.",
    ),
    "globalsecurity-ria-novosti-source-line.txt": Expected(
        "Russia Offers To Share Arctic Shipping Data With Nordic Neighbours",
        "2009-03-03",
        "3 March 2009",
        source="RIA Novosti",
        site="GlobalSecurity.org",
        location="MOSCOW",
    ),
    "hard-wrapped-lines.txt": Expected("Lighthouse Keepers' Cottages To Become Holiday Lets"),
    "hostile-escapes-and-rich-markup.txt": Expected(
        "Port Strike Ends After Ten Days [bold]Today[/bold]",
        "2015-02-02",
        "Feb. 2, 2015",
        source="Reuters",
        byline="Sam Okafor",
        location="LAGOS",
    ),
    "irna-tehran-comma-source-dateline.txt": Expected(
        "Tehran Hosts Regional Meeting On Caspian Fisheries",
        "2006-01-09",
        "Jan 9, 2006",
        source="IRNA",
        location="Tehran",
    ),
    "multiple-headings-source-line.txt": Expected(
        "Pentagon Outlines Plan To Cut Energy Use At Bases",
        "2010-02-18",
        "Feb. 18, 2010",
        source="American Forces Press Service",
        location="WASHINGTON",
        headings=("Buildings First", "Power On Site"),
    ),
    "navy-bethesda-state-abbrev-dateline.txt": Expected(
        "Navy Hospital Opens Training Center For Combat Medics",
        "2025-10-21",
        "Oct. 21, 2025",
        location="BETHESDA, Md.",
    ),
    "paren-date-no-dash-dateline.txt": Expected(
        "Carrier Group Conducts Air Defense Drills In South China Sea",
        "2022-07-13",
        "July 13, 2022",
        location="SOUTH CHINA SEA",
    ),
    "promo-crumbs-social-footer.txt": Expected(
        "Alpine Towns Test Shared Electric Shuttle Buses",
        "2014-10-09",
        "Thursday, 9 October 2014",
        site="NewsArchive.example.org",
    ),
    "reprint-agency-line-bar-timestamp.txt": Expected(
        "Moscow Metro Opens Three New Stations On Eastern Line",
        "2008-03-03",
        "03.03.2008 | 10:42",
        source="RIA Novosti",
    ),
    "reprint-lowercase-agency-published-label.txt": Expected(
        "German Rail Strike Halts Most Freight Traffic", "2008-03-03", "3 March 2008", source="dpa", location="BERLIN"
    ),
    "reprint-reuters-tagged-headline-byline.txt": Expected(
        "Oil rises above $100 as dollar slides",
        "2008-03-03",
        "March 3, 2008 10:42 AM EST",
        source="Reuters",
        byline="Jane Doe",
        location="LONDON",
    ),
    "reprint-service-line-above-headline-time-stamp.txt": Expected(
        "Storm Knocks Out Power To Thousands Along Gulf Coast",
        "2008-03-03",
        "March 3, 2008 10:42 AM",
        source="Associated Press",
        location="NEW ORLEANS",
    ),
    "reprinted-permission-nav-row.txt": Expected(
        "Farmers Turn To Drones To Count Cattle On Remote Ranges", byline="Colin Ashworth", copyright=True
    ),
    "site-timestamp-iso.txt": Expected(
        "Harbor Authority Approves Dredging Plan For Container Berths", "2009-06-11", "2009-06-11 08:02:17"
    ),
    "timestamp-ambiguous-no-evidence.txt": Expected(
        "Village Votes To Keep Its Last Post Office", None, "05/06/2008 10:30"
    ),
    "timestamp-dayfirst-british-evidence.txt": Expected(
        "Council Agrees Plan To Reopen Canal Towpath", "2007-04-11", "11/04/2007 09:15"
    ),
    "timestamp-monthfirst-numeric-evidence.txt": Expected(
        "County Sets Deadline For Storm Damage Claims", "2007-04-11", "04/11/2007 09:15"
    ),
    "undated-yearless-paren-dateline.txt": Expected(
        "Destroyer Completes Maintenance Period Ahead Of Schedule", location="SAN DIEGO"
    ),
    "utf16be-bom-sao-paulo.txt": Expected(
        "S\u00e3o Paulo Expands Bus Lanes To Ease Rush-Hour Traffic",
        "2014-08-05",
        "Aug. 5, 2014",
        source="Ag\u00eancia Brasil",
        location="S\u00c3O PAULO",
    ),
    "utf16le-bom-zurich-agency.txt": Expected(
        "Z\u00fcrich Bank Fined Over Weak Money-Laundering Checks",
        "2013-05-14",
        "14 May 2013",
        source="AFP",
        location="Z\u00dcRICH",
    ),
    "utf8-bom-donate-banner.txt": Expected(
        "Kenya Launches Mobile Clinics For Remote Pastoral Areas",
        "2012-03-14",
        "March 14, 2012",
        location="NAIROBI, Kenya",
    ),
    "voa-byline-agency-washington-dateline.txt": Expected(
        "Senate Panel Questions Cost Of New Border Radar Towers",
        "2009-09-03",
        "Sept. 3, 2009",
        source="Voice of America",
        byline="Jane Holloway",
        location="WASHINGTON",
    ),
    "wire-iso-time-date-line-tag-before-dateline.txt": Expected(
        "JAPAN MACHINE TOOL ORDERS RISE IN FEBRUARY", "1987-03-03", "1987-03-03 14:02", location="TOKYO"
    ),
    "wire-named-date-line-corrected-tag-line.txt": Expected(
        "U.S. SENATE PANEL BACKS FARM CREDIT BILL", "1987-03-03", "March 3, 1987", location="WASHINGTON"
    ),
    "wire-numeric-date-line-numbered-update-tag.txt": Expected(
        "OIL PRICES EXTEND GAINS AS OPEC MINISTERS MEET",
        "1987-03-03",
        "03/03/1987",
        source="Reuters",
        location="LONDON",
    ),
    "wire-printout-date-line-caps-headline-indented.txt": Expected(
        "CANADIAN GRAIN HANDLERS SEEK NEW RAIL FREIGHT CONTRACT",
        "1987-03-03",
        "3-MAR-1987 09:18:21.26",
        source="Reuter",
        location="WINNIPEG, Manitoba",
    ),
    "xinhua-beijing-paren-source-date-line-above.txt": Expected(
        "China Opens New Rail Link To Tibetan Plateau For Freight Trials",
        "2006-06-02",
        "June 2, 2006",
        source="Xinhua",
        location="BEIJING",
    ),
    "xinhua-own-source-line.txt": Expected(
        "Vietnam Opens Coastal Expressway Section Ahead Of Holiday",
        "2007-12-01",
        "Dec. 1, 2007",
        source="Xinhua",
        location="HANOI",
    ),
    "yonhap-one-paragraph-per-line-heading.txt": Expected(
        "Seoul Expands Subway Night Service For Shift Workers",
        "2010-11-12",
        "Nov. 12, 2010",
        source="Yonhap",
        location="SEOUL",
        headings=("Costs And Staffing",),
    ),
}


def parse_fixture(name: str) -> ParsedArticle:
    return parse_article((ARTICLES / name).read_bytes())


def observed(article: ParsedArticle) -> Expected:
    """The parsed fields in the shape of the expectation table."""
    values = {field.name: getattr(article, field.name) for field in fields(Expected)}
    return Expected(**{**values, "copyright": article.copyright is not None})


def assert_well_formed_body(body: str) -> None:
    paragraphs = body.split("\n\n")
    assert all(paragraph and paragraph == paragraph.strip() for paragraph in paragraphs)
    assert "\n\n\n" not in body
    assert all("\n" not in paragraph for paragraph in paragraphs)


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(path.name for path in ARTICLES.glob("*.txt")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_fields(name: str) -> None:
    article = parse_fixture(name)
    assert observed(article) == EXPECTED[name]
    assert_well_formed_body(article.body)
    assert 150 <= len(decode_text((ARTICLES / name).read_bytes()).split()) <= 600
    for heading in article.headings:
        assert heading in article.body.split("\n\n")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_furniture_and_header_lines_stay_out_of_the_body(name: str) -> None:
    article = parse_fixture(name)
    first = article.body.split("\n\n")[0]
    assert not first.startswith(article.title)
    for value in (article.date_text, article.copyright, article.site):
        assert value is None or value not in article.body
    if article.location:
        assert not first.startswith(article.location)
    for furniture in ("Back to top", "Share this", "Join the", "Home >", "Follow us", "Story by", "[ "):
        assert furniture not in article.body


def test_copies_are_byte_identical_to_their_originals() -> None:
    originals = {path.read_bytes() for path in ARTICLES.glob("*.txt")}
    copies = sorted((ARTICLES / "copies").glob("*.txt"))
    assert len(copies) == 2
    assert all(copy.read_bytes() in originals for copy in copies)


def test_encoded_variants_decode_without_mojibake() -> None:
    assert "\u20ac2.9bn" in parse_fixture("cp1252-smart-quotes-pound-euro.txt").body
    assert "\u201cPassengers" in parse_fixture("cp1252-smart-quotes-pound-euro.txt").body
    assert "Z\u00fcrich on Tuesday" in parse_fixture("utf16le-bom-zurich-agency.txt").body
    assert parse_fixture("crlf-byline-staff-writer.txt").body.count("\r") == 0


def test_hard_wrapped_paragraphs_are_joined() -> None:
    body = parse_fixture("hard-wrapped-lines.txt").body
    assert body.startswith("A charity that looks after historic lighthouses plans to turn three former keepers'")
    assert len(body.split("\n\n")) == 6


def test_hostile_fixture_reaches_no_field_with_control_characters() -> None:
    article = parse_fixture("hostile-escapes-and-rich-markup.txt")
    for field in fields(ParsedArticle):
        value = getattr(article, field.name)
        for text in value if isinstance(value, tuple) else [value]:
            assert text is None or not TERMINAL_JUNK.search(text), field.name
    assert "[link=http://x]the full agreement[/link]" in article.body
    assert article.body.startswith("Dock workers at the country's largest port")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("whitespace-only.txt", "empty file"),
        ("binary.bin", "binary file"),
        ("nul-bytes.txt", "binary file"),
        ("not-decodable.txt", "not decodable as text"),
        ("only-furniture.txt", "no title found"),
    ],
)
def test_bad_files_give_precise_reasons(name: str, reason: str) -> None:
    with pytest.raises(ParseError, match=f"^{reason}$"):
        parse_article((BAD / name).read_bytes())


def test_design_seed() -> None:
    if not SEED.exists():
        pytest.skip(f"seed not present at {SEED}")
    article = parse_article(SEED.read_bytes())
    assert article.title == "Russia, U.S. Fail To Bridge Differences Over Missile Defense"
    assert (article.date, article.date_text) == ("2007-10-12", "October 12, 2007")
    assert (article.source, article.site) == ("RFE/RL", "GlobalSecurity.org")
    assert article.headings == ("Points Of Disagreement",)
    assert article.copyright is not None and article.copyright.startswith("Copyright (c) 2007. RFE/RL")
    assert article.body.startswith("U.S. Secretary of State")
    for furniture in ("UNITED24", "rfe/rl banner", "Copyright", "mailing list", "(RFE/RL) --"):
        assert furniture not in article.body
    assert "\n\nPoints Of Disagreement\n\n" in article.body
    assert_well_formed_body(article.body)


BODY = (
    "Officials met for a second day of talks on the future of the pipeline and said progress had been made.\n\n"
    "A further round is planned for next month, when technical experts will present their findings.\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Free Shipping On All Maps - Order Today!\n\n[ xinhua banner ]\n\nPipeline Talks Resume\n\n"
            "ASTANA, Oct. 4, 2011 (Xinhua) -- " + BODY + "\nFollow us on Twitter\nwww.eurasia-archive.info\n",
            Expected(
                "Pipeline Talks Resume",
                "2011-10-04",
                "Oct. 4, 2011",
                source="Xinhua",
                site="eurasia-archive.info",
                location="ASTANA",
            ),
        ),
        (
            "Pipeline Talks Resume\nTehran, Jan 9, 2006, IRNA -- " + BODY.replace("\n\n", "\n"),
            Expected("Pipeline Talks Resume", "2006-01-09", "Jan 9, 2006", source="IRNA", location="Tehran"),
        ),
        (
            "[ afp logo ]\n\nPipeline Talks Resume\n\nBy Anna Berg\n\nVIENNA -- " + BODY,
            Expected("Pipeline Talks Resume", source="AFP", byline="Anna Berg", location="VIENNA"),
        ),
        (
            "Pipeline Talks Resume\n\n" + BODY + "\nWritten by Anna Berg, Caspian News Agency\n"
            "Copyright 2011 Caspian News Agency. All rights reserved.\nBack to top\n",
            Expected("Pipeline Talks Resume", source="Caspian News Agency", byline="Anna Berg", copyright=True),
        ),
        (
            "Pipeline Talks Resume\n\nInterfax\n\nMOSCOW, April 16 (Interfax) - " + BODY,
            Expected("Pipeline Talks Resume", source="Interfax", location="MOSCOW"),
        ),
        (
            "Pipeline Talks Resume\nPublished 2011-10-04T09:30:00Z\n\n" + BODY,
            Expected("Pipeline Talks Resume", "2011-10-04", "2011-10-04T09:30:00Z"),
        ),
        (
            "Pipeline Talks Resume\n\n" + BODY + "\nPosted 04/10/2011 09:30 after the 14/09/2011 session\n",
            Expected("Pipeline Talks Resume"),
        ),
        (
            "Skip to main content\n\nCaspian Monitor - Independent news from the region\n\nPipeline Talks Resume\n\n"
            "By Anna Berg\nCaspian News Agency\n\n" + BODY,
            Expected("Pipeline Talks Resume", source="Caspian News Agency", byline="Anna Berg"),
        ),
        (
            "Pipeline Talks - The Road Ahead\n\nVoice of America\n\n" + BODY,
            Expected("Pipeline Talks - The Road Ahead", source="Voice of America"),
        ),
    ],
    ids=[
        "promo, alt banner, xinhua",
        "irna one-per-line",
        "alt logo",
        "credit",
        "yearless",
        "iso t",
        "prose",
        "skip link and tagline",
        "dashed headline over an outlet",
    ],
)
def test_unseen_layouts(raw: str, expected: Expected) -> None:
    article = parse_article(raw.encode("utf-8"))
    assert observed(article) == expected
    assert article.body.startswith("Officials met for a second day")
    assert_well_formed_body(article.body)


def test_title_longer_than_a_headline_is_cut_and_the_line_kept() -> None:
    line = "word " * 200
    article = parse_article(line.encode())
    assert article.title.endswith("\u2026") and len(article.title) <= 301
    assert article.body == line.strip()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_parse_or_fail_with_parse_error(raw: bytes) -> None:
    check_parses_or_refuses(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_any_text_parses_or_fails_with_parse_error(text: str, encoding: str) -> None:
    check_parses_or_refuses(text.encode(encoding, "surrogatepass"))


def check_parses_or_refuses(raw: bytes) -> None:
    try:
        article = parse_article(raw)
    except ParseError as error:
        assert str(error) in {"empty file", "binary file", "not decodable as text", "no title found"}
        return
    assert article.title
    for value in (article.title, article.body, article.source, article.byline, article.location):
        assert value is None or not TERMINAL_JUNK.search(value)
