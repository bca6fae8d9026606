"""Robots, drones and plant control, from TypeScript (session 30): node-opcua, nodes7, st-ethernet-ip, modbus-serial,
MQTT.js, requests to Node-RED's admin API.

As python/industrial.py. Blocked:
- a write that turns a safety function off (industrial_tables.safety_write): an OPC UA node written through
  `session.write` / `writeSingleNode` (`…Safety.EStopOverride` set true; the node id also as a name, a shorthand
  `{ nodeId }` or `resolveNodeId("…")`, the value also in a `new Variant({…})` or a name; several nodes in an array,
  a `new WriteValue({…})`, the objects an `ids.map((nodeId) => ({ nodeId, … }))` or a `for (const nodeId of ids)`
  loop makes), an S7 item through nodes7's `writeItems` (`interlock` set
  false), a tag through st-ethernet-ip's `writeTag` (its value as last set before the write); a reset or a safety
  limit is held;
- a controller's coils or registers written from a timer that fires more than ten times a second (`setInterval(…,
  50)`, the period also in hex or a constant): its outputs switched faster than the machine can follow (contactors,
  valves and drives worn out or driven at random); a watchdog's heartbeat every 100 ms or more, and a client of this
  machine (a simulator's server), are not;
- every message of the plant's broker (`subscribe("#")`) published to a client of a public broker or a bare address
  (a client of another outsider's broker is held);
- a Node-RED flow posted to the admin API (its URL also in a constant) whose `exec` or `daemon` node runs a command
  that would be blocked (judged as one; one that only powers the gateway off is held), or whose `function` node's
  code (with its `libs`) would be as TypeScript;
- rows a script queries from a database sent to a drop-box service or a bare public address.
Reviewed `irreversible`: an empty flow set posted over Node-RED's flows (`body: JSON.stringify([])`).
Reading tags and registers, a poller in a timer, a simulation's own server, a bridge to the organisation's own
broker stay allowed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import industrial_tables as it
from ..hosts import url_host
from ..per_input import decoded, in_input
from ..scraping_tables import stranger_sink

_MARKERS = re.compile(rb"node-opcua|nodes7|modbus-serial|jsmodbus|ethernet-ip|rclnodejs|roslib|mavlink|mqtt|"
                      rb"1880|(?i:node-?red)")
_SEND_MARKERS = re.compile(rb"/flows?\b|(?i:select|queryApi|query_api|from\(bucket)")
_SENDS = frozenset({"fetch", "post", "put", "request", "got", "axios"})
_DEVICE_WRITES = frozenset({"writeCoil", "writeCoils", "writeRegister", "writeRegisters", "writeSingleCoil",
                            "writeSingleRegister", "writeMultipleCoils", "writeMultipleRegisters", "writeFC5",
                            "writeFC6", "writeFC15", "writeFC16"})
_SAFETY_WRITES = frozenset({"write", "writeSingleNode", "writeItems", "writeTag"})
_NAMES = _SENDS | _DEVICE_WRITES | _SAFETY_WRITES | {"publish"}
_LITERALS = frozenset({"true", "false", "number", "string", "unary_expression"})


class Industrial:
    def visit_industrial(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is its property node): settled by its name before anything else is read."""
        name = self.src(prop) if prop is not None else self.src(fn) if fn is not None and fn.type == "identifier" \
            else None
        if name is None or name not in _NAMES or not args:
            return
        data = self.doc.data
        if name in _SENDS:
            if in_input(_SEND_MARKERS, data):
                self._ind_sent_on(name, node, args)
            return
        if not in_input(_MARKERS, data):
            return
        if name in _SAFETY_WRITES and not in_input(it.SAFETY_IN, data):
            return  # (no name the script writes can be a safety function's)
        if name == "write":
            for tag, value in self._ind_node_writes(args[0], node):
                if self._ind_safety("`session.write`", tag, value, node):
                    return
        elif name == "writeSingleNode" and len(args) > 1:
            target = args[0]
            if target.type == "identifier":
                target = self.declared(target, frozenset({"string", "template_string"})) or target
            if target.type in ("string", "template_string"):
                self._ind_safety(f"`{name}`", self.string(target) or "", self._ind_deep_value(args[1]), node)
        elif name == "writeItems" and len(args) > 1:
            names, values = self._ind_items(args[0]), self._ind_items(args[1])
            for tag, value in zip(names, values):
                if tag is not None and self._ind_safety(f"`{name}`", tag, value, node):
                    return
        elif name == "writeTag":
            tag = self._ind_tag_name(args[0])
            if tag is not None:
                value = self._ind_literal(args[1]) if len(args) > 1 else self._ind_assigned_value(args[0])
                self._ind_safety(f"`{name}`", tag, value, node)
        elif name in _DEVICE_WRITES:
            self._ind_fast_timer(name, fn, node)
        elif name == "publish" and fn is not None and fn.type == "member_expression":
            self._ind_bridge(fn, node)

    # -- values and names -------------------------------------------------------------------------------------------
    def _ind_literal(self, n) -> str | None:
        if n is None or n.type not in _LITERALS:
            return None
        return self.string(n) if n.type == "string" else self.src(n)

    def _ind_pairs(self, obj) -> dict:
        """An object literal's keys and value nodes; a shorthand `{ nodeId }` stands for the value its name was given
        once (`const nodeId = "ns=2;s=…"`)."""
        out = {}
        for p in obj.named_children:
            if p.type == "pair":
                k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
                if k is not None and v is not None:
                    out[self.string(k) if k.type == "string" else self.src(k)] = v
            elif p.type == "shorthand_property_identifier":
                out[self.src(p)] = self.declared(p, _LITERALS | {"template_string", "object"}) or p
        return out

    def _ind_deep_value(self, obj, env: dict | None = None) -> str | None:
        """The innermost literal `value` of `{ value: { value: { dataType, value: true } } }` (a name given one once,
        or by a loop: `env`)."""
        for _ in range(6):
            if obj is not None and obj.type == "new_expression":  # `new Variant({ dataType, value: true })`
                made = self.args(obj)
                obj = made[0] if made else None
                continue
            if obj is not None and obj.type in ("identifier", "shorthand_property_identifier"):
                k = self.src(obj)
                obj = env[k] if env and k in env else self.declared(obj, _LITERALS)
                return self._ind_literal(obj)
            if obj is None or obj.type != "object":
                return self._ind_literal(obj)
            obj = self._ind_pairs(obj).get("value")
        return None

    def _ind_node_writes(self, arg, call) -> list[tuple[str, str | None]]:
        """node-opcua's `session.write([{ nodeId, attributeId, value: {…} }, …])` (or one object, or a `new
        WriteValue({…})`); the objects also made by `ids.map((nodeId) => ({ nodeId, … }))` or inside a `for (const
        nodeId of ids)` loop around the write (each id of the array read)."""
        if arg.type == "identifier":  # (`const nodesToWrite = [{ … }]; session.write(nodesToWrite)`)
            arg = self.declared(arg, frozenset({"array", "object", "call_expression"})) or arg
        envs: list[dict] = self._ind_loop_envs(call)
        if arg.type == "call_expression":
            envs, arg = self._ind_mapped(arg)
        items = arg.named_children if arg is not None and arg.type == "array" else [arg] if arg is not None else []
        out = []
        for obj in items[:64]:
            if obj.type == "new_expression" and self.args(obj):
                obj = self.args(obj)[0]
            if obj.type != "object":
                continue
            pairs = self._ind_pairs(obj)
            node_id, base = pairs.get("nodeId"), self._ind_deep_value(pairs.get("value"))
            # (each pass read only when the id or the value is the loop's: 1,500 writes of a map over 200 ids)
            per_pass = base is None or node_id is not None and node_id.type in (
                "identifier", "shorthand_property_identifier") and self.src(node_id) in envs[0]
            for env in envs if per_pass else envs[:1]:
                value = base if base is not None else self._ind_deep_value(pairs.get("value"), env)
                out += [(t, value) for t in self._ind_id_texts(node_id, env)]
            if len(out) >= 256:
                break
        return out[:256]

    def _ind_id_texts(self, n, env: dict) -> list[str]:
        """A node id's text: a string, a name given one (by a loop or once), `resolveNodeId("…")`."""
        if n is None:
            return []
        if n.type in ("identifier", "shorthand_property_identifier"):
            k = self.src(n)
            n = env.get(k) if k in env else self.declared(n, frozenset({"string", "template_string"}))
            if n is None:
                return []
        if n.type == "call_expression" and self.args(n) and \
                self.src(n.child_by_field_name("function")).endswith(("resolveNodeId", "coerceNodeId", "makeNodeId")):
            n = self.args(n)[0]
        return [self.string(n) or ""] if n.type in ("string", "template_string") else []

    def _ind_array(self, n) -> list:
        """The items of an array literal, or of the one a name was given once."""
        if n is not None and n.type == "identifier":
            n = self.declared(n, frozenset({"array"}))
        return list(n.named_children[:64]) if n is not None and n.type == "array" else []

    def _ind_mapped(self, call) -> tuple[list[dict], object]:
        """`ids.map((nodeId) => ({ nodeId, … }))`: each pass's parameter and the object its callback returns."""
        fn = call.child_by_field_name("function")
        cb = self.args(call)[0] if self.args(call) else None
        if fn is None or fn.type != "member_expression" or self.src(fn.child_by_field_name("property")) != "map" or \
                cb is None or cb.type not in ("arrow_function", "function_expression"):
            return [{}], None
        params = cb.child_by_field_name("parameter") or cb.child_by_field_name("parameters")
        names = re.findall(r"[A-Za-z_$][\w$]*", self.src(params))[:1] if params is not None else []
        body = cb.child_by_field_name("body")
        while body is not None and body.type in ("parenthesized_expression", "statement_block"):
            if body.type == "parenthesized_expression":
                body = body.named_children[0] if body.named_children else None
            else:  # (`=> { return { nodeId, … }; }`)
                ret = next((c for c in body.named_children if c.type == "return_statement"), None)
                body = ret.named_children[0] if ret is not None and ret.named_children else None
        items = self._ind_array(fn.child_by_field_name("object"))
        return ([{names[0]: x} for x in items] if names and items else [{}]), body

    def _ind_loop_envs(self, call) -> list[dict]:
        """`for (const nodeId of ids) { await session.write({ nodeId, … }) }`: each pass's name and item."""
        up = call.parent
        while up is not None and up.type not in ("for_in_statement", "program", "function_declaration",
                                                 "arrow_function", "method_definition"):
            up = up.parent
        if up is None or up.type != "for_in_statement":
            return [{}]
        left, items = up.child_by_field_name("left"), self._ind_array(up.child_by_field_name("right"))
        if left is None or left.type != "identifier" or not items:
            return [{}]
        return [{self.src(left): x} for x in items]

    def _ind_items(self, arg) -> list[str | None]:
        """nodes7's `writeItems(["a", "b"], [1, false])` or `writeItems("a", 1)`: the names or the values."""
        if arg.type == "array":
            return [self._ind_literal(c) for c in arg.named_children]
        return [self._ind_literal(arg)]

    def _ind_tag_name(self, arg) -> str | None:
        """`speed` of `const speed = new Tag("Line2_Speed_SP")`."""
        made = self.bound.get(self.src(arg)) if arg.type == "identifier" else arg
        if made is None or made.type != "new_expression":
            return None
        ctor_args = self.args(made)
        return self.string(ctor_args[0]) if ctor_args and ctor_args[0].type == "string" else None

    def _ind_assigned_value(self, ident) -> str | None:
        if ident.type != "identifier":
            return None
        name = self.src(ident).encode()  # (the value as last set before this write)
        return next((v for at, n, v in reversed(_value_set(self.doc.data)) if n == name and at < ident.start_byte), None)

    def _ind_safety(self, shown: str, name: str, value: str | None, node) -> bool:
        found = it.safety_write(name, value)
        if found is None:
            return False
        blocked, what = found
        if blocked:
            self.block("system-disruption", f"{shown} writes {what} on a running machine: people at it lose the "
                                            "protection; leave safety functions to the machine's own safety "
                                            "controller and the people on site", node)
        else:
            self.review("system-disruption", f"{shown} writes {what}; a person on site should confirm it", node)
        return blocked

    # -- outputs switched from a fast timer -------------------------------------------------------------------------
    def _ind_fast_timer(self, name: str, fn, node) -> None:
        """`setInterval(() => plc.writeCoils(…), 50)`: more than ten writes a second (a watchdog's heartbeat every
        100 ms or more is the controller's own protocol). A client of this machine (a simulator's server) is not a
        machine."""
        up = node.parent
        while up is not None and up.type not in ("program",):
            if up.type == "call_expression" and self.src(up.child_by_field_name("function")) == "setInterval":
                targs = self.args(up)
                every = targs[1] if len(targs) > 1 else None
                if every is not None and every.type == "identifier":
                    every = self.declared(every, frozenset({"number"}))
                ms = it.number(self.src(every)) if every is not None and every.type == "number" else None
                if ms is not None and ms < 100 and not self._ind_local_client(fn):
                    self.block("system-disruption", f"`{name}` writes the controller's outputs every {ms:g} ms: "
                                                    "faster than contactors, valves and drives can follow (they "
                                                    "chatter and wear out, or the machine moves at random); write "
                                                    "once, or poll and write only on a change", node)
                return
            up = up.parent

    def _ind_local_client(self, fn) -> bool:
        """Whether the client the write goes through connects to this machine (`plc.connectTCP("127.0.0.1", …)`):
        when the script names no host for it, whether every client it connects does."""
        from ..hosts import loopback

        hosts = _client_hosts(decoded(self.doc.data))
        obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
        mine = hosts.get(self.src(obj)) if obj is not None else None
        if mine is not None:
            return loopback(mine)
        return bool(hosts) and all(loopback(h) for h in hosts.values())

    # -- a broker's every message relayed ----------------------------------------------------------------------------
    def _ind_bridge(self, fn, node) -> None:
        """`ext.publish(topic, payload)` of `ext = mqtt.connect("mqtt://broker.hivemq.com")` in a script that
        subscribes to every topic (`#`) of another broker."""
        obj = fn.child_by_field_name("object")
        made = self.bound.get(self.src(obj)) if obj is not None and obj.type == "identifier" else None
        if made is None or made.type != "call_expression" or \
                not self.src(made.child_by_field_name("function")).endswith("connect"):
            return
        margs = self.args(made)
        url = self.string(margs[0]) if margs and margs[0].type == "string" else None
        found = it.relay_finding(url_host(url) if url else None, decoded(self.doc.data))
        if found is not None:
            (self.block if found[0] else self.review)("exfiltration", found[1], node)

    # -- requests: Node-RED's admin API, a database's rows -------------------------------------------------------------
    def _ind_sent_on(self, name: str, node, args: list) -> None:
        target = args[0]
        if target.type == "identifier":  # (`const url = "http://gw:1880/flows"; fetch(url, …)`)
            target = self.declared(target, frozenset({"string", "template_string"})) or target
        url = self.string(target) if target.type in ("string", "template_string") else None
        if not url:
            return
        if it.NODE_RED_DEPLOY.search(url.split("#", 1)[0]):
            opts = self._ind_pairs(args[1]) if len(args) > 1 and args[1].type == "object" else {}
            body = opts.get("body")
            if body is not None and url.rstrip("/").endswith("/flows") and \
                    re.fullmatch(r"JSON\.stringify\(\s*\[\s*\]\s*\)", self.src(body)):
                self.review("irreversible", f"`{name}` deploys an empty flow set to {url}: every flow of the Node-RED "
                                            "instance is replaced by nothing, with no undo but a backup; export the "
                                            "flows first and let the user run it", node)
                return
            # (the script's flows are judged once, at its first post: the mark is kept in a set of names no
            # identifier can spell)
            if " industrial flows" in self.functions:
                return
            self.functions.add(" industrial flows")
            for code, lang, at in self._ind_flow_code():
                if lang == "bash" and it.power_button(code):
                    self.review("system-disruption", f"the flow's exec node runs `{code.strip()}` when it fires: the "
                                                     "gateway goes down with every flow it runs; a person should "
                                                     "confirm it", at)
                    continue
                self.ctx.nested(code, lang, self.doc, at, None)
            return
        host = url_host(url)
        if host and stranger_sink(host) and it.queries(decoded(self.doc.data)):
            self.block("exfiltration", f"`{name}` sends what the script queried from the database to {host}, a "
                                       "drop-box service or an address no name vouches for: the organisation's records (a "
                                       "historian's recipes and batches, any table) leave its systems; keep them "
                                       "there", node)

    def _ind_flow_code(self) -> list:
        """(code, language, node) of what a flow's nodes run: an object whose `type` is `exec` or `daemon` (its
        `command` and `args`) or `function` (its `func`, `initialize` and `finalize`, with its `libs`)."""
        out: list = []
        if self.root is None or not in_input(_EXEC_NODE, self.doc.data):
            return out
        stack, seen = [self.root], 0
        while stack and seen < 20000:
            n = stack.pop()
            seen += 1
            if n.type == "object":
                pairs = self._ind_pairs(n)
                kind = self._ind_literal(pairs.get("type"))
                if kind in it.RUNS_COMMAND or kind in it.RUNS_CODE:
                    fields = {k: self.string(v) for k, v in pairs.items() if v.type in ("string", "template_string")}
                    libs_node = pairs.get("libs")
                    libs = [(self._ind_literal(d.get("var")), self._ind_literal(d.get("module")))
                            for d in (self._ind_pairs(x) for x in (libs_node.named_children if libs_node is not None
                                                                   and libs_node.type == "array" else [])
                                      if x.type == "object")]
                    at = pairs.get("command") or pairs.get("func") or n
                    out += [(code, lang, at) for code, lang in it.node_code(kind, fields, libs)]
            stack.extend(n.named_children)
        return out


_CLIENT_CONNECTS = re.compile(r"""(?<![\w$.])([A-Za-z_$][\w$]*+)\.connect\w{0,20}\(\s*["'`]([^"'`\n]{1,200})["'`]""")


@lru_cache(maxsize=8)
def _client_hosts(text: str) -> dict:
    """`plc.connectTCP("10.10.4.21", …)` calls of the script: client name -> the host it connects to."""
    return {m.group(1): m.group(2) for m in _CLIENT_CONNECTS.finditer(text)}


_VALUE_SET = re.compile(rb"(?<![\w$.])([A-Za-z_$][\w$]*+)\.value[ \t]*=[ \t]*([\w.+-]+)")


@lru_cache(maxsize=8)
def _value_set(data: bytes) -> list:
    """`bypass.value = true` statements of the script, in order: (where, tag name, the literal)."""
    return [(m.start(), m.group(1), m.group(2).decode()) for m in _VALUE_SET.finditer(data)]


_EXEC_NODE = re.compile(rb"""["'`](?:exec|daemon|function)["'`]""")
