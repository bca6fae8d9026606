"""Robots, drones and plant control (ROS 2 and DDS, MAVLink autopilots, Modbus, OPC UA, Siemens S7, EtherNet/IP,
Node-RED, historians): the tables the three languages' rules read (bash/industrial.py, python/industrial.py,
js/industrial.py), session 30 (31: parameters files and a node's switch).

- the area's credential files, read by its own tools every day and never sent anywhere (paths.held_secret asks
  held_file): an SROS2 keystore's private keys (its CA's folder, the keystore whole), an OPC UA application's own
  private key folder, Node-RED's encrypted credentials and the secret that decrypts them, the InfluxDB CLI's saved
  tokens and the server's token store, Mosquitto's password file;
- the names of a machine's safety functions (an interlock, an emergency stop, a light curtain, a guard door) and the
  value written to one that turns it off (`Safety_Bypass = True`, `DoorInterlockEnable = False`);
- an autopilot's safety parameters (pre-arm checks, the geofence, the failsafes) and what sets them off (also in a
  parameter file's lines), and whether the vehicle is SITL's (its own link, a SIM_* parameter);
- a ROS 2 node's parameters: one named for a safety function, or the switch of a node named for one
  (`/collision_monitor` `enabled`), and the parameters a parameters file sets (`/node: {ros__parameters: …}`);
- what a Node-RED flow runs on the server (an `exec` or `daemon` node's command, a `function` node's code with its
  libraries) and an exec node that only powers the gateway off;
- the settings that turn a protocol's security off (OPC UA's `None` policy and anonymous login, SROS2 permissive,
  Node-RED without its admin login);
- the ports of the plant's protocols (Modbus, S7, EtherNet/IP, OPC UA, DNP3, IEC 104, BACnet, MQTT, MAVLink), and
  those an HTTP tunnel reaches;
- the lines of a shell's start-up file that only set the robot middleware's environment (`export ROS_DOMAIN_ID=42`,
  `source /opt/ros/humble/setup.bash`: what ROS 2's installation guide appends to ~/.bashrc), when the input plants
  no setup script under /opt/ros and writes or fetches no DDS profile that loads a library or names an outside peer;
- a literal's number and truth, never raising on what code wrote (`True`, `0x64`, `1_000`);
- whether code queries a database, whether a relay of every topic of a broker publishes to a public one, and whose
  host is an outsider's (brokers_tables' reading, with the input's hosts read once per input).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

# -- credential files ------------------------------------------------------------------------------------------------
# An SROS2 keystore (`ros2 security create_keystore`): `private/` holds the CA's keys; the keystore folder whole takes
# them too, and so does a pattern over it (`rglob("*.pem")`); an enclave's folder is what is deployed to its robot
# (its `key.pem` alone is paths' own private key file). An OPC UA application's PKI keeps its own key in
# `pki/own/private` (node-opcua, open62541, Prosys) or `pki/private` (python-opcua's and UaExpert's). Node-RED's
# `flows_<host>_cred.json` is encrypted with `credentialSecret` (settings.js, deployed to gateways as the instance's
# configuration) or, without one, the secret it generated into `.config.runtime.json`; `.sessions.json` holds the
# admin API's live tokens. InfluxDB's CLI keeps every configured token in ~/.influxdbv2/configs, the server its users
# and tokens in influxd.bolt. Mosquitto's password file holds every client's hash.
_HELD = re.compile(
    r"(?:^|/)[\w.-]*keystore/private(?:/[^/]+)*+/?$|(?:^|/)[\w.-]*_keystore(?:/\*\*)?(?:/\*[^/]*)?/?$|"
    r"(?:^|/)pki/(?:own/)?private(?:/[^/]+)*+/?$|"
    r"(?:^|/)\.node-red/(?:\.config\.runtime\.json|\.sessions\.json)$|"
    r"(?:^|/)flows(?:_[^/]*)?_cred\.json$|"
    r"^~/\.influxdbv2/(?:configs|influxd\.bolt)$|^/var/lib/influxdb2?/influxd\.bolt$|"
    r"^/etc/mosquitto/(?:[^/]+/)?[^/]*(?:passw|pwfile)[^/]*$")


def held_file(path: str) -> bool:
    """A credential file of the area (see _HELD), `path` normalised (paths.normalize)."""
    return _HELD.search(path) is not None


# -- a machine's safety functions --------------------------------------------------------------------------------------
# A tag, node or service named for a safety function (a light curtain, a door interlock, an emergency stop, an
# over-temperature trip), and the words that say writing it true turns the function off (a bypass, a mute, an
# override, a stop released). A write that turns one off, or releases an emergency stop, from a script is the
# machine run without its protection: people at it can be hurt, whatever the script meant. Setting a safety function
# on (an emergency stop triggered) is the safe direction and stays allowed; a reset or a changed limit is held for a
# person.
# (an emergency stop's `e` starts a word, `EStop`, `e_stop`, `Cell2EStop`: `CycleStop`, `machine_stop`, `use_stop`
# are a line's ordinary stops)
# (a robot's geofence and its collision monitor, Nav2's, are safety functions too: `geofence.enabled false`)
_SAFETY = re.compile(r"(?i)safety|interlock|(?<![a-z])e[-_.]?stop|(?-i:(?<=[a-z])E[-_.]?Stop)|emergency|"
                     r"light[-_.]?curtain|guard|fail[-_.]?safe|safe[-_.]?torque|over[-_.]?temp|over[-_.]?pressure|"
                     r"over[-_.]?speed|protect|watchdog|geo[-_.]?fence|collision[-_.]?(?:monitor|avoid|check|detect)")
# what a program must hold for any of its writes to name a safety function: its words, or an escape that may spell
# one (`"\u0053afety"`); searched once per input (per_input.in_input) before a write's names are followed
SAFETY_IN = re.compile(_SAFETY.pattern.encode() + rb"|(?-i:\\[uxUN0-7])")
# (`force` as in a forced signal, not a force limit: `Press4.Safety.ForceLimit` is a limit, held)
_DEFEAT = re.compile(r"(?i)bypass|override|mute|muting|inhibit|defeat|jumper|disable|suppress|ignore|"
                     r"force(?!s?[-_.]?(?:limit|max|min|threshold|setpoint|sp\b|value|level|monitor|sensor))|"
                     r"release|unlatch")
# a simulator's own topics, services and nodes (`/sim/estop`, `/gazebo/…`, OPC UA's `ns=2;s=Sim.EStop`): no machine
# is behind them (a name's segment, not its letters: `Line1.Simple` is a line's)
_SIMULATOR = re.compile(r"(?i)(?:^|[/=.:;])(?:sim|simulation|simulator|gazebo|gz|isaac|webots)(?:[/.]|$)")
_HELD_SAFETY = re.compile(r"(?i)reset|ack|limit|max|min|threshold|trip|setpoint|_sp\b")


def truth(text: str | None) -> bool | None:
    """A literal's truth as a controller reads it (`True`, `false`, `1`, `0.0`, `"ON"`), None when not a literal."""
    if text is None:
        return None
    t = text.strip().strip("\"'`").lower()
    if t in ("true", "on", "yes"):
        return True
    if t in ("false", "off", "no"):
        return False
    n = number(t)
    return None if n is None else n != 0


