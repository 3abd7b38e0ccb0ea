"""Reads the query language people type into the tree in `store.query.tree`, and writes trees back as text.

A small hand-written tokenizer and recursive-descent parser, because the language is tiny and its errors
must point at the exact character at fault, in words people understand. Precedence, loosest first: `OR`, then
`AND` (explicit, or words side by side), then `NOT` / a leading `-`, then the proximity operators (`w/5`,
`NEAR/5`, `pre/5`, see `proximity.py`), so `-a w/5 b` excludes the pair and `(a OR b) w/5 c` needs its
parentheses. Keywords count only in upper case, so pasted prose ("war or peace") stays words; the proximity
operators in any case, as people type `NEAR/5` and `w/5` alike, and the few look-alikes prose holds ("w/o") get
an error saying so rather than a search for something else.

A query made only of exclusions (`-iran`) parses to a bare `Not`, which by its definition is every article the
inner query misses; no `MatchAll` is added. The empty query is `MatchAll()`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final, Literal, get_args

from store.errors import QuerySyntaxError
from store.query import proximity
from store.query.tree import (
    And,
    DateRange,
    Exact,
    Has,
    Is,
    MatchAll,
    Missing,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    Tag,
    Term,
    TextField,
    Word,
)
from store.query.values import NONE, VALUE_PARSERS, format_dates, format_value, read_value

_TEXT_FIELDS: dict[str, TextField] = {
    "title": "title",
    "body": "body",
    "byline": "byline",
    "place": "location",
    "note": "note",
}
"""Query field names: each text field by its own name, and `place:` for the dateline's place."""
_FIELD_NAMES: dict[TextField, str] = {field: name for name, field in _TEXT_FIELDS.items()}
_WORD_END = '()"'
MAX_NESTING: Final = 64
"""How many parentheses, `NOT`s and leading `-`s may enclose one another in a query.

Deeper queries are refused with a `QuerySyntaxError` at the opener past the limit. Parsing and every walk over the
tree (tantivy query building, highlighting, formatting) recurse once or twice per level, so without a bound a few
hundred `NOT`s would exhaust Python's stack. 64 is far beyond any query a person writes, and keeps a parsed tree
at most `2 * MAX_NESTING + 3` nodes deep (each parenthesis can open an `OR` of `AND`s), well inside the stack;
a proximity is one of those nodes, as its words are plain tuples, and it cannot hold another.
"""

_Keyword = Literal["AND", "OR", "NOT"]
_Kind = Literal["word", "quoted", "near", "(", ")", "-", _Keyword]
_KEYWORDS: dict[str, _Keyword] = {word: word for word in get_args(_Keyword)}


@dataclass(frozen=True)
class _Token:
    """One lexical unit; a field value travels with its field so `title:"a b"` stays one operand."""

    kind: _Kind
    pos: int
    """Where the token's own text starts (inside the quotes for a quoted one)."""
    text: str
    field: str | None = None
    field_pos: int = 0
    typing: bool = False
    """The last bare word while the user is still typing it: it also matches as a prefix."""
    distance: int | None = None
    """How many words apart a `near` operator, or a quoted `"a b"~N`, lets its two words be."""


def parse_query(text: str, *, as_you_type: bool = False) -> Query:
    """Turn what a person typed into a query tree, or raise `QuerySyntaxError` saying what is wrong and where.

    With `as_you_type`, a last word with no whitespace after it is probably unfinished, so it also matches as
    a prefix (`missile def` finds "defense").
    """
    tokens = _tokenize(text)
    _check_parentheses(tokens)
    if as_you_type and _last_word_is_unfinished(text, tokens):
        tokens[-1] = replace(tokens[-1], typing=True)
    return _Parser(tokens).parse()


