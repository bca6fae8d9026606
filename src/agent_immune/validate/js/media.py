"""Media pipelines from code (ffmpeg, OpenCV, screen and camera capture, media storage and streaming services), from TypeScript and JavaScript (session 23).

The tables are validate/capture_tables.py; what python/media.py reads, read here for node's APIs:

- ffmpeg started by child_process or execa reading a capture device (`-f x11grab`, `-f v4l2`, `-f pulse`) with a
  network output that is not this machine, its URL decoded as the code builds it (`["rtmp:", "", host, …].join("/")`,
  `Buffer.from(…, "base64")`): blocked; what screenshot-desktop, node-webcam or a microphone module captures, in a
  request's body to a host that is not this machine: blocked;
- a personal media folder (~/Videos, ~/Pictures, …) watched (chokidar, `fs.watch`) or listed, with a file's content
  sent in a request to a host that is not this machine: blocked;
- `CopyObjectCommand` in a loop into a bucket that shares no name with the bucket copied from: blocked;
- Mux asset and live stream deletes, YouTube video and playlist deletes (googleapis), S3 lifecycle rules that expire
  objects (`PutBucketLifecycleConfigurationCommand`, v2's `putBucketLifecycleConfiguration`): reviewed `irreversible`.
"""
from __future__ import annotations

import re
import shlex

from .. import capture_tables as ct
from .. import media_tables as mt
from ..loops import in_js_loop
from ..per_input import holds, in_input

_SPAWNS = frozenset({"spawn", "spawnSync", "execFile", "execFileSync", "execa", "execaSync", "exec", "execSync"})
_LINES = frozenset({"exec", "execSync"})  # a whole command line
_SENDS = frozenset({"fetch", "post", "put", "patch", "request"})
_NAMES = _SPAWNS | _SENDS | {"send", "delete", "del", "putBucketLifecycleConfiguration"}
_FILE_READ = re.compile(r"\b(?:readFile|readFileSync|createReadStream|openAsBlob|fileFrom|fileFromSync|Bun\.file|"
                        r"Deno\.readFile|Deno\.open)\b")
_FS = frozenset({"fs", "fs/promises", "fs-extra"})
_FS_WALKS = frozenset({"watch", "watchFile", "readdir", "readdirSync", "opendir", "opendirSync"})
_GLOBS = frozenset({"glob", "fast-glob", "globby", "tiny-glob"})


