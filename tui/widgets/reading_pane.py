"""The reading pane: an article's heading and metadata, its body with every hit of the query highlighted, and the
articles related to it.

Article text is only ever handed to Rich as `Text` (never parsed as markup), so `[bold]` in an article is shown
as written; the store has already stripped control and escape bytes. `n` / `N` move between the hits, scrolling
the current one into the middle of the pane; the border shows which hit it is. An occurrence chosen in the
concordance (`reveal`) becomes the current hit the same way, once its article is shown.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from store.query.tree import Query
from store.search.highlight import match_spans
from store.search.index import IndexDocument
from store.search.view import Hit
from tui.messages import ArticleSelected

NO_TEXT = "The text of this article cannot be shown: its text segment is damaged or was lost (`newsdesk doctor`)."
"""Shown in place of an empty body, which only a damaged or lost text segment leaves (no article is empty)."""


def related_prompt(hit: Hit) -> Text:
    """One line for a related article: date, source, title."""
    return Text.assemble(
        (f"{hit.date or 'undated'} ", "dim"), (f"{hit.source or '—'} ", "italic"), hit.title, no_wrap=True
    )


EMPTY_TITLE = Text("Choose an article to read it here.", style="dim")


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows one article; `n`/`N` jump between the query's hits in it."""

    COMPONENT_CLASSES = {"reading-pane--match", "reading-pane--current"}

    BINDINGS = [
        Binding("n", "hit(1)", "Next hit", tooltip="Scroll to the next hit of the query"),
        Binding("N", "hit(-1)", "Prev hit", tooltip="Scroll to the previous hit of the query"),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: IndexDocument | None = None
        self.hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self._reveal: tuple[str, int] | None = None
        """(article id, offset) of the occurrence the concordance chose: every showing of that article goes to
        it (choosing one shows the article twice, once as the list's cursor moves and once as it is opened),
        until another article is shown after it."""
        self._revealed = False

    def compose(self) -> ComposeResult:
        yield Static(EMPTY_TITLE, id="reader-title")
        yield Static("", id="reader-meta")
        yield Static("", id="reader-tags")
        yield Static("", id="reader-note")
        yield Static("", id="reader-body")
        yield Label("Related articles", id="related-title")
        yield OptionList(id="related")

    def show(self, document: IndexDocument, query: Query | None) -> None:
        """Display an article, highlighting `query`'s hits; its related articles follow (`show_related`)."""
        self.document = document
        self.query_one("#reader-title", Static).update(Text(document.title))
        meta = [document.date or "undated", document.source, document.site, document.byline, document.location]
        self.query_one("#reader-meta", Static).update(Text(" · ".join(part for part in meta if part)))
        self.show_tags(document.tags)
        self.show_note(document.note)
        self.show_related(document.id, ())
        self.highlight(query)
        self.scroll_home(animate=False, immediate=True)
        if self._reveal is not None and self._reveal[0] == document.id:
            self._revealed = True
            self._go_to(self._reveal[1])
        elif self._revealed:
            self._reveal, self._revealed = None, False

    def show_related(self, article_id: str, related: tuple[Hit, ...]) -> None:
        """List the articles related to `article_id`, if it is still the one on display."""
        if self.document is None or self.document.id != article_id:
            return
        related_list = self.query_one("#related", OptionList)
        related_list.clear_options()
        related_list.add_options(Option(related_prompt(hit), id=hit.id) for hit in related)
        related_list.highlighted = 0 if related else None
        self.set_class(not related, "-no-related")

    def clear(self) -> None:
        """Show no article (when the results it came from are gone)."""
        self.document = None
        self.hits, self.current_hit = [], -1
        self.query_one("#reader-title", Static).update(EMPTY_TITLE)
        for name in ("#reader-meta", "#reader-body"):
            self.query_one(name, Static).update("")
        self.show_tags(())
        self.show_note("")
        self.query_one("#related", OptionList).clear_options()
        self.set_class(True, "-no-related")
        self._caption()

    def show_tags(self, tags: tuple[str, ...]) -> None:
        """Show the article's user tags (the star first)."""
        ordered = sorted(tags, key=lambda tag: (tag != "starred", tag))
        words = ["★ starred" if tag == "starred" else f"#{tag}" for tag in ordered]
        self.query_one("#reader-tags", Static).update(Text("  ".join(words)))
        self.query_one("#reader-tags").display = bool(tags)

    def show_note(self, note: str) -> None:
        """Show the user's note under the title, where it is read before the article it is about."""
        self.query_one("#reader-note", Static).update(Text.assemble(("Note  ", "bold"), note))
        self.query_one("#reader-note").display = bool(note)

    def highlight(self, query: Query | None) -> None:
        """Mark every hit of `query` in the body and start again at the first."""
        if self.document is None:
            return
        self.hits = match_spans(query, self.document.body) if query is not None else []
        self.current_hit = -1
        self._paint()

    def _paint(self) -> None:
        if self.document is None:
            return
        if not self.document.body.strip():
            self.query_one("#reader-body", Static).update(Text(NO_TEXT, style="italic"))
            self._caption()
            return
        body = Text(self.document.body)
        match_style = self.get_component_rich_style("reading-pane--match")
        current_style = self.get_component_rich_style("reading-pane--current")
        for index, (start, end) in enumerate(self.hits):
            body.stylize(current_style if index == self.current_hit else match_style, start, end)
        self.query_one("#reader-body", Static).update(body)
        self._caption()

    def _caption(self) -> None:
        if not self.hits:
            self.border_subtitle = ""
        elif self.current_hit < 0:
            self.border_subtitle = f"{len(self.hits)} hit{'s' if len(self.hits) != 1 else ''} · n next"
        else:
            self.border_subtitle = f"hit {self.current_hit + 1} of {len(self.hits)}"

    def action_hit(self, step: int) -> None:
        """Go to the next (1) or previous (-1) hit, wrapping around."""
        if not self.hits:
            self.notify("No hits of the query in this article", severity="warning", timeout=2)
            return
        if self.current_hit < 0:
            self.current_hit = 0 if step > 0 else len(self.hits) - 1
        else:
            self.current_hit = (self.current_hit + step) % len(self.hits)
        self._paint()
        self.call_after_refresh(self._scroll_to_hit)

    def reveal(self, article_id: str, offset: int) -> None:
        """Make the hit at character `offset` of the article the current one and scroll to it: now, if the
        article is on display, else as soon as it is shown."""
        self._reveal, self._revealed = (article_id, offset), False
        if self.document is not None and self.document.id == article_id:
            self._revealed = True
            self._go_to(offset)

    def _go_to(self, offset: int) -> None:
        """Make current the hit that holds `offset` (or the first after it) and scroll it into the middle."""
        following = [index for index, (_, end) in enumerate(self.hits) if end > offset]
        if not following:
            return
        self.current_hit = following[0]
        self._paint()
        self.call_after_refresh(self._scroll_to_hit)

    def _scroll_to_hit(self) -> None:
        body = self.query_one("#reader-body", Static)
        line = self._line_of(self.hits[self.current_hit][0], body.content_region.width)
        target = Region(0, body.virtual_region.y + line, 1, 1)
        self.scroll_to_region(target, center=True, animate=False, immediate=True)

    def _line_of(self, offset: int, width: int) -> int:
        """The wrapped line of the body on which character `offset` is drawn."""
        assert self.document is not None
        line = 0
        start = 0
        for paragraph in self.document.body.split("\n"):
            end = start + len(paragraph)
            wrapped = Text(paragraph).wrap(self.app.console, max(1, width)) if paragraph else [Text()]
            if offset <= end:
                position = start
                for number, piece in enumerate(wrapped):
                    position += len(piece.plain)
                    if offset < position:
                        return line + number
                return line + len(wrapped) - 1
            line += len(wrapped)
            start = end + 1
        return line

    @on(OptionList.OptionSelected, "#related")
    def _related_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleSelected(event.option.id))
