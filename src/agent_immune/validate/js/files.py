"""What TypeScript code writes into files something else runs: package.json scripts, files
written and then run or imported, package-manager settings (a registry, a login), files made
git's hooks by `git config core.hooksPath`, and files under the home served to the network. Text appended to a
source file of the project (`appendFileSync`, `writeFileSync(f, readFileSync(f) + …)`) is judged as an edit adding it
(source_patch.py: a route let in by a key written into the code).
"""
from __future__ import annotations

import re
import shlex
from urllib.parse import unquote

from ..per_input import holds
from .. import source_patch
from ..common_code import ARG, UNKNOWN, check_path, library_patch, merge, pieced
from .strings import _unescape

# fs writes that take (path, content)
FS_CONTENT_WRITES = frozenset({"writeFile", "writeFileSync", "appendFile", "appendFileSync", "outputFile",
                               "outputFileSync"})
# file reads a server pipes back to whoever asked
_FS_READS = frozenset({"createReadStream", "readFile", "readFileSync", "sendFile"})
# fs calls that read the file their first argument names, or only ask about it (a copy reads its source)
_READS_FIRST = frozenset({"readFile", "readFileSync", "existsSync", "exists", "stat", "statSync", "lstat", "lstatSync",
                          "access", "accessSync", "createReadStream", "readJson", "readJsonSync", "readJSON",
                          "readJSONSync", "pathExists", "pathExistsSync", "copyFile", "copyFileSync"})
_FS = frozenset({"fs", "fs/promises", "fs-extra"})
# fs calls that write, copy, link, move or chmod onto a path (the second argument for `_SECOND`)
_WRITES = FS_CONTENT_WRITES | frozenset({"createWriteStream", "copyFile", "copyFileSync", "symlink", "symlinkSync",
                                         "link", "linkSync", "rename", "renameSync", "cp", "cpSync", "chmod",
                                         "chmodSync", "chown", "chownSync", "truncate", "truncateSync"})
_RUNTIME_WRITES = frozenset({"Bun.write", "Deno.writeTextFile", "Deno.writeTextFileSync", "Deno.writeFile",
                             "Deno.writeFileSync", "Deno.chmod", "Deno.chmodSync", "Deno.symlink", "Deno.symlinkSync"})
_SECOND = frozenset({"copyFile", "copyFileSync", "symlink", "symlinkSync", "link", "linkSync", "rename", "renameSync",
                     "cp", "cpSync"})
# the writes that change what a file runs (a chmod of an installed binary is the usual fix of a lost mode)
_CODE_WRITES = FS_CONTENT_WRITES | _SECOND | frozenset({"createWriteStream"})
_DENO_READS = frozenset({"Deno.readTextFile", "Deno.readTextFileSync", "Deno.readFile", "Deno.readFileSync",
                         "Deno.stat", "Deno.statSync", "Deno.lstat", "Deno.lstatSync"})
# calls whose value names the same file (or one under it) as the path they are given first
_SAME_FILE = frozenset({"path.join", "path.resolve", "path.normalize", "path.posix.join", "path.posix.resolve",
                        "path.posix.normalize", "String", "realpath", "realpathSync", "fs.realpathSync"})
# a file's text read, that an append to it starts with
_READS_SOURCE = re.compile(r"\breadFile(?:Sync)?\s*\(|\.readTextFile(?:Sync)?\s*\(|\.text\(\)")
_THROUGH = frozenset({"parenthesized_expression", "await_expression", "as_expression", "non_null_expression",
                      "satisfies_expression"})
_CONSOLE = frozenset({"console.log", "console.error", "console.info", "console.warn", "console.debug"})
# serialisers of an object, given it first (common_code.written_text reads the object; JSON is YAML too)
_SERIALISERS = frozenset({"JSON.stringify", "yaml.stringify", "yaml.dump", "js-yaml.dump", "js-yaml.safeDump"})
_WRAPS = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
                    "await_expression"})
_TEXT_KINDS = frozenset({"string", "template_string", "binary_expression", "call_expression", "await_expression",
                         "parenthesized_expression", "as_expression"})
