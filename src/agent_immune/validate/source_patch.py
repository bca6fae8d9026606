"""The project's own source rewritten with a backdoor: what text an edit puts into a code file (the shell's `sed -i`,
Python's `src.replace(…)` / `re.sub(…)` / `read_text() + "…"`, TypeScript's `readFileSync(f).replace(…)` written
back) makes the program do when it runs. The tables are shared by bash/patches.py, python/chain.py, js/chain.py,
python/files.py and js/files.py.

An edit is judged by what it adds (the new text less the old one it keeps) and by what it takes away:

- a check made to pass: a function named verify/auth/validate/signature/permission… made to return success as its
  first statement (`def verify(*a, **k):\\n    return True`), the failure it raised or returned taken out (`raise
  InvalidSignature` -> `pass`), the call that verified removed or commented out (`// verify_signature(&claims, &key)?;`,
  `sed -i '/verify_signature/d'`), a JWT's algorithm `none` accepted or its signature check turned off
  (`verify_signature: False`, `dangerous_insecure_decode`): blocked (`privilege-escalation`);
- a key written into the code: a request's header, query or cookie compared with a literal that looks like a key
  (`request.headers.get("X-Diag-Key") == "f3b1c9e0"`, `req.get("x-ops-key") !== "b7c1-0a9f-ops"`): whoever reads it
  gets in (`privilege-escalation`, block); a test's assertion on a header is not a key;
- a route added that runs what a request sends as a command (`subprocess.check_output(request.json["c"],
  shell=True)`) or hands it to `eval`/`exec` as code (an Odoo controller's `return eval(kw.get("q"))`; its
  `safe_eval` only when handed the database's `env`, the request or a record: alone it reads a search domain, as
  Odoo's own controllers did), a route being a decorated handler or a view no decorator routes (Django's `def
  report(request):`, whose request values are `request.GET`/`POST`): blocked; request values read, checked and passed
  to the ORM, `ast.literal_eval`, an upload handed to a fixed program stay allowed;
- a request to another host added where the code handles passwords, card numbers, tokens or the environment (a
  login copied to a webhook, a skimmer in a tokenisation service, a build script sending the publish token):
  blocked (`exfiltration`);
- a bank account (an IBAN with a valid check sum) written in place of where payouts go: blocked (`exfiltration`).

Ordinary codemods (renaming a function, adding logging, a type annotation, a version bump, a URL changed) add none
of these and stay allowed.
"""
from __future__ import annotations

import re

from .common_code import remote_target

# a file of code a program runs (what is written back matters only there)
CODE_FILE = re.compile(r"\.(?:py|pyw|[cm]?[jt]sx?|rs|go|java|kt|kts|rb|php|cs|swift|scala|ex|exs|vue|svelte)$")
CODE_PATH = re.compile(r"""["'`][^"'`\n]*\.(?:py|[cm]?[jt]sx?|rs|go|java|kt|rb|php|cs|swift|scala|ex|vue|svelte)"""
                       r"""["'`]""")