def to_query(query: Query | str, *, as_you_type: bool = False) -> Query:
    """A tree as it is, or text parsed into one, so a caller already holding the tree (the browser, which parses
    each keystroke once) need not write it out as text only to have it parsed again."""
    return parse_query(query, as_you_type=as_you_type) if isinstance(query, str) else query


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "()":
            token, i = _Token("(" if char == "(" else ")", i, char), i + 1
        elif char == '"':
            token, i = _quoted(text, i, None, 0)
        elif char == "-" and i + 1 < len(text) and not text[i + 1].isspace() and text[i + 1] != ")":
            token, i = _Token("-", i, "-"), i + 1
        else:
            token, i = _chunk(text, i)
        tokens.append(token)
    return tokens


def _chunk(text: str, start: int) -> tuple[_Token, int]:
    """A run up to whitespace, a parenthesis or a quote: a keyword, a word, or `field:value`.

    Punctuation before a field name is skipped, as it is around words, so `+title:x` is a field, not a word.
    """
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in _WORD_END:
        end += 1
    chunk = text[start:end]
    if chunk in _KEYWORDS:
        return _Token(_KEYWORDS[chunk], start, chunk), end
    lead = next((i for i, char in enumerate(chunk) if _is_word_char(char)), 0)
    operator = proximity.OPERATOR.match(chunk, lead)
    if operator is not None:
        span = proximity.distance(chunk[lead:], chunk[operator.end() :], start + lead)
        return _Token("near", start + lead, chunk[lead:], distance=span), end
    name, colon, value = chunk[lead:].partition(":")
    if not (colon and name.isalpha()):
        return _Token("word", start, chunk), end
    if not value and text.startswith('"', end):
        return _quoted(text, end, name, start + lead)
    return _Token("word", end - len(value), value, name, start + lead), end


def _quoted(text: str, start: int, field: str | None, field_pos: int) -> tuple[_Token, int]:
    """Quoted text, and the `~N` right after the closing quote that makes its two words a proximity."""
    close = text.find('"', start + 1)
    if close == -1:
        raise QuerySyntaxError("unclosed quote", start)
    inner, end, span = text[start + 1 : close], close + 1, None
    if text.startswith("~", end):
        stop = end + 1
        while stop < len(text) and not text[stop].isspace() and text[stop] not in _WORD_END:
            stop += 1
        span = proximity.distance(text[end:stop], text[end + 1 : stop], end)
        end = stop
    return _Token("quoted", start + 1, inner, field, field_pos, distance=span), end


def _check_parentheses(tokens: list[_Token]) -> None:
    """Report unbalanced parentheses before anything else, at the parenthesis itself, not where it bit."""
    opened: list[int] = []
    for token in tokens:
        if token.kind == "(":
            opened.append(token.pos)
        elif token.kind == ")":
            if not opened:
                raise QuerySyntaxError("unmatched ')'", token.pos)
            opened.pop()
    if opened:
        raise QuerySyntaxError("unclosed '('", opened[-1])


def _last_word_is_unfinished(text: str, tokens: list[_Token]) -> bool:
    """A last word with nothing after it, unless excluded: excluding every prefix would hide too much."""
    if not tokens or text[-1].isspace() or tokens[-1].kind != "word":
        return False
    return len(tokens) == 1 or tokens[-2].kind not in ("-", "NOT")


def _normalize(word: str) -> str:
    """Lower-case and trim the punctuation around a word (`"Defense,"` is `defense`), keeping inner marks."""
    lowered = word.lower()
    keep = [i for i, char in enumerate(lowered) if _is_word_char(char)]
    return lowered[keep[0] : keep[-1] + 1] if keep else ""


def _is_word_char(char: str) -> bool:
    """Letters, digits and combining marks (so an accent typed as a separate code point stays on its word)."""
    return unicodedata.category(char)[0] in "LNM"