class Media:
    def visit_media(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else (q or "").rpartition(".")[2]
        if name not in _NAMES or not args:
            return
        data = self.doc.data
        if name in _SPAWNS and holds(data, b"ffmpeg"):
            self._ffmpeg_spawn(self.src(fn) if fn.end_byte - fn.start_byte <= 40 else name, name, node, args)
        if name in _SENDS or name == "send":
            if in_input(ct.CAPTURE_HINT, data) or in_input(ct.PERSONAL_HINT, data):
                self._media_sent(q, fn, node, args)
            if name == "send" and args[0].type == "new_expression" and holds(data, b"S3Client"):
                self._s3_command(fn, node, args[0])
        elif name in ("delete", "del") and prop is not None:
            if holds(data, b"mux") or holds(data, b"youtube"):
                self._service_delete(fn, node)
        elif name == "putBucketLifecycleConfiguration" and holds(data, b"aws-sdk"):
            self._lifecycle(self.src(fn)[:60], args[0], node)

    # -- ffmpeg --------------------------------------------------------------------------------------------------------
    def _ffmpeg_spawn(self, what: str, name: str, node, args: list) -> None:
        first = self.decoded(args[0])
        if first is None:
            return
        if name in _LINES or " " in first.strip():
            try:
                argv = shlex.split(first)
            except ValueError:
                return
        else:
            argv = [first]
            arr = self._array(args[1]) if len(args) > 1 else None
            if arr is None:
                return
            argv += [self._word(c) if c.type != "spread_element" else None for c in self._spread(arr, {})]
        found = ct.ffmpeg_capture(argv)
        if found is not None:
            self.block("exfiltration", ct.capture_message(what, found[0], found[1]), node)

    # -- captures and personal folders sent ----------------------------------------------------------------------------
    def _media_sent(self, q, fn, node, args: list) -> None:
        from .network import _CLIENTS, _FETCHES, _VERBS

        mod, member = self.module(q)
        if (mod, member) in _FETCHES and not (args and self._object(args[0]) is not None):
            url, rest = args[0], args[1:]
        elif mod in _CLIENTS and member in _VERBS:
            url, rest = args[0], args[1:]
        else:
            return
        from ..common_code import remote_target

        text = self._url_text(url)
        if text and re.match(r"(?i)^wss?://", text):
            text = "https://" + text.split("://", 1)[1]
        host = remote_target(text)
        if not host:
            return
        bodies = []
        for r in rest:
            obj = self._object(r)
            if obj is None:
                bodies.append(r)  # axios.post(url, data)
                continue
            for key in ("body", "data", "json", "form"):
                v = self._opt(obj, key)
                if v is not None:
                    bodies.append(v)
        if not bodies:
            return
        what = self.src(fn) if fn.end_byte - fn.start_byte <= 40 else (q or "request")
        if in_input(ct.CAPTURE_HINT, self.doc.data):
            captured = self._captured_in(bodies)
            if captured is not None:
                self.block("exfiltration", ct.capture_message(what, captured, host), node)
                return
        if in_input(ct.PERSONAL_HINT, self.doc.data):
            folder = self._personal_walked()
            if folder is not None and any(_FILE_READ.search(self._media_text(b)) for b in bodies):
                self.block("exfiltration", f"`{what}` uploads the files of {folder}, the user's own folder, that the "
                                           f"code lists or watches, to {host}: the user's photos and recordings leave "
                                           "the machine; work on the project's own media, and let the user choose "
                                           "what to upload", node)

    def _media_text(self, node, depth: int = 0) -> str:
        """A body's text with the names in it followed to what they were given."""
        text = self.src(node)
        if depth > 2:
            return text
        extra = []
        stack = [node]
        while stack and len(extra) < 16:
            n = stack.pop()
            if n.type in ("identifier", "shorthand_property_identifier"):
                made = self.declared(n, frozenset({"call_expression", "await_expression", "member_expression",
                                                   "new_expression", "object", "array", "binary_expression"}))
                if made is not None:
                    extra.append(self._media_text(made, depth + 1))
                continue
            stack.extend(n.named_children)
        return " ".join([text, *extra])

    def _captured_in(self, bodies: list) -> str | None:
        """What a capture module of the code captures, when a body is made of what it gives."""
        sources = {al: ct.JS_CAPTURE_MODULES[mod] for al, mod in self.alias.items() if mod in ct.JS_CAPTURE_MODULES}
        if not sources:
            return None
        text = " ".join(self._media_text(b) for b in bodies)
        for al, what in sources.items():
            if re.search(rf"(?<![\w$.]){re.escape(al)}\b", text):
                return what
        return None

    def _personal_walked(self) -> str | None:
        """The user's personal media folder a call of the code watches or lists (`chokidar.watch([...])`,
        `fs.readdir(p)`, a glob under it), read once."""
        state = self._flows_state()
        if "media personal" in state:
            return state["media personal"]
        found = None
        stack = [self.root] if self.root is not None else []
        while stack and found is None:
            n = stack.pop()
            if n.type == "call_expression":
                f = n.child_by_field_name("function")
                mod, member = self.module(self.qualname(f)) if f is not None else ("", "")
                if mod == "chokidar" and member == "watch" or mod in _FS and member in _FS_WALKS or mod in _GLOBS:
                    cargs = self.args(n)
                    first = cargs[0] if cargs else None
                    items = first.named_children if first is not None and first.type == "array" else [first]
                    for it in items:
                        if it is not None:
                            found = found or ct.personal_folder(self.string(it))
            stack.extend(n.named_children)
        state["media personal"] = found
        return found

    # -- S3 ------------------------------------------------------------------------------------------------------------
    def _s3_command(self, fn, node, command) -> None:
        made = self.src(command.child_by_field_name("constructor")).rpartition(".")[2]
        params = self.args(command)[0] if self.args(command) else None
        if made == "PutBucketLifecycleConfigurationCommand" and params is not None:
            self._lifecycle(self.src(fn)[:60], params, node)
            return
        if made != "CopyObjectCommand" or params is None or not in_js_loop(node):
            return
        dest_node, src_node = self._opt(params, "Bucket"), self._opt(params, "CopySource")
        dest = self.string(dest_node) if dest_node is not None else None
        from ..common_code import COMPUTED

        source = ct.copy_source_bucket((self._url_text(src_node) or "").split(COMPUTED, 1)[0] or None) \
            if src_node is not None else None
        if dest is not None and source is not None and ct.foreign_bucket(dest, [source]) and \
                self.doc.data.count(dest.encode()) == 1:
            self.block("exfiltration", f"`{self.src(fn)[:40]}(new CopyObjectCommand(…))` copies each object of "
                                       f"{source} into {dest}, a bucket the code names nowhere else as the "
                                       "organisation's: a copy of its data outside it; copy only into the "
                                       "organisation's own buckets, and let the user move data elsewhere", node)

    def _lifecycle(self, what: str, params, node) -> None:
        obj = self._object(params)
        config = self._opt(obj, "LifecycleConfiguration") if obj is not None else None
        if config is None:
            return
        rule = mt.lifecycle_expiry(self._media_text(config))
        if rule is not None:
            from ..common_code import irreversible_message

            self.review("irreversible", irreversible_message(what, mt.lifecycle_loss(rule), None), node)

    # -- services ------------------------------------------------------------------------------------------------------
    def _service_delete(self, fn, node) -> None:
        root, chain, _ = self.origin(fn.child_by_field_name("object"))
        if root is None:
            return
        mod = self.module(root)[0]
        path = ".".join(reversed(chain))
        if mod == "@mux/mux-node":
            loss = ct.MUX_JS_DELETES.get(f"{path}.{self.src(fn.child_by_field_name('property'))}")
        elif mod == "googleapis" and "youtube" in root and len(chain) == 1:
            loss = ct.YOUTUBE_DELETES.get(chain[0]) if self.src(fn.child_by_field_name("property")) == "delete" \
                else None
        else:
            return
        if loss is not None:
            from ..common_code import irreversible_message

            self.review("irreversible", irreversible_message(self.src(fn)[:60], loss, None), node)