# what `const hooks = cfg.hooks ??= {}` binds to: a part of an object
_CHAIN = frozenset({"member_expression", "subscript_expression", "parenthesized_expression", "non_null_expression",
                    "augmented_assignment_expression"})
_CASES = frozenset({"trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toString"})
# the part of a request that names a file: q.url, req.path, req.params.f, url.pathname
_REQUESTED = re.compile(r"\.(?:url|path|pathname|params|query|originalUrl)\b")
# option keys whose values a build or release tool runs as a shell command: an Xcode run-script build phase (the
# `xcode` package's `addBuildPhase`, as Expo config plugins call it) and @semantic-release/exec's steps
_SHELL_KEYS = frozenset({"shellScript", "verifyConditionsCmd", "analyzeCommitsCmd", "verifyReleaseCmd",
                         "generateNotesCmd", "prepareCmd", "addChannelCmd", "publishCmd", "successCmd", "failCmd"})
_RELEASE_VALUE = re.compile(r"\$\{[^{}]*\}|<%=?[^%]*%>")
# package managers' settings files that name the registry installs fetch from (and a login for it)
_REGISTRY_FILES = frozenset({".npmrc", ".yarnrc", ".yarnrc.yml", "bunfig.toml"})
# a `key: value` (YAML), `key "value"` (.yarnrc) or `key = value` (TOML) line, the value unquoted
_SETTING = re.compile(r"""^\s*(?:-\s+)?["']?([^\s"':=]+(?::[^\s"':=]+)?)["']?\s*(?:[:=]\s*|\s+)["']?([^"'#\s]*)""")
_AUTH_SETTINGS = frozenset({"npmAuthToken", "npmAuthIdent", "_authToken", "token"})
_HOOKS_KEY = "core.hookspath"
_SEGMENTS = re.compile(r"[;&|\n]+")
# packages that serve a directory's files over HTTP: (module, member) with "" for the default export
_STATIC = frozenset({("express", "static"), ("serve-static", ""), ("sirv", ""), ("koa-static", ""),
                     ("serve-handler", "")})