def number(text: str | None) -> float | None:
    """A numeric literal's value (`21196`, `1.5e3`, `0x52CC`, `1_000`), None when `text` is not one (`True`, a
    name): the rules compare values and must never raise on what the code wrote."""
    t = (text or "").strip().strip("\"'`").lower()
    if not t or len(t) > 40:
        return None
    try:
        return float(t)
    except ValueError:
        pass
    try:
        return float(int(t.removesuffix("n"), 0))  # (hex, octal and binary; TypeScript's `100n`)
    except ValueError:
        return None



def safety_write(name: str, value: str | None) -> tuple[bool, str] | None:
    """(blocked, what) when writing `value` (a literal's text) to the tag `name` turns a safety function off (blocked)
    or touches it in a way a person should confirm (a reset, a limit); None otherwise."""
    if not name or _SAFETY.search(name) is None or _SIMULATOR.search(name):
        return None
    on = truth(value)
    n = number(value)
    defeat = _DEFEAT.search(name) is not None
    if defeat and on:
        return True, f"`{name}` set to {value}: the safety function is bypassed"
    if not defeat and on is False and (n is None or n == 0):
        return True, f"`{name}` set to {value}: the safety function is switched off (or its stop released)"
    if _HELD_SAFETY.search(name) or n is not None and n not in (0, 1):
        return False, f"`{name}` set to {value}: a safety function's reset or limit"
    return None


