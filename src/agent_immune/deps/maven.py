"""Maven: pom.xml (without network) and Gradle's gradle.lockfile.

pom.xml is read the way Maven builds its effective model, as far as that is possible
without a repository: the parent chain is followed inside the source tree
(`relativePath`, default ../pom.xml, used only when its coordinates match),
properties are interpolated (`${x}`, `${project.version}`, `${project.parent.version}`,
parent properties), and a dependency without a version takes it from
dependencyManagement. Dependencies of activeByDefault profiles count; build plugin
dependencies do not (they do not ship). What needs a repository is not resolved:
parents outside the tree, BOM imports (scope import), and transitive dependencies.

The XML parser refuses any DOCTYPE, which rules out entity expansion attacks
("billion laughs") and external entities; a pom has no use for either.
"""
from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .base import Package, read_bytes, read_text

ECOSYSTEM = "Maven"
_PROPERTY = re.compile(r"\$\{([^${}]+)\}")
_MAX_PARENTS = 16
_MAX_INTERPOLATION = 10


@dataclass
class Node:
    tag: str
    line: int
    text: str = ""
    children: list["Node"] = field(default_factory=list)

    def child(self, tag: str) -> "Node | None":
        for c in self.children:
            if c.tag == tag:
                return c
        return None

    def all(self, tag: str) -> list["Node"]:
        return [c for c in self.children if c.tag == tag]

    def text_of(self, tag: str) -> str:
        c = self.child(tag)
        return c.text.strip() if c is not None else ""

    def path(self, *tags: str) -> "Node | None":
        node: Node | None = self
        for t in tags:
            node = node.child(t) if node is not None else None
        return node


class _Refused(Exception):
    pass


def parse_xml(path: Path, data: bytes) -> Node:
    """A small element tree with line numbers; DOCTYPE and entities are refused."""
    parser = xml.parsers.expat.ParserCreate()
    stack: list[Node] = []
    root: list[Node] = []

    def start(name, _attrs):
        node = Node(name.rsplit(":", 1)[-1], parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_name):
        stack.pop()

    def chars(data):
        if stack:
            stack[-1].text += data

    def refuse(*_args):
        raise _Refused()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        raise InputError("DOCTYPE and entity declarations are not allowed in a pom.xml",
                         path=path, line=parser.CurrentLineNumber) from None
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(f"invalid XML: {xml.parsers.expat.errors.messages.get(exc.code, str(exc))}",
                         path=path, line=exc.lineno) from None
    except (LookupError, ValueError) as exc:  # an unknown encoding declaration
        raise InputError(f"invalid XML: {exc}", path=path) from None
    if not root:
        raise InputError("invalid XML: no root element", path=path)
    return root[0]


@dataclass
class Pom:
    path: Path
    root: Node

    def coordinates(self) -> tuple[str, str, str]:
        parent = self.root.child("parent")
        group = self.root.text_of("groupId") or (parent.text_of("groupId") if parent is not None else "")
        version = self.root.text_of("version") or (parent.text_of("version") if parent is not None else "")
        return group, self.root.text_of("artifactId"), version


def _load_pom(path: Path) -> Pom:
    root = parse_xml(path, read_bytes(path))
    if root.tag != "project":
        raise InputError(f"not a pom.xml: the root element is <{root.tag}>, expected <project>", path=path, line=root.line)
    return Pom(path, root)


def _parent_pom(pom: Pom) -> Pom | None:
    """The parent pom when it is in the source tree with matching coordinates."""
    parent = pom.root.child("parent")
    if parent is None:
        return None
    rel = parent.child("relativePath")
    if rel is not None and not rel.text.strip():
        return None  # <relativePath/>: look the parent up in a repository only
    candidate = pom.path.parent / (rel.text.strip() if rel is not None else "../pom.xml")
    if candidate.is_dir():
        candidate = candidate / "pom.xml"
    if not candidate.is_file():
        return None
    try:
        found = _load_pom(candidate)
    except InputError:
        return None  # not the parent after all; Maven would fetch it instead
    group, artifact, _ = found.coordinates()
    if (group, artifact) != (parent.text_of("groupId"), parent.text_of("artifactId")):
        return None
    return found


def _chain(pom: Pom) -> list[Pom]:
    chain = [pom]
    seen = {pom.path.resolve()}
    while len(chain) < _MAX_PARENTS:
        parent = _parent_pom(chain[-1])
        if parent is None or parent.path.resolve() in seen:
            break
        seen.add(parent.path.resolve())
        chain.append(parent)
    return chain


