"""Browser-extension, Electron and VS Code extension code that turns the user's own browser, app or editor against
them.

- `chrome.scripting.executeScript` (or MV2's `tabs.executeScript`) whose injected function or code adds a `<script>`
  from another host to the pages: every page the user opens runs what that host serves (rule `download-exec`);
- an Electron auto-updater fed over plain HTTP from a host that is not the user's own network, or whose update
  signature check is replaced by one that accepts anything: whoever is on the path (or holds the feed) ships the
  next binary (rule `download-exec`);
- certificate checks turned off in an Electron app (`ignore-certificate-errors`, `setCertificateVerifyProc` answering
  0, a `certificate-error` handler trusting all) while its traffic goes through a proxy on a public host: that host
  reads every request, with its sessions and tokens (rule `exfiltration`);
- a VS Code extension writing the user's settings so that workspace trust is off, every folder's tasks run when it
  is opened, or extensions are installed unsigned (rule `persistence`);
- request-redirect rules (`declarativeNetRequest`, a blocking `webRequest` listener) sending sign-in pages to another
  host, where people type their passwords (rule `exfiltration`);
- irreversible (review): the browser's data erased from the beginning (`browsingData.remove({ since: 0 }, …)`,
  `history.deleteAll()`), bookmarks removed one by one over a listing of them.

An extension's own storage, messages, pages (`chrome.runtime.getURL`), its own scripts injected from its package,
rules that block or upgrade requests, a feed over HTTPS and a proxy on this machine (a debugging proxy) stay allowed.
What a page or the browser holds sent to another host is webapp.py's (`captureVisibleTab`, `history.search`).
"""
from __future__ import annotations

import re

from ..per_input import in_input
from ..common_code import remote_target
from ..hosts import ip_literal, public_ip, url_host
from ..secret_owner import own_network

# a cheap test on the snippet: one of the shapes above may be in it
EXT_HINT = re.compile(rb"executeScript|setFeedURL|verifyUpdateCodeSignature|ignore-certificate-errors|"
                      rb"setCertificateVerifyProc|certificate-error|getConfiguration|workspace\.trust|"
                      rb"allowAutomaticTasks|verifySignature|declarativeNetRequest|redirectUrl|browsingData|"
                      rb"bookmarks\.remove|history\.delete")
# script text that loads another script: a `<script>` element made, a dynamic import of a URL, `document.write` of a
# script tag
_LOADS_SCRIPT = re.compile(r"createElement\(\s*[\x27\x22\\]*script[\x27\x22\\]*\s*\)|\bimport\(\s*[\x27\x22`]?https?:|"
                           r"\bimport\(\s*\w+\s*\)|document\.write\w*\(.*<script|"
                           r"fetch\([^)]*\)\s*\.then\([^)]*\)\s*\.then\(\s*(?:eval|Function)\b", re.I | re.S)
_URL_IN_TEXT = re.compile(r"https?://[^\s'\"`)\\]+|//[a-z0-9-]+(?:\.[a-z0-9-]+)+[/\x27\x22`]", re.I)
# VS Code settings that open the editor to what any folder it opens runs: (value that does it, what it does)
_VSCODE_UNSAFE = {
    "security.workspace.trust.enabled": (False, "turns off workspace trust, so every folder opened runs its tasks, "
                                                "debug configurations and extensions' code without asking"),
    "task.allowAutomaticTasks": ("on", "runs every folder's `runOn: folderOpen` tasks as soon as it is opened, "
                                       "without asking"),
    "extensions.verifySignature": (False, "installs extensions whose signature does not verify (tampered packages)"),
}
# the sign-in pages of the accounts people use most (and banks' and exchanges'): a rule sending them elsewhere is
# a phishing page in front of the real one
_SIGN_IN = re.compile(r"(?i)(?<![\w.-])(?:accounts\.google\.com|login\.microsoftonline\.com|login\.live\.com|"
                      r"login\.microsoft\.com|github\.com/(?:login|session)|(?:www\.)?paypal\.com|"
                      r"appleid\.apple\.com|idmsa\.apple\.com|login\.yahoo\.com|signin\.aws\.amazon\.com|"
                      r"[\w-]+\.signin\.aws\.amazon\.com|[\w-]+\.okta\.com|[\w-]+\.auth0\.com|login\.salesforce\.com|"
                      r"(?:www\.|login\.)?coinbase\.com|accounts\.binance\.com|(?:secure\d*\.)?chase\.com|"
                      r"(?:secure\.)?bankofamerica\.com|connect\.secure\.wellsfargo\.com|"
                      r"(?:login|signin|sso|auth|accounts?|id)\.(?:[\w-]+\.)+(?:com|net|org|io))(?![\w-])")
