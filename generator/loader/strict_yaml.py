"""A strict, position-aware YAML reader for untrusted content.

PyYAML implements YAML 1.1, whose implicit typing surprises people who write
content by hand: ``NO`` becomes ``False``, ``1:20`` becomes ``80``, an unquoted
``2024-13-01`` raises a bare ``ValueError``. Here every plain scalar stays a
string except ``true``/``false`` and ``null``; the schema decides what a string
means (pydantic parses ``"12000"`` into an ``int`` field). Anchors and aliases
are refused outright, so a "billion laughs" document fails at once; duplicate
keys and explicit tags are errors. Every value's line and column is recorded so
that later checks can point at the exact place. The common mistakes of people
writing YAML by hand (tabs, non-breaking spaces, curly quotes, indentation, an
unquoted ': ') are told in plain words by :mod:`generator.loader.yaml_mistakes`,
both when the parser refuses the text and when it accepts them silently.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.i18n import N_, _
from generator.i18n.formatting import number
from generator.loader import yaml_mistakes
from generator.loader.yaml_mistakes import CURLY_OPENERS, GLUED_KEY, Mistake
from generator.safety.limits import YAML_DEPTH, YAML_SEPARATORS

Path_ = tuple[str | int, ...]

_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}
_STD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
MAX_DEPTH = YAML_DEPTH
#: Above this bound on the nesting, LibYAML's binding is not trusted with the text:
#: it composes nested collections by C recursion, so deep nesting (60 KB of '[') would
#: overflow the stack and kill the process. The pure-Python composer is used instead,
#: and it stops at MAX_DEPTH.
_C_DEPTH = 100


class YamlError(Exception):
    """A problem in the YAML text, with a 1-based line and column."""

    def __init__(self, code: str, message: str, line: int, column: int, hint: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


class Positions:
    """Where each value (and each mapping key) starts, keyed by its path.

    Most files have nothing to report, so the map is built only when first
    asked for, by reading the text again with positions recorded.
    """

    def __init__(self, text: str | None = None, first_line: int = 1) -> None:
        self._text = text
        self._first_line = first_line
        self._values: dict[Path_, tuple[int, int]] | None = None if text is not None else {}
        self._keys: dict[Path_, tuple[int, int]] = {}

    def _located(self) -> dict[Path_, tuple[int, int]]:
        if self._values is None:
            self._values = {}
            node = _compose(self._text or "", _StrictLoader, self._first_line - 1)
            if node is not None:
                _convert(node, (), self, None, self._first_line - 1)
        return self._values

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        return self._located()

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        self._located()
        return self._keys

    def of(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        if not path:
            return self.root
        values = self._located()
        path = tuple(path)
        while path:
            if path in values:
                return values[path]
            path = path[:-1]
        return values.get((), self.root)

    @property
    def root(self) -> tuple[int, int]:
        """Where the document starts: no need to parse for that."""
        if self._values and () in self._values:
            return self._values[()]
        return (self._first_line, 1)

    def key_of(self, path: Path_) -> tuple[int, int]:
        """Where the key of ``path`` is written (for "unknown field" errors)."""
        return self.keys.get(tuple(path)) or self.of(path)


# LibYAML composes ~10x faster than the pure-Python parser. Either way the
# implicit resolvers are emptied: every untagged node gets the plain str/seq/map
# tag, so any other tag on a node was written explicitly and is refused.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_DEFAULT_TAGS = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    yaml_implicit_resolvers: dict = {}  # noqa: RUF012

    if _Base is not yaml.SafeLoader:
        # Only LibYAML's parser: nodes are composed here, never constructed, so
        # the constructor's and resolver's set-up (a third of a small file's
        # parsing time) is skipped.
        __init__ = yaml.cyaml.CParser.__init__

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]  # same answer as the emptied resolver, faster

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers: skip the bookkeeping LibYAML asks for per node

    def ascend_resolver(self) -> None:
        pass


class _DepthLoader(yaml.SafeLoader):
    """The pure-Python composer, counting depth: for text too deeply nested to
    hand to LibYAML. It refuses the first node past MAX_DEPTH, so it never
    recurses far."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                mark = self.peek_event().start_mark
                raise _too_deep(mark.line + 1, mark.column + 1)
            return Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1