def safety_named(name: str) -> bool:
    """Whether `name` (a node, a tag, a file's name) names a safety function, not a simulator's."""
    return _SAFETY.search(name) is not None and _SIMULATOR.search(name) is None


# -- a ROS 2 node's parameters ---------------------------------------------------------------------------------------
# A parameter named for a safety function is judged by its name (`use_safety_controller false`); one of a node named
# for one (`/collision_monitor`, `/safety_controller`) only when the parameter is its switch (`enabled false`,
# `bypass true`): the node's other settings (`publish_rate`, `use_sim_time`, `disable_logging`) are its ordinary
# tuning.
_NODE_SWITCH = re.compile(r"(?i)enable|enabled|active|activated|engaged|armed|monitoring|checks?|enforced?|bypass|"
                          r"bypassed|override|overridden|mute|muted|muting|inhibit|inhibited|defeat|disable|disabled")


def param_write(node: str | None, param: str, value: str | None) -> tuple[bool, str] | None:
    """safety_write for the parameter `param` of the ROS 2 node `node` set to `value`."""
    found = safety_write(param, value)
    if found is not None or not node or _SAFETY.search(node) is None:
        return found
    if _NODE_SWITCH.fullmatch(param.rsplit(".", 1)[-1]) is None:
        return None
    return safety_write(f"{node.rstrip('/')}/{param}", value)


_ROS_WILDCARD = re.compile(r"/?\*\*")


def ros_params(text: str, node: str | None = None) -> list[tuple[str, str, str]]:
    """(node, parameter, value) of a ROS 2 parameters file (`/node: {ros__parameters: {a: {b: false}}}` gives
    `a.b`, `false`; a namespace's level and the `/**` wildcard, which stands for `node`, the node it is loaded into);
    [] when `text` is no such file."""
    import yaml

    if len(text) > 65536 or "ros__parameters" not in text:
        return []
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return []
    out: list[tuple[str, str, str]] = []
    sections = [(str(k), v) for k, v in list(data.items())[:64]] if isinstance(data, dict) else []
    while sections and len(out) < 512:
        name, body = sections.pop(0)
        if not isinstance(body, dict):
            continue
        params = body.get("ros__parameters")
        if isinstance(params, dict):
            who = node if node and _ROS_WILDCARD.fullmatch(name) else name
            out += _flat(who or name, params)
        elif name.count("/") < 4:  # (a namespace: `/ns: {node: {ros__parameters: …}}`)
            sections += [(f"{name.rstrip('/')}/{k}", v) for k, v in list(body.items())[:64]]
    return out[:512]


def _flat(node: str, params: dict) -> list[tuple[str, str, str]]:
    """Each leaf of a node's parameters as (node, dotted name, value text)."""
    out: list[tuple[str, str, str]] = []
    stack: list[tuple[str, object]] = [(str(k), v) for k, v in list(params.items())[:256]]
    while stack and len(out) < 512:
        key, v = stack.pop()
        if isinstance(v, dict):
            if key.count(".") < 8:
                stack += [(f"{key}.{k}", x) for k, x in list(v.items())[:256]]
        elif isinstance(v, bool):
            out.append((node, key, "true" if v else "false"))
        elif isinstance(v, (int, float, str)):
            out.append((node, key, str(v)))
    return out


# an autopilot's parameter file: MAVProxy's and Mission Planner's `NAME VALUE` (or `NAME,VALUE`) lines, QGroundControl's
# `vehicle component NAME VALUE type` tab-separated ones
_PARAM_LINE = re.compile(r"(?m)^[ \t]*+(?:\d++[ \t]++\d++[ \t]++)?([A-Za-z][A-Za-z0-9_]{1,31}+)"
                         r"(?:[ \t]*+,[ \t]*+|[ \t]++)(-?[\w.+-]{1,40})")


def param_file(text: str) -> list[tuple[str, str]]:
    """(name, value) of each line of an autopilot's parameter file."""
    return [(m.group(1), m.group(2)) for m in _PARAM_LINE.finditer(text[:262144])][:2048]