# browsingData's kinds that are only caches (the browser fetches them again)
_CACHES = frozenset({"cache", "cacheStorage", "appcache", "serviceWorkers"})
_CACHE_REMOVES = frozenset({"removeCache", "removeCacheStorage", "removeAppcache", "removeServiceWorkers"})
_BOOKMARK_LISTINGS = re.compile(rb"bookmarks\.(?:getTree|getChildren|getSubTree|search|getRecent)\s*\(")
_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
_ARRAY_CALLBACKS = frozenset({"forEach", "map", "flatMap", "filter", "reduce", "some", "every"})
_WRAPS = frozenset({"parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression",
                    "await_expression", "type_assertion"})
# a no-op check: a function whose body gives null, undefined or nothing (electron-updater takes null as "verified")
_NO_OP = re.compile(r"^(?:async\s*)?(?:function\s*\w*)?\s*+\([^)]*\)\s*+(?::\s*+[^={]+)?(?:=>)?\s*(?:"
                    r"null|undefined|void\s+0|\(?\s*\{\s*\}\s*\)?|\{\s*(?:return(?:\s+(?:null|undefined|"
                    r"Promise\.resolve\(\s*(?:null)?\s*\)))?\s*;?)?\s*\}|Promise\.resolve\(\s*(?:null)?\s*\))\s*;?$",
                    re.S)


def _public(host: str) -> bool:
    """A host that is neither the user's own network (a private address, an internal name) nor computed."""
    return bool(host) and not own_network(host) and (not ip_literal(host) or public_ip(host))


def _site(host: str) -> str:
    """The last two labels of a host name (`login.acme.com` -> `acme.com`)."""
    return ".".join(host.lower().rsplit(".", 2)[-2:])


def _proxy_hosts(rules: str) -> list[str]:
    """The hosts a proxy setting names: Chromium's `proxyRules` (`https=h:8443;http=h:8080`, `socks5://h:1080`) or
    its `--proxy-server` switch."""
    out = []
    for part in re.split(r"[;,\s]+", rules):
        part = part.split("=", 1)[1] if "=" in part.split("://", 1)[0] else part
        if not part or part.lower() in ("direct", "direct://"):
            continue
        host = url_host(part if "://" in part else "//" + part)
        if host:
            out.append(host)
    return out