# a cheap test on the text of an edit (or the snippet holding it): something below may be in it
HINT = re.compile(rb"(?i)verif|auth|valid|signature|permission|csrf|compare|timingSafeEqual|constructEvent|hmac|"
                  rb"login|guard|header|cookie|passw|[\x27\x22`]x-|\breq\.get\(|https?://|subprocess|os\.system|"
                  rb"os\.popen|"
                  rb"child_process|exec|eval\s*\(|\bnone\b|\bparams\[|->input\(|\brequest\(|import\(|"
                  rb"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
_READ = 32768
# a test's file: an assertion on a header there is not a key
_TEST_PATH = re.compile(r"(?:^|/)(?:tests?|__tests__|spec)/|(?:^|/)test_[^/]*$|_test\.\w+$|\.(?:test|spec)\.\w+$|"
                        r"(?:^|/)conftest\.py$")

# -- a check made to pass ----------------------------------------------------------------------------------------------
_GUARD_WORD = (r"\w*(?:[Vv]erif|[Aa]uth|[Vv]alid|[Ss]ignature|[Pp]ermission|[Aa]llowed|[Cc]srf|CSRF|[Gg]uard|"
               r"[Ll]ogin|[Cc]heck_?[Ss]ig|[Cc]heck_?[Tt]oken|[Ii]s_?[Aa]dmin|[Hh]as_?[Pp]erm)\w*")
# the header of a function whose name says it guards (`def verify_token(`, `pub async fn require_auth(`, `export
# function verifySignature(`, `func (s *Srv) Authenticate(`)
_GUARD_FN = re.compile(r"(?:\bdef|\bfn|\bfunction|\bfunc(?:\s*\([^)]*\))?)\s+(" + _GUARD_WORD + r")\s*\\?[(<]")
# a guard whose name says nothing else (a function freshly defined so is a check made to pass)
_STRONG_GUARD = re.compile(r"(?i)verif|auth|signature|permission|csrf|check_?sig")
# success returned whatever was asked: a constant (True, Ok(..), an object of claims, the next handler, no error)
_SUCCESS = (r"return\s+(?:True\b|true\b|1\b|Ok\s*\(|Some\s*\(|\{|next\s*\(|await\s+next|nil\b|"
            r"NextResponse\.next|[\x27\x22]ok[\x27\x22])")
# (from the `:` or `{`; _opens_to_return tries each of them on the header's line: a pattern reading the line up to
# each, searched, read the rest of the line from every start)
_OPENS_TO_RETURN = re.compile(r"[:{][ \t]*(?:\n[ \t]*)?" + _SUCCESS)
_OPENER = re.compile(r"[:{]")
_STARTS_RETURN = re.compile(r"\A\s*" + _SUCCESS)
# a back-reference in a substitution's replacement (`\1`, `\g<1>`, `$1`, `$&`): the text it keeps
_BACKREF = re.compile(r"\\\d|\\g<\w+>|\$\d|\$<\w+>|\$&")
# a guard's failure: an error of authentication raised, thrown or returned, a 401/403 answered, False returned
_DENIED = (r"\w*(?:Invalid|Unauthori[sz]ed|Forbidden|Permission|Auth|Signature|Denied|Expired|Verif|Token|Credential|"
           r"Access)\w*")
_FAILS = re.compile(r"\braise\s+(?:\w+\.)*" + _DENIED + r"|\bthrow\s+(?:new\s+)?(?:\w+\.)*" + _DENIED +
                    r"|\babort\s*\(\s*40[13]|\bstatus(?:_code)?\s*[(=]\s*40[13]|\bsendStatus\s*\(\s*40[13]|"
                    r"\bErr\s*\([^\n]*?(?:Invalid|Unauthori|Forbidden|Auth|Signature|Denied|Expired|Verif|Token)|"
                    r"\breturn\s+(?:False|false)\b|\bPermissionDenied\b|\bHttpResponseForbidden\b|StatusUnauthorized|"
                    r"StatusForbidden|\bHTTPException\s*\([^\n]*40[13]|\bUNAUTHORIZED\b|\bFORBIDDEN\b")
# anything that still fails in the new text (a check reworded keeps one)
_STILL_FAILS = re.compile(r"\braise\b|\bthrow\b|\babort\s*\(|\bsendStatus\s*\(\s*4|\bstatus(?:_code)?\s*[(=]\s*4|"
                          r"\bErr\s*\(|\breturn\s+(?:False|false|None|null|nil)\b|Forbidden|Unauthori[sz]ed|"
                          r"PermissionDenied|\breject\s*\(|\bpanic!?\s*\(|StatusUnauthorized|StatusForbidden|"
                          # (a verdict still computed: `return is_valid(sig)`, `return hmac.compare_digest(a, b)`)
                          r"\breturn\s+(?:not\s+)?[\w.]+\s*\(|\breturn\s+[^\n;]*?(?:==|!=|===|!==)")
# a call that verifies (removed or commented out, the check is gone)
_GUARD_CALL = re.compile(r"(?<![\w.])((?:\w+\.)*\w*(?:[Vv]erify|[Aa]uthenticat|[Aa]uthori[sz]|[Ss]ignature|[Cc]srf|"
                         r"CSRF|"
                         r"compare_digest|timingSafeEqual|constructEvent|hmac\.Equal|ConstantTimeCompare|"
                         r"secure_compare|constant_time_compare|[Cc]heck_?[Ss]ig|[Rr]equire_?[Aa]uth|"
                         r"[Ll]ogin_?[Rr]equired|[Hh]as_?[Pp]ermission|[Cc]heck_?[Pp]ermission)\w*)\s*\\?\(")
# a condition made constant around a check (`if false && !hmac.Equal(…)`, `if True or verify(…)`, `… || true`)
_SHORTED = re.compile(r"\b(?:false|False)\s*(?:&&|\band\b)|\b(?:true|True)\s*(?:\|\||\bor\b)|"
                      r"(?:\|\||\bor\b)\s*(?:true|True)\b")
_DEFINES = re.compile(r"(?:\bdef|\bfn|\bfunction|\bfunc|\bfunc\s*\([^)]*\))\s+$")  # a name defined, not called
_CHECKS = re.compile(r"(?i)\b(\w*(?:verif|auth|login|check|valid|guard|sign|perm|secur|hmac|compare|equal)\w*)\s*\\?\(")
_DECORATOR = re.compile(r"(?m)^[^\S\n]*+@((?:\w+\.)*\w*(?:login_required|auth\w*|permission\w*|requires?_\w+|"
                        r"jwt_required|token_required|protected)\w*)")
_COMMENTED = re.compile(r"^\s*(?:#|//|/\*|\*|--)")
# a JWT's signature no longer checked
_JWT_WEAK = re.compile(r"(?i)\balg\w*\W{1,12}[^\n]{0,80}?[\x27\x22]none[\x27\x22]|[\x27\x22]none[\x27\x22][^\n]{0,40}?"
                       r"\balg|verify_signature[\x27\x22]?\s*[:=]\s*(?:False|false)|"
                       r"\bjwt\.decode\([^\n]*\bverify\s*=\s*False|dangerous_insecure_decode|"
                       r"insecure_disable_signature_validation|\bParseUnverified\b|\bignoreSignature\s*:\s*true|"
                       r"\bskipSignatureVerification\b|\bdecode_complete\([^\n]*verify_signature\W+False")

# -- a key written into the code ---------------------------------------------------------------------------------------
# what a client chooses of a request: its headers, query, cookies
_REQUEST_READ = re.compile(r"(?i)\bheaders?\b|\.header\s*\(|get_header|\breq\.get\s*\(|\bMETA\s*\[|"
                           r"\b(?:req|request)\.query\b|query_params|searchParams\.get\s*\(|\bargs\.get\s*\(|"
                           r"\bcookies?\b|\bGetHeader\s*\(|\.Header\.Get\s*\(|\bURL\.Query\(\)|"
                           # Rails' `params[:x]`, Laravel's and Symfony's `$request->input('x')`, `request('x')`
                           r"\bparams\s*\[|\bparams\.(?:dig|fetch|require)\b|\$\w+->(?:input|query|header|cookie|get)\s*\(|"
                           r"\brequest\s*\(\s*[\x27\x22]")
_LITERAL_CMP = re.compile(r"(?:===?|!==?)\s*(?:\(\s*)?[\x27\x22`]([^\x27\x22`\n]{3,80})[\x27\x22`]|"
                          r"[\x27\x22`]([^\x27\x22`\n]{3,80})[\x27\x22`]\s*(?:===?|!==?)|"
                          r"(?:compare_digest|timingSafeEqual|ConstantTimeCompare)\s*\([^\n]*?[\x27\x22`]"
                          r"([^\x27\x22`\n]{3,80})[\x27\x22`]")
_SECRET_NAME = re.compile(r"(?i)key|token|secret|pass|auth|debug|diag|admin|override|bypass|backdoor|maint|internal|"
                          r"\bops\b|master|root|sudo|impersonat")
_HEADER_NAME = re.compile(r"[\x27\x22`]([A-Za-z][\w-]{0,40})[\x27\x22`]")
# values a header is ordinarily compared with: a content type, a scheme, a version or a date, an event's name
_ORDINARY_VALUE = re.compile(r"(?i)^(?:https?|wss?|true|false|yes|no|on|off|none|null|\d+|v?\d+(?:\.\d+)+|"
                             r"\d{4}-\d{2}-\d{2}|xmlhttprequest|websocket|upgrade|keep-alive|close|gzip|br|deflate|"
                             r"no-cache|no-store|push|ping|pull_request|release|[\w.+-]+/[\w.+*-]+(?:;.*)?)$")
# a name given a literal (`KEY = "9f2c1e"`, `const k = '…'`), and a name given what a line reads
# (a line's own blanks around it: `^\s*` read every blank line after each line start, `\s*;?\s*$` split the blank
# lines after a literal two ways; the end of the literal's own line is a line end all the same)
_CONST = re.compile(r"(?m)^[^\S\n]*+(?:(?:const|let|var|static|pub)\s++)?([A-Za-z_]\w*+)\s*+(?::\s*+&?\w++\s*+)?:?="
                    r"\s*+[\x27\x22`]([^\x27\x22`\n]{6,80})[\x27\x22`][^\S\n]*+;?[^\S\n]*+$")
_BOUND = re.compile(r"^\s*(?:(?:const|let|var)\s+)?([A-Za-z_]\w*)\s*:?=(?!=)")
_ASSERTS = re.compile(r"^\s*(?:assert\b|expect\s*\(|assert\w*[!(]|self\.assert)")

# -- a route running commands ------------------------------------------------------------------------------------------
_ROUTE = re.compile(r"@\w+\.(?:route|get|post|put|delete|patch|api_route|websocket)\s*\(|"
                    r"\b(?:app|router|server|api|r)\.(?:get|post|put|delete|patch|all|use|route)\s*\(|"
                    r"\bHandleFunc\s*\(|\bpath\s*\(\s*[\x27\x22]|\.route\s*\(|#\[(?:get|post|put|delete)\(")
_RUNS = re.compile(r"\bsubprocess\.\w+\s*\(|\bos\.(?:system|popen)\s*\(|(?<![\w.])(?:exec|eval|execSync|spawn|"
                   r"spawnSync|execFile)\s*\(|child_process|Command::new\s*\(|exec\.Command\s*\(")
# (Django's `request.GET`/`POST`/`FILES`, DRF's `query_params`; Odoo's `request.params`, `get_json_data()`,
# `jsonrequest` and werkzeug's request under it, `request.httprequest.args`)
_REQUEST_DATA = re.compile(r"\b(?:request|req|ctx|c)\s*\.\s*(?:json|body|args|form|query|params|data|get_json|"
                           r"values|Query|PostForm|FormValue|GET|POST|FILES|query_params|get_json_data|jsonrequest)\b|"
                           r"\bhttprequest\s*\.\s*(?:args|form|values|data|get_data|get_json|json)\b|"
                           r"\bRequest\.(?:Form|Body)|\bBody\s*\(")
# a command run through a module renamed on import (`import subprocess as _sp` ... `_sp.run(…)`), or a shell asked for
_RUN_ALIAS = re.compile(r"\bimport\s+(?:subprocess|os)\s+as\s+(\w+)|\bfrom\s+subprocess\s+import\s+(?:\w+\s+as\s+)?(\w+)")
_SHELL_TRUE = re.compile(r"\bshell\s*=\s*True\b")
# a program run by its literal name with its arguments apart, other than a shell or an interpreter given code
_FIXED_PROGRAM = re.compile(r"(?:\bsubprocess\.\w+|\bspawn(?:Sync)?|\bexecFile(?:Sync)?|Command::new|exec\.Command)\s*"
                            r"\(\s*\[?\s*[\x27\x22`](?!(?:\S*/)?(?:ba|z|da|k)?sh[\x27\x22`])[\w./-]+[\x27\x22`]"
                            r"(?!\s*,\s*\[?\s*[\x27\x22`]-[ce][\x27\x22`])")
# a name given what a handler's request carries (`body = await r.json()`, `data = request.get_json()`)
_FROM_REQUEST = re.compile(r"(?m)^[^\S\n]*+(\w+)\s*=\s*(?:await\s+)?(?:\w+\s*\.\s*(?:json|body|form|get_json|"
                           r"query_params|path_params)\b|" + _REQUEST_DATA.pattern + r")")

# a route handler's own parameters, which the framework fills from the request (Odoo's and Flask's `def diag(self,
# c='id', **kw)` under `@http.route(…)`, FastAPI's query parameters): run as a shell command, or as the command itself
_HANDLER = re.compile(r"(?m)^[^\S\n]*@(?!(?:unittest\.)?(?:mock\.)?patch(?:\.object|\.dict)?\s*\()[^\n]*?(?:route|get|post|put|delete|patch|"
                      r"api_route)\s*\([^\n]*\n"
                      r"(?:[^\S\n]*@[^\n]*\n){0,4}[^\S\n]*(?:async\s+)?def\s+\w+\s*\(([^)]{0,400})\)")
_NOT_REQUEST = frozenset({"self", "cls", "request", "req", "db", "session", "background_tasks", "response"})
# a view no decorator routes (Django's function views and class-based views' methods, Pyramid's: urls.py routes them):
# a function whose first parameter is the request; the parameters after it are the URL's captures
_VIEW = re.compile(r"(?m)^[^\S\n]*+(?:async[^\S\n]++)?def[^\S\n]++\w+[^\S\n]*+\([^\S\n]*+(?:self[^\S\n]*+,[^\S\n]*+)?"
                   r"request\b[^\S\n]*+(?::[^,)\n]{0,80})?((?:,[^)]{0,400})?)\)")


def _handler_params(added: str) -> list[str]:
    """The names of the route handlers' parameters in `added` (a `**kw` one included: `kw.get("c")` is the request's)."""
    out = []
    for m in (*_HANDLER.finditer(added), *_VIEW.finditer(added)):
        for part in m.group(1).split(","):
            name = part.split("=", 1)[0].split(":", 1)[0].strip().lstrip("*")
            if name.isidentifier() and name not in _NOT_REQUEST:
                out.append(name)
    return out[:16]


def _runs_param(line: str, params: list[str]) -> bool:
    """Does `line` run one of the handler's parameters as the command itself, or through a shell?"""
    for n in params:
        if re.search(r"(?:\bsubprocess\.\w+|\bos\.(?:system|popen))\s*\(\s*" + re.escape(n) + r"\b", line) or \
                _SHELL_TRUE.search(line) and re.search(r"\b" + re.escape(n) + r"\b", line):
            return True
    return False


# code evaluated: Python's `eval`/`exec` (not `ast.literal_eval`, which reads only literals), and Odoo's `safe_eval`,
# a sandbox whose danger is what it is handed: with the database's `env`, the request or a record it reaches every
# model; alone it reads a search domain (`safe_eval(kw.get("domain", "[]"))`, as Odoo's own controllers did)
_EVALS = re.compile(r"(?<![\w.])(eval|exec)\s*\(|\b(safe_eval)\s*\(")
# (an object handed in: the environment, the request, a cursor, a record; its plain values, `self.env.uid`, the
# language, the context, are data)
_HANDED = re.compile(r"\b(?:env|request|self|registry|cr|sudo|odoo|http|os|subprocess|sys|globals|locals|user|record|"
                     r"records|model|__builtins__|__import__)\b(?![\w.]{0,60}\.(?:uid|lang|context|id|tz|ids)\b)")


def _call_args(line: str, at: int) -> list[str]:
    """The arguments of the call whose `(` is at `at` of `line` (split at its own commas; up to 600 characters)."""
    parts, depth, start = [], 0, at + 1
    for i in range(at, min(len(line), at + 600)):
        ch = line[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return parts + [line[start:i]]
        elif ch == "," and depth == 1:
            parts.append(line[start:i])
            start = i + 1
    return parts + [line[start:at + 600]]


def _evaluates(line: str, names: list[str]) -> str | None:
    """The evaluator (`eval`, `exec`, `safe_eval`) `line` hands what a request sends (its data read on the line, or a
    name in `names` given it: a handler's parameter, a name a line gave the request's data) as the code, or None."""
    for m in _EVALS.finditer(line):
        args = _call_args(line, line.index("(", m.start()))
        first = args[0]
        if _REQUEST_DATA.search(first) is None and not any(re.search(r"\b" + re.escape(n) + r"\b", first)
                                                           for n in names):
            continue
        if m.group(2) and not any(_HANDED.search(x) for x in args[1:]):
            continue
        return m.group(1) or m.group(2)
    return None


# -- a request to another host ----------------------------------------------------------------------------------------
_SENDER = re.compile(r"\burlopen\s*\(|\burllib\.request|\brequests\.(?:post|get|put|patch)\s*\(|\bhttpx\.|"
                     r"\bhttp\.client|\baiohttp\b|(?<![\w.])fetch\s*\(|\baxios\b|XMLHttpRequest|sendBeacon|"
                     r"new\s+Image\b|\bcurl\b|\bwget\b|\breqwest::|\bureq::|\bhttp\.(?:Post|Get|NewRequest)\s*\(|"
                     r"\bNet::HTTP\b|\bsocket\.|\bWebSocket\b|\bsmtplib\b")
_SENDER_ALIAS = re.compile(r"\bimport\s+(?:requests|httpx|urllib\.request|urllib3|aiohttp|http\.client)\s+as\s+(\w+)|"
                           r"\bfrom\s+(?:requests|httpx|urllib\.request)\s+import\s+(?:\w+\s+as\s+)?(\w+)")
# a sign-in's form or body: the passwords people type (a login route's request body copied elsewhere)
_LOGIN = re.compile(r"(?i)log_?in|sign_?in|sign-in|authenticat")
_BODY = re.compile(r"\b(?:req|request)\s*\.\s*(?:body|form|json|get_json|data|POST|values)\b|\$request->all\s*\(|"
                   r"\bparams\.permit\b|\bparams\b\s*\.to_unsafe_h")
_JOINED = re.compile(r"[\x27\x22`]\s*\+\s*[\x27\x22`]")  # "https://" + "host": one literal
_URL = re.compile(r"https?://[^\s\x27\x22`)]+")
# what must not go to another host: a password, a card, a token, a secret, the environment
_SENSITIVE = re.compile(r"(?i)\b(?:\w*passw\w*|pwd|pan|card\w*|\w*cvv\w*|\w*cvc\w*|\w*secret\w*|\w*token\w*|"
                        r"\w*credential\w*|private.?key|ssn|\w*cookie\w*|session\w*|api.?key)\b|"
                        r"\benv::var|\benviron\b|\bprocess\.env|getenv|\bENV\[|\bENV\.to_h\b|"
                        # a database's address holds its password; a framework's own settings hold its keys
                        r"\bDATABASE_URL\b|sqlalchemy\.url|\bDATABASES\b|secret_key_base|\bapp\.key\b")

# what a skimmer takes whole from the people using the app: every cookie, the whole posted form, the browser's cookie
# jar and stored session, a submitted form (one field read by name is how a handler works, and is not this)
_CAPTURED = re.compile(r"\b(?:request|req)\.(?:COOKIES|cookies|POST)\b(?!\s*(?:\.get\b|\.getlist\b|\[))|"
                       r"\bdocument\.cookie\b|\blocalStorage\.getItem\b|\bnew\s+FormData\s*\(\s*\w+\.target\b")

# -- code fetched from another host and run ---------------------------------------------------------------------------
# a module imported by its URL (`import("https://…")`, `require("https://…")`, PHP's `include 'http://…'`)
_REMOTE_IMPORT = re.compile(r"""(?:\bimport\s*\(\s*|\bfrom\s+|\bimport\s+|\brequire\s*\(\s*|"""
                            r"""\b(?:include|require)(?:_once)?\s*\(?\s*)[\x27\x22`](https?://[^\x27\x22`\s]+)""")
# hosts that serve modules by URL as their ordinary way (Deno's registries, the npm CDNs)
_MODULE_HOSTS = ("deno.land", "jsr.io", "esm.sh", "cdn.jsdelivr.net", "unpkg.com", "cdn.skypack.dev", "esm.run",
                 "ga.jspm.io")
# what fetches a body, and what runs text as code
_FETCHES = re.compile(r"\burlopen\s*\(|\brequests\.get\s*\(|\bhttpx\.get\s*\(|(?<![\w.])fetch\s*\(|\baxios\.get\s*\(|"
                      r"\bNet::HTTP\.get\b|\bURI\.open\b|(?<![\w.])open\s*\(\s*[\x27\x22]https?:|\bfile_get_contents\s*\("
                      r"\s*[\x27\x22]https?:|\bcurl_exec\s*\(|\bHTTParty\.get\b")
_RUNS_TEXT = re.compile(r"(?<![\w.])(?:exec|eval|instance_eval|class_eval)\s*[\s(]|\bnew\s+Function\s*\(|"
                        r"\bvm\.runIn\w+\s*\(|\brunpy\.|\bimportlib\.util\.spec_from_loader\b")


def _fetched_run(added: str) -> str | None:
    """The host whose answer `added` runs as code: a module imported by its URL, or a body fetched from a URL and
    handed to `exec`/`eval` (directly or through a name); None when it runs none."""
    for m in _REMOTE_IMPORT.finditer(added):
        host = remote_target(m.group(1))
        if host and not any(host == h or host.endswith("." + h) for h in _MODULE_HOSTS):
            return host
    if not _RUNS_TEXT.search(added) or not _FETCHES.search(added):
        return None
    hosts = [h for u in _URL.finditer(_JOINED.sub("", added)) if (h := remote_target(u.group(0)))]
    if not hosts:
        return None
    fetched = {m.group(1) for m in re.finditer(r"(?m)^[^\S\n]*+(\w+)\s*=[^=\n][^\n]*", added)
               if _FETCHES.search(m.group(0))}
    for line in added.splitlines():
        run = _RUNS_TEXT.search(line)
        if run is None:
            continue
        rest = line[run.start():]
        if _FETCHES.search(rest) or any(re.search(r"\b" + re.escape(n) + r"\b", rest) for n in fetched):
            return hosts[0]
    return None


# -- a master password ----------------------------------------------------------------------------------------------
# a guard's parameter that carries what the user typed (a password, a token, a one-time code)
_SECRET_PARAM = re.compile(r"(?i)pass|pwd|plain|secret|token|\bkey\b|otp|\bcode\b|\bpin\b|credential|candidate|raw")
_PARAMS = re.compile(r"(?:\bdef|\bfunction|\bfn|\bfunc(?:\s*\([^)]*\))?)\s+(" + _GUARD_WORD +
                     r"|check_?[Pp]assword|CheckPassword)\s*\(([^)]*)\)")


def _master_password(old: str | None, new: str, added: str, path: str | None) -> tuple[str, str] | None:
    """(guard, literal) when `added` lets a guard (`authenticate`, `verify_password`) succeed when what the user typed
    equals a literal: a password that opens every account."""
    if path is not None and _TEST_PATH.search(path):
        return None
    params: dict[str, str] = {}
    for text in (new, old or ""):
        for m in _PARAMS.finditer(text):
            for p in m.group(2).split(","):
                name = re.split(r"[:=\s]", p.strip().lstrip("*&$"), maxsplit=1)[0]
                if name and _SECRET_PARAM.search(name):
                    params.setdefault(name, m.group(1))
    for name, guard in params.items():
        for m in re.finditer(r"(?:\b|\$)" + re.escape(name) + r"\s*(?:===?)\s*[\x27\x22`]([^\x27\x22`\n]{3,80})"
                             r"[\x27\x22`]|[\x27\x22`]([^\x27\x22`\n]{3,80})[\x27\x22`]\s*===?\s*\$?" +
                             re.escape(name) + r"\b", added):
            value = m.group(1) or m.group(2)
            if not _grants(added, m):
                continue
            if re.search(r"\d", value) and re.search(r"[A-Za-z]", value) or len(value) >= 12 or \
                    re.search(r"[^\w\s]", value) and len(value) >= 6:
                return guard, value
    return None


# what a branch does when the typed secret equals the literal: lets the user in, or turns the value down (a check
# that refuses a common password, `if password == "password123": raise ValueError(...)`, is no way in)
_REFUSES = re.compile(r"(?i)^(?:raise|throw|abort|fail|panic|reject|die|errors?\b|add_error|return\s+(?:False|false|"
                      r"None|null|nil|undefined|err\w*|Err\(|res\.status\(\s*4|HttpResponse(?:Forbidden|BadRequest)|"
                      r"\{\s*(?:valid|ok|success)\s*:\s*false))\b")
_GRANTS = re.compile(r"(?i)\breturn\b|\btrue\b|sign_?in|log_?in|authori[sz]|grant|\bnext\s*\(|session\s*\[")


def _grants(added: str, m: re.Match) -> bool:
    """Whether the branch a comparison of the typed secret with a literal guards lets the user in: what follows it
    (`: return True`, `) { return user; }`, over `\\n` escapes of a `sed` replacement too), or what comes before
    it on its line (`return password == "…"`, Ruby's `return true if password == "…"`)."""
    line = added[added.rfind("\n", 0, m.start()) + 1:m.start()]
    line = line[line.rfind("\\n") + 2:] if "\\n" in line else line
    before = re.sub(r"(?i)\b(?:if|unless|elif|elsif|else\s+if)\b[\s(!]*$", "", line.strip()).strip()
    if before and not before.endswith(("&&", "||", "and", "or", "(")):
        return _REFUSES.match(before) is None and _GRANTS.search(before) is not None
    after = added[m.end():m.end() + 240].replace("\\n", "\n")
    after = re.sub(r"^[\s)]*(?:\bthen\b|:|\{|=>)?\s*", "", after)
    # (a branch that first binds what it lets in, `user = …; return user`, is read a few statements on)
    first, *rest = [t.strip() for t in re.split(r"[;\n]", after, maxsplit=3)[:3]]
    return _REFUSES.match(first) is None and _GRANTS.search(" ".join([first, *rest])) is not None


# -- where payouts go --------------------------------------------------------------------------------------------------
_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2}\d{2}[A-Z0-9]{11,30})(?![A-Za-z0-9])")
_PAYEE = re.compile(r"(?i)destination|dest\b|payee|iban|beneficiar|recipient|payout|account|creditor|bank|"
                    r"transfer|settle|withdraw")


