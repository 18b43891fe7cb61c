"""Reading YAML data files into typed dataclasses, with errors that name file, line and field.

Data is edited by hand by people adding careers and phrasings, so every mistake has to point at
the exact place: a traceback from deep inside a loader would tell them nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from pathlib import Path
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import yaml

T = TypeVar("T")


class DataError(Exception):
    """A problem in a data file, worded for the person who edits that file."""

    def __init__(self, path: Path | str, line: int | None, field: str, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        label = f" {field}:" if field else ""
        super().__init__(f"{where}:{label} {message}")


@dataclasses.dataclass(eq=False)
class Node:
    """A YAML value with the line it starts on (1-based)."""

    value: Any
    line: int


def data_files(directory: Path) -> list[Path]:
    """The `*.yaml` files of a folder, sorted; hidden ones (editor lock and swap files such as `.#x.yaml`) are not data."""
    return sorted(path for path in directory.glob("*.yaml") if not path.name.startswith("."))


def read_yaml(path: Path) -> Node:
    """Parse a YAML file into a tree of Nodes, keeping line numbers for later validation."""
    import yaml  # here, not at the top: a cached advisor starts without parsing any YAML

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataError(path, None, "", f"not UTF-8 text ({error.reason}); save it as UTF-8") from None
    except OSError as error:
        raise DataError(path, None, "", f"cannot read the file ({error.strerror})") from None
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        gave_up_at_end = "end of stream" in (error.problem or "")
        mark = (error.context_mark if gave_up_at_end else None) or error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = f"{error.context}, {error.problem}" if gave_up_at_end and error.context else error.problem or error.context
        raise DataError(path, line, "", f"broken YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise DataError(path, None, "", f"broken YAML: {error}") from None
    if root is None:
        raise DataError(path, 1, "", "the file is empty")
    return _to_node(path, root)


def _to_node(path: Path, node: yaml.Node) -> Node:
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise DataError(path, key_node.start_mark.line + 1, str(key), "keys must be plain words")
            if str(key) in mapping:
                raise DataError(path, key_node.start_mark.line + 1, str(key), "this key appears twice")
            mapping[str(key)] = _to_node(path, value_node)
        return Node(mapping, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_to_node(path, item) for item in node.value], line)
    return Node(_scalar(node), line)


def _scalar(node: yaml.Node) -> Any:
    """Resolve a scalar the way safe_load would (ints, floats, dates, bools, null, strings)."""
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        return node
    constructor = _constructor()
    construct = constructor.yaml_constructors.get(node.tag, yaml.constructor.SafeConstructor.construct_scalar)
    return construct(constructor, node)


@cache
def _constructor() -> yaml.constructor.SafeConstructor:
    import yaml

    return yaml.constructor.SafeConstructor()


def build(cls: type[T], node: Node, path: Path, field: str = "") -> T:
    """Turn a Node tree into an instance of `cls` (a dataclass or plain type), checking every field.

    Field constraints come from dataclass metadata: `min` for numbers, `nonempty` for lists and strings.
    """
    return typing.cast(T, _build(cls, node, path, field, {}))


def _build(kind: Any, node: Node, path: Path, field: str, meta: dict[str, Any]) -> Any:
    origin = typing.get_origin(kind)
    if dataclasses.is_dataclass(kind):
        return _build_dataclass(kind, node, path, field)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        if node.value is None:
            return None
        return _build(options[0], node, path, field, meta)
    if origin is list:
        if not isinstance(node.value, list):
            raise DataError(path, node.line, field, f"expected a list, found {describe(node.value)}")
        if meta.get("nonempty") and not node.value:
            raise DataError(path, node.line, field, "must not be empty")
        (item_kind,) = typing.get_args(kind)
        return [_build(item_kind, item, path, f"{field}[{index}]", {}) for index, item in enumerate(node.value)]
    if origin is dict:
        if not isinstance(node.value, dict):
            raise DataError(path, node.line, field, f"expected a mapping, found {describe(node.value)}")
        _, value_kind = typing.get_args(kind)
        return {key: _build(value_kind, item, path, f"{field}.{key}" if field else key, meta) for key, item in node.value.items()}
    return _build_scalar(kind, node, path, field, meta)


def _build_dataclass(kind: Any, node: Node, path: Path, field: str) -> Any:
    if not isinstance(node.value, dict):
        raise DataError(path, node.line, field or kind.__name__, f"expected a mapping, found {describe(node.value)}")
    hints = typing.get_type_hints(kind)
    fields = {item.name: item for item in dataclasses.fields(kind)}
    for key, item in node.value.items():
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise DataError(path, item.line, _join(field, key), f"unknown field (known fields: {known})")
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        if name not in node.value:
            has_default = spec.default is not dataclasses.MISSING or spec.default_factory is not dataclasses.MISSING
            if not has_default:
                raise DataError(path, node.line, _join(field, name), "this required field is missing")
            continue
        values[name] = _build(hints[name], node.value[name], path, _join(field, name), dict(spec.metadata))
    return kind(**values)


def _build_scalar(kind: Any, node: Node, path: Path, field: str, meta: dict[str, Any]) -> Any:
    value = node.value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if kind is datetime.date and isinstance(value, datetime.date):
        return value
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise DataError(path, node.line, field, f"expected {_KIND_NAMES.get(kind, kind.__name__)}, found {describe(value)}")
    if "min" in meta and value < meta["min"]:
        raise DataError(path, node.line, field, f"must be at least {meta['min']}, found {value}")
    if meta.get("nonempty") and isinstance(value, str) and not value.strip():
        raise DataError(path, node.line, field, "must not be empty")
    return value


_KIND_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false", datetime.date: "a date (YYYY-MM-DD)"}


def describe(value: Any) -> str:
    """A found value as an error message names it ("a list", "the number 3", "text 'abc'")."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"{_KIND_NAMES.get(type(value), type(value).__name__)} {str(value)[:40]!r}"


def _join(parent: str, child: str) -> str:
    return f"{parent}.{child}" if parent else child


def positive(**extra: Any) -> Any:
    """Field metadata for a number that must not be negative."""
    return dataclasses.field(metadata={"min": 0, **extra})


def required_list() -> Any:
    """Field metadata for a list that must have at least one item."""
    return dataclasses.field(metadata={"nonempty": True})