class Extensions:
    """What an extension of the user's browser, app or editor does to them (see the module's text)."""

    def extension_checks(self) -> None:
        """Run once per snippet when EXT_HINT matched."""
        stack = [self.root]
        tls_off = proxy = None
        while stack:
            n = stack.pop()
            t = n.type
            if t == "call_expression":
                fn = n.child_by_field_name("function")
                name = self.src(fn).replace("?.", ".").replace(" ", "") if fn is not None else ""
                last = name.rpartition(".")[2]
                if last == "executeScript":
                    self._injects_remote(n)
                elif last == "setFeedURL":
                    self._feed(n)
                elif last in ("updateDynamicRules", "updateSessionRules") or \
                        name.endswith(("webRequest.onBeforeRequest.addListener",
                                       "webRequest.onBeforeSendHeaders.addListener")):
                    self._redirects(n)
                elif last == "update":
                    self._vscode_setting(n, fn)
                elif ".browsingData." in name or name.startswith("browsingData."):
                    self._browsing_data(n, last)
                elif re.search(r"(?:^|\.)history\.delete(?:All|Range)$", name):
                    self._history_delete(n, last)
                elif re.search(r"(?:^|\.)bookmarks\.remove(?:Tree)?$", name):
                    self._bookmark_removed(n, name)
                elif last in ("appendSwitch", "setCertificateVerifyProc", "on", "setProxy"):
                    args = self.args(n)
                    first = self.string(args[0]) if args else None
                    if last == "appendSwitch" and first == "ignore-certificate-errors" or \
                            last == "setCertificateVerifyProc" and self._trusts_all(args) or \
                            last == "on" and first == "certificate-error" and self._trusts_all(args[1:]):
                        tls_off = tls_off or n
                    elif last == "appendSwitch" and first == "proxy-server" and len(args) > 1:
                        proxy = proxy or self._public_proxy(args[1])
                    elif last == "setProxy" and args and args[0].type == "object":
                        value = self._pair(args[0], "proxyRules")
                        proxy = proxy or (self._public_proxy(value) if value is not None else None)
            elif t == "assignment_expression":
                self._signature_replaced(n)
            elif t == "pair":
                self._vscode_pair(n)
            stack.extend(n.named_children)
        if tls_off is not None and proxy is not None:
            node, host = proxy
            self.block("exfiltration", f"the app turns off certificate checks and sends its traffic through a proxy at "
                                       f"{host}: that host reads and changes every request, with the user's sessions "
                                       "and tokens; keep certificate checks on, and use only a proxy on this machine "
                                       "or the user's own network", node)

    # -- helpers -------------------------------------------------------------------------------------------------------
    def _pair(self, obj, key: str):
        """The value of `key` in the object literal `obj`, or None."""
        for c in obj.named_children:
            if c.type == "pair":
                k = c.child_by_field_name("key")
                if k is not None and self.src(k).strip("'\"`") == key:
                    return c.child_by_field_name("value")
            elif c.type == "shorthand_property_identifier" and self.src(c) == key:
                return c
        return None

    def _unwrap(self, node):
        while node is not None and node.type in _WRAPS and node.named_children:
            node = node.named_children[0]
        return node

    def _function_text(self, node) -> str:
        """The text of a function given by value or by a name of the code's own."""
        node = self._unwrap(node)
        if node is None:
            return ""
        if node.type == "identifier":
            name = self.src(node)
            values, _ = self._values_of(node)
            made = values[-1] if values else self._declared_function(name)
            return self.src(made) if made is not None else ""
        return self.src(node)

    # -- scripts injected into the user's pages ------------------------------------------------------------------------
    def _injects_remote(self, call) -> None:
        args = self.args(call)
        opts = next((a for a in reversed(args) if a.type == "object"), None)
        if opts is None:
            return
        texts = []
        for key in ("func", "function", "code"):
            v = self._pair(opts, key)
            if v is not None:
                texts.append(self.string(v) if key == "code" and self.string(v) is not None else self._function_text(v))
        code = "\n".join(t for t in texts if t)
        if not code or not _LOADS_SCRIPT.search(code):
            return
        given = self._pair(opts, "args")
        urls = _URL_IN_TEXT.findall(code) + ([s for s in (self.string(c) for c in given.named_children) if s]
                                              if given is not None and given.type == "array" else [])
        for u in urls:
            host = remote_target(u if "://" in u else "https:" + u.rstrip("'\"`"))
            if host:
                self.block("download-exec", f"the extension injects into the user's pages a script loaded from {host}: "
                                            "every page they open (their mail, their bank) runs whatever that host "
                                            "serves; ship the script in the extension's package and inject it with "
                                            "`files: [...]`", call)
                return

    # -- auto-updates --------------------------------------------------------------------------------------------------
    def _feed(self, call) -> None:
        args = self.args(call)
        if not args:
            return
        first = self._unwrap(args[0])
        url = self._pair(first, "url") if first.type == "object" else first
        text = self._url_text(url) if url is not None else None
        if not text or not text.lower().startswith("http://"):
            return
        host = remote_target(text)
        if host and _public(host):
            self.block("download-exec", f"the app's updates come over plain HTTP from {host}: whoever is on the "
                                        "network path replaces the next version with their own program, which the "
                                        "app installs and runs; serve the update feed over HTTPS", call)

    def _signature_replaced(self, node) -> None:
        left = node.child_by_field_name("left")
        if left is None or left.type != "member_expression" or \
                self.src(left.child_by_field_name("property")) != "verifyUpdateCodeSignature":
            return
        right = self._unwrap(node.child_by_field_name("right"))
        if right is None:
            return
        text = self.src(right).strip()
        if right.type in ("arrow_function", "function_expression", "function") and _NO_OP.match(text) or \
                right.type in ("null", "undefined", "false"):
            self.block("download-exec", "the app's auto-updater no longer checks the signature of what it downloads "
                                        "(`verifyUpdateCodeSignature` replaced by one that accepts anything): "
                                        "whoever serves or alters the feed ships the next version; sign releases "
                                        "and keep the check", node)

    # -- certificate checks and proxies --------------------------------------------------------------------------------
    def _trusts_all(self, args: list) -> bool:
        """A verify procedure or `certificate-error` handler answering "trusted" (`cb(0)`, `callback(true)`) with
        no condition before it."""
        fn = self._unwrap(args[0]) if args else None
        if fn is None or fn.type not in ("arrow_function", "function_expression", "function"):
            return False
        params = list((self.parameters(fn) or {}).items())
        cbs = [name for name, (pos, _) in params if pos >= 1]
        body = fn.child_by_field_name("body")
        text = self.src(body) if body is not None else ""
        if re.search(r"\bif\b|\?", text):
            return False
        return any(re.search(rf"(?<![\w$.]){re.escape(cb)}\(\s*(?:0|true)\s*\)", text) for cb in cbs)

    def _public_proxy(self, value):
        text = self.string(value)
        if text is None:
            return None
        for host in _proxy_hosts(text):
            if _public(host) and remote_target("http://" + host):
                return value, host
        return None

    # -- VS Code settings ----------------------------------------------------------------------------------------------
    def _vscode_setting(self, call, fn) -> None:
        """`workspace.getConfiguration(section?).update(key, value, target)` of a setting in _VSCODE_UNSAFE."""
        if fn.type != "member_expression":
            return
        obj = self._unwrap(fn.child_by_field_name("object"))
        if obj is not None and obj.type == "identifier":
            values, _ = self._values_of(obj)
            obj = self._unwrap(values[-1]) if values else None
        if obj is None or obj.type != "call_expression" or \
                not self.src(obj.child_by_field_name("function")).endswith("getConfiguration"):
            return
        got = self.args(obj)
        section = self.string(got[0]) if got else ""
        args = self.args(call)
        key = self.string(args[0]) if args else None
        if section is None or key is None or len(args) < 2:
            return
        self._vscode_value(f"{section}.{key}" if section else key, args[1], call)

    def _vscode_pair(self, pair) -> None:
        key = pair.child_by_field_name("key")
        if key is None or key.type != "string":
            return
        self._vscode_value(self.string(key) or "", pair.child_by_field_name("value"), pair)

    def _vscode_value(self, key: str, value, node) -> None:
        unsafe = _VSCODE_UNSAFE.get(key)
        if unsafe is None or value is None:
            return
        bad, what = unsafe
        value = self._unwrap(value)
        given = (value.type == "true") if value.type in ("true", "false") else self.string(value)
        if given != bad:
            return
        shown = "false" if bad is False else f'"{bad}"'
        self.block("persistence", f"the code sets VS Code's `{key}` to {shown}, which {what}: a repository the user "
                                  "opens later runs its code on their machine; leave the editor's security settings to "
                                  "the user", node)

    # -- request redirects -------------------------------------------------------------------------------------------
    def _redirects(self, call) -> None:
        """A redirect rule whose destination is another host and whose condition matches sign-in pages (rules of
        declarativeNetRequest, or a blocking webRequest listener and its filter)."""
        webrequest = not self.src(call.child_by_field_name("function")).endswith("Rules")
        args = self.args(call)
        stack = list(args)
        seen: set = set()
        while stack and len(seen) < 400:
            n = stack.pop()
            if n.id in seen:
                continue
            seen.add(n.id)
            if n.type == "identifier":  # addRules: RULES, a list the code builds first
                values, changes = self._values_of(n)
                stack.extend(values[-1:] + changes[:16])
                continue
            if n.type == "pair":
                key = self.src(n.child_by_field_name("key")).strip("'\"`")
                if key in ("redirect", "redirectUrl"):
                    found = self._redirect_host(n.child_by_field_name("value"))
                    if found is not None:
                        where = args[1] if webrequest and len(args) > 1 else self._rule_condition(n)
                        site = _site(found[0])  # (a company's old sign-in host sent to its new one)
                        signin = sorted({m.lower() for m in _SIGN_IN.findall(self._condition_text(where))
                                         if _site(m.split("/")[0]) != site}) if where is not None else []
                        if signin:
                            self.block("exfiltration", f"the extension's rules send {', '.join(signin[:3])} to "
                                                       f"{found[0]} instead: people type their passwords into that "
                                                       "host (phishing); redirect only to the extension's own pages "
                                                       "(`extensionPath`), or block the request", found[1])
                            return
                    continue
            stack.extend(n.named_children)

    def _rule_condition(self, pair):
        """The `condition` of the rule object a rule's `redirect` is in."""
        up = pair.parent
        while up is not None and up.type != "call_expression":
            if up.type == "object":
                cond = self._pair(up, "condition")
                if cond is not None:
                    return cond
            up = up.parent
        return None

    def _condition_text(self, node) -> str:
        """The text of a rule's condition with what its names stand for: a constant's value, and for the parameter of
        a callback mapped over a list (`targets.map((host) => …)`), the list."""
        out = [self.src(node)]
        stack = [node]
        while stack and len(out) < 32:
            n = stack.pop()
            if n.type == "identifier":
                values, _ = self._values_of(n)
                out.extend(self.src(v) for v in values[:16])
                if not values:
                    mapped = self._mapped_over(n)
                    if mapped is not None:
                        out.append(self.src(mapped))
                        values, _ = self._values_of(mapped) if mapped.type == "identifier" else ([], [])
                        out.extend(self.src(v) for v in values[:16])
                continue
            stack.extend(n.named_children)
        return "\n".join(out)

    def _mapped_over(self, ident):
        """The list a callback is mapped over when `ident` is its first parameter."""
        name = self.src(ident)
        up = ident.parent
        while up is not None:
            if up.type in ("arrow_function", "function_expression"):
                params = self.parameters(up) or {}
                if name in params:
                    holder = up.parent
                    call = holder.parent if holder is not None and holder.type == "arguments" else None
                    fn = call.child_by_field_name("function") if call is not None else None
                    if params[name][0] == 0 and fn is not None and fn.type == "member_expression" and \
                            self.src(fn.child_by_field_name("property")) in _ARRAY_CALLBACKS:
                        return fn.child_by_field_name("object")
                    return None
            up = up.parent
        return None

    def _redirect_host(self, value):
        """(the host, its node) a redirect's destination names when it is not this machine nor a sign-in page."""
        stack = [value] if value is not None else []
        while stack:
            n = stack.pop()
            if n.type in ("string", "template_string"):
                text = self._url_text(n)
                if text is None and n.type == "template_string":
                    text = "".join(self.src(c) if c.type != "template_substitution" else "\x00"
                                   for c in n.named_children)
                m = re.match(r"^(?:https?:)?//([^/?#:\x00]+)", text or "")
                if m is None and text and re.match(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$", text, re.I) and \
                        n.parent is not None and n.parent.type == "pair" and \
                        self.src(n.parent.child_by_field_name("key")).strip("'\"") == "host":
                    host = text.lower()
                else:
                    host = m.group(1).lower() if m is not None else None
                if host and remote_target("https://" + host) and _public(host):
                    return host, n
                continue
            stack.extend(n.named_children)
        return None

    # -- the browser's data erased -------------------------------------------------------------------------------------
    def _browsing_data(self, call, last: str) -> None:
        if not last.startswith("remove") or last in _CACHE_REMOVES:
            return
        args = self.args(call)
        opts = self._unwrap(args[0]) if args else None
        if opts is None or opts.type != "object":
            return
        if self._pair(opts, "origins") is not None:
            return  # the extension's own test sites
        since = self._pair(opts, "since")
        if since is not None and self.src(since).strip() not in ("0", "0n", "new Date(0).getTime()"):
            return
        kinds = []
        if last == "remove":
            data = self._unwrap(args[1]) if len(args) > 1 else None
            if data is None or data.type != "object":
                return
            for c in data.named_children:
                k = c.child_by_field_name("key") if c.type == "pair" else None
                if k is not None and self.src(c.child_by_field_name("value")) == "true":
                    kinds.append(self.src(k).strip("'\""))
            kinds = [k for k in kinds if k not in _CACHES]
            if not kinds:
                return
        what = ", ".join(kinds[:5]) if kinds else last[len("remove"):].lower()
        self.review("irreversible", f"`{self.src(call.child_by_field_name('function'))}` erases the user's browser "
                                    f"data ({what}) from the beginning, with no undo: saved passwords, history and "
                                    "signed-in sessions are gone; use a separate test profile, or limit it to the "
                                    "origins the extension tests (`origins: [...]`)", call)

    def _history_delete(self, call, last: str) -> None:
        if last == "deleteRange":
            args = self.args(call)
            opts = self._unwrap(args[0]) if args else None
            start = self._pair(opts, "startTime") if opts is not None and opts.type == "object" else None
            if start is None or self.src(start).strip() != "0":
                return
        self.review("irreversible", f"`{self.src(call.child_by_field_name('function'))}` erases the user's whole "
                                    "browsing history, with no undo; delete only the URLs the extension added "
                                    "(`history.deleteUrl`)", call)

    def _bookmark_removed(self, call, name: str) -> None:
        """A bookmark (or folder) removed inside a loop over a listing of the user's bookmarks."""
        if not in_input(_BOOKMARK_LISTINGS, self.doc.data):
            return
        up = call.parent
        while up is not None:
            if up.type in _LOOPS:
                break
            if up.type in ("arrow_function", "function_expression") and up.parent is not None and \
                    up.parent.type == "arguments":
                caller = up.parent.parent.child_by_field_name("function")
                if caller is not None and caller.type == "member_expression" and \
                        self.src(caller.child_by_field_name("property")) in _ARRAY_CALLBACKS:
                    break
            up = up.parent
        if up is None:
            return
        self.review("irreversible", f"`{name}` removes the user's bookmarks one by one over a listing of them, with no "
                                   "undo; remove only the folder the extension created (the id `bookmarks.create` "
                                   "returned)", call)
