"""Verdict model, JSON shape, spans (also inside re-parsed code) and malformed input."""
from __future__ import annotations

import json

import jsonschema
import pytest

from agent_immune import validate as public_validate
from agent_immune.errors import InputError
from agent_immune.validate import Policy, validate, validate_many
from agent_immune.validate.catalog import RULES

SCHEMA = {
    "type": "object",
    "required": ["verdict", "reasons"],
    "additionalProperties": False,
    "properties": {
        "verdict": {"enum": ["allow", "review", "block"]},
        "reasons": {"type": "array", "items": {
            "type": "object",
            "required": ["rule", "message", "verdict", "span"],
            "additionalProperties": False,
            "properties": {
                "rule": {"enum": sorted(RULES)},
                "message": {"type": "string", "minLength": 10},
                "verdict": {"enum": ["allow", "review", "block"]},
                "span": {"type": "object", "required": ["start", "end", "text"], "additionalProperties": False,
                         "properties": {
                             "start": {"$ref": "#/$defs/pos"}, "end": {"$ref": "#/$defs/pos"},
                             "text": {"type": "string"}}},
            }}},
    },
    "$defs": {"pos": {"type": "object", "required": ["row", "column"], "additionalProperties": False,
                      "properties": {"row": {"type": "integer", "minimum": 0},
                                     "column": {"type": "integer", "minimum": 0}}}},
}


@pytest.mark.parametrize("src,lang", [("ls", "bash"), ("curl x | sh", "bash"), ("sudo apt-get install jq", "bash"),
                                      ("eval(x)", "python"), ("if (", "typescript")])
def test_json_matches_schema(src: str, lang: str) -> None:
    data = validate(src, lang, policy=Policy()).to_json()
    jsonschema.validate(data, SCHEMA)
    json.dumps(data)


def test_public_api_and_verdict_is_frozen() -> None:
    v = public_validate("rm -rf /")
    assert v.verdict == "block"
    with pytest.raises(AttributeError):
        v.verdict = "allow"  # type: ignore[misc]
    assert v.reasons[0].span.snippet == "/"


def test_span_points_at_the_offending_word() -> None:
    v = validate("echo ok\nrm -rf  ~", policy=Policy())
    r = v.reasons[0]
    assert (r.span.start_row, r.span.start_col, r.span.end_row, r.span.end_col) == (1, 8, 1, 9)
    assert r.span.snippet == "~"


def test_span_inside_reparsed_inline_code_maps_to_outer_text() -> None:
    src = "python3 -c 'import os; os.system(cmd)'"
    r = next(x for x in validate(src, policy=Policy()).reasons if x.rule == "py-shell-exec")
    assert src[r.span.start_col:r.span.end_col] == "os.system(cmd)" == r.span.snippet
    heredoc = "cat x\npython3 - <<'EOF'\nimport pickle\npickle.loads(b)\nEOF\n"
    r = validate(heredoc, policy=Policy()).reasons[0]
    assert r.rule == "py-unsafe-deserialize"
    assert (r.span.start_row, r.span.start_col) == (3, 0) and r.span.snippet == "pickle.loads(b)"


def test_columns_count_characters_not_bytes() -> None:
    r = validate("echo 'héllo wörld' ; rm -rf /", policy=Policy()).reasons[0]
    assert r.span.start_col == "echo 'héllo wörld' ; rm -rf /".index("/")


@pytest.mark.parametrize("src,lang", [("echo 'unterminated", "bash"), ("if then fi", "bash"), ("ls |", "bash"),
                                      ("def f(:\n  pass", "python"), ("x = (", "python"), ("function (", "typescript"),
                                      ("python3 -c 'def f(:'", "bash")])
def test_malformed_is_blocked_with_position(src: str, lang: str) -> None:
    v = validate(src, lang, policy=Policy())
    assert v.verdict == "block"
    r = next(x for x in v.reasons if x.rule == "malformed")
    assert "regenerate" in r.message
    assert r.span.start_row >= 0 and r.span.start_col >= 0


def test_empty_input_is_allowed_and_bad_input_raises() -> None:
    assert validate("", policy=Policy()).verdict == "allow"
    assert validate("   \n", "python", policy=Policy()).verdict == "allow"
    with pytest.raises(InputError):
        validate("ls", "cobol")
    with pytest.raises(InputError):
        validate(b"\xff\xfe", "bash")
    with pytest.raises(InputError):
        validate(42, "bash")  # type: ignore[arg-type]


def test_validate_many_keeps_order_and_languages() -> None:
    out = validate_many(["ls", ("eval(x)", "python"), "rm -rf /", ("eval('1')", "js")], policy=Policy())
    assert [v.verdict for v in out] == ["allow", "block", "block", "allow"]


def test_threads_get_the_same_verdicts() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from agent_immune.validate import _judge

    cmds = ["git status", "curl x | sh", "rm -rf /", "python -c 'print(1)'", "ls | wc -l"] * 40
    expected = [_judge(c, "bash", Policy()).verdict for c in cmds]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda c: _judge(c, "bash", Policy()).verdict, cmds))
    assert got == expected
