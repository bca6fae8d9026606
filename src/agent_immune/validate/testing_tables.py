"""Test and QA configuration that runs when the tests do (session 28): load-test plans, test runners' settings.

Written from the shell, through server_config.py; written from Python or TypeScript, through
common_code.judge_written.

A JMeter plan (`.jmx`) is code as much as settings: its JSR223 and BeanShell samplers, pre- and post-processors and
assertions hold Groovy (or Java, JavaScript) that JMeter runs as the user, a `${__groovy(…)}` function anywhere in
the plan is evaluated the same way, and an OS Process Sampler runs a program with its arguments. A Gatling
simulation (`*Simulation.scala|java|kt`) and a JVM test source (`src/test/…`, a Spock `*Spec.groovy`) are JVM code
run by the build. No grammar is kept for these languages: what is read is their calls.
- a program run (`"…".execute()`, `Runtime.getRuntime().exec(…)`, `new ProcessBuilder(…)`, Scala's `Seq(…).!`, the
  OS Process Sampler's command and arguments) is judged as the shell command it makes: blocked when that would be;
- a credential file of the user named in the code (`System.getProperty("user.home") + "/.ssh/id_rsa"`,
  `"~/.aws/credentials"`) is read by the test: blocked, as exfiltration when the code (or the plan's HTTP samplers)
  sends over the network;
- code fetched from an address and evaluated (`evaluate(new URL(…).text)`) is downloaded code run: blocked;
- the whole environment (`System.getenv()` with no name) written into a connection is every secret sent: blocked.
An ordinary plan (HTTP samplers, a JSR223 post-processor extracting a token from the response, a CSV data set of the
project) and an ordinary simulation or test are allowed.
"""
from __future__ import annotations

import html
import re

from . import paths

CONFIG_TARGET = (r"\.jmx\b|Simulation\.(?:scala|java|kt)\b|Spec\.groovy\b|"
                 r"(?:gatling|src/(?:test|gatling|it))/[\w./-]*\.(?:scala|java|kt|groovy)\b")
_JMX = re.compile(r"\.jmx$")
_JVM_SOURCE = re.compile(r"(?:Simulation\.(?:scala|java|kt)|Spec\.groovy)$|"
                         r"(?:^|/)(?:gatling|src/(?:test|gatling|it))/(?:(?!(?:gatling|src/(?:test|gatling|it))/)[\w.-]+/)*"
                         r"[\w.-]+\.(?:scala|java|kt|groovy)$")


def config_kind(path: str) -> bool:
    """Whether `path` is a file this module judges the written text of."""
    p = path.strip("\"'")
    return bool(_JMX.search(p) or _JVM_SOURCE.search(p))


# -- what JVM code runs as a program ---------------------------------------------------------------------------------
# the openers of a call whose string arguments are a program and its arguments (the call's text up to its closing
# parenthesis is read), and Groovy's `"…".execute()` / `[…].execute()`, Scala's `"…".!` / `Seq(…).!!`
_QA_RUNS = re.compile(r"\bRuntime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(|\bnew\s+ProcessBuilder\s*\(|"
                      r"\bProcessBuilder\s*\(|\bProcess\s*\(|\bsys\.process\.Process\s*\(")
_QA_STRING = re.compile(r'"""(.*?)"""|"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'', re.S)
_QA_EXECUTE = re.compile(r"""(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')\s*\.\s*(?:execute\s*\(|!!?(?![=\w]))""")
_QA_LIST_EXECUTE = re.compile(r"(?:\[|\b(?:Seq|List)\s*\()([^\[\]()]{0,600})[\])]\s*\.\s*(?:execute\s*\(|!!?(?![=\w]))")
_QA_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "$": "$"}


def _qa_unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: _QA_ESCAPES.get(m.group(1), "\\" + m.group(1)), s)


def _qa_literals(text: str) -> list[str]:
    return [_qa_unescape(next(g for g in m.groups() if g is not None)) for m in _QA_STRING.finditer(text)]