class _Parser:
    """Recursive descent over the tokens; each method consumes one level of the precedence ladder.

    Runs of operands (`a b c`, `a OR b OR c`) are consumed in loops, so only nesting recurses, and `_nested`
    bounds that at `MAX_NESTING`.
    """

    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._i = 0
        self._depth = 0

    def parse(self) -> Query:
        query = self._or()
        return MatchAll() if query is None else query

    def _peek(self) -> _Token | None:
        return self._tokens[self._i] if self._i < len(self._tokens) else None

    def _advance(self) -> _Token:
        token = self._tokens[self._i]
        self._i += 1
        return token

    def _or(self) -> Query | None:
        first = self._and()
        items = [] if first is None else [first]
        while (token := self._peek()) is not None and token.kind == "OR":
            self._advance()
            if not items:
                raise QuerySyntaxError("nothing before 'OR'", token.pos)
            following = self._and()
            if following is None:
                raise QuerySyntaxError("nothing after 'OR'", token.pos)
            items.append(following)
        return _combine(Or, items)

    def _and(self) -> Query | None:
        items: list[Query] = []
        while (token := self._peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                if not items:
                    raise QuerySyntaxError("nothing before 'AND'", token.pos)
                items.append(self._operand(self._advance(), self._proximal))
            elif (item := self._proximal()) is not None:
                items.append(item)
        return _combine(And, items)

    def _proximal(self) -> Query | None:
        """An operand, or two joined by a proximity operator (never more: chains are refused)."""
        first = self._peek()
        if first is not None and first.kind == "near":
            raise QuerySyntaxError(f"nothing before '{first.text}'", first.pos)
        left = self._unary()
        operator = self._peek()
        if operator is None or operator.kind != "near":
            return left
        self._advance()
        if left is None:
            raise QuerySyntaxError(f"nothing before '{operator.text}'", operator.pos)
        right = self._operand(operator, self._unary)
        chained = self._peek()
        if chained is not None and chained.kind == "near":
            raise QuerySyntaxError(
                f"one proximity per pair of words: write 'a {operator.text} b AND b {chained.text} c'", chained.pos
            )
        assert operator.distance is not None
        return proximity.near(left, right, operator.text, operator.distance, operator.pos)

    def _operand(self, operator: _Token, parse: Callable[[], Query | None]) -> Query:
        """What an operator applies to; punctuation that would be skipped elsewhere does not count."""
        following = self._peek()
        item = None if following is None or following.kind in ("AND", "OR", ")", "near") else parse()
        if item is None:
            raise QuerySyntaxError(f"nothing after '{operator.text}'", operator.pos)
        return item

    def _unary(self) -> Query | None:
        token = self._advance()
        if token.kind in ("-", "NOT", "("):
            return self._nested(token)
        return _atom(token)

    def _nested(self, opener: _Token) -> Query:
        """What an exclusion or a parenthesis encloses, one level deeper than its surroundings."""
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise QuerySyntaxError(f"query nests deeper than {MAX_NESTING} levels", opener.pos)
        if opener.kind == "(":
            inner = self._or()
            self._advance()  # the matching ')': parentheses were checked to balance
            if inner is None:
                raise QuerySyntaxError("empty parentheses", opener.pos)
        else:
            inner = Not(self._operand(opener, self._proximal))
        self._depth -= 1
        return inner


def _combine(kind: type[And] | type[Or], items: list[Query]) -> Query | None:
    """One item stands alone; `(a b) c` flattens to one `And`, as regrouping one operator changes nothing."""
    if len(items) <= 1:
        return items[0] if items else None
    flat: list[Query] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


def _atom(token: _Token) -> Query | None:
    """A word, phrase or `field:value`; None for bare punctuation, which pasted text is full of."""
    if token.field is None:
        return _text_atom(token, None)
    name = token.field.lower()
    if name not in _TEXT_FIELDS and name not in VALUE_PARSERS:
        fields = ", ".join((*_TEXT_FIELDS, *VALUE_PARSERS))
        raise QuerySyntaxError(f"unknown field '{name}' (fields: {fields})", token.field_pos)
    empty = QuerySyntaxError(f"'{name}:' needs a value", token.field_pos + len(name) + 1)
    if name in _TEXT_FIELDS:
        atom = _text_atom(token, _TEXT_FIELDS[name])
        if atom is None:
            raise empty
        return atom
    value = " ".join(token.text.lower().split())
    if not value:
        raise empty
    if token.distance is not None:
        raise QuerySyntaxError(f"'~' only works on words, not on '{name}:'", token.pos + len(token.text) + 1)
    star = token.text.find("*") if token.kind == "word" else -1
    if star != -1:
        raise QuerySyntaxError(f"'*' only works on words, not on '{name}:'", token.pos + star)
    return read_value(name, value, token.pos, quoted=token.kind == "quoted")


def _text_atom(token: _Token, field: TextField | None) -> Query | None:
    if token.kind == "quoted":
        words = tuple(word for word in map(_normalize, token.text.split()) if word)
        if token.distance is not None:
            return proximity.quoted_near(words, field, token.distance, token.pos - 1)
        return Phrase(words, field) if words else None
    star = token.text.find("*")
    if star == -1:
        text = _normalize(token.text)
        if not text:
            return None
        return Or((Term(text, field), Prefix(text, field))) if token.typing else Term(text, field)
    if star != len(token.text) - 1:
        raise QuerySyntaxError("'*' can only end a word", token.pos + star)
    stem = _normalize(token.text[:-1])
    if not stem:
        raise QuerySyntaxError("'*' needs letters before it", token.pos + star)
    return Prefix(stem, field)


def format_query(query: Query) -> str:
    """Write a tree as query text that parses back to it, so people see the query behind clicked filters.

    Raises `ValueError` for the few trees the language cannot say: `MatchAll` other than alone or inside
    `And`, a `DateRange` open at both ends, and a `Term` that would need quotes (which would make it exact).
    """
    match query:
        case MatchAll():
            return ""
        case Term() | Phrase() | Prefix():
            return _word(query, query.field)
        case Near(left, right, span, ordered, field):
            operator = f"pre/{span}" if ordered else f"w/{span}"
            return f"{_side(left, field)} {operator} {_side(right, field)}"
        case Exact(field, value):
            return f"{field}:{format_value(value)}"
        case Missing(field):
            return f"{field}:{NONE}"
        case Tag(name):
            return f"tag:{format_value(name)}"
        case Is(flag):
            return f"is:{flag}"
        case Has(what):
            return f"has:{what}"
        case DateRange(start, end):
            return format_dates(start, end)
        case Not(item):
            inner = _required(item)
            return f"-({inner})" if isinstance(item, And | Or) else f"-{inner}"
        case And(items):
            parts = (f"({_required(item)})" if isinstance(item, Or) else format_query(item) for item in items)
            return " ".join(part for part in parts if part)
        case Or(items):
            return " OR ".join(_required(item) for item in items)


def _required(query: Query) -> str:
    text = format_query(query)
    if not text:
        raise ValueError(f"{query!r} cannot be written inside OR or NOT")
    return text


def _word(word: Word, field: TextField | None) -> str:
    match word:
        case Term(text):
            if not _is_bare(text, field):
                raise ValueError(f"{word!r} cannot be written unquoted, and quoted it would be exact")
            return _with_field(field, text)
        case Phrase(words):
            return _with_field(field, '"' + " ".join(words) + '"')
        case Prefix(stem):
            return _with_field(field, stem + "*")


def _side(words: tuple[Word, ...], field: TextField | None) -> str:
    """One side of a proximity; the field goes on every word, as the parser takes it from any of them."""
    written = " OR ".join(_word(word, field) for word in words)
    return written if len(words) == 1 else f"({written})"


def _with_field(field: TextField | None, text: str) -> str:
    return text if field is None else f"{_FIELD_NAMES[field]}:{text}"


def _is_bare(word: str, field: str | None) -> bool:
    """Whether a word reads back as itself unquoted: no syntax characters and, unless it follows a field name
    (`title:a:b`), no keyword, field or proximity operator look-alike."""
    if _normalize(word) != word or any(char.isspace() or char in '()"*' for char in word):
        return False
    name, colon, _ = word.partition(":")
    looks_like_syntax = (colon and name.isalpha()) or word in _KEYWORDS or proximity.OPERATOR.match(word)
    return field is not None or not looks_like_syntax
