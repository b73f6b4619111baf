"""Write an instrument as a TOML file that loads back as the same instrument."""

from __future__ import annotations

import json
from typing import Any

from carenet_dash.instrument import Instrument


def instrument_toml(instrument: Instrument, notes: tuple[str, ...] = ()) -> str:
    """An instrument as a TOML file that loads back as the same instrument; ``notes`` become
    comment lines at the top (what a draft could not be sure of)."""
    lines = [f"# {line}".rstrip() for note in notes for line in note.splitlines()]
    if lines:
        lines.append("")
    _emit_table(instrument.definition(), "", lines)
    return "\n".join(lines).rstrip() + "\n"


def _emit_table(data: dict[str, Any], path: str, lines: list[str]) -> None:
    tables = []
    for key, value in data.items():
        if value is None or value in ("", []):
            continue  # TOML has no null: a key left out reads back as its default
        if isinstance(value, dict) or (
            isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
        ):
            tables.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in tables:
        name = f"{path}.{_toml_key(key)}" if path else _toml_key(key)
        if isinstance(value, dict):
            lines += ["", f"[{name}]"]
            _emit_table(value, name, lines)
        else:
            for entry in value:
                lines += ["", f"[[{name}]]"]
                _emit_table(entry, name, lines)


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else _toml_string(key)


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, bar DEL, which TOML wants escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        parts = [_toml_value(v) for v in value]
        if sum(len(p) for p in parts) <= 80:
            return "[" + ", ".join(parts) + "]"
        return "[\n" + "".join(f"  {p},\n" for p in parts) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")
