"""Serverless functions and edge platforms (Lambda, SAM, Serverless Framework, CDK, Cloudflare Workers and wrangler, Vercel, Netlify, Fly.io, Deno Deploy, Cloud Functions / Cloud Run, Azure Functions, Supabase), from Python (session 28).

- the Lambda functions' environment variables read (`Environment` / `Variables` of `list_functions`,
  `get_function_configuration`) by code that uses the network: blocked, as every secret of a store gathered and sent
  is (walk.py's archives);
- an object uploaded with a public ACL (`put_object(…, ACL="public-read")`): published to anyone, so what the code
  gathered leaves as it would over HTTP;
- a shell script written in the code (`#!/bin/bash …`) and deployed as a function's or layer's code
  (`publish_layer_version`, `create_function`, `update_function_code`): judged as the shell command it is (a wrapper
  posting `env` to another host is blocked);
- a function opened to the internet without authentication (`FunctionUrlAuthType` / `AuthType` NONE) when its name
  says it is internal or an administrator's: blocked; invoke rights given to an AWS account the code names nowhere
  else: held.
"""
from __future__ import annotations

import re

from ..per_input import holds
from ..bash.serverless import INTERNAL_NAME

_NAMES = frozenset({"put_object", "upload_file", "upload_fileobj", "copy_object", "list_functions",
                    "get_function_configuration", "get_function", "paginate", "publish_layer_version",
                    "create_function", "update_function_code", "add_permission", "create_function_url_config",
                    "update_function_url_config"})
_PUBLIC_ACL = re.compile(r"[\"']public-read(?:-write)?[\"']|[\"']authenticated-read[\"']")
_SHEBANG_SCRIPT = re.compile(r"(?s)(\"\"\"|''')(#![^\n]*\b(?:ba|da|z|k)?sh\b.*?)\1")
_ACCOUNT = re.compile(r"^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::root)?$")


class Serverless:
    def visit_serverless(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name not in _NAMES or meth is None:
            return
        data = self.doc.data
        if name in ("put_object", "upload_file", "upload_fileobj", "copy_object"):
            if holds(data, b"public-read") or holds(data, b"authenticated-read"):
                if _PUBLIC_ACL.search(self.src(node)):
                    self.uses_net = True  # published to anyone: what the code gathered leaves (walk.py)
        elif name in ("list_functions", "get_function_configuration", "get_function", "paginate"):
            if holds(data, b"Variables") and holds(data, b"Environment") and holds(data, b"lambda") and \
                    (name != "paginate" or "list_functions" in self.src(fn)):
                self.archives.append((node, "reads the Lambda functions' environment variables (their API keys and "
                                            "passwords)"))
        elif name in ("publish_layer_version", "create_function", "update_function_code"):
            if holds(data, b"#!"):
                text = data.decode("utf-8", "replace")
                from ..bash.handed import blocked

                for m in _SHEBANG_SCRIPT.finditer(text):
                    found = blocked(self, m.group(2), "bash")
                    if found is not None:
                        self.block(found.rule, f"`{name}` deploys code holding the shell script "
                                               f"`{m.group(2).splitlines()[0][:40]}…`, which would be blocked "
                                               f"({found.message}); it runs inside the functions with their secrets",
                                   node)
                        return
        else:
            self._sls_opened(name, node)

    def _sls_opened(self, name: str, node) -> None:
        fname = self.kwarg(node, "FunctionName")
        fname = self.string(fname) if fname is not None else None
        auth = self.kwarg(node, "FunctionUrlAuthType" if name == "add_permission" else "AuthType")
        shown = f"{name}(FunctionName={fname!r})" if fname else name
        if auth is not None and self.string(auth) == "NONE" and fname and INTERNAL_NAME.search(fname.rsplit(":", 1)[-1]):
            self.block("exfiltration", f"`{shown}` opens the function {fname}, whose name says it is internal or an "
                                       "administrator's, to anyone on the internet without authentication. Keep its "
                                       "URL on AWS_IAM authentication (or behind the organisation's own gateway)", node)
            return
        if name != "add_permission":
            return
        principal = self.kwarg(node, "Principal")
        p = self.string(principal) if principal is not None else None
        m = _ACCOUNT.match(p or "")
        if m is not None and self.doc.data.count(m.group(1).encode()) == 1:
            self.review("privilege-escalation", f"`{shown}` lets AWS account {m.group(1)}, which this code names "
                                                "nowhere else, invoke the function; this check knows none of your own "
                                                "accounts, so a person should confirm that one is yours", node)
