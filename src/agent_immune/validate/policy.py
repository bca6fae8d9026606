"""The [mouth] policy: disabled rules, deny patterns and allow patterns.

Patterns are shell-style globs (`fnmatch`, case-sensitive) or, when written
`re:...`, Python regular expressions (searched). A deny pattern is matched against every
simple command, both as written and after wrappers are unwrapped (`sudo env X=1 make
test` is also matched as `make test`), and against the whole input; an allow pattern
against single commands only (below).

Precedence, most secure first:
1. a deny match blocks (rule `policy-deny`), whatever else is found;
2. `block` reasons stand: an allow pattern never lifts a block;
3. an allow match of a command as written (wrappers included: `make*` does not approve
   `sudo make`) downgrades the `review` reasons of that command to `allow`; a review inside
   a substitution belongs to the command in the substitution, and a match of the whole
   input downgrades nothing (a glob's `*` would reach across `;`);
4. a disabled rule's reasons are dropped (`malformed`, `policy-deny`, `policy-unlisted`,
   `nesting-too-deep`, `parse-timeout` and `judge-timeout` cannot be disabled).

With `unlisted = "review"` or `"block"` the allow patterns are also the project's command
allow list: every simple command that runs (in substitutions, pipelines, loops, functions,
`bash -c` strings, the commands `find -exec`/`xargs` run, shell strings and argv lists in
Python and TypeScript code) must match one, or it gets a `policy-unlisted` reason with that
verdict (a call of a function the input defined before it needs no pattern: its body's
commands are held to the list). Both the command as written from its name on and the
command it runs after unwrapping must match, so a wrapper lists nothing by itself:
`timeout 60 pytest` needs a pattern for `timeout …` and one for `pytest …`. The whole
input matching a pattern lists nothing (a glob's `*` would reach across `;`). An allow glob's
`*` does not finish a word naming what runs (`ls*` lists `ls -la`, not `lsof`; `git diff*` not
`git difftool`): see `Pattern.lists`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache

from ..errors import ConfigError
from .catalog import RULES, UNDISABLEABLE
from .verdict import ALLOW, BLOCK, REVIEW, CommandText, Reason, Span


@dataclass(frozen=True)
class Pattern:
    source: str
    regex: re.Pattern

    def matches(self, text: str) -> bool:
        return bool(self.regex.search(text)) if self.source.startswith("re:") else bool(self.regex.match(text))

    def lists(self, text: str) -> bool:
        """Does this allow pattern list the command `text`? As `matches`, except that a glob's `*`
        does not finish a word that names what runs: `ls*` lists `ls -la` but not `lsof`, `git diff*`
        not `git difftool`, `python3 -m pytest*` not `python3 -m pytest_evil`, `make*` not `makepkg`
        (each another program, found by the allow-list red team)."""
        if not self.matches(text):
            return False
        if self.source.startswith("re:"):
            return True
        glob = self.source.strip()
        star = glob.find("*")
        if star <= 0 or any(ch in glob[:star] for ch in "?[") or glob[star - 1] in _BLANKS:
            return True
        return not _inside_head(text, star)


def compile_pattern(p: str, where: str = "[mouth]") -> Pattern:
    if not isinstance(p, str) or not p.strip():
        raise ConfigError(f"{where}: empty pattern")
    try:
        rx = re.compile(p[3:]) if p.startswith("re:") else re.compile(translate(p.strip()))
    except re.error as exc:
        raise ConfigError(f"{where}: bad regular expression {p!r}: {exc}") from None
    return Pattern(p, rx)


_BLANKS = " \t\n"
_BLANK_IN = re.compile(r"\s")
_TOKEN = re.compile(r"(?:[^ \t\n\r]|\r(?![\n]|$))+")  # bash splits words at blanks only; a CRLF's \r is line end


def _inside_head(text: str, at: int) -> bool:
    """Is character offset `at` of `text` inside (not at the end of) a word naming what runs?"""
    tokens = [m.span() for m in _TOKEN.finditer(text)]
    if not tokens:
        return False
    heads = head_length([text[a:b] for a, b in tokens])
    return any(a < at < b for a, b in tokens[:heads])


# programs whose first plain argument names what they do (a subcommand, a make target)
SUBCOMMAND_TOOLS = frozenset({
    "git", "npm", "pnpm", "yarn", "npx", "bun", "deno", "cargo", "rustup", "go", "docker", "podman", "kubectl",
    "helm", "pip", "pip3", "uv", "poetry", "pipx", "pdm", "hatch", "conda", "mamba", "gh", "make", "apt", "apt-get",
    "brew", "systemctl", "terraform", "dotnet", "mvn", "gradle", "bundle", "rake", "mix", "composer", "nox",
    "just", "task", "bazel", "dnf", "yum", "snap", "flatpak", "gem", "rails", "django-admin", "alembic",
    # runners that wrap a command after a subcommand (`pipenv run pytest`): `pipenv *` would list `pipenv install`
    "pipenv", "rye", "rbenv", "pyenv", "asdf", "mise", "micromamba", "direnv", "perf",
})
INTERPRETERS = frozenset({"python", "python3", "node", "ruby", "perl", "bash", "sh", "zsh", "php", "deno", "bun",
                          "tsx", "ts-node"})


def _base(program: str | None) -> str:
    return (program or "").rsplit("/", 1)[-1]


def _interpreter(program: str | None) -> bool:
    return _base(program).rstrip("0123456789.") in INTERPRETERS  # python3.12, node18


def has_subcommands(program: str | None) -> bool:
    """Does this program's first plain argument name what it does (`git commit`, `make test`)?"""
    return not _interpreter(program) and _base(program) in SUBCOMMAND_TOOLS


