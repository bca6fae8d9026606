"""Mobile releases and device management from Python: Jamf Pro, Intune (Graph), Workspace ONE, Fleet and Kandji
consoles, App Store Connect, Google Play's developer API and Firebase's Admin SDK (session 32).

What a console request does is read as mobile_tables says (a request's URL, the call's own text as its body, the
whole script where a body is built before the call). Blocked:
- an erase or unmanage command sent in a loop over a listing (`for d in devs: requests.post(…/commands?command=
  DeviceWipe)`, `devs` from a search) or as a bulk command (`system-disruption`); one device: held `irreversible`, as
  is a loop over ids the script writes out;
- an administrator made for a stranger's address (Fleet, Jamf, Workspace ONE, App Store Connect's invitations as
  ADMIN, Play Console's `users().create` managing permissions, a directory role for the guest Graph invites)
  (`privilege-escalation`); for the organisation's own address or one the script cannot place: reviewed;
- a script pushed to the managed machines (Jamf's `script_contents`, Intune's `scriptContent`, also base64 of a name
  given the script) that would be blocked on its own, judged as the script it is;
- a device policy rewritten with a protection off; an app's Remote Config published with its pinning or tamper checks
  off (`permission-tamper`);
- a request to a host no one vouches for (a bare public address, a drop-box, a request bin, a tunnel, a free app
  host: lms_tables.outsider) from a script that reads the keychain's passwords, pulls files off phones, lists the
  app's users or reads a signing key (`exfiltration`).
Held `irreversible`: an App Store Connect build expired (`"expired": True` PATCHed to `/v1/builds/ID`).
Allowed: the consoles' reads and syncs, a build attached to a beta group, the store's reads, a key read to sign the
store's own token.
"""
from __future__ import annotations

import re

from .. import mobile_tables as mo
from ..per_input import decoded, in_input

_SENDS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "request": None,
          "urlopen": None, "Request": None}
_NAMES = frozenset(_SENDS) | {"create", "publish_template"}
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression",
                    "set_comprehension", "dictionary_comprehension"})
_LITERALS = frozenset({"list", "tuple", "set"})
_FILE_READ = re.compile(r"\bopen\s*\(|\.read_text\s*\(|\.readlines\s*\(|\bcsv\s*\.|\bPath\s*\(")
_REQUESTED = re.compile(r"\b(?:requests|session|client|httpx|urlopen)\b|\.json\s*\(\s*\)|\.get\s*\(\s*f?[\"']https?:")
_EXPIRED = re.compile(r"""["']expired["']\s*:\s*True\b""")
_ASC_BUILD = re.compile(r"api\.appstoreconnect\.apple\.com/v1/builds/")
_PLAY_USERS = re.compile(r"\busers\(\)\s*\.\s*create\s*\(")


class Mobile:
    def visit_mobile(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES or not in_input(mo.HINT, self.doc.data):
            return
        text = decoded(self.doc.data)
        call = self.src(node)
        if name == "create":
            if _PLAY_USERS.search(call):
                self._mobile_admin(call, call, text, node)
            return
        if name == "publish_template":
            self._mobile_remote_config(text, node)
            return
        if not pos:
            return
        arg = pos[1] if name == "request" and len(pos) > 1 else pos[0]
        url = self._url_text(arg)
        if not url or "//" not in url and not url.startswith(("/", "\x00", "\x01")):
            return
        method = _SENDS[name] or self._mobile_method(name, node, pos)
        if method != "GET" and self._mobile_console(url, method, call, text, node):
            return
        from .. import lms_tables as lt

        far = lt.outsider_url(url, text)
        if far is not None:
            what = mo.code_leak(text)
            if what is not None:
                self.block("exfiltration", mo.leak_message(far.split(",")[0], what), node)

    def _mobile_method(self, name: str, node, pos: list) -> str:
        if name == "request" and pos:
            return (self.string(pos[0]) or "GET").upper()
        m = self.kwarg(node, "method")
        if m is not None:
            return (self.string(m) or "POST").upper()
        return "POST" if self.kwarg(node, "data") is not None or name != "urlopen" and len(pos) > 1 else "GET"

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
            self.review("irreversible", "the request expires an App Store Connect build (`\"expired\": True`): an "
                                        "expired build can never be tested or submitted again; let the user do it in "
                                        "App Store Connect", node)
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
        """(whether the call runs once per item of a loop, whether the items come from anything but a literal list
        of the script's own)."""
        up = node.parent
        while up is not None and up.type not in ("function_definition", "module"):
            if up.type in _LOOPS:
                if up.type == "for_statement":
                    items = up.child_by_field_name("right")
                    if items is not None and items.type == "identifier":
                        items = self.declared(items, frozenset({"list", "tuple", "set", "call", "subscript",
                                                                "list_comprehension", "generator_expression"})) or items
                    if items is None:
                        return True, True
                    if items.type in _LITERALS:
                        return True, False
                    # (ids read from the user's own file, `open("lost.txt")`, are named devices, each held)
                    src = self.src(items)
                    return True, _FILE_READ.search(src) is None or _REQUESTED.search(src) is not None
                return True, True
            up = up.parent
        return False, False