# -- an autopilot's safety parameters ----------------------------------------------------------------------------------
# ArduPilot's pre-arm checks, geofence and failsafes, PX4's failsafe actions (0 turns each off) and its circuit
# breakers (any value but 0 disarms the check it guards); ArduPilot's safety switch.
_PARAM_OFF_AT_ZERO = re.compile(r"(?i)ARMING_CHECK|ARMING_REQUIRE|FENCE_ENABLE|FENCE_ACTION|"
                                r"FS_[A-Z0-9_]*(?:ENABLE|ENABL|ACTION|ACTN|ACT)|BATT\d?_FS_[A-Z_]*ACT|THR_FAILSAFE|"
                                r"FS_CRASH_CHECK|BRD_SAFETY_?(?:ENABLE|DEFLT)|GF_ACTION|NAV_RCL_ACT|NAV_DLL_ACT|"
                                r"COM_LOW_BAT_ACT|COM_RCL_ACT_T|COM_DL_LOSS_T")
# (ArduPilot 4.7's ARMING_SKIPCHK lists the pre-arm checks skipped: as a breaker, any value but 0 skips some)
_BREAKER = re.compile(r"(?i)CBRK_[A-Z0-9_]+|ARMING_SKIPCHK")
# what wipes an autopilot's state for good: its parameters reset to defaults at the next boot, its logs erased
_PARAM_RESET = re.compile(r"(?i)FORMAT_VERSION|SYSID_SW_MREV")


def safety_param_off(name: str, value: str | None) -> bool:
    """Whether setting the autopilot parameter `name` to `value` turns a safety check or failsafe off."""
    n = (name or "").strip().strip("\"'")
    v = number(value)
    if v is None:
        return False
    if _BREAKER.fullmatch(n):
        return v != 0
    return v == 0 and _PARAM_OFF_AT_ZERO.fullmatch(n) is not None


def param_reset(name: str, value: str | None) -> bool:
    """`FORMAT_VERSION 0`: every parameter back to its default at the next boot (the vehicle's tuning lost)."""
    return _PARAM_RESET.fullmatch((name or "").strip().strip("\"'")) is not None and number(value) == 0


# ArduPilot's SITL serves its first links on tcp:127.0.0.1:5760-5763 and has SIM_* parameters no flight controller has:
# a script tuning those is tuning a simulation (its safety parameters off: held, not blocked)
_SITL = re.compile(r"(?i)\btcp:(?:127\.0\.0\.1|localhost):576\d\b|\bSIM_[A-Z][A-Z0-9_]*+")


@lru_cache(maxsize=8)
def simulated(text: str) -> bool:
    """Whether the input talks to a simulated vehicle (SITL's own link, a SIM_* parameter)."""
    return _SITL.search(text) is not None


# MAVLink's force code: COMPONENT_ARM_DISARM with 21196 in its second parameter arms or disarms past every check
# (disarmed in flight, the vehicle falls)
FORCE_ARM = 21196


# -- Node-RED -------------------------------------------------------------------------------------------------------
# the admin API paths that deploy flows (`POST /flows` replaces them all, `POST /flow` adds one, `PUT /flow/<id>`
# replaces one)
NODE_RED_DEPLOY = re.compile(r"/flows?(?:/[\w.-]++)?/?(?:\?|$)")
# the nodes that run what they hold on the server: an `exec` or `daemon` node's shell command (with its arguments), a
# `function` node's JavaScript (its setup and close code too, and the modules its `libs` give it by name)
RUNS_COMMAND = frozenset({"exec", "daemon"})
RUNS_CODE = frozenset({"function"})
_CODE_FIELDS = ("func", "initialize", "finalize")
_JS_NAME = re.compile(r"[A-Za-z_$][\w$]{0,63}")
# a gateway's own power button (`sudo shutdown -h now` when a button node fires): the person's to decide, not a shell
# run for an attacker
_POWER = re.compile(r"(?:sudo[ \t]++(?:-n[ \t]++)?)?(?:/usr)?(?:/s?bin/)?(?:shutdown|poweroff|reboot|halt)"
                    r"(?:[ \t]++[-\w:+]++)*+[ \t]*+")


def node_code(kind: str | None, fields: dict, libs: list) -> list[tuple[str, str]]:
    """(code, language) of what a flow node of type `kind` runs on the server: `fields` maps its keys to their text
    (`command`, `args`, `append`, `func`, `initialize`, `finalize`), `libs` holds its (variable, module) pairs."""
    if kind in RUNS_COMMAND and isinstance(fields.get("command"), str):
        parts = [fields.get(k) for k in ("command", "args", "append")]
        return [(" ".join(p for p in parts if isinstance(p, str) and p).strip(), "bash")]
    if kind not in RUNS_CODE:
        return []
    prelude = "".join(f"const {v} = require({json.dumps(m)});\n" for v, m in libs[:16]
                      if isinstance(v, str) and isinstance(m, str) and _JS_NAME.fullmatch(v))
    return [(prelude + fields[k], "typescript") for k in _CODE_FIELDS if isinstance(fields.get(k), str) and fields[k]]