def _too_deep(line: int, column: int) -> YamlError:
    return YamlError(
        "yaml-too-deep",
        _("the YAML nests more than {limit} levels deep", limit=MAX_DEPTH),
        line,
        column,
        _(
            "Fields are at most a few levels deep: look for stray '[' or '{', or indentation "
            "that grows line after line."
        ),
    )


#: What YAML takes for a line break (LibYAML too): not only "\n".
_LINE_BREAKS = "\n\r\x85\u2028\u2029"


def too_deep_for_libyaml(text: str) -> bool:
    """Whether ``text`` could nest deeper than _C_DEPTH, without parsing it: every
    '[' or '{' may open a level, and so may each of a line's leading spaces and
    '-', '?' or ':' characters. (A regex finds a long enough run: no loop over lines.)"""
    room = _C_DEPTH - text.count("[") - text.count("{")
    if room < 0:
        return True
    run = f"[ ?:-]{{{room + 1}}}"
    if any(brk in text for brk in _LINE_BREAKS[1:]):  # rare: the slow, sure way
        return bool(re.search(f"(?:^|[{_LINE_BREAKS}]){run}", text))
    return bool(re.match(run, text) or re.search(f"\\n{run}", text))


class _CheckingLoader(yaml.SafeLoader):
    """The pure-Python composer, used only to locate a refused alias or anchor."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlError(
                "yaml-alias",
                _("YAML aliases (*{alias}) are not allowed in content", alias=event.anchor),
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                _("Write the value out in full instead of referring to an anchor."),
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlError(
                "yaml-alias",
                _("YAML anchors (&{anchor}) are not allowed in content", anchor=anchor),
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                _("Remove the '&' anchor and write each value out in full."),
            )
        return Composer.compose_node(self, parent, index)


def _pos(node: Node, line_offset: int = 0) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1 + line_offset, mark.column + 1


class _AliasSeen(Exception):
    pass


def _plain(node: Node, seen: set[int] | None, suspects: list[Node], depth: int = 0) -> Any:
    """Nodes to plain data, without positions: the fast path for valid files.
    Anything wrong is left for :func:`_convert`, which says where. Plain text that
    may hide a mistake YAML accepts goes to ``suspects``, for
    :func:`yaml_mistakes.after_parse` to judge: a value in curly quotes, one that
    looks like ``stage:proven``, one running over lines with a line in it that
    starts with '- '. (Three quick tests per value: this is the hot path.)"""
    if seen is not None:
        if id(node) in seen:
            raise _AliasSeen
        seen.add(id(node))
    if node.tag not in _STD_TAGS:
        raise _Recheck
    kind = node.__class__
    if kind is ScalarNode:
        value = node.value
        if not node.style:
            if value in _BOOLS:
                return _BOOLS[value]
            if value in _NULLS:
                return None
            if (
                value[0] in CURLY_OPENERS
                or (":" in value and GLUED_KEY.match(value))
                or ("- " in value and node.end_mark.line != node.start_mark.line)
            ):
                suspects.append(node)
        return value
    if depth > MAX_DEPTH:
        raise _Recheck
    depth += 1
    if kind is SequenceNode:
        return [_plain(item, seen, suspects, depth) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            raise _Recheck
        key = key_node.value
        if key in result or (key == "<<" and not key_node.style):
            raise _Recheck
        result[key] = _plain(value_node, seen, suspects, depth)
    return result


class _Recheck(Exception):
    """The fast path met a problem: re-read with positions to report it."""


def _convert(
    node: Node, path: Path_, positions: Positions, seen: set[int] | None, off: int, depth: int = 0
) -> Any:
    """Nodes to plain data, recording each value's position. (Hot: kept lean.)"""
    if seen is not None:  # only when the text could hold an alias ('*')
        # An alias makes LibYAML hand back the same node object twice.
        if id(node) in seen:
            raise _AliasSeen
        seen.add(id(node))
    mark = node.start_mark
    positions._values[path] = (mark.line + 1 + off, mark.column + 1)  # type: ignore[index]
    if node.tag not in _STD_TAGS:
        raise YamlError(
            "yaml-tag", _("YAML tag {tag} is not allowed", tag=node.tag), *_pos(node, off)
        )
    kind = node.__class__
    if kind is ScalarNode:
        value = node.value
        if not node.style:  # plain scalar (LibYAML says '', PyYAML None): only these are typed
            if value in _BOOLS:
                return _BOOLS[value]
            if value in _NULLS:
                return None
        return value
    if depth > MAX_DEPTH:
        raise _too_deep(*_pos(node, off))
    depth += 1
    if kind is SequenceNode:
        return [
            _convert(item, (*path, i), positions, seen, off, depth)
            for i, item in enumerate(node.value)
        ]
    if kind is MappingNode:
        result: dict[str, Any] = {}
        keys = positions._keys
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise YamlError(
                    "yaml-key", _("a mapping key must be plain text"), *_pos(key_node, off)
                )
            key = key_node.value
            if key == "<<" and not key_node.style:
                raise YamlError(
                    "yaml-alias", _("YAML merge keys (<<) are not allowed"), *_pos(key_node, off)
                )
            child = (*path, key)
            if key in result:
                raise YamlError(
                    "duplicate-key",
                    _(
                        "'{key}' is given twice (first on line {line})",
                        key=key,
                        line=keys[child][0],
                    ),
                    *_pos(key_node, off),
                    _("Keep one of the two; a later value would silently replace the first."),
                )
            key_mark = key_node.start_mark
            keys[child] = (key_mark.line + 1 + off, key_mark.column + 1)
            result[key] = _convert(value_node, child, positions, seen, off, depth)
        return result
    raise YamlError("yaml-syntax", _("unsupported YAML node"), *_pos(node, off))  # pragma: no cover


