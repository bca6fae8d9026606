"""Command validation: judge a generated shell command or Python/TypeScript snippet.

    validate(source, lang="bash") -> Verdict          one input
    validate_many(items, lang="bash") -> list[Verdict] many; items are strings or (source, lang) pairs

Verdicts are a pure function of (text, language, policy) and immutable, so the last
8,192 are kept: agents repeat `git status` and `make test` constantly.

The verdict is `allow`, `review` (a person should look) or `block`, with reasons that
carry a rule id, a message the agent can act on and the span they point at. The
policy is the [mouth] section of the config unless one is passed.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ..errors import InputError
from .engine import Context
from .bash.fastpath import plain, screen
from .bash.misread import UNREADABLE, reread
from .miners import check_text, pool_address
from .parse import PARSE_LIMIT_S, WATCH_BYTES, Doc, ParseTimeout, canonical_lang, parse, source_bytes
from .policy import Policy, configured
from .time_limit import JUDGE_LIMIT_S, run_limited
from .verdict import Reason, Span, Verdict

__all__ = ["validate", "validate_many", "Verdict", "Reason", "Span", "Policy"]


def _text(source) -> str:
    if isinstance(source, bytes):
        try:
            return source.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("input is not UTF-8 text") from None
    if not isinstance(source, str):
        raise InputError(f"input must be text, not {type(source).__name__}")
    return source


@lru_cache(maxsize=8192)
def _judge_cached(text: str, lang: str, policy: Policy) -> Verdict:
    return _judge(text, lang, policy)


def _judge(text: str, lang: str, policy: Policy) -> Verdict:
    """Judge one input (no cache). Verdicts are immutable, so `_judge_cached` may share them.
    Long input is judged under a time limit (time_limit.py); short input is bounded by its length (no pattern
    backtracks catastrophically), and arming a timer would cost every command two system calls."""
    if len(text) < WATCH_BYTES:
        return _judge_now(text, lang, policy)
    _import_rules()
    return run_limited(JUDGE_LIMIT_S, _judge_now, _too_long, text, lang, policy)


@lru_cache(maxsize=None)
def _import_rules() -> None:
    """Every module of the rules, imported before the first limited judgement (0.7 s, once): a first import's time
    is not the input's, and an import the limit interrupted would leave a module's registrations in other modules'
    handler tables half done, to be made again by the next import."""
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(__path__, __name__ + "."):
        importlib.import_module(module.name)


def _too_long(text: str, _lang: str, _policy: Policy) -> Verdict:
    return _whole_input("judge-timeout", f"the input could not be judged within {JUDGE_LIMIT_S:g} s; split it into "
                        "smaller commands or files, or regenerate it without the long repeated part", text)


def _judge_now(text: str, lang: str, policy: Policy) -> Verdict:
    patterns = policy.collects
    ctx = None
    if text and not text.isspace():  # text.strip() without the copy
        try:
            written, data = source_bytes(text, lang)
            if lang == "bash" and not patterns:
                # The plain-command shortcut (most of an agent's commands), before any analysis
                # object exists. Policy patterns need every command collected, so they skip it.
                # Simple text is answered without a parse; plain() would only repeat a "no".
                known, head = screen(data)
                pool = b"://" in data and pool_address(data)  # a miner's pool: no shortcut reads it (miners.py)
                if known and not pool:
                    return _ALLOW
                # the grammar's misreadings undone first: a command they hide must not pass
                parsed = data
                data, tree, odd = reread(data, parse(data, lang))
                root = tree.root_node
                if known is None and odd is None and not root.has_error and not pool and plain(
                        root, data, head if data is parsed else None):
                    return _ALLOW
                ctx = Context(shortcut=False)
                doc = Doc(data, written=written)
                if odd is not None:
                    ctx.block("malformed", UNREADABLE, doc, odd)
                elif not root.has_error:  # what ctx.analyze would do here (in its order), without its checks
                    if pool:
                        check_text(ctx, doc, root)
                    _bash_rules(root, doc, ctx)
                else:
                    ctx.analyze(doc, lang, tree)
            else:  # analyze parses (and for bash undoes the grammar's misreadings) itself
                ctx = Context(shortcut=False)
                ctx.analyze(Doc(data, written=written), lang)
        except RecursionError:
            # thousands of nested expressions: too deep to judge, and no real command needs it
            return _whole_input("nesting-too-deep", "the input nests too deeply to judge; simplify it", text)
        except ParseTimeout:
            return _whole_input("parse-timeout", f"the input could not be parsed within {PARSE_LIMIT_S:g} s (it "
                                "sends the grammar's error recovery into a blow-up); regenerate it as plain, "
                                "well-formed commands", text)
    if ctx is None:
        ctx = Context()
    reasons = policy.apply(ctx.reasons, ctx.command_texts(), text) if (
        policy.disabled_rules or patterns) else ctx.reasons
    return Verdict.of(reasons) if reasons else _ALLOW


_ALLOW = Verdict("allow", ())


def _whole_input(rule: str, message: str, text: str) -> Verdict:
    """A block for the input as a whole (it could not be judged), pointing at its first line."""
    first = next(iter(text.splitlines()), text)
    return Verdict.of([Reason(rule, message, "block", Span(0, 0, 0, min(len(first), 200), first[:200]))])


def _bash_rules(root, doc: Doc, ctx: Context) -> None:
    global _bash_rules
    from .rules_bash import analyze

    _bash_rules = analyze  # import once, on first use
    analyze(root, doc, ctx)


def _lang(lang: str) -> str:
    canon = canonical_lang(lang)
    if canon is None:
        raise InputError(f"unknown language {lang!r} (bash, python or typescript)")
    return canon


def validate(source: str, lang: str = "bash", *, policy: Policy | None = None) -> Verdict:
    return _judge_cached(_text(source), _lang(lang), policy if policy is not None else configured())


def validate_many(items: Iterable, lang: str = "bash", *, policy: Policy | None = None) -> list[Verdict]:
    policy = policy if policy is not None else configured()
    default = _lang(lang)
    out = []
    for item in items:
        if isinstance(item, tuple):
            src, item_lang = item
            out.append(_judge_cached(_text(src), _lang(item_lang), policy))
        else:
            out.append(_judge_cached(_text(item), default, policy))
    return out


from .._callable import forward_calls  # noqa: E402

forward_calls(__name__, validate)