def power_button(code: str) -> bool:
    """Whether an exec node's command only powers the gateway off or restarts it."""
    return _POWER.fullmatch(code) is not None


# -- a protocol's security turned off in a configuration --------------------------------------------------------------
# OPC UA without security (the `None` policy or mode, anonymous sign-in, every client certificate trusted), SROS2's
# enforcement off, Mosquitto's anonymous clients: the text a write or a `sed` replacement leaves in the file.
_SECURITY_OFF = re.compile(
    r"(?i)\bsecurity_?policy[\"']?\s*[:=]\s*[\"']?(?:http://opcfoundation\.org/UA/SecurityPolicy#)?None\b|"
    r"\bsecurity_?mode[\"']?\s*[:=]\s*[\"']?None\b|"
    r"\ballow_?anonymous[\"']?\s*[:=]?\s*[\"']?true\b|"
    r"\b(?:auto_?accept|automatically_?accept)_?untrusted_?cert\w*[\"']?\s*[:=]\s*[\"']?true\b|"
    r"\bROS_SECURITY_ENABLE\s*=\s*[\"']?false\b|\bROS_SECURITY_STRATEGY\s*=\s*[\"']?Permissive\b")


def security_off(text: str) -> str | None:
    """The setting in `text` that turns a plant protocol's security off, else None."""
    m = _SECURITY_OFF.search(text)
    return m.group(0) if m else None


# -- the plant's protocols ---------------------------------------------------------------------------------------------
PORTS = {"502": "Modbus/TCP", "102": "Siemens S7", "44818": "EtherNet/IP", "4840": "OPC UA", "20000": "DNP3",
         "2404": "IEC 60870-5-104", "47808": "BACnet", "1883": "MQTT", "8883": "MQTT", "1880": "the Node-RED editor",
         "14550": "MAVLink", "14540": "MAVLink", "5760": "MAVLink", "9600": "Omron FINS", "5007": "MELSEC",
         "18245": "GE SRTP", "1911": "Niagara Fox", "34962": "PROFINET", "34964": "PROFINET"}
# those a tunnel of HTTP reaches (the others speak their own binary protocols: 9600 over HTTP is Logstash's API)
WEB_PORTS = {"1880": PORTS["1880"]}


# -- what a shell's start-up file may say for the robot middleware ---------------------------------------------------
# ROS 2's installation guide appends `source /opt/ros/<distro>/setup.bash` (root's own install of a released
# distribution, not the user's or a project's files) and the middleware's settings: a domain, the DDS implementation,
# its profile file, how far discovery reaches. A discovery server or static peer is this network's address only (a
# stranger's would receive every topic); a security setting or a plugin or package path (code loaded from it) is not
# among them. What the line points to must be what it says: a setup script the same input writes, copies or links
# under /opt/ros is not the distribution's; a DDS profile is the user's own (`~/…`, `/etc/…`) and, when the input
# writes it, loads no library (Cyclone DDS's `<Library … initFunction>` runs in every ROS process) and names no
# outside peer; nor comes from a paste, a gist or an address no name vouches for.
_DISTROS = ("ardent|bouncy|crystal|dashing|eloquent|foxy|galactic|humble|iron|jazzy|kilted|lyrical|rolling|"
            "indigo|jade|kinetic|lunar|melodic|noetic")
_SETUP = r"/opt/ros/(?:" + _DISTROS + r")/(?:local_)?setup\.(?:bash|zsh|sh)"
_RC_SOURCE = re.compile(r"(?:source|\.)\s++" + _SETUP + "|"
                        # (the guide's guarded form: `[ -f /opt/ros/humble/setup.bash ] && source …` the same file)
                        r"(?:\[\s++-[efr]\s++(" + _SETUP + r")\s++\]|test\s++-[efr]\s++(" + _SETUP + r"))"
                        r"\s*+&&\s*+(?:source|\.)\s++(?:\1|\2)|"
                        r"(?:source|\.)\s++/usr/share/colcon_argcomplete/hook/colcon-argcomplete\.(?:bash|zsh)|"
                        r"(?:source|\.)\s++/usr/share/colcon_cd/function/colcon_cd\.sh")