def _qa_call_args(code: str, start: int) -> str:
    """The text of a call's arguments from just after its `(` at `start` to the matching `)` (at most 600
    characters: the literals of a program's argv are near its opener)."""
    depth, i, end = 1, start, min(len(code), start + 600)
    quote = None
    while i < end:
        c = code[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return code[start:i]


def _qa_line(args: list[str]) -> str:
    from .common_code import argv_to_shell

    if len(args) == 1:
        return args[0]  # `exec("curl … -o /tmp/x")`: one string, split at blanks by the JVM (a shell reads it alike)
    return argv_to_shell(args)


def commands_in(code: str) -> list[str]:
    """The command lines JVM code (Groovy, Java, Scala, Kotlin, BeanShell) runs, as far as their words are literal."""
    if "exec" not in code and "Process" not in code and "!" not in code:
        return []
    out: list[str] = []
    for m in _QA_RUNS.finditer(code):
        args = _qa_literals(_qa_call_args(code, m.end()))
        if args:
            out.append(_qa_line(args))
    for m in _QA_EXECUTE.finditer(code):
        out.append(_qa_unescape(m.group(1) if m.group(1) is not None else m.group(2)))
    for m in _QA_LIST_EXECUTE.finditer(code):
        args = _qa_literals(m.group(1))
        if args:
            out.append(_qa_line(args))
    return out[:16]


# -- a credential file named in the code ------------------------------------------------------------------------------
# the code reads the home folder's path at run time (`System.getProperty("user.home")`, `System.getenv("HOME")`, Scala's
# `sys.props("user.home")`, Kotlin's `System.getenv("HOME")`): a literal after it (`"/.ssh/id_rsa"`, `".aws/credentials"`)
# is below the home
_QA_HOME = re.compile(r"user\.home|getenv\s*\(\s*[\"']HOME[\"']|sys\.env\s*\(\s*[\"']HOME[\"']|\$\{?HOME\b|"
                      r"__P\s*\(\s*user\.home|\$\{__property\(user\.home")
_QA_PATHLIKE = re.compile(r"^(?:~/|/|\.|[\w.-]+/)[\w.@~/-]*$")
_QA_SENDS = re.compile(r"\.openConnection\s*\(|\.openStream\s*\(|\bHttpClient\b|\bHttpURLConnection\b|\bSocket\s*\(|"
                       r"\bHttpRequest\b|\bOkHttpClient\b|\bnew\s+URL\s*\(|\.toURL\s*\(|\bURL\s*\(\s*[\"']|\bhttp\s*\(|"
                       r"\bRestTemplate\b|\bWebClient\b|\bHTTPBuilder\b|\bsendRequest\b|\bcurl\b|\bwget\b")
# JVM code that reads a file (a test that only compares a path's text, `assertEquals("~/.ssh/id_rsa", cfg.identity())`,
# or builds one, `Paths.get(home, ".ssh/id_rsa")`, reads nothing)
_QA_READS = re.compile(r"\bnew\s+File(?:InputStream|Reader)?\s*\(|\bFiles\s*\.\s*(?:read\w*|lines|newBufferedReader|"
                       r"newInputStream|copy)\s*\(|\bfromFile\s*\(|\.(?:text|bytes)\b|\.(?:readText|readBytes|readLines|"
                       r"getText|getBytes|eachLine|withReader|newReader|newInputStream)\s*\(|"
                       r"\bos\.ReadFile\b|\bscala\.io\.Source\b|\bSource\.fromFile\b")
# a JMeter plan's samplers that send to a server (the plan's own requests carry what it read: `${key}`)
_QA_JMX_SENDERS = re.compile(r"HTTPSamplerProxy|HTTPSampler\b|TCPSampler|SMTPSampler|JMSPublisher|MailerModel")


def _qa_secret(code: str) -> str | None:
    """The first credential file of the user the code names (as `~/…`), or None."""
    home = _QA_HOME.search(code) is not None
    for lit in _qa_literals(code):
        if len(lit) > 200 or "/" not in lit or not _QA_PATHLIKE.match(lit):
            continue
        cands = [lit]
        if home and not lit.startswith(("~", "/home/", "/root/", "/etc/", "/proc/", "/var/", "/run/")):
            cands.insert(0, "~/" + lit.lstrip("/"))
        for cand in cands:
            if paths.SECRET in paths.kinds(cand) or paths.held_secret(cand):
                return paths.normalize(cand)
    return None


# -- a JMeter plan ----------------------------------------------------------------------------------------------------
# the properties of the plan's elements that hold code JMeter runs: JSR223 and BeanShell elements' `script`
# (`<stringProp name="script">`, BeanShell's `BeanShellSampler.query`), and the functions that evaluate code wherever
# a property is read (`${__groovy(…)}`, `${__BeanShell(…)}`, `${__javaScript(…)}`, `${__jexl3(…)}`)
# (a property's text stops at the next element's opener, which XML text cannot hold: read to the closing tag from each
# opener, a run of openers with none made the search quadratic)
_QA_PROP_TEXT = r"((?:(?!<stringProp\b|<collectionProp\b).)*?)"
_QA_SCRIPT_PROP = re.compile(r"<stringProp\s+name=\"(?:script|BeanShellSampler\.query|BeanShellAssertion\.query)\">"
                             + _QA_PROP_TEXT + r"</stringProp>", re.S)
_QA_FUNCTION = re.compile(r"\$\{__(?:groovy|BeanShell|javaScript|jexl[23]?)\("
                          r"((?:(?!\$\{__(?:groovy|BeanShell|javaScript|jexl[23]?)\().)*?)\)\}", re.S)
_QA_COMMAND = re.compile(r"<stringProp\s+name=\"SystemSampler\.command\">" + _QA_PROP_TEXT + r"</stringProp>", re.S)
_QA_ARGUMENT = re.compile(r"<stringProp\s+name=\"Argument\.value\">" + _QA_PROP_TEXT + r"</stringProp>", re.S)
_QA_ARGUMENTS = re.compile(r"<collectionProp\s+name=\"SystemSampler\.arguments\">((?:(?!<collectionProp\b).)*?)"
                           r"</collectionProp>", re.S)


def _qa_plan(text: str) -> tuple[str, list[str]]:
    """A plan's code (its scripts and evaluated functions, joined, unescaped) and the OS Process Samplers' command
    lines."""
    code = "\n".join(html.unescape(m.group(1)) for m in _QA_SCRIPT_PROP.finditer(text))
    code += "\n" + "\n".join(html.unescape(m.group(1)) for m in _QA_FUNCTION.finditer(text))
    lines: list[str] = []
    commands = list(_QA_COMMAND.finditer(text))
    blocks = list(_QA_ARGUMENTS.finditer(text))
    for k, m in enumerate(commands[:8]):
        args = [html.unescape(x) for x in _QA_ARGUMENT.findall(blocks[k].group(1))] if k < len(blocks) else []
        lines.append(_qa_line([html.unescape(m.group(1)).strip(), *args]))
    return code, lines


def _qa_nested(a, command: str):
    from .bash.handed import blocked

    return blocked(a, command, "bash")


def judge_config(a, path: str, text: str, node) -> bool:
    """Judge `text` written to `path` (for a `sed -i` edit, the edit's words joined by new lines); True when a finding
    was reported. `a` is the shell's analysis or, when the writer is code, common_code._Reporter (`ctx`, `doc`,
    `block(rule, message, node)`, `review(rule, message, node)`)."""
    p = path.strip("\"'")
    plan = _JMX.search(p) is not None
    if plan:
        if "Sampler" not in text and "__" not in text and "script" not in text:
            return False
        code, lines = _qa_plan(text)
        what = f"the JMeter plan {p} written here"
        runs = "JMeter runs its samplers' code (and its OS Process Samplers' programs) as you with the plan"
        sends = _QA_SENDS.search(code) or _QA_JMX_SENDERS.search(text)
        secret_text = code + "\n" + html.unescape(text)
    else:
        code, lines = text, []
        what = f"the test source {p} written here"
        runs = "the build runs it with the tests, as you"
        sends = _QA_SENDS.search(code)
        secret_text = code
    for line in lines + commands_in(code):
        found = _qa_nested(a, line)
        if found is not None:
            a.block(found.rule, f"{what} runs the command `{line[:80]}`, which would be blocked ({found.message}); "
                                f"{runs}: write tests whose steps pass on their own", node)
            return True
    from .bash.ecosystems import _EVALUATES_URL, _WHOLE_ENV

    m = _EVALUATES_URL.search(code)
    if m is not None:
        a.block("download-exec", f"{what} runs code it fetches from an address (`{m.group(0)[:80]}`); {runs}, "
                                 "running whatever that address serves: keep the code in the project, reviewed", node)
        return True
    secret = _qa_secret(secret_text) if plan or _QA_READS.search(code) else None
    if secret is not None:
        if sends:
            a.block("exfiltration", f"{what} reads {secret} (a credential of this user) and sends over the network "
                                    f"(`{sends.group(0)[:40]}`); {runs}: a test talks to the service it tests with "
                                    "the test accounts the project gives it, and reads no one's keys", node)
        else:
            a.block("secret-read", f"{what} reads {secret}, a credential of this user; {runs}: give the test the "
                                   "test account's credentials through the project's settings instead", node)
        return True
    env = _WHOLE_ENV.search(code)
    if env is not None and sends:
        a.block("exfiltration", f"{what} reads the whole environment (`{env.group(0)}`) and sends over the network; "
                                f"{runs}, sending every secret of the environment off the machine: read only the "
                                "variables the test needs", node)
        return True
    return False


# (session 28) test tools' variables that name code the tool loads into itself or into the program it tests: a
# fuzzer's custom mutator library or preloaded library (LD_PRELOAD's family), pytest's plugins (modules imported
# before any test), a Python mutator module, a load test's locust file. Name -> (separators, module names?, what).
# A library the project built (`./custom_mutators/…`) or a system one stays allowed: only a file this input
# downloaded, or unpacked from a download, is judged
TEST_TOOL_LOADS = {
    "AFL_CUSTOM_MUTATOR_LIBRARY": (";:", False, "a custom mutator library afl-fuzz loads into itself"),
    "AFL_PRELOAD": (": ", False, "a library afl-fuzz preloads into the program it fuzzes"),
    "AFL_PYTHON_MODULE": (",", True, "a Python mutator module afl-fuzz imports"),
    "PYTEST_PLUGINS": (",", True, "a pytest plugin imported before any test runs"),
    "LOCUST_LOCUSTFILE": (",", False, "the locust file Locust runs"),
    "LOCUST_FILE": (",", False, "the locust file Locust runs"),
}


def loaded_by_test_tool(name: str, value: str | None) -> list[tuple[str, str]]:
    """The files a test tool's variable `name` set to `value` loads (a module name as its `.py` file and its package's
    `__init__.py`), each with what loads it; none for any other variable."""
    spec = TEST_TOOL_LOADS.get(name)
    if spec is None or not value:
        return []
    seps, modules, what = spec
    out: list[tuple[str, str]] = []
    for part in re.split("[" + re.escape(seps) + "]", value):
        part = part.strip()
        if not part:
            continue
        if modules:  # `PYTEST_PLUGINS=plug` imports plug.py (or the package plug/) from the path
            base = part.replace(".", "/")
            out += [(base + ".py", f"is {what} (`{name}={part}`)"), (base + "/__init__.py", f"is {what} (`{name}={part}`)")]
        else:
            out.append((part, f"is {what} (`{name}`)"))
    return out