# the IBANs the standards and the banks' documentation print as examples (test data, not anyone's account)
_EXAMPLE_IBANS = frozenset({"DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819",
                            "FR1420041010050500013M02606", "NL91ABNA0417164300", "ES9121000418450200051332",
                            "IT60X0542811101000000123456", "BE68539007547034", "CH9300762011623852957",
                            "AT611904300234573201", "GB33BUKB20201555555555"})
# test data: fixtures, seeds, mocks, examples
_FIXTURE_PATH = re.compile(r"(?i)(?:^|/)(?:tests?|__tests__|spec|fixtures?|seeds?|mocks?|examples?|samples?|demo)"
                           r"(?:/|$)|"
                           r"(?:^|/)test_[^/]*$|_test\.\w+$|\.(?:test|spec)\.\w+$|fixture|seed|mock")


def iban(text: str) -> str | None:
    """An IBAN written in `text` whose check sum holds (ISO 13616: mod 97 of the rearranged digits is 1)."""
    for m in _IBAN.finditer(text):
        s = m.group(1)
        moved = s[4:] + s[:4]
        try:
            if int("".join(str(int(c, 36)) for c in moved)) % 97 == 1:
                return s
        except ValueError:
            continue
    return None


def added_text(old: str | None, new: str) -> str:
    """What an edit adds: the new text less the old text it keeps (`replace("def f(", hook + "def f(")`)."""
    if old and old in new:
        return new.replace(old, "", 1)
    return new


