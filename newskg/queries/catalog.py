"""The saved-query catalog: ``*.rq`` files with a grlc-style ``#+`` YAML header.

Parameters follow grlc's convention: ``?_name`` is a required parameter,
``?__name`` an optional one. Values are bound by the engine (SPARQL
substitution), never spliced into the query text, so no parameter value can
change what a query does. A parameter of ``type: name`` is matched against every
label and alias of an entity: the value is turned into the same
transliteration-tolerant key the identity graph stores (``nk:nameKey``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from rdflib import Literal

from newskg.errors import QueryError
from newskg.names import name_key

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
_MAX_VALUE = 1000


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    required: bool
    kind: str  # "name" (matched against labels and aliases) or "text"
    default: str | None = None

    @property
    def variable(self) -> str:
        return ("_" if self.required else "__") + self.name


@dataclass(frozen=True)
class SavedQuery:
    name: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    example: str
    text: str

    @property
    def parameter_variables(self) -> set[str]:
        return {p.variable for p in self.parameters}

    def bindings(self, values: Mapping[str, str]) -> dict[str, Literal]:
        """Engine bindings for the given parameter values; raises QueryError on unknown or missing ones."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} (parameters: {expected})")
        bound: dict[str, Literal] = {}
        for parameter in self.parameters:
            value = values.get(parameter.name, parameter.default)
            if value is None or (parameter.required and not str(value).strip()):
                raise QueryError(
                    f"query {self.name!r} needs --param {parameter.name}=VALUE ({parameter.description})"
                )
            value = str(value)
            if len(value) > _MAX_VALUE:
                raise QueryError(f"parameter {parameter.name!r} is longer than {_MAX_VALUE} characters")
            if parameter.kind == "name":
                value = name_key(value) if value.strip() else ""
            bound[parameter.variable] = Literal(value)
        return bound


def _parse(name: str, text: str) -> SavedQuery:
    header_lines = [line[3:] if line.startswith("#+ ") else line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as error:
        raise QueryError(f"saved query {name}.rq has a malformed #+ header: {error}") from None
    parameters = tuple(
        Parameter(
            name=str(p["name"]),
            description=str(p.get("description", "")),
            required=bool(p.get("required", True)),
            kind=str(p.get("type", "text")),
            default=None if p.get("default") is None else str(p["default"]),
        )
        for p in header.get("params", []) or []
    )
    return SavedQuery(
        name=name,
        summary=str(header.get("summary", "")),
        description=str(header.get("description", "")),
        parameters=parameters,
        example=str(header.get("example", f"newskg query {name}")),
        text=text,
    )


@lru_cache(maxsize=1)
def _all() -> dict[str, SavedQuery]:
    folder = resources.files(__package__)
    queries = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            queries[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return dict(sorted(queries.items()))


def list_queries() -> list[SavedQuery]:
    return list(_all().values())


def get_query(name: str) -> SavedQuery:
    """The saved query called ``name``; names are checked, never used as paths."""
    queries = _all()
    if not _NAME.match(name or "") or name not in queries:
        raise QueryError(f"no saved query named {name!r}; available: {', '.join(queries)}")
    return queries[name]