def head_length(words: list[str | None], interpreter: bool = False) -> int:
    """How many leading words of a command name what runs: the program; the subcommand of a tool
    that has them; an interpreter's script (or the option saying where its code comes from) and
    the module after `-m`. The allow list's globs and `--suggest-allow`'s patterns both read
    commands this way (`interpreter`: take the program as one, as `source` is)."""
    if interpreter or _interpreter(words[0]):
        return 3 if len(words) > 2 and words[1] == "-m" else 2
    return 2 if _base(words[0]) in SUBCOMMAND_TOOLS else 1


UNLISTED = (ALLOW, REVIEW, BLOCK)


@dataclass(frozen=True)
class Policy:
    disabled_rules: frozenset[str] = frozenset()
    deny: tuple[Pattern, ...] = ()
    allow: tuple[Pattern, ...] = ()
    unlisted: str = ALLOW  # the verdict for a command no allow pattern lists

    @classmethod
    def build(cls, disabled_rules=(), deny=(), allow=(), unlisted: str = ALLOW) -> "Policy":
        for r in disabled_rules:
            if r not in RULES:
                raise ConfigError(f"[mouth] disabled_rules: unknown rule {r!r}")
            if r in UNDISABLEABLE:
                raise ConfigError(f"[mouth] disabled_rules: rule {r!r} cannot be disabled")
        if unlisted not in UNLISTED:
            raise ConfigError(f"[mouth] unlisted: must be one of {', '.join(UNLISTED)}, not {unlisted!r}")
        return cls(frozenset(disabled_rules), tuple(compile_pattern(p, "[mouth] deny") for p in deny),
                   tuple(compile_pattern(p, "[mouth] allow") for p in allow), unlisted)

    @classmethod
    def from_config(cls, mouth) -> "Policy":
        return cls.build(mouth.disabled_rules, mouth.deny, mouth.allow, mouth.unlisted)

    @property
    def collects(self) -> bool:
        """Does applying this policy need every simple command collected?"""
        return bool(self.deny or self.allow) or self.unlisted != ALLOW

    def _listed(self, text: str) -> bool:
        return any(p.lists(text) for p in self.allow)

    def lists(self, c: CommandText) -> bool:
        """Is this command on the allow list? As written and as it runs; a call of a function the
        input defined needs no pattern of its own (its body's commands are each held to the list),
        only what it runs when it is a wrapper (`run() { "$@"; }; run make`)."""
        named_ok = c.local or self._listed(c.named) or self._listed(dequoted(c.named))
        return named_ok and (c.run == c.named or self._listed(c.run))

    def apply(self, reasons: list[Reason], commands: list[CommandText], source: str) -> list[Reason]:
        out = [r for r in reasons if r.rule not in self.disabled_rules]
        if self.deny:
            whole = source.strip()
            for pat in self.deny:
                hit = next((c for c in commands if pat.matches(c.written) or pat.matches(c.run)), None)
                if hit is not None:
                    out.append(Reason("policy-deny", f"matches the deny pattern {pat.source!r} of the [mouth] policy",
                                      BLOCK, hit.span))
                elif pat.matches(whole):
                    out.append(Reason("policy-deny", f"matches the deny pattern {pat.source!r} of the [mouth] policy",
                                      BLOCK, Span(0, 0, 0, 0, whole[:200])))
        if self.unlisted != ALLOW:
            flagged: set[Span] = set()
            for c in commands:
                if c.span not in flagged and not self.lists(c):
                    flagged.add(c.span)
                    shown = c.run if (c.local or self._listed(c.named)) and c.run else c.named
                    out.append(Reason("policy-unlisted", f"`{_short(shown)}` is not on this project's command allow "
                                      "list (the allow patterns of the [mouth] config); use a listed command, or ask "
                                      "for this one to be listed", self.unlisted, c.span))
        if self.allow and any(r.verdict == REVIEW and r.rule != "policy-unlisted" for r in out):
            spans = [c.span for c in commands]
            # as written only: `make*` must not approve the review of `sudo make`. Commands of code
            # re-parsed from a changed string share its span: one unlisted among them keeps it.
            matched = {c.span: True for c in commands}
            for c in commands:
                matched[c.span] &= self._listed(c.written) or self._listed(c.named)
            listed = {span for span, ok in matched.items() if ok}
            out = [r.with_verdict(ALLOW) if r.verdict == REVIEW and r.rule != "policy-unlisted"
                   and _innermost(spans, r.span) in listed else r for r in out]
        return out


