"""`newsdesk serve` in a real browser: headless Chromium opens the page, types a query and sees the article.

The page draws the terminal on a canvas (xterm.js with WebGL), so no text of it is in the DOM. What the page
draws is what reaches it over its websocket, which Chromium's own performance log records frame by frame;
that stream, with its colour codes taken out, is where the title is waited for. A screenshot then proves the
canvas was painted: at this size a blank page has one colour, a page of one line of text some two hundred,
and the drawn browser (anti-aliased text in a theme's colours) eight hundred and more.

Skipped where Chromium, its driver or Selenium is missing (`.ci/run` installs the Debian packages).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_app import ARTICLES
from tests.test_reliability_support import NEWSDESK

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None, reason="Chromium and chromedriver are not installed"
)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the dev extras)")

SGR = re.compile(rb"\x1b\[[0-9;:]*m")
"""Colour and style codes, which split a line's text wherever its style changes."""


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll until `condition` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(url: str) -> bool:
    """Whether `url` serves a page yet."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError):
        return False


@pytest.fixture
def page_url(tmp_path: Path) -> Iterator[str]:
    """`newsdesk serve` on a free loopback port over the eight test articles; its page's address."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    db = tmp_path / "archive.json"
    subprocess.run([NEWSDESK, "--db", db, "import", folder], check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [NEWSDESK, "--db", db, "serve", "--port", str(port)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: server.poll() is not None or answers(url), "the server to answer")
        assert server.poll() is None, "newsdesk serve exited"
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and the visitor's browser process it started
        server.wait(timeout=30)


@pytest.fixture
def chromium() -> Iterator[Any]:
    """Headless Chromium through the system's chromedriver, offline but for loopback, logging network events."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--window-size=1200,700",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # the page links a web font: never fetch it
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


class Drawn:
    """Everything the page has been sent to draw, read from the browser's performance log as it grows."""

    def __init__(self, driver: Any) -> None:
        self._driver = driver
        self.text = b""

    def read(self) -> bytes:
        """The text received since the last `mark`, colour codes removed."""
        for entry in self._driver.get_log("performance"):
            event = json.loads(entry["message"])["message"]
            if event["method"] == "Network.webSocketFrameReceived":
                frame = event["params"]["response"]
                data = frame["payloadData"]
                self.text += base64.b64decode(data) if frame["opcode"] == 2 else data.encode()
        return SGR.sub(b"", self.text)

    def mark(self) -> None:
        """Forget what was drawn so far: what is waited for next must come after this."""
        self.read()
        self.text = b""


def paeth(left: int, up: int, corner: int) -> int:
    """The PNG Paeth predictor."""
    guess = left + up - corner
    return min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))[2]


def unfilter(kind: int, line: bytearray, previous: bytearray, size: int) -> None:
    """Undo one scanline's PNG filter in place (`kind` 0 none, 1 sub, 2 up, 3 average, 4 Paeth)."""
    if kind == 2:
        line[:] = bytes((byte + above) & 0xFF for byte, above in zip(line, previous, strict=True))
        return
    for i in range(len(line) if kind else 0):
        left = line[i - size] if i >= size else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + previous[i]) // 2) & 0xFF
        else:
            line[i] = (line[i] + paeth(left, previous[i], previous[i - size] if i >= size else 0)) & 0xFF


def png_colours(png: bytes) -> int:
    """How many distinct colours an 8-bit, non-interlaced RGB or RGBA PNG (as Chromium writes them) holds."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks: dict[bytes, bytes] = {}
    position = 8
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        chunks[kind] = chunks.get(kind, b"") + png[position + 8 : position + 8 + length]
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, interlace) == (8, 0) and colour_type in (2, 6)
    size = 3 if colour_type == 2 else 4
    stride = width * size
    raw = zlib.decompress(chunks[b"IDAT"])
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        unfilter(kind, line, previous, size)
        colours.update(bytes(line[i : i + 3]) for i in range(0, stride, size))
        previous = line
    return len(colours)


def test_a_visitor_searches_the_served_archive_in_chromium(page_url: str, chromium: Any, tmp_path: Path) -> None:
    drawn = Drawn(chromium)
    chromium.get(page_url)
    wait_for(lambda: b"8 hits" in drawn.read(), "the browser's first results in the page")
    drawn.mark()
    chromium.find_element("css selector", ".xterm-helper-textarea").send_keys("/grain")
    wait_for(lambda: b"1 hit " in drawn.read(), "the hit count for 'grain'")
    wait_for(lambda: b"Grain Exports Rise" in drawn.read(), "the title of the one hit")
    wait_for(lambda: b"Farmers shipped more wheat" in drawn.read(), "the article in the reading pane")
    shot = tmp_path / "page.png"

    def painted() -> bool:
        chromium.save_screenshot(str(shot))
        return png_colours(shot.read_bytes()) >= 400

    wait_for(painted, "a screenshot with the terminal painted on it")
