"""Reading YAML with line numbers, so every error names file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError


class SourceError(ValueError):
    """A problem in an input file, located as precisely as the file allows."""

    def __init__(self, file: str, line: int | None, field: str | None, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message
        where = file + (f":{line}" if line else "")
        super().__init__(f"{where}: {field + ': ' if field else ''}{message}")


def parse_yaml(text: str, file: str) -> Any:
    try:
        return YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(file, line, None, f"not valid YAML: {e.problem or e.context}") from None
    except Exception as e:  # ruamel raises a few unmarked errors (e.g. bad unicode)
        raise SourceError(file, None, None, f"not valid YAML: {e}") from None


@dataclass(frozen=True)
class Cursor:
    """A position in a parsed document: the value, its dotted field path and its line."""

    file: str
    value: Any
    path: str = ""
    line: int | None = None

    def error(self, message: str) -> SourceError:
        return SourceError(self.file, self.line, self.path or None, message)

    def _child_path(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else str(key)

    def mapping(self) -> Cursor:
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {_kind(self.value)}")
        return self

    def seq(self) -> list[Cursor]:
        if not isinstance(self.value, list):
            raise self.error(f"expected a list, got {_kind(self.value)}")
        out = []
        for i, v in enumerate(self.value):
            line = self.line
            if isinstance(self.value, CommentedSeq):
                try:
                    line = self.value.lc.item(i)[0] + 1
                except (KeyError, IndexError, TypeError):
                    pass
            out.append(Cursor(self.file, v, self._child_path(i), line))
        return out

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value

    def get(self, key: str, default: Any = ...) -> Cursor:
        self.mapping()
        if key not in self.value:
            if default is ...:
                raise self.error(f"missing field '{key}'")
            return Cursor(self.file, default, self._child_path(key), self.line)
        line = self.line
        if isinstance(self.value, CommentedMap):
            try:
                line = self.value.lc.key(key)[0] + 1
            except (KeyError, TypeError):
                pass
        return Cursor(self.file, self.value[key], self._child_path(key), line)

    def items(self) -> list[tuple[str, Cursor]]:
        self.mapping()
        return [(str(k), self.get(k)) for k in self.value]

    def check_keys(self, allowed: set[str]) -> None:
        for k in self.mapping().value:
            if k not in allowed:
                raise self.get(k).error(
                    f"unknown field (expected one of: {', '.join(sorted(allowed))})"
                )

    def str(self, *, empty_ok: bool = False) -> str:
        if not isinstance(self.value, str) or (not empty_ok and not self.value.strip()):
            raise self.error(f"expected a non-empty text, got {_kind(self.value)}")
        return str(self.value)

    def num(self, lo: float, hi: float) -> float:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
            raise self.error(f"expected a number from {lo} to {hi}, got {v!r}")
        return float(v)

    def strs(self) -> tuple[str, ...]:
        return tuple(c.str() for c in self.seq())


def _kind(v: Any) -> str:
    if v is None:
        return "nothing"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, str):
        return f"the text {v[:40]!r}" if v.strip() else "an empty text"
    if isinstance(v, bool):
        return f"{str(v).lower()} (true/false)"
    if isinstance(v, (int, float)):
        return f"the number {v!r}"
    return f"{type(v).__name__} {v!r:.40}"