def _innermost(spans: list[Span], inner: Span) -> Span | None:
    """The smallest command span holding `inner`: a review inside a substitution belongs to
    the command in it, not to the command whose argument the substitution is."""
    holding = [s for s in spans if s.contains(inner)]
    return max(holding, key=lambda s: (s.start_row, s.start_col, -s.end_row, -s.end_col), default=None)


def dequoted(text: str) -> str:
    """`text` with the shell's quote removal done (`make 'test'` -> `make test`): commands from
    argv lists in code are written with every argument quoted. A word with a blank in it keeps
    its quotes: joined bare, the program `'echo x; npm'` would read as `echo` and match `echo *`.
    Words split at bash's blanks only (shlex alone also splits at \\r, \\v and \\f, which bash keeps
    inside a word: `ls\\rnpm` would read as `ls`). Unchanged when it does not split."""
    import shlex

    lex = shlex.shlex(text, posix=True)
    lex.whitespace, lex.whitespace_split, lex.commenters = " \t\n", True, ""
    try:
        return " ".join(shlex.quote(w) if _BLANK_IN.search(w) else w for w in lex)
    except ValueError:
        return text


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 80 else line[:77] + "..."


DEFAULT = Policy()


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Policy:
    from ..config import load_config
    from pathlib import Path

    try:
        return Policy.from_config(load_config(Path(path)).mouth)
    except ConfigError as exc:  # a bad rule id or pattern: say which file holds it
        if exc.path is None:
            raise ConfigError(exc.message, path=path) from None
        raise


def configured() -> Policy:
    """The policy of the active config file (re-read when the file changes)."""
    from .._paths import config_path

    path = config_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return DEFAULT
    return _cached(str(path), mtime)
