"""A strict, position-aware YAML reader for untrusted content.

PyYAML implements YAML 1.1, whose implicit typing surprises people who write
content by hand: ``NO`` becomes ``False``, ``1:20`` becomes ``80``, an unquoted
``2024-13-01`` raises a bare ``ValueError``. Here every plain scalar stays a
string except ``true``/``false`` and ``null``; the schema decides what a string
means (pydantic parses ``"12000"`` into an ``int`` field). Anchors and aliases
are refused outright, so a "billion laughs" document fails at once; duplicate
keys and explicit tags are errors. Every value's line and column is recorded so
that later checks can point at the exact place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path_ = tuple[str | int, ...]

_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}
_STD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
MAX_DEPTH = 20


class YamlError(Exception):
    """A problem in the YAML text, with a 1-based line and column."""

    def __init__(self, code: str, message: str, line: int, column: int, hint: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


@dataclass
class Positions:
    """Where each value (and each mapping key) starts, keyed by its path."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

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

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]  # same answer as the emptied resolver, faster


class _CheckingLoader(yaml.SafeLoader):
    """The pure-Python composer, used only to locate a refused alias or anchor."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlError(
                "yaml-alias",
                f"YAML aliases (*{event.anchor}) are not allowed in content",
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                "Write the value out in full instead of referring to an anchor.",
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlError(
                "yaml-alias",
                f"YAML anchors (&{anchor}) are not allowed in content",
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                "Remove the '&' anchor and write each value out in full.",
            )
        return Composer.compose_node(self, parent, index)


def _pos(node: Node, line_offset: int = 0) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1 + line_offset, mark.column + 1


class _AliasSeen(Exception):
    pass


def _convert(
    node: Node, path: Path_, positions: Positions, seen: set[int], off: int, depth: int = 0
) -> Any:
    # An alias makes LibYAML hand back the same node object twice.
    if id(node) in seen:
        raise _AliasSeen
    seen.add(id(node))
    positions.values[path] = _pos(node, off)
    if depth > MAX_DEPTH:
        raise YamlError("yaml-too-deep", "the YAML nests too deeply", *_pos(node, off))
    if node.tag not in _STD_TAGS:
        raise YamlError("yaml-tag", f"YAML tag {node.tag} is not allowed", *_pos(node, off))
    if isinstance(node, ScalarNode):
        if not node.style:  # plain (unquoted) scalar (LibYAML says '', PyYAML None): only booleans and null are typed
            if node.value in _BOOLS:
                return _BOOLS[node.value]
            if node.value in _NULLS:
                return None
        return node.value
    if isinstance(node, SequenceNode):
        return [
            _convert(item, (*path, i), positions, seen, off, depth + 1) for i, item in enumerate(node.value)
        ]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlError("yaml-key", "a mapping key must be plain text", *_pos(key_node, off))
            if key_node.value == "<<" and not key_node.style:
                raise YamlError(
                    "yaml-alias", "YAML merge keys (<<) are not allowed", *_pos(key_node, off)
                )
            key = key_node.value
            if key in result:
                first = positions.keys[(*path, key)]
                raise YamlError(
                    "duplicate-key",
                    f"'{key}' is given twice (first on line {first[0]})",
                    *_pos(key_node, off),
                    "Keep one of the two; a later value would silently replace the first.",
                )
            positions.keys[(*path, key)] = _pos(key_node, off)
            result[key] = _convert(value_node, (*path, key), positions, seen, off, depth + 1)
        return result
    raise YamlError("yaml-syntax", "unsupported YAML node", *_pos(node, off))  # pragma: no cover


def parse(text: str, first_line: int = 1) -> tuple[Any, Positions]:
    """Parse one YAML document strictly. Raises :class:`YamlError`.

    ``first_line`` is the file line the text starts on (front matter starts on 2).
    """
    off = first_line - 1
    node = _compose(text, _StrictLoader, off)
    if node is None:
        return None, Positions()
    positions = Positions()
    try:
        data = _convert(node, (), positions, set(), off)
    except _AliasSeen:
        # Rare: re-read with the pure-Python composer, which knows where the alias is.
        _compose(text, _CheckingLoader, off)
        raise YamlError("yaml-alias", "YAML aliases are not allowed", first_line, 1) from None
    if "&" in text:
        _refuse_anchors(text, off)
    return data, positions


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
                    f"YAML anchors (&{anchor}) are not allowed in content",
                    event.start_mark.line + 1 + off,
                    event.start_mark.column + 1,
                    "Remove the '&' anchor; if the text itself starts with '&', put it in quotes.",
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
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlError(
            "yaml-syntax",
            f"YAML syntax error: {problem}",
            line,
            col,
            "Check indentation, and quote text that contains ': ' or starts with a special "
            "character such as '*', '&', '!', '[', '{', '@' or '`'.",
        ) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        raise YamlError(
            "yaml-character",
            f"character U+{_codepoint(exc.character):04X} is not allowed in YAML ({exc.reason})",
            line,
            col,
            "Remove the invisible control character; retype the text around it.",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError("yaml-syntax", f"YAML error: {exc}", 1, 1) from None
    finally:
        loader.dispose()
    return node


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _codepoint(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)
