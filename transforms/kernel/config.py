"""The one YAML loader for every configuration file of the project, and its error type.

Every file under ``config/`` (canonical model, source mappings, quality, retention policy and disposal map,
research datasets) is read with ``read_yaml`` and validated with ``validate_config``. The loader is stricter
than ``yaml.safe_load`` on purpose, because a config mistake here changes what is kept, deleted or published:

- a **duplicate key** is refused (``yaml.safe_load`` lets the second one win silently: a second
  ``camera_footage:`` block would turn a 4-week term into 50 years without a word);
- **anchors, aliases and merge keys** are refused: an alias can expand into a huge value (billion laughs)
  that passes a check and exhausts memory at run time, and a config file gains nothing from them;
- nesting deeper than ``MAX_DEPTH`` is refused before Python's recursion limit is reached;
- a file that is not UTF-8 is refused with the line of the first bad byte.

Every problem is one line naming the file and the place (``path:line: key.path: what``), so the command
line can print it as it is (``transforms.cli`` does, with exit status 2) and an operator can jump to it.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

MAX_DEPTH = 50  # far beyond any real config file (the deepest is about 8), far below Python's recursion limit

KeyPath = tuple[Any, ...]
Model = TypeVar("Model", bound=BaseModel)
Entry = TypeVar("Entry")
Item = TypeVar("Item")


class ConfigError(ValueError):
    """A configuration file is wrong.

    Each line of the message is one problem naming the file and the place; a message with several problems
    starts with a line counting them.
    """


class ConfigDocument(dict):
    """The top-level mapping of a config file, remembering where each key path was written.

    ``positions`` maps a key path (``("classes", "camera_footage", "term")``; list items by index) to its
    1-based line, so ``validate_config`` can name the line of a schema error. It is a plain ``dict``
    otherwise: code that only reads values needs to know nothing about it.
    """

    def __init__(self, data: dict, path: Path | str, positions: dict[KeyPath, int] | None = None) -> None:
        super().__init__(data)
        self.path = path
        self.positions: dict[KeyPath, int] = dict(positions or {})

    def with_values(self, **values: Any) -> "ConfigDocument":
        """A copy with some top-level values added by the loader (e.g. the file's own ``path``), same lines."""
        return ConfigDocument({**self, **values}, self.path, self.positions)

    def line_of(self, keys: KeyPath) -> int | None:
        """The line of the deepest written part of ``keys`` (a schema error may point below what was written)."""
        for end in range(len(keys), -1, -1):
            line = self.positions.get(tuple(keys[:end]))
            if line is not None:
                return line
        return None


def one_line(text: object) -> str:
    """``text`` with its whitespace runs (newlines included) collapsed: every problem stays one line."""
    return " ".join(str(text).split())


def problem_line(path: Path | str, message: str, *, line: int | None = None, where: str | None = None) -> str:
    """``path:line: where: message`` (parts left out when unknown), on one line."""
    place = f"{path}:{line}" if line else f"{path}"
    return f"{place}: {where}: {one_line(message)}" if where else f"{place}: {one_line(message)}"


def config_error(where: Path | str, problems: list[str], what: str = "") -> ConfigError:
    """One ``ConfigError`` for a list of problems, each already a line that names its place in ``where``.

    One problem is one line (``where: what problem``); several get a counting first line and one line each.
    """
    if len(problems) == 1:
        return ConfigError(problem_line(where, f"{what}{problems[0]}"))
    lines = [f"{where}: {what}{len(problems)} problem(s)"] + [problem_line(where, p) for p in problems]
    return ConfigError("\n".join(lines))


def known(entries: Mapping[str, Entry], name: str, problems: list[str], problem: str) -> Entry | None:
    """``entries[name]``; when there is no such entry, None, and ``problem`` (the line naming the place and the
    unknown name) is added to ``problems``: the first step of every cross-reference check of a config file."""
    found = entries.get(name)
    if found is None:
        problems.append(problem)
    return found


@dataclass(frozen=True)
class CrossReference:
    """How the items of a list in a config file name an entry elsewhere: the item's ``attribute`` holding the
    name, the ``place`` of item ``i`` in the file and the ``problem`` of an unknown name (format strings: ``{i}``
    the index and ``{item}`` the item in ``place``; ``{where}`` the place and ``{name}`` the name in ``problem``)."""

    attribute: str
    place: str
    problem: str

    def each_known(
        self, items: Iterable[Item], entries: Mapping[str, Entry], problems: list[str]
    ) -> Iterator[tuple[str, Item, Entry]]:
        """Each item whose name is an entry of ``entries``, as (where, item, entry); for every other item the
        problem is added to ``problems`` (:func:`known`): the first step of a cross-reference check."""
        for i, item in enumerate(items):
            where = self.place.format(i=i, item=item)
            name = getattr(item, self.attribute)
            entry = known(entries, name, problems, self.problem.format(where=where, name=name))
            if entry is not None:
                yield where, item, entry


def raise_problems(where: Path | str, problems: list[str], what: str = "") -> None:
    """Raise one ``ConfigError`` listing every problem found (nothing when the list is empty).

    A problem is a sentence that starts with its key path (``entities.patient.bsn: ...``).
    """
    if problems:
        raise config_error(where, problems, what)


def format_validation_error(path: Path | str, error: ValidationError, data: Any = None) -> str:
    """Pydantic's errors as lines ``path:line: key.path: message`` (the line when ``data`` knows it)."""
    lines = []
    for item in error.errors():
        loc = tuple(item["loc"])
        where = ".".join(str(part) for part in loc) or "(top level)"
        line = data.line_of(loc) if isinstance(data, ConfigDocument) else None
        lines.append(problem_line(path, item["msg"], line=line, where=where))
    if len(lines) == 1:
        return lines[0]
    return "\n".join([f"{path}: {len(lines)} problem(s)", *lines])


def validate_config(schema: type[Model], data: dict, path: Path | str) -> Model:
    """``schema.model_validate(data)``, pydantic's errors turned into one ``ConfigError`` naming ``path``
    and, when ``data`` comes from ``read_yaml``, the line of each problem."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(path, exc, data)) from None
    except OverflowError as exc:  # an absurd number a validator cannot even compute with
        raise ConfigError(problem_line(path, f"value out of range: {exc}")) from None


# --- the loader -----------------------------------------------------------------------------------------------


class _Refused(Exception):
    """A YAML feature or shape the loader refuses, at a line (turned into a ``ConfigError`` naming the file)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` refusing aliases, anchors and excessive nesting while it composes the node tree."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, f"YAML alias *{event.anchor} is not allowed in configuration; write the value out")
        if getattr(event, "anchor", None) is not None:
            raise _Refused(line, f"YAML anchor &{event.anchor} is not allowed in configuration; write the value out")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(line, f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _index(loader: _StrictLoader, node: yaml.Node, path: KeyPath, positions: dict[KeyPath, int]) -> None:
    """Record the line of every key path under ``node`` and refuse duplicate keys and merge keys."""
    positions.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(line, "YAML merge key '<<' is not allowed in configuration; write the keys out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(line, "a key must be a plain value, not a list or a mapping")
            key = loader.construct_object(key_node, deep=True)
            where = ".".join(str(part) for part in (*path, key))
            if key in first_line:
                raise _Refused(
                    line,
                    f"{where}: duplicate key {key!r} (first at line {first_line[key]}); "
                    "a second entry would silently replace the first",
                )
            first_line[key] = line
            positions[(*path, key)] = line
            _index(loader, value_node, (*path, key), positions)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            _index(loader, item, (*path, number), positions)


def _line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def parse_yaml(text: str, path: Path | str = "<string>") -> tuple[Any, dict[KeyPath, int]]:
    """Parse one YAML document strictly (see the module docstring): ``(value, positions)``.

    Raises ``ConfigError`` naming ``path`` and the line.

    The same text of the same file is parsed once per process: a night's steps and the console read the
    canonical model and the policy dozens of times, and the strict pure-Python loader costs 10-50 ms a file.
    The caller gets its own copy, which it may change; a changed file is new text and parsed anew.
    """
    value, positions = _parsed(text, str(path))
    return copy.deepcopy(value), dict(positions)


@functools.lru_cache(maxsize=128)
def _parsed(text: str, path: str) -> tuple[Any, dict[KeyPath, int]]:
    # a refusal is raised, never cached: a file fixed on disk is read again
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        positions: dict[KeyPath, int] = {}
        if node is None:
            return None, positions
        _index(loader, node, (), positions)
        return loader.construct_document(node), positions
    except _Refused as exc:
        raise ConfigError(problem_line(path, exc.message, line=exc.line)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or exc
        raise ConfigError(
            problem_line(path, f"not valid YAML: {problem}", line=mark.line + 1 if mark else None)
        ) from None
    except RecursionError:  # a second line of defence behind MAX_DEPTH
        raise ConfigError(problem_line(path, "nested too deeply")) from None
    finally:
        loader.dispose()


def read_yaml(path: Path | str) -> ConfigDocument:
    """Read a config file whose top level is a mapping; raises ``ConfigError`` naming the file and the place."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except OSError as exc:
        raise ConfigError(problem_line(path, f"cannot be read: {exc.strerror or exc}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            problem_line(
                path,
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                line=_line_of_byte(raw, exc.start),
            )
        ) from None
    data, positions = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return ConfigDocument(data, path, positions)


def load_config(schema: type[Model], path: Path | str, **values: Any) -> Model:
    """Read ``path`` and validate it against ``schema`` (``values``: top-level fields the loader adds)."""
    document = read_yaml(path)
    return validate_config(schema, document.with_values(**values) if values else document, path)