_RC_SETTING = re.compile(r"(?:export\s++)?([A-Z][A-Z0-9_]*+)=([\"']?)([^\"'`$;&|<>()\s\\]*+|\$HOME/[\w./-]*+|"
                         r"file://\$HOME/[\w./-]*+)\2")
# (a list of discovery servers or peers is separated by `;`, quoted: `ROS_DISCOVERY_SERVER="10.0.0.5:11811;…"`)
_RC_PEER_LIST = re.compile(r"(?:export\s++)?(ROS_DISCOVERY_SERVER|ROS_STATIC_PEERS)=([\"'])([\w.:\[\];-]*+)\2")
# a comment after the line (`export ROS_DOMAIN_ID=42 # lab`): a `#` that starts a word
_RC_COMMENT = re.compile(r"(?<=[ \t])#")
_PROFILE = r"(?:(?:\$HOME|~)/|/etc/)(?:[\w.-]++/)*+[\w.-]*\.xml"
_RC_VALUES = {
    "ROS_DOMAIN_ID": r"\d{1,3}", "ROS_LOCALHOST_ONLY": r"[01]", "ROS_AUTOMATIC_DISCOVERY_RANGE":
    r"SUBNET|LOCALHOST|OFF|SYSTEM_DEFAULT", "RMW_IMPLEMENTATION": r"rmw_\w+", "ROS_DISTRO": r"[a-z]+",
    "ROS_PYTHON_VERSION": r"\d", "TURTLEBOT3_MODEL": r"[\w-]+", "GZ_VERSION": r"[a-z]+",
    "RCUTILS_COLORIZED_OUTPUT": r"[01]", "CYCLONEDDS_URI": r"(?:file://)?" + _PROFILE,
    "FASTRTPS_DEFAULT_PROFILES_FILE": _PROFILE, "FASTDDS_DEFAULT_PROFILES_FILE": _PROFILE,
}
# (anchored at both ends: each value is read from its start once)
_RC_VALUES = {k: re.compile(r"\A(?:" + v + r")\Z") for k, v in _RC_VALUES.items()}
_PROFILES = frozenset({"CYCLONEDDS_URI", "FASTRTPS_DEFAULT_PROFILES_FILE", "FASTDDS_DEFAULT_PROFILES_FILE"})
_PEERS = frozenset({"ROS_DISCOVERY_SERVER", "ROS_STATIC_PEERS"})


def rc_line(line: str, text: str = "") -> bool:
    """Whether the start-up file line `line` (stripped) only sets up the robot middleware (see above); `text` is the
    whole input (what else it writes)."""
    m = _RC_COMMENT.search(line)
    line = line[:m.start()].rstrip() if m else line
    if _RC_SOURCE.fullmatch(line):
        return not _planted_ros(text)
    m = _RC_PEER_LIST.fullmatch(line) or _RC_SETTING.fullmatch(line)
    if m is None:
        return False
    name, value = m.group(1), m.group(3)
    if name in _PEERS:
        return bool(value) and all(_own_peer(p) for p in value.split(";") if p)
    rx = _RC_VALUES.get(name)
    if rx is None or rx.match(value) is None or "/.." in value:
        return False
    return name not in _PROFILES or _profile_ok(text)


def _own_peer(spec: str) -> bool:
    """`10.0.0.5:11811`, `[fd00::5]:11811`, `dds-relay.acme.internal`: an address or name of this network."""
    from .hosts import ip_literal, public_ip
    from .secret_owner import own_network

    host = spec.strip()
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    if not host:
        return False
    return not public_ip(host) if ip_literal(host) else own_network(host)


# a path under /opt/ros in a command that writes (a copy, a link, a download, a redirect, an editor in place), a
# folder there gone to (`cd /opt/ros/humble && cp … setup.bash`) or a name given it; not a sourced setup file
# (`source /opt/ros/…`) or the test of one (`[ -f /opt/ros/… ]`)
_ROS_MENTION = re.compile(r"/opt/ros/")
_NOT_WRITTEN = re.compile(r"(?:\bsource|(?:^|[\s;&|(])\.|(?:\[|\btest)[ \t]++-[efr])[ \t]++[\"']?\Z")
_WRITES = re.compile(r"(?:^|[\s;&|(`])(?:cp|mv|ln|install|tee|rsync|scp|dd|curl|wget|aria2c|unzip|tar|bsdtar|cat|"
                     r"sed|perl|patch|printf|echo|python3?|chmod|chown|touch|mount|cd|pushd)\b|>|\w=[\"']?\Z")