def _properties(chain: list[Pom]) -> dict[str, str]:
    """Properties visible in the first pom of the chain; nearer poms win."""
    props: dict[str, str] = {}
    for pom in reversed(chain):
        block = pom.root.child("properties")
        if block is not None:
            for p in block.children:
                props[p.tag] = p.text.strip()
    group, artifact, version = chain[0].coordinates()
    for prefix in ("project.", "pom."):
        props[prefix + "groupId"] = group
        props[prefix + "artifactId"] = artifact
        props[prefix + "version"] = version
    parent = chain[0].root.child("parent")
    if parent is not None:
        for key in ("groupId", "artifactId", "version"):
            props[f"project.parent.{key}"] = props[f"parent.{key}"] = parent.text_of(key)
    return props


def _interpolate(value: str, props: dict[str, str]) -> str:
    for _ in range(_MAX_INTERPOLATION):
        new = _PROPERTY.sub(lambda m: props.get(m.group(1), m.group(0)), value)
        if new == value:
            break
        value = new
    return value


@dataclass(frozen=True)
class _Dep:
    group: str
    artifact: str
    version: str
    scope: str
    optional: bool
    line: int
    source: Path


def _deps(pom: Pom, container: Node | None, props: dict[str, str]) -> list[_Dep]:
    if container is None:
        return []
    out = []
    block = container.child("dependencies")
    for d in block.all("dependency") if block is not None else []:
        out.append(_Dep(
            _interpolate(d.text_of("groupId"), props),
            _interpolate(d.text_of("artifactId"), props),
            _interpolate(d.text_of("version"), props),
            _interpolate(d.text_of("scope"), props),
            _interpolate(d.text_of("optional"), props).lower() == "true",
            d.line, pom.path))
    return out


def _active_profiles(pom: Pom) -> list[Node]:
    profiles = pom.root.child("profiles")
    if profiles is None:
        return []
    return [p for p in profiles.all("profile")
            if (p.path("activation", "activeByDefault") or Node("", 0)).text.strip().lower() == "true"]


def _version(raw: str) -> tuple[str, str | None]:
    """A pom version -> (version, spec). "1.0" is used as is; "[1.0]" pins; a range
    such as "[1.0,2.0)" is a requirement; an unresolved ${...} is unknown."""
    raw = raw.strip()
    if not raw or "${" in raw:
        return "", None
    if raw[0] in "[(":
        inner = raw[1:-1] if raw[-1] in "])" else ""
        if raw[0] == "[" and raw[-1] == "]" and inner and "," not in inner:
            return inner.strip(), None
        return "", raw
    return raw, None


def pom_xml(path: Path) -> list[Package]:
    chain = _chain(_load_pom(path))
    props = _properties(chain)

    declared: list[_Dep] = []
    managed: dict[tuple[str, str], _Dep] = {}
    for pom in chain:
        containers = [pom.root] + _active_profiles(pom)
        for c in containers:
            declared.extend(_deps(pom, c, props))
            for m in _deps(pom, c.child("dependencyManagement"), props):
                if m.scope != "import":
                    managed.setdefault((m.group, m.artifact), m)

    packages: dict[str, Package] = {}
    for d in declared:
        if not d.group or not d.artifact:
            continue  # Maven rejects these; without a groupId nothing can be matched
        name = f"{d.group}:{d.artifact}"
        if name in packages:
            continue  # nearest declaration wins, as in Maven's effective model
        m = managed.get((d.group, d.artifact))
        version, spec = _version(d.version or (m.version if m else ""))
        scope = d.scope or (m.scope if m else "")
        groups = tuple(g for g in (scope if scope not in ("", "compile") else "", "optional" if d.optional else "") if g)
        packages[name] = Package(name, version, ECOSYSTEM, str(d.source), spec=spec, line=d.line, groups=groups)
    return list(packages.values())


# -- gradle.lockfile --------------------------------------------------------------------

_GRADLE_LINE = re.compile(r"^(?P<group>[^:=\s]+):(?P<artifact>[^:=\s]+):(?P<version>[^:=\s]+)=(?P<configs>[^=\s]*)$")


def gradle_lockfile(path: Path) -> list[Package]:
    """`group:artifact:version=config,config` lines; `empty=...` and comments skipped."""
    text = read_text(path)
    packages = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("empty="):
            continue
        m = _GRADLE_LINE.match(line)
        if not m:
            raise InputError("malformed gradle.lockfile line (expected group:artifact:version=configurations)",
                             path=path, line=number)
        configs = tuple(c for c in m.group("configs").split(",") if c)
        packages.append(Package(f"{m.group('group')}:{m.group('artifact')}", m.group("version"), ECOSYSTEM,
                                str(path), line=number, groups=configs))
    return packages