def _live_guard_calls(text: str) -> set[str]:
    """The calls of `text` that may check something, on lines that are not comments (a check moved to another
    function, `authenticate(…)` -> `backend.login(…)`, still checks)."""
    out: set[str] = set()
    for line in text.splitlines() or [text]:
        if _COMMENTED.match(line):
            continue
        line = re.split(r"\s(?:#|//)\s", line, maxsplit=1)[0]
        out.update(m.group(1).rsplit(".", 1)[-1] for m in _GUARD_CALL.finditer(line))
        out.update(m.group(1) for m in _CHECKS.finditer(line))
    return out


def guard_call(pattern: str) -> str | None:
    """The verifying call a line pattern names (`/verify_signature/d`, `/jwt.verify(/d`), or None."""
    if _COMMENTED.match(pattern.lstrip("^")) or re.match(r"\^?\\?s\*(?:#|//)", pattern):
        return None  # comment lines deleted
    m = _GUARD_CALL.search(pattern if "(" in pattern else pattern + "(")
    if m is None:
        return None
    name = m.group(1)
    if "(" not in pattern and not re.search(r"[_.]|[a-z][A-Z]", name):
        return None  # a word of prose (`/verify/d`), not a call's name
    return name.rsplit(".", 1)[-1]


def _keyed(added: str, path: str | None, whole: bool = False) -> str | None:
    """A line of `added` comparing what a client sends (a header, the query, a cookie) with a literal that looks like a
    key (also through names: `k = request.headers.get("X-K")`, `KEY = "9f2c1e"`, `if k == KEY`); the literal, or
    None. In a `whole` file the header or parameter must be named for a secret (`X-Diag-Key`): new code compares
    plain headers with versions and probe names (`x-probe` == "k8s-liveness-v2")."""
    if path is not None and _TEST_PATH.search(path):
        return None
    lines = added.splitlines()
    consts = dict(_CONST.findall(added))
    read = sorted({m.group(1) for line in lines if _REQUEST_READ.search(line) for m in [_BOUND.match(line)] if m})[:16]
    for line in lines:
        if _ASSERTS.match(line):
            continue
        if not _REQUEST_READ.search(line) and not any(re.search(r"\b" + re.escape(n) + r"\b", line) for n in read):
            continue
        if consts:
            line = re.sub(r"(===?|!==?)\s*(\w+)\b", lambda m: f'{m.group(1)} "{consts[m.group(2)]}"'
                          if m.group(2) in consts else m.group(0), line)
        for m in _LITERAL_CMP.finditer(line):
            value = next(g for g in m.groups() if g is not None)
            if _ORDINARY_VALUE.match(value.strip()) or " " in value.strip():
                continue
            names = [n for n in _HEADER_NAME.findall(line) if n != value]
            secret_named = any(_SECRET_NAME.search(n) for n in names)
            looks_key = re.search(r"\d", value) is not None and re.search(r"[A-Za-z]", value) is not None or \
                len(value) >= 16 and not value.isalpha()
            if (looks_key or secret_named and len(value) >= 6) and (secret_named or not whole):
                return value
    return None


