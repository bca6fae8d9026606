"""Robots, drones and plant control, from Python (session 30): pycomm3, pylogix, asyncua/opcua, python-snap7, pymodbus,
rclpy, pymavlink, paho-mqtt, requests to Node-RED's admin API.

As bash/industrial.py. Blocked:
- a write that turns a safety function off (industrial_tables.safety_write): a tag written through pycomm3 or pylogix
  (`plc.write(("Safety_Bypass", True))`, the tag and value also through names), an OPC UA node
  (`node.write_value(False)` of a node got for `…DoorInterlockEnable`, by `get_node` or a `get_child` path; also
  `write_attribute` of its value, a server's `write_attribute_value(node.nodeid, …)`, a client's `write_values(nodes,
  values)` and python-opcua's `set_values`, and each node of a loop: `for n in (interlock, estop)`, `for nid, v in
  {…}.items()`, `zip(nodes, values)`), a ROS 2 service or topic whose name is a safety function's, called or
  published with its `data` false as last set before the call (`/safety/estop_enable`), a parameter sent to another
  node's `set_parameters` service (`Parameter("interlock_enabled", Parameter.Type.BOOL, False)`, judged as `ros2
  param set`); a reset or a safety limit written is held;
- writes or a CPU stop sent to every controller of a network a loop goes over (`for host in ip_network(…).hosts()`,
  `f"10.10.4.{i}"` over a range of more than a few), a CPU stop to each of several listed controllers, random values
  written to a controller's registers; one controller stopped (`plc_stop()`) is held; a client of this machine (a
  simulator's server, a test harness) is not a controller;
- a vehicle armed or disarmed with MAVLink's force code (21196, positional, by keyword or through a name, by
  `command_long_send` or `command_int_send`) or told to terminate its flight; two or more of an autopilot's safety
  parameters turned off (`param_set_send(…, b"ARMING_CHECK", 0, …)`, also from a loop over names, encoded or not),
  one alone held,
  and SITL's (its own link, a SIM_* parameter) held;
- a Node-RED flow posted to the admin API whose `exec` or `daemon` node runs a command that would be blocked (judged
  as one), or whose `function` node's code (with its `libs`) would be; a node that only powers the gateway off is
  held;
- every message of the plant's broker (`subscribe("#")`) published to a client connected to a public broker or a bare
  address (another outsider's broker is held);
- rows a script queries from a database sent to a drop-box service or a bare public address.
Reviewed `irreversible`: a vehicle's logs erased (`log_erase_send`), its parameters reset (`MAV_CMD_PREFLIGHT_STORAGE`
with 2), an empty flow set posted over Node-RED's flows.
Reading tags, registers and topics, a write of an ordinary setpoint (also to each device a list names: commissioning),
and a simulation's own server stay allowed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import industrial_tables as it
from ..hosts import url_host
from ..per_input import decoded, in_input
from ..scraping_tables import stranger_sink

# the libraries that talk to controllers, robots and vehicles (most inputs import none)
_MARKERS = re.compile(rb"pycomm3|pylogix|asyncua|opcua|snap7|pymodbus|rclpy|pymavlink|mavutil|cpppo|minimalmodbus|"
                      rb"umodbus|paho|1880|(?i:node-?red)")
# what a request may carry that these rules read: a Node-RED flow, rows a query returned
_SEND_MARKERS = re.compile(rb"/flows?\b|(?i:select|query_api|read_sql|from\(bucket)")
_TAG_WRITES = frozenset({"write", "Write"})
_NODE_WRITES = frozenset({"write_value", "set_value"})
# (`write_attribute(ua.AttributeIds.Value, dv)`; a server's own `write_attribute_value(node.nodeid, dv)`; a client's
# `write_values(nodes, values)`, python-opcua's `set_values`)
_ATTR_WRITES = frozenset({"write_attribute", "set_attribute"})
_SERVER_WRITES = frozenset({"write_attribute_value"})
_MANY_WRITES = frozenset({"write_values", "set_values"})
# rclpy's `Parameter("interlock_enabled", Parameter.Type.BOOL, False)` (rcl_interfaces' message too), sent to another
# node's `set_parameters` service
_PARAMETERS = frozenset({"Parameter"})
_NODE_MAKERS = ("get_node", "get_child", "NodeId", "from_string")
_DEVICE_WRITES = frozenset({"write_register", "write_registers", "write_coil", "write_coils", "db_write",
                            "write_area", "write_multiple_registers", "write_single_register", "write_multiple_coils",
                            "write_single_coil", "write_bit", "write_long", "write_float"})
_STOPS = frozenset({"plc_stop"})
_ROS_CALLS = frozenset({"call_async", "call", "publish"})
_MAV = frozenset({"command_long_send", "command_int_send", "log_erase_send", "param_set_send"})
_SENDS = frozenset({"post", "put", "request", "urlopen", "Request"})
_NAMES = _TAG_WRITES | _NODE_WRITES | _DEVICE_WRITES | _STOPS | _ROS_CALLS | _MAV | _SENDS | _ATTR_WRITES | \
    _SERVER_WRITES | _MANY_WRITES | _PARAMETERS
_LITERALS = frozenset({"true", "false", "integer", "float", "string", "unary_operator"})
_IP_LITERAL = re.compile(r"""["']\d{1,3}(?:\.\d{1,3}){3}(?:/\d+)?["']""")
# an address built from a loop's number (`f"10.10.4.{i}"`, `"10.10.4.%d" % i`, `"10.10.4." + str(i)`)
_HOST_PATTERN = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.(?:\{|%d|[\"']\s*\+)")
_RANDOM = re.compile(r"\brandom\.|\brandint\b|\burandom\b|\bsecrets\.")
_PREFIX_LEN = re.compile(r"\d/(\d{1,2})\b")
_INT = re.compile(r"-?\d{1,9}")
# (a few devices a range names are commissioning, as a literal list is: a network's worth is a sweep)
_FEW = 16


class Industrial:
    def visit_industrial(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        if name in _SENDS:
            if in_input(_SEND_MARKERS, self.doc.data):
                self._ind_sent_on(name, node, pos)
            return
        if not in_input(_MARKERS, self.doc.data):
            return
        if name in _MAV:
            self._ind_mavlink(name, node, pos)
        elif name in _TAG_WRITES:
            pairs = self._ind_tag_pairs(pos)  # (none for a file's `write`)
            for item_name, value in pairs:
                if self._ind_safety(f"`{name}`", item_name, value, node):
                    return
            if pairs:
                self._ind_sweep(name, node, pos)
        elif name in _NODE_WRITES or name in _ATTR_WRITES:
            receiver = fn.child_by_field_name("object") if fn is not None and fn.type == "attribute" else None
            if not in_input(it.SAFETY_IN, self.doc.data):
                pass  # (no node the script writes can be a safety function's)
            elif name in _NODE_WRITES and pos:
                self._ind_node_write(name, receiver, pos[0], node)
            elif len(pos) >= 2 and self.src(pos[0]).endswith(".Value"):  # (the value attribute, not a name)
                self._ind_node_write(name, receiver, pos[1], node)
            if name in _NODE_WRITES:
                self._ind_sweep(name, node, pos)
        elif name in _SERVER_WRITES or name in _MANY_WRITES or name in _PARAMETERS:
            if not in_input(it.SAFETY_IN, self.doc.data):
                return
            if name in _SERVER_WRITES and len(pos) >= 2:
                self._ind_node_write(name, pos[0], pos[1], node)
            elif name in _MANY_WRITES and len(pos) >= 2:
                for target, value in zip(self._ind_elements(pos[0]), self._ind_elements(pos[1])):
                    if any(self._ind_safety(f"`{name}`", nid, self._ind_value(value), node)
                           for nid in self._ind_node_ids(target, {})):
                        return
            elif name in _PARAMETERS:
                self._ind_parameter(node, pos)
        elif name in _DEVICE_WRITES or name in _STOPS:
            if not self._ind_sweep(name, node, pos) and name in _STOPS:
                self.review("system-disruption", f"`{name}()` stops the controller's program: every output it drives "
                                                 "stops with it (a line, a pump, a press) until someone starts it; "
                                                 "let the people on site run it", node)
        elif name in _ROS_CALLS and fn is not None and fn.type == "attribute":
            self._ind_ros(name, fn, node, pos)
            if name == "publish":
                self._ind_relay(fn, node)

    # -- values and names -------------------------------------------------------------------------------------------
    def _ind_literal(self, n) -> str | None:
        """The text of a literal argument, also inside `ua.DataValue(ua.Variant(False, …))` (the first argument
        down)."""
        for _ in range(4):
            if n is None:
                return None
            if n.type in _LITERALS:
                return self.string(n) if n.type == "string" else self.src(n)
            if n.type == "call" and self.args(n):
                n = self.args(n)[0]
                continue
            return None
        return None

    def _ind_tag_pairs(self, pos: list) -> list[tuple[str, str | None]]:
        """pycomm3's `write(("Tag", value), …)` or `write("Tag", value)`, pylogix's `Write("Tag", value)`."""
        out = []
        first = pos[0] if pos else None
        if first is not None and first.type == "identifier":  # (`tag, val = "Safety_Bypass", True; plc.write(tag, val)`)
            first = self.declared(first, frozenset({"string"})) or first
        if len(pos) == 2 and first.type == "string":
            out.append((self.string(first) or "", self._ind_value(pos[1])))
        for p in pos:
            if p.type == "tuple" and len(p.named_children) == 2 and p.named_children[0].type == "string":
                out.append((self.string(p.named_children[0]) or "", self._ind_literal(p.named_children[1])))
        return out

    def _ind_node_write(self, name: str, target, given, node) -> None:
        """An OPC UA node written: `target` stands for the node (`interlock` of `interlock = c.get_node("…")`, a
        loop's name over several, `c.get_node(nid)` of a loop over ids, `node.nodeid`), `given` for the value (also
        a loop's: `for nid, v in {…}.items()`)."""
        for env in self._ind_loop_envs(target, given):
            value = self._ind_value_in(given, env)
            if any(self._ind_safety(f"`{name}`", nid, value, node) for nid in self._ind_node_ids(target, env)):
                return

    def _ind_node_ids(self, n, env: dict, depth: int = 0) -> list[str]:
        """The node ids the expression `n` stands for, `env` giving a loop's names their items."""
        if n is None or depth > 4:
            return []
        if n.type in ("await", "parenthesized_expression") and n.named_children:
            return self._ind_node_ids(n.named_children[0], env, depth + 1)
        if n.type == "identifier":
            k = self.src(n)
            if k in env:
                return self._ind_node_ids(env[k], {}, depth + 1)
            made = self.bound.get(k)
            return self._ind_node_ids(made, env, depth + 1) if made is not None and made is not n else []
        if n.type == "attribute" and self.src(n.child_by_field_name("attribute")) == "nodeid":
            return self._ind_node_ids(n.child_by_field_name("object"), env, depth + 1)
        if n.type != "call" or not self.src(n.child_by_field_name("function")).endswith(_NODE_MAKERS):
            return []
        args = [a for a in self.args(n) if a.type != "keyword_argument"]
        return [t for t in [self._ind_id_text(args[0], env)] if t] if args else []

    def _ind_id_text(self, n, env: dict) -> str | None:
        """A node id's text: a string, a browse path's list joined, a name given one (by a loop or once)."""
        if n.type == "identifier":
            k = self.src(n)
            n = env[k] if k in env else self.declared(n, frozenset({"string", "list"}))
            if n is None:
                return None
        if n.type == "string":
            return self.string(n)
        if n.type == "list":
            return "/".join(self.string_items(n)) or None
        return None

    def _ind_value_in(self, given, env: dict) -> str | None:
        """The literal a written value stands for, a loop's name read from `env` (also inside `ua.DataValue(…)`)."""
        n = given
        for _ in range(4):
            if n is None or n.type != "call":
                break
            inner = self.args(n)
            n = inner[0] if inner else None
        if n is not None and n.type == "identifier" and self.src(n) in env:
            return self._ind_literal(env[self.src(n)])
        return self._ind_value(given) if given is not None and given.type == "identifier" else \
            self._ind_literal(given)

    def _ind_elements(self, n) -> list:
        """The items of a list or tuple literal, or of the one a name was given once."""
        if n is not None and n.type == "identifier":
            n = self.declared(n, frozenset({"list", "tuple"}))
        return list(n.named_children[:64]) if n is not None and n.type in ("list", "tuple") else []

    def _ind_loop_envs(self, *nodes) -> list[dict]:
        """For the loop around the write that binds a name the write uses (`for n in (a, b)`, `for nid, v in
        d.items()`, `for n, v in zip(nodes, values)`): each pass's names and what they stand for; [{}] outside one."""
        idents, stack = [], [n for n in nodes if n is not None]
        while stack and len(idents) < 16:
            n = stack.pop()
            if n.type == "identifier":
                idents.append(n)
            else:
                stack.extend(n.named_children[:8])
        for ident in idents:
            over = self.loop_source(ident)
            if over is None:
                continue
            left = over.parent.child_by_field_name("left") if over.parent is not None else None
            if left is None:
                return [{}]
            names = [self.src(left)] if left.type == "identifier" else \
                [self.src(x) if x.type == "identifier" else "" for x in left.named_children]
            if over.type == "identifier":
                over = self.declared(over, frozenset({"list", "tuple", "set", "dictionary"}))
            rows: list = []
            if over is not None and over.type == "call":
                fn = over.child_by_field_name("function")
                if self.src(fn) == "zip":
                    rows = list(zip(*(self._ind_elements(a) for a in self.args(over)[:2])))
                elif fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "items":
                    d = fn.child_by_field_name("object")
                    d = self.declared(d, frozenset({"dictionary"})) if d.type == "identifier" else d
                    rows = [(c.child_by_field_name("key"), c.child_by_field_name("value"))
                            for c in (d.named_children if d is not None and d.type == "dictionary" else [])
                            if c.type == "pair"]
            elif over is not None and over.type in ("list", "tuple", "set"):
                rows = [tuple(c.named_children) if len(names) > 1 and c.type == "tuple" else (c,)
                        for c in over.named_children]
            return [{k: v for k, v in zip(names, row) if k and v is not None} for row in rows[:64]] or [{}]
        return [{}]

    def _ind_parameter(self, node, pos: list) -> None:
        """`Parameter("interlock_enabled", Parameter.Type.BOOL, False)` in a script that sets another node's
        parameters (its `/<node>/set_parameters` service, an `AsyncParameterClient`): judged as `ros2 param set`."""
        target = _param_service(decoded(self.doc.data))
        if target is None:
            return
        n = self.kwarg(node, "name")
        n = n if n is not None else pos[0] if pos else None
        pname = self.string(n) if n is not None and n.type == "string" else None
        v = self.kwarg(node, "value")
        if v is None and len(pos) >= 3:
            v = pos[2]
        if v is not None and v.type == "call" and self.src(v.child_by_field_name("function")).endswith(
                "ParameterValue"):
            v = next((x for k in ("bool_value", "integer_value", "double_value", "string_value")
                      if (x := self.kwarg(v, k)) is not None), None)
        if pname and v is not None:
            self._ind_judged(f"`{target}/set_parameters`", it.param_write(target, pname, self._ind_value(v)), node)

    def _ind_safety(self, shown: str, name: str, value: str | None, node) -> bool:
        return self._ind_judged(shown, it.safety_write(name, value), node)

    def _ind_judged(self, shown: str, found: tuple[bool, str] | None, node) -> bool:
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

    # -- every controller of a network ---------------------------------------------------------------------------------
    def _ind_sweep(self, name: str, node, pos: list) -> bool:
        """A write or a stop inside a loop over a network's addresses (`ip_network(…).hosts()`, `f"10.10.4.{i}"` over a
        range), a stop inside a loop over several literal ones, random values written: blocked. (Whether it was.) A
        write to each of the devices a list names is commissioning, the task's own list."""
        if self._ind_local_client(node):
            return False  # (a simulator's server on this machine: a test harness feeds it what it likes)
        if name in _DEVICE_WRITES and any(_RANDOM.search(self.src(p)) for p in pos):
            self.block("system-disruption", f"`{name}` writes random values to the controller's registers: its outputs "
                                            "and setpoints become noise (valves, drives and heaters move at random); "
                                            "write the values the task names", node)
            return True
        up = node.parent
        while up is not None and up.type not in ("for_statement", "function_definition", "module"):
            up = up.parent
        if up is None or up.type != "for_statement":
            return False
        over = up.child_by_field_name("right")
        text = self.src(over) if over is not None else ""
        body = up.child_by_field_name("body")
        network = "ip_network" in text or ".hosts()" in text or "ip_interface" in text or \
            "range(" in text and body is not None and _HOST_PATTERN.search(self.src(body)) is not None
        if network and name not in _STOPS and (n := self._ind_count(over)) is not None and n <= _FEW:
            network = False  # (`for i in range(21, 24)`: a few devices named, commissioning)
        if network or name in _STOPS and len(_IP_LITERAL.findall(text)) > 1:
            what = "stops the program of" if name in _STOPS else "writes to"
            self.block("system-disruption", f"`{name}` {what} every controller the loop goes over ({text[:60]}): the "
                                            "whole network's machines at once; act on the one device the task names",
                       node)
            return True
        return False

    def _ind_count(self, over) -> int | None:
        """How many items `range(A, B[, S])` with literal bounds, or a network's hosts (`ip_network("…/28")`),
        gives; None when not known."""
        if over is None:
            return None
        m = _PREFIX_LEN.search(self.src(over))
        if m is not None:
            return max(0, 2 ** (32 - min(32, int(m.group(1)))) - 2)
        if over.type != "call" or self.src(over.child_by_field_name("function")) != "range":
            return None
        bounds = [self.src(a) for a in self.args(over)]
        if not 1 <= len(bounds) <= 3 or not all(_INT.fullmatch(b) for b in bounds) or \
                len(bounds) == 3 and int(bounds[2]) == 0:
            return None
        return len(range(*(int(b) for b in bounds)))

    def _ind_local_client(self, node) -> bool:
        """Whether the write goes through a client of this machine (`ModbusTcpClient("127.0.0.1", port=5020)`);
        when its client is not found, whether every client the script makes is."""
        from ..hosts import loopback

        fn = node.child_by_field_name("function")
        obj = fn.child_by_field_name("object") if fn is not None and fn.type == "attribute" else None
        made = self.bound.get(self.src(obj)) if obj is not None and obj.type == "identifier" else obj
        if made is not None and made.type == "call":
            given = self.kwarg(made, "host")
            args = [a for a in self.args(made) if a.type != "keyword_argument"]
            given = given if given is not None else args[0] if args else None
            host = self.string(given) if given is not None and given.type == "string" else None
            if host is not None:
                return loopback(host.split("/", 1)[0])
        hosts = _clients(decoded(self.doc.data))
        return bool(hosts) and all(loopback(h) for h in hosts)

    # -- ROS 2 --------------------------------------------------------------------------------------------------------
    def _ind_ros(self, name: str, fn, node, pos: list) -> None:
        """`estop.call_async(req)` of `estop = node.create_client(SetBool, "/safety/estop_enable")` with `req.data =
        False`; `pub.publish(msg)` of a publisher on a safety topic."""
        maker = "create_client" if name != "publish" else "create_publisher"
        topic = self._ind_ros_topic(fn, maker)
        if topic is None or not pos:
            return
        arg = pos[0]
        value = None
        if arg.type == "call":
            v = self.kwarg(arg, "data")
            value = self._ind_literal(v) if v is not None else None
        elif arg.type == "identifier":  # (its `data` as last given before this call)
            name = self.src(arg).encode()
            value = next((v for at, n, v in reversed(_data_set(self.doc.data)) if n == name and at < node.start_byte),
                         None)
        if value is not None:
            self._ind_safety(f"`{self.src(fn)}` ({topic})", topic, value, node)

    def _ind_ros_topic(self, fn, maker: str) -> str | None:
        obj = fn.child_by_field_name("object")
        made = self.bound.get(self.src(obj)) if obj is not None and obj.type == "identifier" else None
        if made is None or made.type != "call" or not self.src(made.child_by_field_name("function")).endswith(maker):
            return None
        args = self.args(made)
        return self.string(args[1]) if len(args) > 1 and args[1].type == "string" else None

    def _ind_relay(self, fn, node) -> None:
        """paho's `ext.publish(msg.topic, msg.payload)` of `ext.connect("broker.hivemq.com")` in a script that
        subscribes to every topic (`#`) of another broker."""
        obj = fn.child_by_field_name("object")
        if obj is None or obj.type != "identifier":
            return
        text = decoded(self.doc.data)
        found = it.relay_finding(_connected(text).get(self.src(obj)), text)
        if found is not None:
            (self.block if found[0] else self.review)("exfiltration", found[1], node)

    # -- MAVLink ------------------------------------------------------------------------------------------------------
    def _ind_mavlink(self, name: str, node, pos: list) -> None:
        if name == "log_erase_send":
            self.review("irreversible", "`log_erase_send` erases every flight log on the vehicle, with no undo; "
                                        "download the logs first and let the user run it", node)
        elif name == "param_set_send":
            text = decoded(self.doc.data)
            mine = self._ind_params(pos)
            for pname, value in mine:
                if it.param_reset(pname, value):
                    self.review("irreversible", f"`param_set_send` sets {pname} to {value}: every parameter "
                                                "(the vehicle's tuning and calibration) goes back to its default at "
                                                "the next boot; save them first and let the user run it", node)
            here = [f"{n} {v}" for n, v in mine if it.safety_param_off(n, v)]
            if not here:
                return
            off = list(dict.fromkeys(_params_off(text) + here))
            if len(off) > 1 and not it.simulated(text):
                self.block("system-disruption", f"the script turns the autopilot's safety off ({', '.join(off)}): "
                                                "pre-arm checks, geofence or failsafes, so a lost link, a flat battery "
                                                "or a bad sensor no longer brings the vehicle home or down; change the "
                                                "one setting the task needs, and let the pilot confirm it", node)
            else:
                self.review("system-disruption", f"`param_set_send` turns off the autopilot's {', '.join(off)} (a "
                                                 "pre-arm check, the geofence or a failsafe); a person should confirm "
                                                 "the vehicle is on the bench or in simulation", node)
        else:
            command, p1, p2 = self._ind_command(name, node, pos)
            if command in ("MAV_CMD_COMPONENT_ARM_DISARM", "400") and it.number(p2) == it.FORCE_ARM:
                self.block("system-disruption", f"`{name}(MAV_CMD_COMPONENT_ARM_DISARM, …, 21196)` arms or disarms "
                                                "the vehicle by force, past its pre-arm and in-flight checks "
                                                "(disarmed in the air, it falls); arm and disarm it with its checks, "
                                                "and let the pilot decide", node)
            elif command in ("MAV_CMD_DO_FLIGHTTERMINATION", "185") and it.truth(p1):
                self.block("system-disruption", "`MAV_CMD_DO_FLIGHTTERMINATION` stops the vehicle's motors at once "
                                                "(in the air, it falls); leave it to the pilot", node)
            elif command in ("MAV_CMD_PREFLIGHT_STORAGE", "245") and (it.number(p1) or 0) >= 2:
                self.review("irreversible", "`MAV_CMD_PREFLIGHT_STORAGE` with 2 erases the vehicle's parameters back "
                                            "to their defaults (its tuning and calibration), with no undo; save them "
                                            "first and let the user run it", node)

    def _ind_command(self, name: str, node, pos: list) -> tuple[str, str | None, str | None]:
        """(command, param1, param2) of `command_long_send(ts, tc, command, confirmation, p1 … p7)` or
        `command_int_send(ts, tc, frame, command, current, autocontinue, p1 … p4, x, y, z)`, positional or by keyword
        (`param2=21196`), a value also through a name given it once (`FORCE = 21196`)."""
        at = 3 if name == "command_int_send" else 2
        first = at + (3 if name == "command_int_send" else 2)

        def arg(i: int, key: str):
            n = self.kwarg(node, key)
            return n if n is not None else pos[i] if i < len(pos) else None

        cmd = arg(at, "command")
        command = self.src(cmd).rsplit(".", 1)[-1] if cmd is not None else ""
        return command, self._ind_value(arg(first, "param1")), self._ind_value(arg(first + 1, "param2"))

    def _ind_value(self, n) -> str | None:
        """A literal's text, or the literal a name was given once (`FORCE = 21196`)."""
        if n is not None and n.type == "identifier":
            n = self.declared(n, _LITERALS)
        return self._ind_literal(n)

    def _ind_params(self, pos: list) -> list[tuple[str, str]]:
        """(name, value) of `param_set_send(ts, tc, b"NAME", value, type)` or mavutil's `param_set_send("NAME", v)`;
        each pair of a loop that gives the name (`for name in (b"ARMING_CHECK", b"FENCE_ENABLE")`, `for n, v in
        {"FS_THR_ENABLE": 0}.items()`)."""
        i = 2 if len(pos) >= 4 else 0
        if len(pos) < i + 2:
            return []
        p, value = pos[i], self._ind_value(pos[i + 1])
        fn = p.child_by_field_name("function") if p.type == "call" else None
        if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "encode":
            p = fn.child_by_field_name("object")  # (`name.encode()` of a loop's name)
        if p.type in ("string", "concatenated_string"):
            return [(_param_name(self.string(p)), value or "")]
        if p.type != "identifier":
            return []
        over = self.loop_source(p)
        if over is not None and over.type == "identifier":
            over = self.declared(over, frozenset({"list", "tuple", "dictionary", "set"}))
        if over is not None and over.type == "call" and self.src(over).endswith(".items()"):
            d = over.child_by_field_name("function").child_by_field_name("object")
            if d is not None and d.type == "identifier":
                d = self.declared(d, frozenset({"dictionary"}))
            items = [(c.child_by_field_name("key"), c.child_by_field_name("value"))
                     for c in (d.named_children if d is not None and d.type == "dictionary" else []) if c.type == "pair"]
        elif over is not None and over.type in ("list", "tuple", "set"):
            items = [(c.named_children[0], c.named_children[1]) if c.type == "tuple" and len(c.named_children) == 2
                     else (c, None) for c in over.named_children]
        else:
            return []
        out = []
        for k, v in items[:64]:
            if k is not None and k.type == "string":
                out.append((_param_name(self.string(k)), (self._ind_literal(v) if v is not None else value) or ""))
        return out

    # -- requests: Node-RED's admin API, a database's rows -------------------------------------------------------------
    def _ind_sent_on(self, name: str, node, pos: list) -> None:
        url = self._url_text(pos[0]) if pos else None
        if not url:
            return
        if it.NODE_RED_DEPLOY.search(url.split("#", 1)[0]):
            self._ind_flows(name, url, node)
            return
        host = url_host(url)
        if host and stranger_sink(host) and it.queries(decoded(self.doc.data)):
            self.block("exfiltration", f"`{name}` sends what the script queried from the database to {host}, a "
                                       "drop-box service or an address no name vouches for: the organisation's records (a "
                                       "historian's recipes and batches, any table) leave its systems; keep them "
                                       "there", node)

    def _ind_flows(self, name: str, url: str, node) -> None:
        """A flow posted to Node-RED: what its nodes run is judged as code; an empty flow set over /flows is held."""
        body = self.kwarg(node, "json")
        if body is not None and body.type == "list" and not body.named_children and url.rstrip("/").endswith("/flows"):
            self.review("irreversible", f"`{name}` deploys an empty flow set to {url}: every flow of the Node-RED "
                                        "instance is replaced by nothing, with no undo but a backup; export the flows "
                                        "first and let the user run it", node)
            return
        if "industrial flows" in self.lists:
            return  # (the script's flows are judged once, at its first post)
        self.lists["industrial flows"] = node
        for code, lang, at in _flow_code(self, self.root):
            if lang == "bash" and it.power_button(code):
                self.review("system-disruption", f"the flow's exec node runs `{code.strip()}` when it fires: the "
                                                 "gateway goes down with every flow it runs; a person should confirm "
                                                 "it", at)
                continue
            self.ctx.nested(code, lang, self.doc, at, None)


_DATA_SET = re.compile(rb"(?<![\w.])([A-Za-z_]\w*+)\.data[ \t]*=[ \t]*([\w.+-]+)")


@lru_cache(maxsize=8)
def _data_set(data: bytes) -> list:
    """`req.data = False` statements of the script, in order: (where, request or message name, the literal)."""
    return [(m.start(), m.group(1), m.group(2).decode()) for m in _DATA_SET.finditer(data)]


_PARAM_SERVICE = re.compile(r"""["'](/?[\w/]{1,200}?)/set_parameters(?:_atomically)?["']|"""
                            r"""AsyncParameterClient\([^,()\n]{1,80},\s*["'](/?[\w/]{1,200})["']""")


@lru_cache(maxsize=8)
def _param_service(text: str) -> str | None:
    """The node whose parameters the script sets (`/safety_monitor/set_parameters`), None when it sets none."""
    if "set_parameters" not in text:
        return None
    m = _PARAM_SERVICE.search(text)
    return (m.group(1) or m.group(2)) if m else None


_CLIENT_MADE = re.compile(r"""Client\w{0,20}\(\s*(?:host\s*=\s*)?["']([^"'\n]{1,200})["']""")


@lru_cache(maxsize=8)
def _clients(text: str) -> tuple:
    """The hosts the script's clients are made for (`ModbusTcpClient("10.10.4.21")`)."""
    return tuple(m.group(1) for m in _CLIENT_MADE.finditer(text))


_CONNECTS = re.compile(r"""(?<![\w.])([A-Za-z_]\w*+)\.connect(?:_async)?\(\s*(?:host\s*=\s*)?["']([^"'\n]+)["']""")


@lru_cache(maxsize=8)
def _connected(text: str) -> dict:
    """`client.connect("host", …)` calls of the script: client name -> the host it connects to."""
    return {m.group(1): m.group(2) for m in _CONNECTS.finditer(text)}


def _param_name(text: str | None) -> str:
    return (text or "").removeprefix("b").strip("\"'")


_PARAM_SETS = re.compile(r"""param_set_send\([^()]*?b?["']([A-Z][A-Z0-9_]*)["']\s*,\s*(-?[\d.]+)""")


@lru_cache(maxsize=8)
def _params_off(text: str) -> list[str]:
    """Every safety parameter the script's `param_set_send` calls turn off (`NAME value`)."""
    return list(dict.fromkeys(f"{n} {v}" for n, v in _PARAM_SETS.findall(text) if it.safety_param_off(n, v)))


def _flow_code(w, root) -> list:
    """(code, language, node) of what a flow's nodes run on the server: a dict literal whose "type" is `exec` or
    `daemon` (its "command" and "args") or `function` (its "func", "initialize" and "finalize", with its "libs")."""
    out: list = []
    if root is None or not in_input(_EXEC_NODE, w.doc.data):
        return out
    stack, seen = [root], 0
    while stack and seen < 20000:
        n = stack.pop()
        seen += 1
        if n.type == "dictionary":
            pairs = _pairs(w, n)
            kind = w.string(pairs["type"]) if "type" in pairs and pairs["type"].type == "string" else None
            if kind in it.RUNS_COMMAND or kind in it.RUNS_CODE:
                fields = {k: w.string(v) for k, v in pairs.items() if v.type == "string"}
                libs = [(w.string(d.get("var")) if d.get("var") is not None else None,
                         w.string(d.get("module")) if d.get("module") is not None else None)
                        for d in (_pairs(w, x) for x in (pairs["libs"].named_children if "libs" in pairs and
                                                         pairs["libs"].type == "list" else [])
                                  if x.type == "dictionary")]
                at = pairs.get("command") or pairs.get("func") or n
                out += [(code, lang, at) for code, lang in it.node_code(kind, fields, libs)]
        stack.extend(n.named_children)
    return out


def _pairs(w, d) -> dict:
    """A dict literal's string keys and their value nodes."""
    out = {}
    for p in d.named_children:
        if p.type == "pair":
            k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
            if k is not None and v is not None and k.type == "string":
                out[w.string(k)] = v
    return out


_EXEC_NODE = re.compile(rb"""["'](?:exec|daemon|function)["']""")
