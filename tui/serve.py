"""`newsdesk serve`: the browser as a web page, through textual-serve, one browser process per visitor.

textual-serve runs a shell command for every page that connects and relays its screen and keys over a
websocket. The command here is `newsdesk browse` itself, on the same archive and with this interpreter, so a
visitor gets exactly the terminal browser, and two visitors are two processes whose writes meet at the
archive's writer lock like those of two terminal users. `--read-only` is passed on as `browse --read-only`,
which opens the archive read-only: the store refuses the writes, whatever the page sends.

Loopback is the default: whoever can reach the port can read the archive, so binding any other address is
said on stderr. textual-serve writes its page's websocket address from the address it was bound to, which
for `0.0.0.0` no visitor can connect to; `PageServer` answers each visitor with the address they came by.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

from store.archive import Archive
from store.errors import UsageError
from tui.exits import EXIT_OK


def is_loopback(host: str) -> bool:
    """Whether a server bound to `host` is reachable from this machine only (a name other than `localhost`
    may resolve to anything, so it counts as reachable from elsewhere)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int, *, read_only: bool) -> str | None:
    """The one line said on stderr when the page is served beyond this machine; None on loopback."""
    if is_loopback(host):
        return None
    change = "" if read_only else " and change it (--read-only prevents that)"
    return f"serving on {host}:{port}: anyone who can reach it can read the archive{change}"


def browser_command(db: Path, *, read_only: bool) -> str:
    """The shell command textual-serve runs for each visitor: this interpreter's browser on this archive.

    `-P` keeps the folder the server was started in off the module path, so a `tui` or `store` package that
    happens to lie there is never run in the installed one's place.
    """
    argv = [sys.executable, "-P", "-m", "tui.cli", "--db", str(db.expanduser().absolute()), "browse"]
    return shlex.join([*argv, "--read-only"] if read_only else argv)


class PageServer(Server):
    """textual-serve's server, with the page's links made from the address the visitor used."""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """Serve the page, its websocket address taken from this request's host (`Server.public_url` is
        read by the page's template while the base handler runs; it does not wait on anything before, so no
        other visitor's request can change it in between)."""
        self.public_url = f"{request.scheme}://{request.host}"
        response: web.StreamResponse = await super().handle_index(request)
        return response


def serve(db: Path, *, host: str, port: int, read_only: bool) -> int:
    """Serve the browser on `host`:`port` until interrupted; returns the exit code.

    The archive is opened once first, so that a missing or damaged one is refused here in one line rather
    than in every visitor's page.
    """
    Archive.open(db, read_only=read_only).close()
    if (warning := exposure_warning(host, port, read_only=read_only)) is not None:
        sys.stderr.write(f"newsdesk: {warning}\n")
    server = PageServer(browser_command(db, read_only=read_only), host=host, port=port, title="newsdesk")
    try:
        server.serve()
    except OSError as error:
        raise UsageError(f"cannot serve on {host}:{port} ({error.strerror or error})") from error
    return EXIT_OK
