"""Serverless functions and edge platforms (Lambda, SAM, Serverless Framework, CDK, Cloudflare Workers and wrangler, Vercel, Netlify, Fly.io, Deno Deploy, Cloud Functions / Cloud Run, Azure Functions, Supabase), from TypeScript (session 28).

- a Fetch API response (`new Response(…)`, `Response.json(…)`: Workers, Deno, Bun, Vercel and Netlify edge functions,
  route handlers) whose body holds the function's environment (`process.env`, `Deno.env.toObject()`, a Worker's bound
  `env`) or a secret read from it by name (`Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")`, `env.STRIPE_SECRET_KEY`):
  blocked, whoever calls the URL gets them (a public setting such as `SUPABASE_ANON_KEY` or `VERCEL_REGION` is
  allowed);
- a Lambda function's `NODE_OPTIONS` set to load a module from a URL (`--import=https://…`) through the SDK: blocked;
- Supabase's `auth.admin.deleteUser`: reviewed `irreversible` (the account and its sign-ins go for good).
"""
from __future__ import annotations

import re

from ..per_input import holds
from ..bash.serverless import NODE_PRELOAD
from ..secret_owner import secret_name

_NAMES = frozenset({"json", "stringify", "deleteUser", "send", "updateFunctionConfiguration", "createFunction"})
# a variable read by name from an environment object
_ENV_READ = re.compile(r"(?:process\.env|Bun\.env|Deno\.env\.get\(|Netlify\.env\.get\(|\benv)\s*(?:\.|\[|\(|\?\.)?\s*"
                       r"[\"'`]?([A-Z][A-Z0-9_]{2,})")
_MORE_SECRET = re.compile(r"SERVICE_ROLE|SECRET|PRIVATE_KEY|PASSWORD|DATABASE_URL|DB_URL|CONNECTION_STRING")
# a read whose value never leaves, only whether it is set (`!!env.X`, `Boolean(env.X)`, `typeof env.X`), ending where
# the read starts
_TESTED = re.compile(r"(?:!!\s*\(?|\bBoolean\s*\(|\btypeof\s*\(?)\s*$")
_FN_TYPES = frozenset({"arrow_function", "function_expression", "function", "method_definition",
                       "function_declaration"})


class Serverless:
    def visit_serverless(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        if prop is None:
            return
        name = self.src(prop)
        if name not in _NAMES:
            return
        if name in ("json", "stringify"):
            if not args or not holds(self.doc.data, b"Response"):
                return
            obj = self.src(fn.child_by_field_name("object"))
            if name == "json" and obj == "Response" or name == "stringify" and obj == "JSON" and self._sls_in_response(node):
                self._sls_response(node, args[0])
        elif name == "deleteUser":
            if ".auth.admin" in self.src(fn):
                self.review("irreversible", f"`{self.src(fn)}` deletes the Supabase user with their sign-ins and "
                                            "identities, with no undo (rows that reference them go too, or are left "
                                            "orphaned); list the users it would delete and let a person confirm",
                            node)
        elif holds(self.doc.data, b"NODE_OPTIONS"):
            text = self.doc.data.decode("utf-8", "replace")
            if not re.search(r"UpdateFunctionConfiguration|CreateFunction|updateFunctionConfiguration|createFunction",
                             self.src(node)):
                return
            m = NODE_PRELOAD.search(text[text.find("NODE_OPTIONS"):])
            if m is not None:
                self.block("download-exec", f"the code sets a Lambda function's NODE_OPTIONS to load {m.group(1)} at "
                                            "every start: code served by that host runs inside the function with its "
                                            "secrets. Bundle the module with the function's code instead", node)

    def _sls_in_response(self, node) -> bool:
        """Whether `node` is (within) the body given to `new Response(…)`."""
        up, hops = node.parent, 0
        while up is not None and hops < 6:
            if up.type == "new_expression":
                ctor = up.child_by_field_name("constructor")
                return ctor is not None and self.src(ctor) == "Response"
            if up.type in _FN_TYPES:
                return False
            up, hops = up.parent, hops + 1
        return False

    def _sls_bound_env(self, node) -> str | None:
        """The name of a Worker's bound environment where `node` is: the second parameter of its `fetch` (or
        `scheduled`, `queue`) handler, or of a Pages Function's `context.env`."""
        up = node.parent
        while up is not None:
            if up.type in _FN_TYPES:
                params = up.child_by_field_name("parameters")
                owner = up.child_by_field_name("name") if up.type == "method_definition" else None
                if owner is None and up.parent is not None and up.parent.type == "pair":
                    owner = up.parent.child_by_field_name("key")
                named = [p for p in params.named_children] if params is not None else []
                if owner is not None and self.src(owner) in ("fetch", "scheduled", "queue") and len(named) >= 2:
                    first = named[1].named_children[0] if named[1].named_children else named[1]
                    return self.src(first).split(":")[0].strip()
            up = up.parent
        return None

    def _sls_response(self, node, body) -> None:
        txt = self.src(body)
        what = None
        if self.mentions_env(body) or "Netlify.env.toObject" in txt:
            what = "the function's whole environment"
        else:
            env = self._sls_bound_env(node)
            if env and any(not _object_key(txt, m) for m in re.finditer(
                    rf"(?:(?<=\.\.\.)|(?<![\w.$])){re.escape(env)}\b(?!\s*(?:\.|\[|\?\.))", txt)):
                what = f"the Worker's bound `{env}` (every secret and binding it is given)"
        if what is None:
            for m in _ENV_READ.finditer(txt):
                var = m.group(1)
                if _TESTED.search(txt[max(0, m.start() - 24):m.start()]):
                    continue  # `!!process.env.X`: only whether it is set leaves, as a health check reports
                if not var.startswith(("NEXT_PUBLIC_", "PUBLIC_", "VITE_")) and (secret_name(var) or
                                                                                 _MORE_SECRET.search(var)):
                    what = f"the secret {var}"
                    break
        if what is not None:
            self.block("exfiltration", f"the response this handler returns holds {what}: whoever calls its URL gets "
                                       "it. Return only what the caller needs, and keep secrets in the function",
                       node)


def _object_key(txt: str, m) -> bool:
    """Whether the name `m` found is an object's key (`{ value, env: env.ENVIRONMENT }`), which holds nothing; a
    shorthand `{ env }` is the value itself."""
    return txt[:m.start()].rstrip().endswith(("{", ",")) and txt[m.end():].lstrip().startswith(":")