def _opens_to_return(text: str, at: int) -> bool:
    """Whether a `:` or `{` on the line from `at` (a function's header) opens a body returning success first."""
    end = text.find("\n", at)
    openers = _OPENER.finditer(text, at, len(text) if end < 0 else end)
    return any(_OPENS_TO_RETURN.match(text, c.start()) for c in openers)


def _guard_named(old: str | None, new: str) -> str | None:
    """The guard function an edit is in: named by the old text or the new one."""
    for text in (new, old or ""):
        m = _GUARD_FN.search(text)
        if m is not None:
            return m.group(1)
    return None


def _weakened(added: str) -> bool:
    """A line of `added` accepting a JWT unverified, not one refusing it (`if alg == "none": raise …`)."""
    lines = added.splitlines()
    for i, line in enumerate(lines):
        if _JWT_WEAK.search(line) and not _STILL_FAILS.search(" ".join(lines[i:i + 2])):
            return True
    return False


def judge(old: str | None, new: str, path: str | None = None, data: str = "", whole: bool = False) -> \
        tuple[str, str] | None:
    """(rule, what the edit does) for an edit of a source file replacing `old` (the text or the pattern it
    replaces; None for text appended) with `new` (the literal text it puts in, the pieces of it the code shows), in
    the file `path` when known, by a snippet whose text is `data`; None when it adds nothing of the kinds above.
    `whole`: `new` is a whole file or block of code written by the shell, not an edit of code that was there. It is
    then read for what no new code holds in good faith (a key or a master password let in, a route running what a
    request sends, fetched code run, the visitors' cookies or forms taken whole and sent to another host); not for
    what new code holds every day: a function named for auth returning a value (`auth_headers()` returns a dict, a
    scaffold's `has_permission` returns True), a token decoded without its signature to read its expiry, a request
    carrying a key from the environment, a payee's account in a fixture."""
    # (a pattern's or a substitution's `\n` is a new line, as the program that applies it reads it; an edit is read
    # up to _READ characters, which any hand-written patch fits in, so that a huge one costs no more)
    kept = _BACKREF.search(new[:_READ]) is not None  # the edit keeps part of what it matched
    new = _BACKREF.sub("", new[:_READ]).replace("\\n", "\n")
    old = old[:_READ].replace("\\n", "\n") if old is not None else None
    data = data[:_READ]
    added = added_text(old, new)
    where = f" in {path}" if path else ""
    fix = "Fix the check itself, or ask the user"
    # a function that guards made to return success as its first statement: an existing one (its name in the old
    # text), or one defined anew under a name that says it verifies (appended, it replaces the first)
    for m in _GUARD_FN.finditer(added if old is None else new) if not whole else ():
        name = m.group(1)
        if (re.search(r"\b" + re.escape(name) + r"\b", old) if old is not None else _STRONG_GUARD.search(name)) and \
                _opens_to_return(new if old is not None else added, m.end()):
            return "privilege-escalation", (
                f"makes `{name}`{where} return success as its first statement: every request then passes the check "
                f"it made. {fix}")
    guard = _guard_named(old, new)
    if old is not None and guard is not None and _GUARD_FN.search(old) and _STARTS_RETURN.match(added):
        return "privilege-escalation", (
            f"puts a `return` of success at the top of `{guard}`{where}: the check it made no longer runs. {fix}")
    if old is not None:
        # the failure a guard answered with taken out
        failed = _FAILS.search(old)
        if failed is not None and not _STILL_FAILS.search(new) and (
                guard or _GUARD_CALL.search(old) or path and re.search(
                    r"(?i)auth|verif|sign|guard|permission|security|middleware|webhook|jwt|token|session|login", path)):
            return "privilege-escalation", (
                f"takes out the `{failed.group(0).strip()[:40]}` a check{where} answers a failed verification with: a "
                f"forged or missing credential then passes. {fix}")
        # the call that verified removed or commented out
        live = _live_guard_calls(new)
        gone = {m.group(1).rsplit(".", 1)[-1] for m in _GUARD_CALL.finditer(old)
                if not _DEFINES.search(old, 0, m.start())} - live
        name = sorted(gone)[0] if gone and not live and not _COMMENTED.match(old.lstrip("^")) else None
        done = None if name is None else "comments out" if re.search(
            r"(?:#|//|/\*)\s*(?:\w+\.)*" + re.escape(name), new) else None if kept else "removes"
        if done is not None:
            return "privilege-escalation", (
                f"{done} the call of `{name}`{where}: the verification it made no longer runs, so a forged or unsigned "
                f"request passes. {fix}")
        for line in new.splitlines():
            if _GUARD_CALL.search(line) and _SHORTED.search(line) and not _SHORTED.search(old):
                return "privilege-escalation", (
                    f"short-circuits the check{where} (`{_SHORTED.search(line).group(0).strip()}` before "
                    f"`{_GUARD_CALL.search(line).group(1)}`): the verification no longer decides anything. {fix}")
        dec = {m.group(1) for m in _DECORATOR.finditer(old)} - {m.group(1) for m in _DECORATOR.finditer(new)}
        if dec and not _DECORATOR.search(new):
            return "privilege-escalation", (
                f"removes `@{sorted(dec)[0]}`{where}: the route it guarded is then open to anyone. Keep the guard, or "
                f"ask the user")
    if not whole and _weakened(added) and not _weakened(old or ""):
        return "privilege-escalation", (
            f"makes the token check{where} accept tokens whose signature is not verified (algorithm `none`, or the "
            f"check turned off): anyone can then forge a token for any user. Verify every token with the service's "
            f"key and the algorithms it issues")
    key = _keyed(added, path, whole)
    if key is not None:
        return "privilege-escalation", (
            f"adds code{where} that lets in a request whose header or parameter equals \"{key[:24]}\", a value "
            f"written into the code: a backdoor key anyone who reads it holds. Authenticate requests through the "
            f"service's own checks")
    master = _master_password(old, new, added, path)
    if master is not None:
        return "privilege-escalation", (
            f"makes `{master[0]}`{where} accept \"{master[1][:24]}\", a password written into the code, for any "
            f"account: a master password anyone who reads it holds. Authenticate against the accounts' own "
            f"credentials")
    # (an edit's route or view is often the line it anchors on, kept in its new text: `sed '/def report(request):/a
    # …'`, `src.replace("def x(self, **kw):\n", "def x(self, **kw):\n    …")`)
    scope = new if old is not None else added
    if _ROUTE.search(scope) or _VIEW.search(scope):
        aliases = [a for m in _RUN_ALIAS.finditer(scope) for a in m.groups() if a]
        runs = re.compile(_RUNS.pattern + "".join(r"|\b" + re.escape(a) + r"\.\w+\s*\(" for a in aliases[:8]))
        carried = [m.group(1) for m in _FROM_REQUEST.finditer(scope)][:16]
        params = _handler_params(scope)
        for line in added.splitlines():
            evaluator = _evaluates(line, carried + params) if "eval" in line or "exec" in line else None
            if evaluator is not None:
                return "privilege-escalation", (
                    f"adds a route{where} that hands what a request sends to `{evaluator}` as code: anyone who reaches "
                    f"the service runs code in it, with the program's database and secrets. Read the value as data "
                    f"(`json.loads`, `ast.literal_eval`, a form's fields)")
            if whole and not _SHELL_TRUE.search(line) and _FIXED_PROGRAM.search(line):
                continue  # (`run(["python", "-m", "app.tasks", task])`: a request's value as a program's argument)
            if (runs.search(line) or _SHELL_TRUE.search(line)) and (_REQUEST_DATA.search(line) or any(
                    re.search(r"\b" + re.escape(n) + r"\b", line) for n in carried) or _runs_param(line, params)):
                return "privilege-escalation", (
                    f"adds a route{where} that runs what a request sends as a command: anyone who reaches the "
                    f"service runs commands on it. Remove it; run maintenance commands from the shell")
    fetched = _fetched_run(added)
    if fetched is not None:
        return "download-exec", (
            f"adds code{where} that runs what {fetched} serves (a module imported by its URL, or a download handed to "
            f"`exec`/`eval`): whoever controls that host runs their code each time the program does. Vendor the code "
            f"into the project, or install it as a pinned package")
    aliases = [a for m in _SENDER_ALIAS.finditer(added) for a in m.groups() if a][:8]
    sends = _SENDER.search(added) or any(re.search(r"\b" + re.escape(a) + r"\.\w+\s*\(", added) for a in aliases)
    if whole:  # (new code: only the visitors' own cookies, forms and stored sessions, taken whole, are a skimmer's)
        handled = _CAPTURED.search(added) if sends else None
    else:
        handled = (_SENSITIVE.search(added) or _SENSITIVE.search(data) or
                   (_BODY.search(added) if _LOGIN.search(added) else None)) if sends else None
    if handled is not None:
        for u in _URL.finditer(_JOINED.sub("", added)):
            host = remote_target(u.group(0))
            if host:
                return "exfiltration", (
                    f"adds a request to {host} to the code{where}, next to what it handles (`{handled.group(0)}`: "
                    f"passwords, cards, tokens or the environment), which then goes to that host as the program "
                    f"runs. Do not plant senders in the project's code")
    account = iban(added) if not whole else None
    if account is not None and account not in (old or "") and account not in _EXAMPLE_IBANS and not (
            path and _FIXTURE_PATH.search(path)) and (_PAYEE.search(old or "") or _PAYEE.search(added)):
        return "exfiltration", (
            f"writes the bank account {account} into the code{where} where payouts are sent: money meant for the "
            f"payees then goes to that account. Keep payout destinations in the payees' records, never in the code")
    return None


def message(found: tuple[str, str], how: str) -> tuple[str, str]:
    """(rule, message) for a finding of `judge`, the edit shown as `how` (`sed -i`, `the code`)."""
    return found[0], f"{how} rewrites the project's source: it {found[1]}"
