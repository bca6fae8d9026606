"""Media pipelines from code (ffmpeg, OpenCV, screen and camera capture, media storage and streaming services), from Python (session 23).

The tables are validate/capture_tables.py. Here:

- what the code captures from the webcam (`cv2.VideoCapture(0)`), the screen (mss, `PIL.ImageGrab`,
  `pyautogui.screenshot`) or the microphone (sounddevice, PyAudio opened with `input=True`), followed through the
  names it is given (`ok, frame = cap.read()`, `_, buf = cv2.imencode(…, frame)`, `Image.frombytes(…).save(buf)`),
  in a request's body to a host that is not this machine: blocked; so is ffmpeg started by subprocess reading a
  capture device with a network output that is not this machine (`-f pulse -i default … icecast://…`);
- a personal media folder (~/Videos, ~/Pictures, …) watched (watchdog) or walked, with a file's content sent in a
  request to a host that is not this machine: blocked;
- a boto3 client given access keys written into the code (another account) uploading objects the code reads from the
  user's own buckets, and an S3 copy in a loop into a bucket that shares no name with the bucket copied from:
  blocked;
- random bytes written in place (`open(p, "r+b")`, `"wb"`) into each file of a walk of a folder outside the
  project (`Path("/mnt/nas/masters").rglob("*.mov")`): blocked;
- Mux asset and live stream deletes, YouTube playlist deletes (videos are held by python/irreversible.py), S3
  lifecycle rules that expire objects: reviewed `irreversible`.
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import capture_tables as ct
from .. import media_tables as mt
from ..loops import in_loop

_SENDS = frozenset({"post", "put", "patch", "request", "urlopen", "Request"})
_SPAWNS = frozenset({"Popen", "run", "call", "check_call", "check_output", "create_subprocess_exec"})
_S3_PUTS = frozenset({"upload_file", "upload_fileobj", "put_object", "copy_object", "copy"})
_S3_READS = frozenset({"get_object", "download_file", "download_fileobj", "list_objects_v2", "list_objects",
                       "get_paginator", "paginate"})
_LIFECYCLE = frozenset({"put_bucket_lifecycle_configuration", "put_bucket_lifecycle"})
# a copy repeated for each object: inside a loop or a comprehension of its own function
_COPY_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression"})
_COPY_BOUNDS = frozenset({"function_definition", "lambda"})
_NAMES = _SENDS | _SPAWNS | _S3_PUTS | _LIFECYCLE | frozenset(ct.MUX_PY_DELETES) | {"delete", "write"}
# what binds names to a value (the value's names pass a capture on)
_WRITES_INTO = frozenset({"save", "write", "writeframes", "writeframesraw", "tofile", "imwrite_to", "export"})
# calls that list or watch a folder's files (the folder: the first argument, or the Path it is called on)
_WALKS = frozenset({"os.walk", "os.listdir", "os.scandir", "glob.glob", "glob.iglob", "watchfiles.watch",
                    "watchfiles.awatch"})
_PATH_WALKS = frozenset({"rglob", "glob", "iterdir", "walk"})
_RANDOM_HINT = re.compile(rb"urandom|randbytes|token_bytes|random\.bytes|getrandbits")
_RANDOM = re.compile(r"\b(?:os\.urandom|urandom|randbytes|token_bytes|random\.bytes|getrandbits)\s*\(")
_IN_PLACE = re.compile(r"^(?:r\+b?|rb\+|wb?\+?|w\+b|ab?\+?)$")
_TEMP = ("/tmp", "/var/tmp", "/dev/shm")


class Media:
    def visit_media(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if in_input(ct.CAPTURE_HINT, data) or in_input(ct.PERSONAL_HINT, data):
                self._media_sent(q, fn, meth, node, pos)
        elif name in _SPAWNS:
            if pos and (q or "").startswith(("subprocess.", "asyncio.")) and holds(data, b"ffmpeg"):
                self._ffmpeg_run(q, node, pos[0])
        elif name in _S3_PUTS:
            if meth is not None and holds(data, b"boto"):
                self._s3_copied(meth, fn, node, pos)
        elif name in _LIFECYCLE:
            if meth is not None:
                self._lifecycle(meth, fn, node)
        elif name in ct.MUX_PY_DELETES:
            if meth is not None and holds(data, b"mux_python"):
                from ..common_code import irreversible_message

                self.review("irreversible", irreversible_message(self.src(fn)[:60], ct.MUX_PY_DELETES[name], None),
                            node)
        elif name == "delete":
            if meth is not None and holds(data, b"youtube"):
                self._youtube_delete(fn, node)
        elif name == "write":
            if meth is not None and pos and in_input(_RANDOM_HINT, data) and _RANDOM.search(self._followed_text(pos[0])):
                self._written_in_place(fn, node, pos[0])

    # -- captures and personal folders sent ----------------------------------------------------------------------
    def _media_sent(self, q, fn, meth, node, pos: list) -> None:
        parts = self._request_parts(q, fn, meth, node, pos)
        if parts is None:
            return
        what, url, payloads = parts
        from ..common_code import remote_target

        host = remote_target(self._url_text(url))
        if not host:
            return  # this machine, or a host the code computes or reads from the environment
        if in_input(ct.CAPTURE_HINT, self.doc.data):
            names, sources = self._captured()
            hit = next((n for p in payloads for n in self._mentions(p, names, sources)), None)
            if hit is not None:
                self.block("exfiltration", ct.capture_message(what, hit, host), node)
                return
        if in_input(ct.PERSONAL_HINT, self.doc.data):
            folder = self._personal_walked()
            if folder is not None and self._file_content(payloads) is not None:
                self.block("exfiltration", f"`{what}` uploads the files of {folder}, the user's own folder, that the "
                                           f"code lists or watches, to {host}: the user's photos and recordings leave "
                                           "the machine; work on the project's own media, and let the user choose "
                                           "what to upload", node)

    def _captured(self) -> tuple[dict, list]:
        """(name -> what it holds a capture of, [(capture call, what)]) of the code, read once."""
        found = self.lists.get("media captured")
        if found is not None:
            return found  # type: ignore[return-value]
        sources: list = []
        binds: list = []  # (target names, value node)
        stack = [self.root] if self.root is not None else []
        while stack:
            n = stack.pop()
            t = n.type
            if t == "call":
                what = self._capture_call(n)
                if what is not None:
                    sources.append((n, what))
                f = n.child_by_field_name("function")
                if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) in \
                        _WRITES_INTO:  # Image.frombytes(…, shot.rgb).save(buf): buf holds what the object holds
                    targets = [self.src(a) for a in self.args(n) if a.type == "identifier"]
                    if targets:
                        binds.append((targets, f.child_by_field_name("object")))
            elif t in ("assignment", "for_statement"):
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and right is not None:
                    binds.append((self._names_in(left), right))
            elif t == "as_pattern":
                alias = n.child_by_field_name("alias")
                if alias is not None and n.named_children:
                    binds.append((self._names_in(alias), n.named_children[0]))
            stack.extend(n.named_children)
        names: dict = {}
        if sources:
            for _ in range(6):  # each round passes the capture one name further
                grew = False
                for targets, value in binds:
                    held = next(iter(self._mentions(value, names, sources)), None)
                    if held is None:
                        continue
                    for tname in targets:
                        if tname not in names:
                            names[tname] = held
                            grew = True
                if not grew:
                    break
        self.lists["media captured"] = (names, sources)
        return names, sources

    def _names_in(self, node) -> list:
        if node.type == "identifier":
            return [self.src(node)]
        return [self.src(c) for c in node.named_children if c.type == "identifier"]

    def _mentions(self, node, names: dict, sources: list) -> list:
        """What `node` holds a capture of: a capture call in it, or a name given one."""
        out = [what for s, what in sources if node.start_byte <= s.start_byte and s.end_byte <= node.end_byte]
        if names:
            stack = [node]
            while stack and len(stack) < 512:
                n = stack.pop()
                if n.type == "identifier":
                    held = names.get(self.src(n))
                    if held is not None:
                        out.append(held)
                    continue
                stack.extend(n.named_children)
        return out

    def _capture_call(self, call) -> str | None:
        """What a call captures: the screen, the webcam, the microphone; None for anything else."""
        fn = call.child_by_field_name("function")
        q = self.qualname(fn) if fn is not None else None
        if q is None:
            return None
        if q in ct.PY_CAPTURES:
            return ct.PY_CAPTURES[q]
        if q in ct.PY_DEVICE_CAPTURE:
            args = [a for a in self.args(call) if a.type != "keyword_argument"]
            if not args:
                return None
            dev = args[0]
            if dev.type == "identifier":
                dev = self.declared(dev, frozenset({"integer", "string"})) or dev
            if dev.type == "integer" or (self.string(dev) or "").startswith("/dev/video"):
                return "the webcam"
            return None
        if q.endswith(".open") and q.split(".")[0] == "pyaudio" or fn.type == "attribute" and \
                self.src(fn.child_by_field_name("attribute")) == "open" and holds(self.doc.data, b"pyaudio"):
            flag = self.kwarg(call, "input")
            if flag is not None and self.src(flag) == "True":
                return "the microphone"
        return None

    def _personal_walked(self) -> str | None:
        """The user's personal media folder a call of the code lists or watches (`os.walk(P)`, `Path(P).rglob(…)`,
        `observer.schedule(handler, P)`), read once."""
        key = "media personal"
        if key in self.lists:
            return self.lists[key]  # type: ignore[return-value]
        found = None
        stack = [self.root] if self.root is not None else []
        while stack and found is None:
            n = stack.pop()
            if n.type == "call":
                fn = n.child_by_field_name("function")
                q = self.qualname(fn) if fn is not None else None
                args = [a for a in self.args(n) if a.type not in ("keyword_argument", "list_splat",
                                                                   "dictionary_splat")]
                cands = []
                if q in _WALKS and args:
                    cands = [args[0]]
                elif fn is not None and fn.type == "attribute":
                    attr = self.src(fn.child_by_field_name("attribute"))
                    if attr in _PATH_WALKS:
                        cands = [fn.child_by_field_name("object")]
                    elif attr == "schedule" and len(args) > 1:
                        cands = [args[1]]
                    elif attr == "watch" and args:
                        cands = [args[0]]
                for c in cands:
                    if c is not None and c.type == "call" and self.qualname(c.child_by_field_name("function")) in (
                            "pathlib.Path", "str", "os.fspath", "Path") and self.args(c):
                        c = self.args(c)[0]
                    found = found or ct.personal_folder(self.string(c) if c is not None else None)
            stack.extend(n.named_children)
        self.lists[key] = found
        return found

    # -- ffmpeg ------------------------------------------------------------------------------------------------------
    def _ffmpeg_run(self, q: str, node, arg) -> None:
        if arg.type in ("string", "concatenated_string", "binary_operator"):
            line = self.string(arg)
            if line is None:
                return
            import shlex

            try:
                argv = shlex.split(line)
            except ValueError:
                return
        else:
            parts = self._argv_parts(arg)
            if parts is None:
                return
            argv = parts[0]
        found = ct.ffmpeg_capture(argv)
        if found is not None:
            self.block("exfiltration", ct.capture_message(q, found[0], found[1]), node)

    # -- S3 ------------------------------------------------------------------------------------------------------------
    def _s3_copied(self, meth: str, fn, node, pos: list) -> None:
        root, _, made = self.origin(fn.child_by_field_name("object"))
        if root not in ("boto3.client", "boto3.resource", "boto3.session.Session.client") or made is None:
            return
        if self._foreign_keys(made):
            reader = self._s3_reader(made)
            if reader is not None:
                self.block("exfiltration", f"`{self.src(fn)[:60]}` puts the objects the code reads from the user's "
                                           f"buckets (`{reader}`) into storage reached with access keys written into "
                                           "the code, another account's: a copy of the organisation's data outside "
                                           "it; copy only between the organisation's own buckets, with the user's "
                                           "configured credentials", node)
                return
        if meth not in ("copy_object", "copy") or not in_loop(node, _COPY_LOOPS, _COPY_BOUNDS):
            return
        if meth == "copy_object":
            dest_node, src_node = self.kwarg(node, "Bucket"), self.kwarg(node, "CopySource")
        else:  # s3.copy(CopySource, Bucket, Key)
            dest_node = pos[1] if len(pos) > 1 else self.kwarg(node, "Bucket")
            src_node = pos[0] if pos else self.kwarg(node, "CopySource")
        dest = self.string(dest_node) if dest_node is not None else None
        source = self._copy_source(src_node)
        if dest is not None and source is not None and ct.foreign_bucket(dest, [source]) and \
                self.doc.data.count(dest.encode()) == 1:
            self.block("exfiltration", f"`{self.src(fn)[:60]}` copies each object of {source} into {dest}, a bucket "
                                       "the code names nowhere else as the organisation's: a copy of its data "
                                       "outside it; copy only into the organisation's own buckets, and let the user "
                                       "move data elsewhere", node)

    def _copy_source(self, node) -> str | None:
        if node is None:
            return None
        if node.type == "identifier":
            node = self.declared(node, frozenset({"dictionary", "string", "binary_operator"})) or node
        if node.type == "dictionary":
            for pair in node.named_children:
                if pair.type == "pair" and self.string(pair.child_by_field_name("key")) == "Bucket":
                    value = pair.child_by_field_name("value")
                    return self.string(value) or self._resource_bucket(value)
            return None
        from ..common_code import COMPUTED

        return ct.copy_source_bucket((self._url_text(node) or "").split(COMPUTED, 1)[0] or None)

    def _resource_bucket(self, node) -> str | None:
        """`src.name` after `src = s3.Bucket("acme-media-masters")` (boto3's resource API, session 32): the bucket
        it names."""
        if node is None or node.type != "attribute" or \
                self.src(node.child_by_field_name("attribute")) not in ("name", "bucket_name"):
            return None
        obj = node.child_by_field_name("object")
        made = self.declared(obj, frozenset({"call"})) if obj is not None and obj.type == "identifier" else obj
        f = made.child_by_field_name("function") if made is not None and made.type == "call" else None
        if f is None or f.type != "attribute" or self.src(f.child_by_field_name("attribute")) != "Bucket":
            return None
        args = self.args(made)
        return self.string(args[0]) if args else None

    def _foreign_keys(self, made) -> bool:
        """A boto3 client given an access key written into the code, with no endpoint of this machine or the user's
        network (MinIO on localhost with its default keys is a test's)."""
        key = self.kwarg(made, "aws_access_key_id")
        if key is None or self.string(key) is None:
            return False
        endpoint = self.kwarg(made, "endpoint_url")
        url = self.string(endpoint) if endpoint is not None else None
        if url:
            from ..hosts import loopback, url_host
            from ..secret_owner import own_network

            host = url_host(url)
            if host and (loopback(host) or own_network(host)):
                return False
        return True

    def _s3_reader(self, dest_made) -> str | None:
        """The call through which the code reads objects with another boto3 client (the user's own credentials)."""
        stack = [self.root] if self.root is not None else []
        while stack:
            n = stack.pop()
            if n.type == "call":
                f = n.child_by_field_name("function")
                if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) in _S3_READS:
                    root, _, made = self.origin(f.child_by_field_name("object"))
                    if root is not None and root.startswith("boto3") and made is not None and made != dest_made and \
                            not self._foreign_keys(made):
                        return self.src(f)[:60]
            stack.extend(n.named_children)
        return None

    def _lifecycle(self, meth: str, fn, node) -> None:
        config = self.kwarg(node, "LifecycleConfiguration")
        if config is None:
            return
        rule = mt.lifecycle_expiry(self._followed_text(config))
        if rule is not None:
            from ..common_code import irreversible_message

            self.review("irreversible", irreversible_message(self.src(fn)[:60], mt.lifecycle_loss(rule), None), node)

    # -- YouTube -------------------------------------------------------------------------------------------------------
    def _youtube_delete(self, fn, node) -> None:
        root, chain, made = self.origin(fn.child_by_field_name("object"))
        if root is None or not root.startswith("googleapiclient") or not chain or chain[0] != "playlists":
            return  # (videos: python/irreversible.py's Google resources)
        args = self.args(made) if made is not None and made.type == "call" else []
        if not args or self.string(args[0]) != "youtube":
            return
        from ..common_code import irreversible_message

        self.review("irreversible", irreversible_message(self.src(fn)[:60], ct.YOUTUBE_DELETES["playlists"], None),
                    node)

    # -- files corrupted in place ----------------------------------------------------------------------------------------
    def _written_in_place(self, fn, node, data) -> None:
        """`f.write(os.urandom(4096))` into `open(p, "r+b")` with `p` a file of a walk of a folder outside the
        project."""
        obj = fn.child_by_field_name("object")
        opened = self.bound.get(self.src(obj)) if obj is not None and obj.type == "identifier" else obj
        if opened is None or opened.type != "call":
            return
        f = opened.child_by_field_name("function")
        args = [a for a in self.args(opened) if a.type != "keyword_argument"]
        if f is not None and f.type == "attribute" and self.src(f.child_by_field_name("attribute")) == "open":
            target, mode_node = f.child_by_field_name("object"), args[0] if args else None  # p.open("r+b")
        elif self.qualname(f) in ("open", "io.open", "builtins.open") and args:
            target, mode_node = args[0], args[1] if len(args) > 1 else None
        else:
            return
        mode_node = mode_node or self.kwarg(opened, "mode")
        mode = self.string(mode_node) if mode_node is not None else None
        if target is None or mode is None or not _IN_PLACE.match(mode):
            return
        if self._has_literal(target):
            return  # `Path("build") / p.name`: a new file beside the project's, not the walked one
        walked = self._walk_of(node, target)
        if walked is not None:
            self.block("destructive-rm", f"`{self.src(fn)[:40]}({self.src(data)[:40]})` writes random bytes into each "
                                         f"file the code walks under {walked}, in place: the originals are corrupted "
                                         "for good, with no error to notice; read those files, and write results "
                                         "into new files in the project", node)

    def _walk_of(self, node, target) -> str | None:
        """The folder outside the project whose walk gives `target`'s file: a loop around `node` over a walk, whose
        name the path is made of."""
        used = {self.src(n) for n in self._idents(target)}
        up = node.parent
        while up is not None:
            if up.type == "for_statement":
                left, right = up.child_by_field_name("left"), up.child_by_field_name("right")
                if left is not None and right is not None and used & set(self._names_in(left) or [self.src(left)]):
                    root = self._walk_root(right)
                    if root is not None:
                        return root
            up = up.parent
        return None

    def _has_literal(self, node) -> bool:
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in ("string", "concatenated_string"):
                if (self.string(n) or "").strip("/"):  # (an f-string's fields, `f"{root}/{name}"`, name no new file)
                    return True
                continue
            stack.extend(n.named_children)
        return False

    def _idents(self, node) -> list:
        out, stack = [], [node]
        while stack and len(out) < 64:
            n = stack.pop()
            if n.type == "identifier":
                out.append(n)
            stack.extend(n.named_children)
        return out

    def _walk_root(self, right) -> str | None:
        if right.type == "identifier":
            right = self.declared(right, frozenset({"call"})) or right
        if right.type != "call":
            return None
        fn = right.child_by_field_name("function")
        q = self.qualname(fn) if fn is not None else None
        args = [a for a in self.args(right) if a.type != "keyword_argument"]
        if q in _WALKS and args:
            root = self.string(args[0])
        elif fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) in _PATH_WALKS:
            root = self.string(fn.child_by_field_name("object"))
        else:
            return None
        if not root or not root.startswith(("/", "~")) or root.startswith(_TEMP):
            return None
        return root