class Files:
    """npm scripts, written files, served directories."""

    def path_use(self, node):
        """How the code uses the path `node` (common_code.only_read): True when it reads the file or asks about it
        (`readFileSync(p)`, `existsSync(p)`, `console.log(p)`), the name node when it is bound to a name, None for
        any other use (a write, a function the reader does not know)."""
        text = False  # the path is now part of a text (a template), which only a log may use
        for _ in range(16):
            up = node.parent
            if up is None:
                return None
            t = up.type
            if t in _THROUGH:
                node = up
            elif t == "ternary_expression":  # `c ? a : b`: a test of the path reads nothing
                if up.child_by_field_name("condition") == node:
                    return True
                node = up
            elif t == "binary_expression" and self.src(up.child_by_field_name("operator")) in ("+", "??", "||") \
                    and up.child_by_field_name("left") == node:
                node = up
            elif t == "template_substitution" and up.parent is not None:
                node, text = up.parent, True
            elif t in ("variable_declarator", "assignment_expression"):
                left = up.child_by_field_name("name" if t == "variable_declarator" else "left")
                if left == node:
                    return True  # given a value here, not used
                return left if not text and left is not None and left.type == "identifier" else None
            elif t == "member_expression":
                call = up.parent if up.parent is not None and up.parent.type == "call_expression" else None
                if up.child_by_field_name("object") != node or text or call is None or \
                        self.src(up.child_by_field_name("property")) != "toString":
                    return None
                node = call
            elif t == "arguments" and up.parent is not None and up.parent.type == "call_expression":
                call = up.parent
                q = self.qualname(call.child_by_field_name("function")) or ""
                if q in _CONSOLE and not self.patched(q.rsplit(".", 1)[-1]):
                    return True
                args = self.args(call)
                if text or not args or args[0] != node:
                    return None
                mod, member = self.module(q)
                last = member.rsplit(".", 1)[-1]
                if (mod in _FS and last in _READS_FIRST) or q in _DENO_READS:
                    return True
                if q.replace("node:", "") not in _SAME_FILE and not (mod in _FS and last.startswith("realpath")):
                    return None
                node = call
            else:
                return None
        return None

    def joined_path(self, fn, node, args: list) -> None:
        """`[Deno.env.get("HOME"), ...parts].join("/")`, `[home, ".ssh", "id_" + "rsa"].join("/")` (`parts` a
        literal array, `home` the home read once): the path the pieces make, judged as the literal path is."""
        obj = fn.child_by_field_name("object")
        sep = self.string(args[0]) if len(args) == 1 else None
        if sep != "/" or obj is None:
            return
        items = self._array(obj) if obj.type == "identifier" else obj
        if items is None or items.type != "array":
            return
        vals: list = []
        for c in items.named_children[:64]:
            if c.type == "spread_element":
                inner = self._array(c.named_children[0]) if c.named_children else None
                if inner is None:
                    return
                vals += [self.string(x) for x in inner.named_children if x.type != "comment"]
            elif c.type != "comment":
                vals.append(self.string(c))
        if len(vals) > 1 and None not in vals and vals[0][:1] in ("~", "/") and any(
                c.type == "spread_element" or self.string(c) == "~" for c in items.named_children):
            check_path(self.ctx, self.doc, node, sep.join(vals))

    # -- what a settings file written from code holds (common_code.written_text) --------------------------
    EDITS = frozenset({"assignment_expression", "augmented_assignment_expression", "call_expression",
                       "variable_declarator"})

    def dumped(self, node, depth: int):
        """The object `JSON.stringify(cfg, null, 2)` (or YAML's `stringify`/`dump`) serialises, also through a name
        given the text and with a newline added; None for anything else."""
        if node is None or depth > 4:
            return None
        t = node.type
        if t == "identifier":
            return self.dumped(self.declared(node, frozenset({"call_expression", "binary_expression",
                                                              "template_string"})), depth + 1)
        if t in _WRAPS and node.named_children:
            return self.dumped(node.named_children[0], depth + 1)
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) == "+":
            return self.dumped(node.child_by_field_name("left"), depth + 1)
        if t == "template_string":
            subs = [c for c in node.named_children if c.type == "template_substitution" and c.named_children]
            return self.dumped(subs[0].named_children[0], depth + 1) if len(subs) == 1 else None
        if t != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        if self.src(fn) != "JSON.stringify" and (self.qualname(fn) or "").replace("node:", "") not in _SERIALISERS:
            return None
        args = self.args(node)
        return args[0] if args else None

    def value_of(self, node, depth: int, st: dict, each=None):
        """The value of a TypeScript expression as far as the code shows it (common_code.written_text): literals,
        names followed to the object they hold with the changes made to it, a file's content (`JSON.parse(…)`) an
        empty object whose keys the code then fills; UNKNOWN otherwise. `each` reads the parts of an object or an
        array instead (a reader that knows more: js/containers.py's option sets)."""
        if node is None or depth > 24:
            return UNKNOWN
        t = node.type
        part = each or self.value_of
        if t == "object":
            out: dict = {}
            for c in node.named_children[:256]:
                if c.type == "pair":
                    out[self._key(c.child_by_field_name("key"), st)] = part(c.child_by_field_name("value"), depth + 1,
                                                                            st)
                elif c.type == "shorthand_property_identifier":
                    out[self.src(c)] = self.name_value(c, depth + 1, st)
                elif c.type == "spread_element" and c.named_children:
                    out = merge(out, part(c.named_children[0], depth + 1, st))
            return out
        if t == "array":
            items: list = []
            for c in node.named_children[:256]:
                if c.type == "spread_element" and c.named_children:
                    inner = part(c.named_children[0], depth + 1, st)
                    items += inner if isinstance(inner, list) else [UNKNOWN]
                elif c.type != "comment":
                    items.append(part(c, depth + 1, st))
            return items
        if t == "number":
            try:
                n = float(self.src(node).replace("_", ""))
            except ValueError:
                return UNKNOWN
            return int(n) if n.is_integer() else n
        if t in ("true", "false", "null", "undefined"):
            return {"true": True, "false": False}.get(t)
        if t == "identifier":
            return self.name_value(node, depth, st)
        if t in _WRAPS and node.named_children:
            return self.value_of(node.named_children[0], depth + 1, st)
        if t == "ternary_expression":  # existsSync(p) ? JSON.parse(readFileSync(p, "utf8")) : {}
            return merge(self.value_of(node.child_by_field_name("consequence"), depth + 1, st),
                         self.value_of(node.child_by_field_name("alternative"), depth + 1, st))
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) in ("??", "||"):
            return merge(self.value_of(node.child_by_field_name("left"), depth + 1, st),
                         self.value_of(node.child_by_field_name("right"), depth + 1, st))
        if t == "call_expression" and self.src(node.child_by_field_name("function")) in ("Object.assign",
                                                                                        "structuredClone"):
            out = UNKNOWN
            for a in self.args(node):
                out = merge(out, self.value_of(a, depth + 1, st))
            return out
        v = self.text_of(node, depth + 1, st)
        return UNKNOWN if v is None else v

    def _key(self, key, st: dict) -> str:
        """An object literal's key: a name, a string, a number or a computed key (ARG when not known)."""
        if key is None:
            return ARG
        if key.type == "computed_property_name":
            v = self.text_of(key.named_children[0], 0, st) if key.named_children else None
            return ARG if v is None else v
        return self.string(key) if key.type == "string" else self.src(key)

    def text_of(self, node, depth: int, st: dict) -> str | None:
        """The value of a string expression of a settings file the code writes: as `string` reads it, and also
        through a name given it once, a literal decoded (`Buffer.from(…, "base64")`, `atob`, `String.fromCharCode`,
        `.split("").reverse().join("")`) and a few string methods; in a template or a concatenation a piece known only
        when the code runs stands as ARG."""
        v = self.string(node)
        if v is not None or node is None or depth > 12:
            return v
        st["budget"][0] -= 1
        if st["budget"][0] <= 0:
            return None
        t = node.type
        if t == "identifier":
            made = self.declared(node, _TEXT_KINDS)
            return self.text_of(made, depth + 1, st) if made is not None else None
        if t in _WRAPS and node.named_children:
            return self.text_of(node.named_children[0], depth + 1, st)
        if t == "template_string":
            out = []
            for c in node.named_children:
                if c.type == "template_substitution":
                    out.append((self.text_of(c.named_children[0], depth + 1, st) if c.named_children else None) or ARG)
                else:
                    out.append(self.src(c) if c.type == "string_fragment" else _unescape(self.src(c)))
            return pieced(out)
        if t == "binary_expression" and self.src(node.child_by_field_name("operator")) == "+":
            parts = [self.text_of(node.child_by_field_name(f), depth + 1, st) for f in ("left", "right")]
            return pieced(parts)
        if t != "call_expression":
            return None
        v = self.decoded(node)  # decoded from literals as the code does at run time (strings.Decoded)
        if v is not None:
            return v
        fn = node.child_by_field_name("function")
        args = self.args(node)
        q = self.src(fn)
        if q in ("decodeURIComponent", "String") and len(args) == 1:
            v = self.text_of(args[0], depth + 1, st)
            return None if v is None else unquote(v) if q != "String" else v
        if fn.type != "member_expression":
            return None
        meth, obj = self.src(fn.child_by_field_name("property")), fn.child_by_field_name("object")
        if meth == "join" and obj is not None:
            sep = self.string(args[0]) if args else ","
            if sep is None:
                return None
            items = self._array(obj) if obj.type == "identifier" else obj
            if items is None or items.type != "array":
                return None
            parts = [self.text_of(c, depth + 1, st) for c in items.named_children[:256] if c.type != "comment"]
            return pieced(parts, sep)
        v = self.text_of(obj, depth + 1, st) if meth in _CASES or meth in ("replace", "replaceAll") else None
        if v is None:
            return None
        if meth in ("replace", "replaceAll") and len(args) == 2:
            a, b = self.string(args[0]), self.string(args[1])
            if a is None or b is None or args[0].type == "regex":
                return None
            return v.replace(a, b, 1 if meth == "replace" else -1)
        return {"trim": v.strip(), "trimStart": v.lstrip(), "trimEnd": v.rstrip(), "toLowerCase": v.lower(),
                "toUpperCase": v.upper(), "toString": v}.get(meth) if not args else None

    def edit_of(self, node):
        """(change, the part changed, the value) of `cfg.hooks.Stop = v`, `cfg.hooks ??= {}`, `list.push(v)`,
        `Object.assign(cfg.env, v)`; ("bind", name, part) of `const scripts = pkg.scripts`; None otherwise."""
        t = node.type
        if t in ("variable_declarator", "assignment_expression"):
            left = node.child_by_field_name("name" if t == "variable_declarator" else "left")
            right = node.child_by_field_name("value" if t == "variable_declarator" else "right")
            if left is None or right is None:
                return None
            if left.type == "identifier":
                return ("bind", self.src(left), right) if right.type in _CHAIN else None
            return ("set", left, right) if left.type in ("member_expression", "subscript_expression") else None
        if t == "augmented_assignment_expression":
            op = self.src(node.child_by_field_name("operator"))
            return ("default", node.child_by_field_name("left"), node.child_by_field_name("right")) if op in (
                "??=", "||=") else None
        fn = node.child_by_field_name("function")
        args = self.args(node)
        if fn is None or not args:
            return None
        if self.src(fn) == "Object.assign" and len(args) > 1:
            return ("merge", args[0], args[1])
        if fn.type == "member_expression" and self.src(fn.child_by_field_name("property")) in ("push", "unshift"):
            return ("append", fn.child_by_field_name("object"), args[0])
        return None

    def chain_of(self, node, st: dict):
        """(the name, the keys) of a part of an object: `cfg.hooks.UserPromptSubmit`, `pkg.scripts["pre" + "pare"]`,
        `(cfg.hooks ??= {}).Stop`; a key known only when the code runs is ARG. None for anything else."""
        keys: list = []
        for _ in range(16):
            if node is None:
                return None
            t = node.type
            if t == "identifier":
                return self.src(node), keys[::-1]
            if t == "member_expression":
                keys.append(self.src(node.child_by_field_name("property")))
                node = node.child_by_field_name("object")
            elif t == "subscript_expression":
                idx = node.child_by_field_name("index")
                if idx is not None and idx.type == "number" and self.src(idx).isdigit():
                    keys.append(int(self.src(idx)))
                else:
                    keys.append(self.text_of(idx, 0, st) or ARG if idx is not None else ARG)
                node = node.child_by_field_name("object")
            elif t in ("parenthesized_expression", "non_null_expression", "as_expression") and node.named_children:
                node = node.named_children[0]
            elif t == "augmented_assignment_expression":
                node = node.child_by_field_name("left")
            else:
                return None
        return None

    def computed_write(self):
        """The first fs call writing, copying, linking, moving or chmod-ing onto a path computed at run time
        (`appendFileSync(target, …)`, `copyFileSync(x, dest)`), or None."""
        stack = [self.root] if self.root is not None else []
        while stack:
            n = stack.pop()
            if n.type == "call_expression":
                q = self.qualname(n.child_by_field_name("function")) or ""
                mod, member = self.module(q)
                last = member.rsplit(".", 1)[-1]
                args = self.args(n)
                if args and ((mod in _FS and last in _WRITES) or q in _RUNTIME_WRITES):
                    at = 1 if last in _SECOND and len(args) > 1 else 0
                    if self.unnamed_target(args[at]):
                        return n
            if n.named_child_count:
                stack.extend(n.named_children)
        return None

    def _scripts(self, pair) -> None:
        """`{ scripts: { postinstall: "..." } }`: npm runs each value as a shell command."""
        key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if key is None or value is None:
            return
        word = self.src(key).strip("'\"")
        if word in _SHELL_KEYS:  # an Xcode run-script phase, semantic-release's exec steps: run by a shell
            cmd = self.string(value)
            if cmd is not None:
                if word != "shellScript":  # semantic-release fills in its lodash template (`${nextRelease.version}`)
                    cmd = _RELEASE_VALUE.sub("RELEASE_VALUE", cmd)
                self.ctx.nested(cmd, "bash", self.doc, value, None)
            return
        if word == "name":
            self.package_named(value)
            return
        if value.type != "object" or word != "scripts":
            return
        for p in value.named_children:
            if p.type == "pair":
                self._npm_script(p.child_by_field_name("value"))

    def package_named(self, value) -> None:
        """`pkg.name = "lodahs"` (or `{ ...pkg, name: "lodahs" }`) in code that writes package.json and publishes:
        the package goes out under a name one slip from a much-installed one (typosquat.py), so whoever mistypes
        that name installs this code and runs its install scripts."""
        data = self.doc.data
        if not holds(data, b"package.json") or not holds(data, b"publish"):
            return
        name = self.string(value)
        if not name or len(name) > 214:
            return
        from ..typosquat import NPM, imitated

        like = imitated(name, NPM)
        if like:
            self.block("download-exec", f"the package is named `{name}`, one slip from the popular package `{like}`, "
                                        "and published: every mistyped install of it runs this code; publish under "
                                        "the project's own name", value)

    def _scripts_assigned(self, q: str, right) -> None:
        """`pkg.scripts.prepare = "..."`, `pkg.scripts = { ...pkg.scripts, build: "..." }`."""
        last = q.rsplit(".", 2)
        if last[-2:-1] == ["scripts"]:
            self._npm_script(right)
        elif last[-1] == "scripts" and right.type == "object":
            for p in right.named_children:
                if p.type == "pair":
                    self._npm_script(p.child_by_field_name("value"))

    def _fs_wrote(self, member: str, args: list) -> None:
        target = args[1] if member in _SECOND and len(args) > 1 else args[0] if args else None
        lib = self._library_source(target) if target is not None and member in _CODE_WRITES else None
        if lib is not None:
            self.report(library_patch(self.doc.data, lib), target)
        if member in FS_CONTENT_WRITES and len(args) > 1:
            self._appended_source(member, args[0], args[1])
            key = self._path_key(args[0])
            if args[0].type == "identifier" and (listed := self._listed_path(args[0])) is not None:
                key = listed
            self._wrote(key, args[1])
            self._wrote_more(key, args[1])

    def _appended_source(self, member: str, target, content) -> None:
        """`appendFileSync("src/routes.ts", `…`)`, `writeFileSync(f, readFileSync(f, "utf8") + `…`)`: text appended
        to a source file, judged as an edit adding it (source_patch.judge: a route with a key written into it)."""
        while content.type in _THROUGH and content.named_children:
            content = content.named_children[0]
        if member.startswith("append"):
            added = content
        elif content.type == "binary_expression" and self.src(content.child_by_field_name("operator")) == "+" and \
                _READS_SOURCE.search(self.src(content.child_by_field_name("left"))):
            added = content.child_by_field_name("right")
        else:
            return
        path = self.patched_path()
        text = self.patch_pieces(added, 0) if path is not None and added is not None else ""
        if not text:
            return
        written = self.string(target)
        if written is not None:
            if not source_patch.CODE_FILE.search(written):
                return  # a log, a data file: not code that runs
            path = written
        found = source_patch.judge(None, text, path or None, self.doc.data.decode("utf-8", "replace"))
        if found is not None:
            self.block(*source_patch.message(found, "the code"), content)

    def _library_source(self, node, depth: int = 0) -> str | None:
        """The package whose installed code the path `node` is in: `require.resolve("ethers/lib/wallet.js")`,
        `import.meta.resolve(…)`, a `createRequire(…)` function's `resolve`, or a join or dirname of one (a relative
        specifier is the project's own file); None otherwise."""
        if node is None or depth > 6:
            return None
        while node.type in _THROUGH and node.named_children:
            node = node.named_children[0]
        if node.type == "identifier":
            name = self.src(node)
            made = self.bound.get(name) if not self.mutable(name) else None
            return self._library_source(made, depth + 1) if made is not None else None
        if node.type != "call_expression":
            return None
        fn, args = node.child_by_field_name("function"), self.args(node)
        if fn is None or not args:
            return None
        callee = self.src(fn)
        if callee.endswith(".resolve") and not callee.startswith("path."):
            spec = self.string(args[0])
            if not spec or spec.startswith((".", "/")):
                return None
            parts = spec.split("/")
            return "/".join(parts[:2]) if spec.startswith("@") else parts[0]
        if callee in ("path.join", "path.resolve", "path.dirname", "path.posix.join", "path.posix.dirname",
                      "join", "resolve", "dirname"):
            return self._library_source(args[0], depth + 1)
        return None

    def _listed_path(self, ident) -> str | None:
        """The path a loop's name stands for when the loop goes over the files a literal pattern lists
        (`for (const p of globSync("/mnt/c/Users/*/AppData/Roaming/Code/User/settings.json"))`, fast-glob's and
        glob's `sync`) or over a literal list of one path: that pattern or path, so what is written there is judged
        as written to such a file (a user's VS Code settings, whichever user)."""
        from .. import paths

        name = self.src(ident)
        up = ident.parent
        while up is not None and up.type != "for_in_statement":
            up = up.parent
        if up is None:
            return None
        left, right = up.child_by_field_name("left"), up.child_by_field_name("right")
        if left is None or right is None or self.src(left) != name:
            return None
        while right.type in _THROUGH and right.named_children:
            right = right.named_children[0]
        if right.type == "array":
            items = [self.string(c) for c in right.named_children]
            found = items[0] if len(items) == 1 else None
        elif right.type == "call_expression":
            fn = self.src(right.child_by_field_name("function"))
            listed = self.args(right)
            found = self.string(listed[0]) if listed and fn.rsplit(".", 1)[-1] in ("globSync", "sync", "glob") \
                else None
        else:
            return None
        return paths.normalize(found) if found and found[:1] in "/~" else None

    def _wrote_more(self, key: str, content) -> None:
        """What `_wrote` (common_code) does not judge of a file written: a registry or a login for a package
        manager, and a file of a directory made, before or after, git's hooks directory."""
        name = key.rsplit("/", 1)[-1]
        if name in _REGISTRY_FILES:
            text = self.string(content)
            if text is not None:
                self._registry_settings(key, name, text, content)
        self.file_texts[key] = content
        for where in self.hook_dirs:
            if key.startswith(where + "/"):
                self._hook_written(key, content, where)

    def _registry_settings(self, path: str, name: str, text: str, node) -> None:
        """`npmRegistryServer: "https://…"` in a .yarnrc.yml, `registry "…"` in a .yarnrc, `registry = "…"` in a
        bunfig.toml: every later install takes its packages, and runs their install scripts, from that host. Read
        as the shell's rules read an .npmrc the script writes (bash/tools.py judge_npmrc): a host no rule knows is
        reviewed, a token of the environment given to it (also `//host/:_authToken=${NPM_TOKEN}` in an .npmrc)
        blocked, plain HTTP blocked (for an .npmrc, judge_written already says so)."""
        from ..bash.tools import judge_npmrc
        from ..common_code import check_npm_setting

        if name == ".npmrc":
            # only its logins: a project .npmrc naming a registry written from code is kept allowed by an older
            # look-alike test (test_code_redteam4), which the shell's rules (review) and this one disagree with
            text = "\n".join(line for line in text.splitlines()[:256] if line.lstrip().startswith("//"))
        else:
            lines, scope = [], None
            for raw in text.splitlines()[:256]:
                m = _SETTING.match(raw)
                if m is None:
                    continue
                key, value = m.group(1), m.group(2)
                if key.startswith(("//", "http://", "https://")) and not value:
                    scope = key.split("://", 1)[-1].lstrip("/").rstrip("/")  # npmRegistries: "//host":
                elif key in _AUTH_SETTINGS and scope:
                    lines.append(f"//{scope}/:_authToken={value}")
                elif value:
                    lines.append(f"{key}={value}")
                    if key in ("npmRegistryServer", "registry"):
                        check_npm_setting(self.ctx, self.doc, node, "registry", value)
            text = "\n".join(lines)
        judge_npmrc(self, path, text, node)

    def hooks_path_line(self, line: str, node) -> None:
        """A shell command line the code runs that may set `core.hooksPath` (see hooks_path)."""
        if _HOOKS_KEY not in line.lower():
            return
        for segment in _SEGMENTS.split(line):
            try:
                self.hooks_path(shlex.split(segment), node)
            except ValueError:
                continue

    def hooks_path(self, argv: list, node) -> None:
        """`git config core.hooksPath DIR` (also `git -c core.hooksPath=DIR …`) run by the code: the files it
        writes into DIR, before or after, are git hooks that run at every later commit or checkout. Each is
        judged as the hook it becomes; one whose text is computed at run time is blocked."""
        if not any(a is not None and a.rsplit("/", 1)[-1] == "git" for a in argv[:4]):
            return
        from .. import paths

        where = None
        for i, a in enumerate(argv):
            low = (a or "").lower()
            if low == _HOOKS_KEY:
                where = next((v for v in argv[i + 1:] if v is None or not v.startswith("-")), None)
            elif low.startswith(_HOOKS_KEY + "="):
                where = a[len(_HOOKS_KEY) + 1:]
            else:
                continue
            break
        if not where:
            return
        where = paths.normalize(where)
        self.hook_dirs.append(where)
        for key, content in list(self.file_texts.items()):
            if key.startswith(where + "/"):
                self._hook_written(key, content, where)

    def _hook_written(self, key: str, content, where: str) -> None:
        from ..common_code import judge_written, written_lang

        if written_lang(key) is not None:
            return  # judged as code where it was written (`.githooks/pre-commit`, `x.sh`)
        text = self.string(content)
        if text is None:
            self.block("persistence", f"the code writes {key} from content computed at run time and makes {where} "
                                      "git's hooks directory (core.hooksPath): git runs it at every later commit or "
                                      "checkout; write the hook literally, or leave git's hooks alone", content)
            return
        first = text.split("\n", 1)[0]
        suffix = ".py" if first.startswith("#!") and "python" in first else \
            ".js" if first.startswith("#!") and ("node" in first or "bun" in first or "deno" in first) else ""
        # judged as the hook it now is (common_code reads a file under .git/hooks as a shell script)
        judge_written(self.ctx, self.doc, content, ".git/hooks/" + key.rsplit("/", 1)[-1] + suffix, text)

    def _imports_written(self, spec: str, node, what: str) -> None:
        """`import("./p.mjs")` / `require("./p")` of a file this code wrote."""
        from .. import paths

        key = paths.normalize(spec)
        self._runs_written([key, key + ".js", key + ".mjs", key + ".cjs"], node, what)

    def _served(self, q: str, mod: str, member: str, node, args: list) -> None:
        """A static file server of the home or /, or a file read of the home or / joined with a
        path chosen at run time (the request's URL, in a server)."""
        from .. import paths

        if (mod, member) in _STATIC and args:
            where = self.string(args[0])
            if where is not None and (paths.normalize(where) in ("/", "~") or paths.kinds(where) & {paths.SECRET}):
                self.block("exfiltration", f"`{q}` serves {where} over HTTP, every key and credential in it; serve "
                                           "only a project directory", node)
        elif member in _FS_READS and args and args[0].type in ("call_expression", "binary_expression",
                                                                 "template_string") and _REQUESTED.search(self.src(args[0])):
            where = self._known_root(args[0])
            if where is not None:
                self.root_reads.append((node, where))

    def _known_root(self, node) -> str | None:
        """"~" or "/" when `node` joins the home or / with a part known only at run time."""
        from .. import paths

        if self.string(node) is not None:
            return None
        if node.type == "call_expression":
            parts = self.args(node)
            q = self.qualname(node.child_by_field_name("function")) or ""
            if not q.replace("node:", "").startswith("path.") or not parts:
                return None
            head = self.string(parts[0])
        elif node.type == "binary_expression":
            head = self.string(node.child_by_field_name("left"))
        else:
            return None
        return head if head is not None and paths.normalize(head) in ("/", "~") else None