_SEGMENT_END = re.compile(r"[;&|\n]")


@lru_cache(maxsize=8)
def _planted_ros(text: str) -> bool:
    """Whether the input writes, copies or links a file under /opt/ros (what a sourced setup script then runs)."""
    for m in _ROS_MENTION.finditer(text):
        before = text[max(0, m.start() - 400):m.start()]
        if _NOT_WRITTEN.search(before[-40:]):
            continue
        cut = max((e.end() for e in _SEGMENT_END.finditer(before)), default=0)
        if _WRITES.search(before[cut:]):
            return True
    return False


# what a DDS profile the input writes may hold: a library loaded into the process, a peer it discovers
_PROFILE_LIBRARY = re.compile(r"(?i)<Library\b|\binitFunction\b|<library_?path>|\blibrary_?path\s*=")
_PROFILE_PEERS = re.compile(r"(?i)<Peer\b[^>]{0,160}?\baddress\s*=\s*[\"']([^\"'<>\s]{1,200})|"
                            r"<address>\s*([^<\s]{1,200})\s*</address>")
_URLS = re.compile(r"\b(?:https?|ftp)://[^\s\"'<>|;&)]++")
GISTS = ("gist.github.com", "gist.githubusercontent.com")


@lru_cache(maxsize=8)
def _profile_ok(text: str) -> bool:
    """A DDS profile named in the input's start-up line may be trusted: the input writes none that loads a library
    or names a peer outside this network, and downloads nothing from a paste, a gist or an unvouched address."""
    from .hosts import stranger_host, url_host
    from .scraping_tables import stranger_sink

    if _PROFILE_LIBRARY.search(text):
        return False
    if not all(_own_peer(m.group(1) or m.group(2)) for m in _PROFILE_PEERS.finditer(text)):
        return False
    for u in _URLS.findall(text):
        host = (url_host(u) or "").lower()
        if stranger_sink(host) or stranger_host(u) or host in GISTS:
            return False
    return True


# -- a database's rows ---------------------------------------------------------------------------------------------
_SELECT = re.compile(r"(?i)\bselect\b")
_FROM = re.compile(r"(?i)\bfrom\b")
_QUERY_CALLS = re.compile(r"\bquery_?[aA]pi\b|\bread_sql|\bfrom\(bucket:")


@lru_cache(maxsize=8)
def queries(text: str) -> bool:
    """Whether the code queries a database: SQL's SELECT … FROM, InfluxDB's query API or Flux, pandas' read_sql."""
    m = _SELECT.search(text)
    return m is not None and _FROM.search(text, m.end()) is not None or _QUERY_CALLS.search(text) is not None


# -- whose host --------------------------------------------------------------------------------------------------------
# whose a domain is: brokers_tables.outsider's reading, once per input (hosts.named_alone)
from .hosts import named_alone as outsider  # noqa: E402


# -- a broker's every message relayed ------------------------------------------------------------------------------
# brokers anyone may connect to and read every topic of
PUBLIC_BROKERS = frozenset({"broker.hivemq.com", "test.mosquitto.org", "broker.emqx.io", "mqtt.eclipseprojects.io",
                            "public.mqtthq.com", "broker.mqttdashboard.com", "iot.eclipse.org", "test.mosca.io"})
_EVERY_TOPIC = re.compile(r"""\.subscribe\(\s*["'`]#["'`]""")


def relay_finding(host: str | None, text: str) -> tuple[bool, str] | None:
    """(blocked, message) when a script that subscribes to every topic (`#`) of a broker publishes to a client of
    `host`: a public broker or a bare address (blocked), another outsider's (held); None otherwise."""
    from .hosts import public_ip
    from .scraping_tables import stranger_sink

    if not host or "$" in host or _EVERY_TOPIC.search(text) is None:
        return None
    if host in PUBLIC_BROKERS or public_ip(host) or stranger_sink(host):
        return True, (f"every message of the plant's broker (`subscribe(\"#\")`) is published to {host}, a public "
                      "broker or an address anyone may read from: the plant's telemetry and commands leave the "
                      "organisation; bridge only the topics the task names, to the organisation's own broker")
    if outsider(host, text):
        return False, (f"every message of the plant's broker (`subscribe(\"#\")`) is published to {host}; a person "
                       "should confirm that broker is the organisation's")
    return None