def parse(text: str, first_line: int = 1) -> tuple[Any, Positions]:
    """Parse one YAML document strictly. Raises :class:`YamlError`.

    ``first_line`` is the file line the text starts on (front matter starts on 2).
    """
    off = first_line - 1
    separators = text.count(",") + sum(text.count(brk) for brk in _LINE_BREAKS)
    if separators > YAML_SEPARATORS:
        at = next(islice(re.finditer(f"[,{_LINE_BREAKS}]", text), YAML_SEPARATORS, None)).start()
        line, column = _line_col(text, at)
        raise YamlError(
            "yaml-too-many-values",
            _(
                "the fields hold more than {limit} values or lines",
                limit=number(YAML_SEPARATORS),
            ),
            line + off,
            column,
            _("No entry needs so many: look for a list pasted in by mistake."),
        )
    deep = too_deep_for_libyaml(text)
    node = _compose(text, _DepthLoader if deep else _StrictLoader, off)
    positions = Positions(text, first_line)
    if node is None:
        return None, positions
    suspects: list[Node] = []
    try:
        try:
            data = _plain(node, set() if "*" in text else None, suspects)
        except _Recheck:  # raises the positioned error
            positions = Positions()
            data = _convert(node, (), positions, None, off)
    except _AliasSeen:
        # Rare: re-read with the pure-Python composer, which knows where the alias is.
        _compose(text, _CheckingLoader, off)
        raise YamlError("yaml-alias", _("YAML aliases are not allowed"), first_line, 1) from None
    if "&" in text:
        _refuse_anchors(text, off)
    if suspects or yaml_mistakes.odd_spaced(text):
        mistake = yaml_mistakes.after_parse(text, suspects)
        if mistake is not None:
            raise _error(mistake, off)
    return data, positions


def _error(mistake: Mistake, off: int) -> YamlError:
    return YamlError(
        mistake.code, mistake.message, mistake.line + off, mistake.column, mistake.hint
    )


def _refuse_anchors(text: str, off: int) -> None:
    """Refuse an anchor even when nothing refers to it: in ``name: &Co Ltd`` YAML
    takes ``&Co`` for an anchor and the name silently becomes ``Ltd``."""
    loader = _StrictLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise YamlError(
                    "yaml-alias",
                    _("YAML anchors (&{anchor}) are not allowed in content", anchor=anchor),
                    event.start_mark.line + 1 + off,
                    event.start_mark.column + 1,
                    _(
                        "Remove the '&' anchor; if the text itself starts with '&', "
                        "put it in quotes."
                    ),
                )
    finally:
        loader.dispose()


