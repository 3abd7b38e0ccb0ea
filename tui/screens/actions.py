"""The keys that act on an article or on the results: star, tag, note, cite, export, copy, open in $PAGER, save
the search.

They are a mixin of `BrowserScreen`, kept apart so the screen's own module stays about searching and reading.
Each one either reads the article in the reading pane or writes through the archive in a thread worker; writes
share the screen's lock, so the browser never runs two of its own writes at once (the archive's file lock only
keeps other processes out). A notice that quotes a path, a name, a tag or an error is sent with `markup=False`:
that text is someone else's, and read as Textual markup `[/bold]` would crash the app and `[@click=...]` run.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual import on, work
from textual.app import SuspendNotSupported
from textual.reactive import var
from textual.screen import Screen

from store.archive import Archive
from store.errors import NewsdeskError, ReadOnlyError
from store.export import as_text, write_files
from store.paths import key_path, shown_key
from tui.messages import SavedSearchDeleted, UserDataChanged
from tui.screens.cite_style import CITE_STYLE_SETTING, DEFAULT_STYLE, STYLE_NAMES, CiteStyleScreen
from tui.screens.dialogs import ExportRequest, ExportScreen, SaveSearchScreen, TagScreen
from tui.screens.note_editor import NoteScreen
from tui.screens.state import SearchState
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.result_list import ResultList


class ArticleActions(Screen[None]):
    """Star, tag, export, copy, open and save-search actions; the screen that mixes them in owns the state."""

    archive: Archive
    state: var[SearchState]
    _write_lock: threading.Lock
    _saved: list[tuple[str, str]]
    _searched: str

    def _current(self) -> str | None:
        document = self.query_one(ReadingPane).document
        if document is None:
            self.notify("Choose an article first", severity="warning", timeout=2)
            return None
        return document.id

    def action_star(self) -> None:
        """Star the article in the reader, or unstar it."""
        if (article_id := self._current()) is not None:
            starred = "starred" in self.query_one(ReadingPane).document.tags  # type: ignore[union-attr]
            self._tag(article_id, ("starred",), remove=starred)

    def _writable(self) -> bool:
        """Whether the archive takes writes; if not, says so, before a dialog has anyone type tags or a name in
        vain (the archive would refuse the write itself anyway: `ReadOnlyError`)."""
        if self.archive.read_only:
            self.notify(str(ReadOnlyError(self.archive.path.name)), severity="warning", markup=False)
        return not self.archive.read_only

    def action_tag(self) -> None:
        """Ask for tags to add (or, written `-tag`, remove) on the article in the reader."""
        if not self._writable() or (article_id := self._current()) is None:
            return
        document = self.query_one(ReadingPane).document
        assert document is not None
        known = tuple(name for name, _ in self.archive.facets("").tags)

        def apply(answer: str | None) -> None:
            words = (answer or "").split()
            add = tuple(word for word in words if not word.startswith("-"))
            remove = tuple(word[1:] for word in words if word.startswith("-") and len(word) > 1)
            if add:
                self._tag(article_id, add, remove=False)
            if remove:
                self._tag(article_id, remove, remove=True)

        self.app.push_screen(TagScreen(document.title, document.tags, known), apply)

    @work(thread=True, group="write", description="Tagging")
    def _tag(self, article_id: str, tags: tuple[str, ...], *, remove: bool) -> None:
        try:
            with self._write_lock:
                now = self.archive.tag(article_id, tags, remove=remove, on_wait=self._waiting_to_write)
        except NewsdeskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._tags_changed, article_id, now)

    def _waiting_to_write(self, message: str) -> None:
        """Another process holds the writer lock (a long import): say so at once, not when the change lands."""
        note = f"{message[0].upper()}{message[1:]} The change is made as soon as it is done."
        self.app.call_from_thread(self.notify, note, timeout=4, markup=False)

    def _tags_changed(self, article_id: str, tags: tuple[str, ...]) -> None:
        reader = self.query_one(ReadingPane)
        if reader.document is not None and reader.document.id == article_id:
            reader.document = replace(reader.document, tags=tags)
            reader.show_tags(tags)
        self.query_one(ResultList).show_tags(article_id, tags)
        self.post_message(UserDataChanged())

    def action_note(self) -> None:
        """Write or edit the note on the article in the reader, in a pane over the browser."""
        if not self._writable() or (article_id := self._current()) is None:
            return
        document = self.query_one(ReadingPane).document
        assert document is not None

        def save(text: str | None) -> None:
            if text is not None:
                self._save_note(article_id, text)

        self.app.push_screen(NoteScreen(document.title, document.note), save)

    @work(thread=True, group="write", description="Saving the note")
    def _save_note(self, article_id: str, text: str) -> None:
        try:
            with self._write_lock:
                note = self.archive.set_note(article_id, text, on_wait=self._waiting_to_write)
        except NewsdeskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._note_changed, article_id, note)

    def _note_changed(self, article_id: str, note: str) -> None:
        reader = self.query_one(ReadingPane)
        if reader.document is not None and reader.document.id == article_id:
            reader.document = replace(reader.document, note=note)
            reader.show_note(note)
        self.notify("Note saved" if note else "Note removed", timeout=2)
        self.post_message(UserDataChanged())

    def action_export(self) -> None:
        """Ask what to export (this article or all results), in which format, and where."""
        document = self.query_one(ReadingPane).document
        total = self.query_one(ResultList).total
        if document is None and total == 0:
            self.notify("Nothing to export", severity="warning", timeout=2)
            return
        if self.archive.read_only:  # served read-only, an export would write files on the server's disk
            self.notify("Export is off: the archive is open read-only", severity="warning")
            return
        self.app.push_screen(
            ExportScreen(document.title if document else None, total, Path.cwd() / "newsdesk-export"),
            self._export,
        )

    def _export(self, request: ExportRequest | None) -> None:
        if request is None:
            return
        if request.everything:
            text, sort, count = self._searched, self.state.sort, max(1, self.query_one(ResultList).total)
            self._write_export(
                request, lambda: [hit.id for hit in self.archive.search(text, sort=sort, limit=count).hits]
            )
        elif (document := self.query_one(ReadingPane).document) is not None:
            self._write_export(request, lambda: [document.id])

    @work(thread=True, group="export", description="Exporting")
    def _write_export(self, request: ExportRequest, chosen: Callable[[], list[str]]) -> None:
        """Write the chosen articles; what to export was read from the screen before this worker started."""
        try:
            ids = chosen()
            written = write_files(self.archive.full_records(ids), request.format, request.folder)
        except (NewsdeskError, OSError) as error:
            self.app.call_from_thread(self.notify, f"Export failed: {error}", severity="error", markup=False)
            return
        what = f"{len(ids)} article{'s' if len(ids) != 1 else ''}"
        where = written[0] if len(written) == 1 else request.folder
        self.app.call_from_thread(self.notify, f"Exported {what} to {where}", title="Export", markup=False)

    def action_copy(self) -> None:
        """Copy the article (heading, metadata and body) to the clipboard."""
        if (article_id := self._current()) is None:
            return
        try:
            record = self.archive.full_record(article_id)
        except NewsdeskError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.app.copy_to_clipboard(as_text(record))
        self.notify("Article copied to the clipboard", timeout=2)

    def _cited(self) -> str | None:
        """The article a citation is for: the one in the reader, else the one under the cursor in the list."""
        document = self.query_one(ReadingPane).document
        if document is not None:
            return document.id
        hit = self.query_one(ResultList).highlighted
        if hit is None:
            self.notify("Choose an article first", severity="warning", timeout=2)
        return hit.id if hit else None

    def action_cite(self) -> None:
        """Copy the citation of the article, in the style chosen last (APA until one is)."""
        if (article_id := self._cited()) is not None:
            self._cite(article_id, None)

    def action_cite_style(self) -> None:
        """Choose the citation style in a menu; the style is kept with the archive and the citation copied."""
        if (article_id := self._cited()) is None:
            return

        def chosen(style: str | None) -> None:
            if style is not None:
                self._cite(article_id, style)

        self.app.push_screen(CiteStyleScreen(self.archive.setting(CITE_STYLE_SETTING) or DEFAULT_STYLE), chosen)

    @work(thread=True, group="cite", description="Citing")
    def _cite(self, article_id: str, chosen: str | None) -> None:
        """Cite in a worker: citeproc and its style files take a moment to load the first time."""
        from store.cite import cite, style_named

        style = style_named(chosen or self.archive.setting(CITE_STYLE_SETTING))
        try:
            if chosen is not None and chosen != self.archive.setting(CITE_STYLE_SETTING) and not self.archive.read_only:
                with self._write_lock:
                    self.archive.set_setting(CITE_STYLE_SETTING, chosen)
            citation = cite(self.archive.full_records([article_id]), style)
        except NewsdeskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._citation_ready, STYLE_NAMES.get(style, style), citation)

    def _citation_ready(self, style: str, citation: str) -> None:
        self.app.copy_to_clipboard(citation)
        first = citation.strip().splitlines()[0] if citation.strip() else ""
        self.notify(first, title=f"{style} citation copied", timeout=4, markup=False)

    def action_open_file(self) -> None:
        """Open the article's original file in $PAGER (less by default)."""
        document = self.query_one(ReadingPane).document
        if document is None:
            self._current()
            return
        path = key_path(document.path)
        if not path.is_file():
            self.notify(
                f"{shown_key(document.path)}: the original file is no longer there", severity="error", markup=False
            )
            return
        pager = shlex.split(os.environ.get("PAGER") or "less")
        failure: OSError | None = None
        try:
            with self.app.suspend():
                try:  # caught inside, so the app is resumed (Textual's suspend() does not resume on an exception)
                    subprocess.run([*pager, str(path)], check=False)
                except OSError as error:
                    failure = error
        except SuspendNotSupported:
            self.notify("This terminal cannot hand the screen to $PAGER", severity="error")
        if failure is not None:
            self.notify(f"$PAGER {shlex.join(pager)}: {failure.strerror or failure}", severity="error", markup=False)

    def action_save_search(self) -> None:
        """Save the current query, filters included, under a name."""
        if not self._writable():
            return
        text = self.state.searchable_text()
        if text is None:
            self.notify("Mend the query before saving it", severity="warning", timeout=2)
            return
        text = text.strip()
        if not text:
            self.notify("Type a query or choose filters first", severity="warning", timeout=2)
            return

        def save(name: str | None) -> None:
            if name:
                self._save_search(name, text)

        self.app.push_screen(SaveSearchScreen(text), save)

    @work(thread=True, group="write", description="Saving the search")
    def _save_search(self, name: str, text: str) -> None:
        try:
            with self._write_lock:
                self.archive.save_search(name, text)
                saved = self.archive.saved_searches()
        except NewsdeskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._saved_changed, saved, f"Saved “{name}”")

    @on(SavedSearchDeleted)
    def _saved_search_deleted(self, event: SavedSearchDeleted) -> None:
        self._delete_search(event.name)

    @work(thread=True, group="write", description="Deleting the saved search")
    def _delete_search(self, name: str) -> None:
        try:
            with self._write_lock:
                self.archive.delete_search(name)
                saved = self.archive.saved_searches()
        except NewsdeskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._saved_changed, saved, f"Forgot “{name}”")

    def _saved_changed(self, saved: list[tuple[str, str]], note: str) -> None:
        self._saved = saved
        self.notify(note, timeout=2, markup=False)
        self.post_message(UserDataChanged())