def _compose(text: str, loader_class: type, off: int) -> Node | None:
    try:
        return _compose_unshifted(text, loader_class)
    except YamlError as exc:
        exc.line += off
        raise


def _compose_unshifted(text: str, loader_class: type) -> Node | None:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            context = exc.context_mark
            mistake = yaml_mistakes.diagnose(
                text,
                exc.problem,
                exc.context,
                (mark.line, mark.column),
                (context.line, context.column) if context is not None else None,
            )
            if mistake is not None:
                raise _error(mistake, 0) from None
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = _parser_words(exc.problem) if exc.problem else _("invalid YAML")
        if exc.context:
            # Translators: a YAML parser's problem, then what it was reading, e.g.
            # "mapping values are not allowed in this context (while scanning a simple key)".
            problem = _(
                "{problem} ({context})", problem=problem, context=_parser_words(exc.context)
            )
        raise YamlError(
            "yaml-syntax",
            _("YAML syntax error: {problem}", problem=problem),
            line,
            col,
            _(
                "Check indentation, and quote text that contains ': ' or starts with a special "
                "character such as '*', '&', '!', '[', '{', '@' or '`'."
            ),
        ) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        raise YamlError(
            "yaml-character",
            _(
                "character U+{code:04X} is not allowed in YAML ({reason})",
                code=_codepoint(exc.character),
                reason=_parser_words(exc.reason),
            ),
            line,
            col,
            _("Remove the invisible control character; retype the text around it."),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError("yaml-syntax", _("YAML error: {problem}", problem=exc), 1, 1) from None
    finally:
        loader.dispose()
    return node


#: What LibYAML (and PyYAML's own reader) says about text it cannot read, in
#: words a translation can give: the messages content can provoke. Anything
#: else a parser says is shown as it is.
_PARSER_WORDS = frozenset(
    {
        N_("block sequence entries are not allowed in this context"),
        N_("control characters are not allowed"),
        N_("special characters are not allowed"),
        N_("could not find expected ':'"),
        N_("did not find URI escaped octet"),
        N_("did not find expected '!'"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected <document start>"),
        N_("did not find expected alphabetic or numeric character"),
        N_("did not find expected comment or line break"),
        N_("did not find expected hexdecimal number"),
        N_("did not find expected key"),
        N_("did not find expected node content"),
        N_("did not find expected tag URI"),
        N_("did not find expected whitespace"),
        N_("did not find expected whitespace or line break"),
        N_("expected a single document in the stream"),
        N_("found a tab character that violates indentation"),
        N_("found a tab character where an indentation space is expected"),
        N_("found an indentation indicator equal to 0"),
        N_("found character that cannot start any token"),
        N_("found duplicate anchor; first occurrence"),
        N_("found invalid Unicode character escape code"),
        N_("found undefined alias"),
        N_("found undefined tag handle"),
        N_("found unexpected ':'"),
        N_("found unexpected document indicator"),
        N_("found unexpected end of stream"),
        N_("found unknown escape character"),
        N_("invalid Unicode character"),
        N_("mapping keys are not allowed in this context"),
        N_("mapping values are not allowed in this context"),
        N_("while parsing a block collection"),
        N_("while parsing a block mapping"),
        N_("while parsing a block node"),
        N_("while parsing a flow mapping"),
        N_("while parsing a flow node"),
        N_("while parsing a flow sequence"),
        N_("while parsing a node"),
        N_("while parsing a quoted scalar"),
        N_("while parsing a tag"),
        N_("while scanning a block scalar"),
        N_("while scanning a directive"),
        N_("while scanning a plain scalar"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a simple key"),
        N_("while scanning a tag"),
        N_("while scanning an alias"),
        N_("while scanning an anchor"),
        N_("while scanning for the next token"),
    }
)


def _parser_words(text: str) -> str:
    """A parser's problem or context in the active language, when it is one we know."""
    return _(text) if text in _PARSER_WORDS else text


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _codepoint(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)
