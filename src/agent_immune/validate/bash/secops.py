"""DevSecOps (scanners and their ignore files, SIEM rules and findings, security agents, log shipping, incident
response), from the shell (session 29). What the texts say is read by secops_tables.

Blocked:
- a scanner's ignore or allowlist file (`.trivyignore`, `.gitleaksignore`, `.gitleaks.toml`'s `[allowlist]`,
  `.semgrepignore`, `.snyk`, grype's and checkov's settings …) given an entry that matches everything (`*`, `**/*`,
  `paths = [".*"]`), or filled with every finding a scanner just reported (`trivy image … | jq …VulnerabilityID | sort
  -u >> .trivyignore`) (rule `permission-tamper`); one CVE with a reason or an expiry, fixtures or vendored code
  excluded stay allowed;
- a SIEM's detection rules turned off wholesale: Kibana's `_bulk_action` disabling or deleting every rule a query
  selects, a disable sent in a loop or by `xargs` for each rule of a listing; a Wazuh rule set to level 0 through its
  API (rule `anti-forensics`); a forge's or a tracker's findings dismissed, suppressed or marked false positives in a
  loop or by `xargs` (`gh api --paginate …/code-scanning/alerts … | xargs -I{} gh api -X PATCH …/alerts/{} -f
  state=dismissed`). One rule disabled or one alert dismissed by its number stays allowed;
- a security agent pointed at a stranger (a bare public address, a drop-box, a tunnel): `splunk set deploy-poll`,
  `splunk add forward-server`, a Helm release's alert output (`--set falcosidekick.config.webhook.address=https://…
  .ngrok-free.app`); an image pulled from a bare address republished under the organisation's name (`docker tag`
  then `docker push`, `skopeo copy`, `crane copy`); CrowdSec's bans all lifted (`cscli decisions delete --all`) or a
  whole outside network allow-listed; a SonarQube quality gate created with no condition and made the default;
  an Elasticsearch superuser made with a password written on the line; a CI workflow's security scan deleted
  (`sed -i '/semgrep/,+6d' .github/workflows/security.yml`, `yq -i 'del(.jobs.trivy)' …`);
- through admin.judge_write (config_write), the agents' own files written as root: a Splunk forwarder's outputs or
  deployment server, a Wazuh manager address, osquery's fleet host at a stranger or moved to another organisation's
  domain, ClamAV excluding every path, a Wazuh rule silenced, a CrowdSec whitelist of outside networks; a systemd
  unit whose command opens a /dev/tcp socket (a reverse shell the grammar cannot parse, `exec 5<>/dev/tcp/…`).
  Wazuh's own files (/var/ossec) written otherwise are root's ordinary change: reviewed, as /etc's services are.

Reviewed `irreversible`: an index lifecycle whose delete phase starts within a day (`_ilm/policy`, OpenSearch's ISM), a
log group's retention cut to a week or less, Velociraptor's `hunt_delete(…, really_do_it=TRUE)`.

Root's read-only security queries under a plain `sudo` are not reviewed (root_upkeep, read by bash/system.py's
inspection): CrowdSec's listings (`cscli decisions list`, `alerts list`, `metrics`), Falco checking its rules
(`falco -V FILE.yaml`), Lynis's audit, ClamAV's scans (`clamscan`, `clamdscan`, with no database of the input's,
no `--remove`, a quarantine folder of the system's and a log under /var/log) and its signature update (`freshclam`).
CrowdSec's hub updates and installs, a scan with signatures of the input's, programs run from the working folder
(`sudo ./velociraptor …`, `sudo ./avml …`) and Splunk's own binary (its folder belongs to the forwarder's account)
keep the review.
"""
from __future__ import annotations

import re

from .. import paths
from .. import secops_tables as st
from ..per_input import decoded, in_input, once
from .commands import Cmd, Word, has_flag, option_value, positionals
from .common import Screen, feeders, mentions

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# a loop's items written out (`for n in 12 13`): a handful of findings the user named, not a listing
_LITERAL_ITEMS = frozenset({"word", "number", "raw_string"})


def _in_loop(cmd: Cmd) -> bool:
    """Run once per item of a listing: inside a `while` loop, a `for` loop over what a command printed or a glob, or
    by `xargs`."""
    if cmd.xargs_opts is not None:
        return True
    n = getattr(cmd.node, "parent", None)
    while n is not None:
        if n.type in ("while_statement", "c_style_for_statement"):
            return True
        if n.type == "for_statement":
            items = n.children_by_field_name("value")
            if not items or any(i.type not in _LITERAL_ITEMS and not (i.type == "string" and not i.named_children) or
                                i.type == "word" and b"*" in (i.text or b"") for i in items):
                return True
        n = n.parent
    return False


def _looped(cmd: Cmd, target: str, body: str = "") -> bool:
    """The request reaches a different rule or finding each time round: a loop whose item is in its target or its
    body, or xargs."""
    return cmd.xargs_opts is not None or _in_loop(cmd) and ("$" in target or "{}" in target or "$" in body)


# -- SIEM and tracker requests ---------------------------------------------------------------------------------------
_API_HINT = re.compile(rb"detection_engine|security_monitoring|alerting/rule|alertRules|saved/searches|"
                       rb"events/definitions|rules/files|/rules\b|alerts|analysis|findings?\b|do_transition|"
                       rb"change_status|ignores?\b|_security/user|_ilm/policy|_ism/policies|qualitygates")


def _request(a, cmd: Cmd) -> None:
    """`curl -X POST …/api/detection_engine/rules/_bulk_action -d '{"action":"disable","query":…}'` and the rest of
    the module's requests (see the notes), judged by their path and body."""
    from .api_calls import _file, request_body
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None or not in_input(_API_HINT, a.doc.data):
        return
    for r in reader(cmd.args):
        method = r.verb
        body = request_body(a, cmd, r)
        for w in r.bodies:  # `-d @rules-off.json`: a file this input wrote
            v = w.value or ""
            if v.startswith("@") and v != "@-":
                body += "\n" + (_file(a, v[1:]) or "")
        for u in r.urls:
            url = u.value if u.value is not None else u.text.replace('"', "").replace("'", "")
            if _judge_request(a, cmd, method, url, body, u.node):
                return


def _judge_request(a, cmd: Cmd, method: str, url: str, body: str, node) -> bool:
    path = url.split("?", 1)[0]
    who = f"`{'gh api' if cmd.name == 'gh' else cmd.name} -X {method} {url[:80]}`"
    if method in _WRITES and st.RULES_PATH.search(path):
        rid = st.wazuh_silenced(body) if "/rules/files/" in path else None
        if rid is not None:
            a.block("anti-forensics", st.wazuh_message(who, rid), node)
            return True
        what = st.disables(path + "\n" + body) or ("DELETE" if method == "DELETE" else None)
        if what and (st.bulk_all(path, body, url) or _looped(cmd, url, body)):
            a.block("anti-forensics", st.rules_message(who, what), node)
            return True
    if method in _WRITES and st.FINDINGS_PATH.search(path):
        what = st.dismisses(body)
        if what and _looped(cmd, url):
            a.block("anti-forensics", st.findings_message(who, what), node)
            return True
    if method in ("POST", "PUT") and "/_security/user/" in path and (role := st.literal_superuser(body)) and \
            not st.loopback(st.host_of(url) or "localhost"):
        a.block("privilege-escalation", st.superuser_message(who, role), node)
        return True
    if method in ("POST", "PUT") and ("/_ilm/policy/" in path or "/_ism/policies/" in path) and \
            (age := st.ilm_delete_age(body)):
        a.review("irreversible", st.ilm_message(who, age), node)
        return True
    if method == "POST" and "qualitygates/" in path and st.empty_gate(a.doc.data) and \
            st.GATE_DEFAULT.search(path):
        a.block("permission-tamper", st.gate_message(who), node)
        return True
    return False


_GH_ARG = frozenset({"-X", "--method", "-f", "-F", "--field", "--raw-field", "-H", "--header", "-q", "--jq", "-t",
                     "--template", "--input", "--hostname", "-p", "--preview", "--cache"})


def _gh(a, cmd: Cmd) -> None:
    """`gh api -X PATCH repos/o/r/code-scanning/alerts/$n -f state=dismissed` for each alert of a listing."""
    vals = cmd.values()
    if vals[:1] != ["api"]:
        return
    pos = positionals(cmd.args[1:], _GH_ARG)
    if not pos:
        return
    endpoint = pos[0].value if pos[0].value is not None else pos[0].text.strip("'\"")
    methods = [(w.value or "").upper() for w in option_value(cmd.args, "-X", "--method")]
    fields = [w.value if w.value is not None else w.text for w in option_value(cmd.args, "-f", "-F", "--field",
                                                                               "--raw-field")]
    method = methods[-1] if methods else "POST" if fields else "GET"
    _judge_request(a, cmd, method, endpoint, "\n".join(fields), pos[0].node)


# -- images republished ----------------------------------------------------------------------------------------------
def _registry(ref: str | None) -> str | None:
    """The registry host of an image reference (`203.0.113.9:5000/acme/api:1` -> 203.0.113.9), or None for Docker
    Hub's short names."""
    if not ref:
        return None
    ref = ref.split("://", 1)[-1]
    first = ref.split("/", 1)[0]
    if "/" not in ref or not ("." in first or ":" in first or first == "localhost"):
        return None
    return first.rsplit(":", 1)[0] if first.count(":") == 1 else first


def _stranger_image(ref: str | None) -> str | None:
    return st.stranger(_registry(ref))


def _republish(a, cmd: Cmd, src: str | None, dst: str | None, node) -> None:
    host = _stranger_image(src)
    # (the destination a registry by its name: not an archive or a folder, `oci-archive:/tmp/y.tar`)
    if host is None or not dst or _stranger_image(dst) or "$" in dst or _registry(dst) is None or \
            cmd.name == "skopeo" and not dst.startswith("docker://"):
        return
    a.block("download-exec", f"`{cmd.name}` republishes {src} from {host}, a registry no name of the organisation's "
                             f"vouches for, as {dst}: whoever deploys that tag runs a stranger's build; build images "
                             "from the project's own source, or copy them from the vendor's registry by digest", node)


def _docker(a, cmd: Cmd) -> None:
    """`docker tag 203.0.113.9:5000/acme/api:hotfix ghcr.io/acme-corp/api:v2 && docker push ghcr.io/acme-corp/api:v2`."""
    pos = [w for w in positionals(cmd.args) if w.value is not None]
    vals = [w.value for w in pos]
    if vals[:2] == ["image", "tag"]:
        pos, vals = pos[1:], vals[1:]
    if vals[:1] != ["tag"] or len(vals) < 3:
        return
    src, dst = vals[1], vals[2]
    if _stranger_image(src) and _pushed(a, cmd, dst):
        _republish(a, cmd, src, dst, pos[1].node)


# `docker push REF` (podman's, nerdctl's, `image push`), read once per input: the repositories the input pushes
_PUSH = re.compile(r"(?<![\w.-])(?:docker|podman|nerdctl)\s++(?:image\s++)?push\s++(?:-[\w-]++\s++)*+([^\s;&|'\"<>()]++)")


def _repo(ref: str) -> str:
    """An image reference without its tag or digest (`ghcr.io/acme/api:v2` -> `ghcr.io/acme/api`)."""
    ref = ref.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    return ref[:len(ref) - len(last)] + last.split(":", 1)[0]


def _pushed_repos(data: bytes) -> frozenset[str]:
    return frozenset(_repo(m.group(1)) for m in _PUSH.finditer(decoded(data)))


def _pushed(a, cmd: Cmd, ref: str | None) -> bool:
    """Does this input push `ref` (any tag of its repository)?"""
    return bool(ref) and _repo(ref) in once(a.doc.data, _pushed_repos, _pushed_repos)  # type: ignore[arg-type]


_COPY_ARG = frozenset({"--src-creds", "--dest-creds", "--authfile", "--src-authfile", "--dest-authfile", "--format",
                       "-f", "--platform", "--override-arch", "--override-os", "--retry-times", "--sign-by",
                       "--src-cert-dir", "--dest-cert-dir", "--digestfile", "--multi-arch", "--jobs", "-j"})


def _copied_image(a, cmd: Cmd) -> None:
    """`skopeo copy docker://203.0.113.9:5000/x docker://ghcr.io/acme-corp/x`, `crane copy SRC DST`, `regctl image
    copy SRC DST`."""
    pos = [w for w in positionals(cmd.args, _COPY_ARG) if w.value is not None]
    vals = [w.value for w in pos]
    if cmd.name == "regctl" and vals[:1] == ["image"]:
        pos, vals = pos[1:], vals[1:]
    if vals[:1] not in (["copy"], ["cp"]) or len(vals) < 3:
        return
    _republish(a, cmd, vals[1], vals[2], pos[1].node)


# -- Helm: a security or log agent's output ------------------------------------------------------------------------
_AGENT_KEY = re.compile(r"(?i)falco|sidekick|siem|audit|wazuh|security|tetragon|tracee|crowdsec|loki|fluent|vector|"
                        r"promtail|splunk|elastic|datadog|sysdig|kyverno|policy-reporter|logging|syslog")
_OUTPUT_KEY = re.compile(r"(?i)(?:webhook\w*|address|url|endpoint|hostport|host|server|target)$")


def _helm(a, cmd: Cmd) -> None:
    """`helm upgrade falco falcosecurity/falco --set falcosidekick.config.webhook.address=https://x.ngrok-free.app`."""
    vals = [w.value or "" for w in cmd.args]
    if not vals or vals[0] not in ("install", "upgrade", "template"):
        return
    chart = " ".join(v for v in vals[1:3] if v[:1] != "-")
    for w in option_value(cmd.args, "--set", "--set-string"):
        for pair in (w.value or "").split(","):
            key, eq, value = pair.partition("=")
            if not eq or not _OUTPUT_KEY.search(key) or not (_AGENT_KEY.search(key) or _AGENT_KEY.search(chart)):
                continue
            host = st.stranger(st.host_of(value))
            if host:
                a.block("exfiltration", f"`helm {vals[0]}` sets `{key}` to {host}, a host no name of the "
                                        "organisation's vouches for (a bare address, a tunnel or a drop-box): the "
                                        "security agent's alerts or logs go there; send them to the organisation's "
                                        "own alerting", w.node)
                return


# -- Splunk, CrowdSec, Velociraptor ------------------------------------------------------------------------------------
def _unknown(a, cmd: Cmd) -> None:
    """What a program no rule knew before this module is handed stays judged as handed.py judges such programs'
    arguments (`splunk cmd …`, a VQL `execve()`): a handler of its own would otherwise end that."""
    from .handed import as_unknown

    as_unknown(a, cmd)


def _splunk(a, cmd: Cmd) -> None:
    """`splunk set deploy-poll 203.0.113.9:8089`, `splunk add forward-server 203.0.113.9:9997`."""
    _unknown(a, cmd)
    pos = [w for w in positionals(cmd.args, frozenset({"-auth"})) if w.value is not None]
    vals = [w.value for w in pos]
    if len(vals) < 3 or vals[:2] not in (["set", "deploy-poll"], ["add", "forward-server"], ["edit", "forward-server"]):
        return
    host = st.stranger(st.host_of(vals[2] or ""))
    if host is None:
        return
    if vals[1] == "deploy-poll":
        a.block("privilege-escalation", f"`splunk set deploy-poll` makes {host} the forwarder's deployment server: it "
                                        "sends the forwarder apps whose scripts run on this machine, and takes its "
                                        "settings; poll the organisation's own deployment server", pos[2].node)
    else:
        a.block("exfiltration", f"`splunk {vals[0]} forward-server` sends every event the forwarder collects to {host}, "
                                "a host no name of the organisation's vouches for; forward to the organisation's own "
                                "indexers", pos[2].node)


_CSCLI_ARG = frozenset({"-o", "--output", "-i", "--ip", "-r", "--range", "-s", "--scenario", "-t", "--type",
                        "--origin", "--id", "-c", "--config", "--value", "--reason", "-d", "--duration", "-e",
                        "--expiration", "--comment", "--scope", "-l", "--limit", "--since", "--until"})


_CSCLI_KIND = frozenset({"--type", "-t", "--scope", "--origin"})
_CSCLI_ONE = frozenset({"--ip", "-i", "--range", "-r", "--id", "--value", "-v", "--scenario", "-s"})


def _cscli(a, cmd: Cmd) -> None:
    """`cscli decisions delete --all`, `cscli allowlists add partners 91.240.118.0/24`, `cscli scenarios remove --all`."""
    _unknown(a, cmd)
    vals = [v or "" for v in cmd.values()]
    pos = [w.value or "" for w in positionals(cmd.args, _CSCLI_ARG)]
    opts = {v.split("=", 1)[0] for v in vals if v[:1] == "-"}
    # (`--type ban`, `--scope ip`, `--origin crowdsec`: a kind of decision, every one of that kind; `--ip`, `--range`,
    # `--id`, `--value` name the one looked at)
    if pos[:2] == ["decisions", "delete"] and ("--all" in opts or opts & _CSCLI_KIND and not opts & _CSCLI_ONE):
        a.block("permission-tamper", "`cscli decisions delete` lifts every ban CrowdSec holds: every address it "
                                     "caught attacking is let back in at once; delete one decision (`--ip`, `--id`) "
                                     "after looking at it", cmd.node)
    elif pos[:2] == ["alerts", "delete"] and "--all" in opts:
        a.block("anti-forensics", "`cscli alerts delete --all` deletes every alert CrowdSec raised, and the decisions "
                                  "they carry: the record of what attacked the machine is gone; delete one alert "
                                  "(`--id`) after looking at it", cmd.node)
    elif pos[:2] == ["simulation", "enable"] and "--global" in opts:
        a.block("permission-tamper", "`cscli simulation enable --global` puts every scenario in simulation: CrowdSec "
                                     "still detects but bans nothing; simulate one scenario while tuning it", cmd.node)
    elif pos[:1] in (["scenarios"], ["collections"], ["parsers"]) and pos[1:2] == ["remove"] and "--all" in vals:
        a.block("permission-tamper", f"`cscli {pos[0]} remove --all` removes every detection CrowdSec runs: nothing is "
                                     "detected or banned from then on; remove one item after looking at it", cmd.node)
    elif pos[:2] in (["allowlists", "add"], ["allowlist", "add"]):
        wide = next((st.wide_public(p) for p in pos[3:] if st.wide_public(p)), None)
        if wide:
            a.block("permission-tamper", f"`cscli allowlists add` exempts the outside network {wide} from CrowdSec: "
                                         "nothing from there is detected or banned again; allow-list the single "
                                         "addresses of a partner's scanners, with an expiry", cmd.node)


def _velociraptor(a, cmd: Cmd) -> None:
    """`velociraptor query "SELECT * FROM hunt_delete(hunt_id=…, really_do_it=TRUE)"`."""
    _unknown(a, cmd)
    for w in cmd.args:
        v = w.value if w.value is not None else w.text
        if "really_do_it" in v:
            fn = st.vql_delete(v)
            if fn is not None:
                a.review("irreversible", st.vql_message(f"`{cmd.name}`", fn), w.node)
                return


# Lynis reads `default.prf` and `custom.prf` from the working folder too, and a profile's `plugindir=` runs the
# plugins of that folder as root
_LYNIS_PROFILE = re.compile(rb"\.prf\b|plugindir")


def _lynis(a, cmd: Cmd) -> None:
    """`printf 'plugindir=/tmp/p\\n' > custom.prf && sudo lynis audit system`: root_upkeep's allowance does not hold
    when the input writes or names a profile."""
    _unknown(a, cmd)
    if any(n in ("sudo", "doas") for n, _ in cmd.wrappers) and "audit" in cmd.values() and \
            in_input(_LYNIS_PROFILE, a.doc.data):
        a.review("privilege-escalation", "`sudo lynis audit` runs as root with a profile this input writes or names: "
                                         "Lynis reads profiles from the working folder, and a profile's plugin folder "
                                         "runs as root; a person should look", cmd.node)


def _aws(a, cmd: Cmd) -> None:
    """`aws logs put-retention-policy --log-group-name G --retention-in-days 1`."""
    vals = cmd.values()
    if "put-retention-policy" not in vals or "logs" not in vals:
        return
    days = [w.value for w in option_value(cmd.args, "--retention-in-days")]
    # (ASCII digits only: `²` and `١` are digits to str.isdigit, not to int())
    if days and days[0] and days[0].isascii() and days[0].isdecimal() and \
            int(days[0]) <= st.SHORT_RETENTION_DAYS and not st.scratch_group(cmd.values()):
        a.review("irreversible", st.retention_message("`aws logs put-retention-policy`", int(days[0])), cmd.node)


# -- a CI workflow's security scan deleted ---------------------------------------------------------------------------
_CI_FILE = re.compile(r"(?:^|/)(?:\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|Jenkinsfile|"
                      r"azure-pipelines\.ya?ml|\.circleci/config\.ya?ml|bitbucket-pipelines\.ya?ml|"
                      r"\.pre-commit-config\.ya?ml|\.drone\.ya?ml|\.woodpecker\.ya?ml|\.buildkite/[^/]+\.ya?ml)$")
SCAN_NAMES = (r"semgrep|trivy|gitleaks|snyk|codeql|grype|checkov|trufflehog|zap|sonar\w*|bandit|tfsec|kics|"
              r"dependency-check|osv-scanner|anchore|detect-secrets|secret[-_ ]?scan\w*|sast|dast|security[-_ ]?scan\w*|"
              r"cosign|scorecard|dependency-review")
# (whole words: `disaster-recovery` holds no SAST, `zapier-notify` no ZAP)
_SCAN = re.compile(r"(?i)(?<![a-z0-9])(?:" + SCAN_NAMES + r"|zaproxy)(?![a-z0-9])")
# a pattern that selects a comment line (`/# TODO remove once trivy is pinned/d`): no step of the workflow
_COMMENT = re.compile(r"^\^?(?:\\s[*+]|\[\[:space:\]\][*+]|[ \t])*#")
# `/re/d`, `/re/,+6d`, `/re/,/re2/d`: lines deleted from where a scanner is named
_SED_DELETE = re.compile(r"(?:^|[;\n{])[ \t]*+/((?:\\.|[^/\\\n]){1,200})/(?:\s*+,\s*+(?:\+?\d++|\$|/(?:\\.|[^/\\\n]){0,200}/))?"
                         r"\s*+!?\s*+d")
_YQ_DELETE = re.compile(r"\bdel\s*\(([^()]{1,300})\)")


def _ci_scan_removed(a, cmd: Cmd) -> None:
    """`sed -i '/semgrep/,+6d' .github/workflows/security.yml`, `yq -i 'del(.jobs.trivy)' .github/workflows/ci.yml`."""
    if not has_flag(cmd.args, "i", ("--in-place", "--inplace")):
        return
    files = [w.value for w in cmd.args if w.value and _CI_FILE.search(w.value)]
    if not files:
        return
    for w in cmd.args:
        v = w.value or ""
        m = (_SED_DELETE if cmd.name != "yq" else _YQ_DELETE).search(v)
        if m is not None and _SCAN.search(m.group(1)) and not _COMMENT.match(m.group(1)):
            a.block("permission-tamper", f"`{cmd.name}` deletes the `{m.group(1)[:40]}` security scan from {files[0]}: "
                                         "the project's CI stops scanning its code while every build still passes; "
                                         "change a security check in a reviewed pull request", w.node)
            return


# -- ignore files ----------------------------------------------------------------------------------------------------
_IGNORE_B = re.compile(st.WRITE_TARGET.encode())


def ignore_write(a, cmd: Cmd, stages: list[Cmd] | None = None) -> None:
    """rules_bash.judge's hook for each command with a redirect (and `tee`'s handler; with `stages`, the commands of
    a pipeline the grammar hangs the redirect on): what is written into a scanner's ignore file (see the notes)."""
    if not in_input(_IGNORE_B, a.doc.data):
        return
    from .files import written_file

    targets = [(w.value, w.node) for w in positionals(cmd.args) if w.value and st.ignore_file(w.value)] \
        if cmd.name == "tee" else []
    out = written_file(a, cmd.redirects) if cmd.redirects else None
    if out and st.ignore_file(out):
        targets.append((out, cmd.node))
    if not targets:
        return
    path, node = targets[0]
    how = f"`{cmd.name}` writes" if cmd.name else "the redirect writes"
    text = _written(a, cmd)
    entry = st.catch_all(path, text)
    if entry is not None:
        a.block("permission-tamper", st.ignore_message(how, path, entry), node)
        return
    source = _scanner_source(a, cmd, stages)
    if source is not None:
        a.block("permission-tamper", st.wholesale_message(how, path, source), node)


def _written(a, cmd: Cmd) -> str | None:
    from .written import content, piped_into

    got = content(a, cmd)
    if got is None and cmd.name == "tee":
        before = piped_into(a, cmd)
        got = content(a, before) if before is not None and before.name in ("echo", "printf", "cat") else None
    return got[0] if got is not None else None


def _scanner_source(a, cmd: Cmd, stages: list[Cmd] | None) -> str | None:
    """The scanner (or the filter of the report a scanner of this input wrote) whose output reaches what `cmd`
    writes. A filter of another file (`jq -r '.[].cve' approved-exceptions.json`: a register someone keeps) is not,
    whatever else the input runs."""
    from .common import commands_named

    chain = stages if stages is not None else [cmd, *feeders(a, cmd)]
    read = [f for c in chain if c.name in ("cat", "tac", "zcat") for f in _files(c, 0)]
    for c in chain:
        name = _scanner_of(c)
        if name is not None:
            return f"`{name}` reported"
        if c.name in _FILTERS and any(v and st.FINDING_IDS.search(v) for v in c.values()):
            files = read + _files(c, 0 if c.name == "cut" else 1)
            if files:
                if any(_report_file(a, f) for f in files):
                    return "of a scanner's report"
                continue
            scanner = next(commands_named(a, st.SCANNERS), None)
            if scanner is not None:
                return f"of the report `{scanner.name}` wrote"
    return None


_FILTERS = frozenset({"jq", "gojq", "yq", "grep", "awk", "cut", "sed"})
_SCANNER_IMAGE = re.compile(r"(?:^|/)(" + "|".join(re.escape(s) for s in sorted(st.SCANNERS)) + r")(?:[:@][\w.:-]*)?$")
# where a scanner writes its report
_REPORT_OPTS = ("-o", "--output", "--output-file", "--report-path", "--json-output", "--sarif-output", "--out")
_REPORT_NAME = re.compile(r"(?i)sarif|report|scan|findings|" + "|".join(re.escape(s) for s in sorted(st.SCANNERS)))


def _scanner_of(c: Cmd) -> str | None:
    """The scanner `c` runs: itself, or its image in a container (`docker run --rm aquasec/trivy image …`)."""
    if c.name in st.SCANNERS:
        return c.name
    if c.name in ("docker", "podman", "nerdctl") and "run" in c.values():
        for v in c.values():
            m = _SCANNER_IMAGE.search(v or "")
            if m is not None and "/" in (v or "") or v in st.SCANNERS:
                return m.group(1) if m is not None else v
    return None


def _files(c: Cmd, skip: int) -> list[str]:
    """The files `c` reads: its positionals after the first `skip` (a filter's expression)."""
    return [w.value for w in positionals(c.args)[skip:] if w.value and w.value != "-"]


def _report_file(a, path: str) -> bool:
    """Whether `path` is a scanner's report: named for one, or written by a line of this input that runs one."""
    if _REPORT_NAME.search(path.rsplit("/", 1)[-1]):
        return True
    return path in once(a.doc.data, _report_files, _report_files)


_SCANNER_LINE = re.compile(r"(?m)^[^\n]*?(?<![\w.-])(?:" + "|".join(re.escape(s) for s in sorted(st.SCANNERS)) +
                           r")(?![\w.-])[^\n]*+")
_OUTPUT = re.compile(r"(?:(?<!\S)(?:" + "|".join(_REPORT_OPTS) + r")(?:=|\s++)|>>?\s*+)[\"']?([^\s;&|'\"<>()]++)")


def _report_files(data: bytes) -> frozenset[str]:
    """The files the lines running a scanner write (`-o trivy.json`, `--report-path r.json`, `> out.json`), read
    once per input."""
    return frozenset(m.group(1) for line in _SCANNER_LINE.finditer(decoded(data))
                     for m in _OUTPUT.finditer(line.group(0)))


# -- the agents' own files, written as root (admin.judge_write's hook) --------------------------------------------------
_UNIT = re.compile(r"^/(?:etc|usr/lib|lib|run)/systemd/(?:system|user)/[\w.@:-]+\.service(?:\.d/[\w.@-]+\.conf)?$")
_EXEC_SOCKET = re.compile(r"(?m)^[^\S\n]*+Exec\w*\s*+=[^\n]*?/dev/(?:tcp|udp)/([^/\s\"']+)/")


def _edited(a, cmd: Cmd, w: Word) -> tuple[str | None, list[tuple[str, str]]]:
    """What `cmd` puts in the file `w`, and a sed edit's (pattern, replacement) pairs."""
    from .admin import written_text

    if cmd.name in ("sed", "gsed"):
        from .sed import line_edits, substitutions

        subs = substitutions(cmd)
        scripts = [x.value for x in cmd.args if x.value and not x.value.startswith("-")]
        return "\n".join([r for _, r in subs] + [t for _, t in line_edits(scripts)]), subs
    return written_text(a, cmd, w), []


def config_write(a, cmd: Cmd, w: Word, value: str) -> bool:
    """admin.judge_write's hook (see the notes); True when judged here."""
    path = paths.normalize(value)
    if _UNIT.match(path):
        text = _edited(a, cmd, w)[0]
        m = _EXEC_SOCKET.search(text or "")
        if m is not None and not st.loopback(m.group(1)):
            a.block("reverse-shell", f"`{cmd.name}` writes the systemd unit {path}, whose command opens a socket to "
                                     f"{m.group(1)} (/dev/tcp): a shell for whoever listens there, as root at every "
                                     "start; a service should run a program of the project", w.node)
            return True
        return False
    kind = st.agent_config(path)
    if kind is None:
        return False
    text, replaced = _edited(a, cmd, w)
    found = st.agent_finding(kind, path, text or "", replaced)
    if found is not None:
        rule, what, why = found
        a.block(rule, st.agent_message(cmd.name, path, what, why, rule), w.node)
        return True
    if kind == "wazuh" and _wazuh_tuning(path, text) and \
            (any(n in ("sudo", "doas") for n, _ in cmd.wrappers) or a.doc.anchor is not None):
        a.review("system-write", f"`{cmd.name}` writes {path}, Wazuh's own configuration or rules; root changes the "
                                 "machine: a person should look", w.node)
        return True
    return False  # (the rest of /var/ossec, its programs, keys and internal options: judge_write's system path)


_WAZUH_TUNED = re.compile(r"^/var/ossec/etc/(?:(?:rules|decoders|lists)(?:/[\w.@-]+)*/?|ossec\.conf|"
                          r"(?:shared/[\w.@-]+/)?agent\.conf)$")
# what makes the manager or its agents run a program, or turns a module off: a `<command>` (active response, a
# command log source, the command wodle) or a module `<disabled>yes`
_WAZUH_RUNS = re.compile(r"(?i)<\s*(?:command|active-response|wodle\b[^>]{0,80}command)\b|"
                         r"<log_format>\s*(?:full_)?command|<disabled>\s*yes|remote_commands|wazuh_command")


def _wazuh_tuning(path: str, text: str | None) -> bool:
    """Wazuh's ordinary tuning, a person's to look at: its rules, decoders and lists, and ossec.conf or agent.conf
    edited with nothing that runs a command or turns a module off."""
    m = _WAZUH_TUNED.match(path)
    if m is None:
        return False
    if path.startswith(("/var/ossec/etc/rules", "/var/ossec/etc/decoders", "/var/ossec/etc/lists")):
        return True
    return text is not None and _WAZUH_RUNS.search(text) is None


# -- root's read-only security queries (bash/system.py's inspection) ------------------------------------------------------
_CSCLI_READS = {"decisions": ("list",), "alerts": ("list", "inspect"), "bouncers": ("list",), "machines": ("list",),
                "hub": ("list",), "collections": ("list", "inspect"), "parsers": ("list", "inspect"),
                "scenarios": ("list", "inspect"), "postoverflows": ("list", "inspect"), "lapi": ("status",),
                "capi": ("status",), "allowlists": ("list", "inspect"), "metrics": (), "version": ()}
_FALCO_OPTS = frozenset({"-V", "--validate", "-L", "--list", "--list-events", "--version", "-h", "--help"})
_LYNIS_OPTS = frozenset({"--quick", "-Q", "--no-colors", "--quiet", "-q", "--cronjob", "--pentest", "--verbose",
                         "--no-log", "--tests", "--tests-from-group", "--tests-from-category", "--skip-plugins"})
_CLAM_OPTS = frozenset({"-r", "--recursive", "-i", "--infected", "-o", "--suppress-ok-results", "--no-summary",
                        "--quiet", "--stdout", "--bell", "-m", "--multiscan", "--fdpass", "--stream", "-z",
                        "--allmatch", "-v", "--verbose", "--version", "-V", "--exclude", "--exclude-dir", "--include",
                        "--include-dir", "--max-filesize", "--max-scansize", "--max-files", "--max-recursion",
                        "--max-dir-recursion", "--cross-fs", "--follow-dir-symlinks", "--follow-file-symlinks",
                        "--detect-pua", "--heuristic-alerts", "--scan-archive", "--scan-pdf", "--scan-mail",
                        "--scan-html", "--scan-ole2", "--scan-elf", "--scan-pe", "--alert-broken",
                        "--alert-encrypted", "--alert-macros", "--ping", "--wait", "-w", "--log", "-l", "--move",
                        "--copy", "--reload"})
_FRESHCLAM_OPTS = frozenset({"--quiet", "--verbose", "-v", "--stdout", "--show-progress", "--no-warnings",
                             "--version", "-V", "--list-mirrors", "--check", "-c"})
_LOG_DIR = re.compile(r"^/var/log/[\w.@/-]+$")
# where a scan may move what it finds: a folder named for quarantine under the system's own /var or /opt (not a
# temporary, a served or a shared one, where anyone reads what root moved there, nor ClamAV's signature folder itself,
# whose files freshclam and clamd load as databases)
_QUARANTINE = re.compile(r"^/(?:var/(?!tmp/|www/)|opt/)(?:[\w.@-]+/)*(?:quarantine?\w*|infected)(?:/[\w.@-]+)*/?$")


def _clam_scan(vals: list[str]) -> bool:
    for v in vals:
        if v[:1] != "-":
            continue
        name, eq, arg = v.partition("=")
        if name not in _CLAM_OPTS:
            return False
        if name in ("--log", "--move", "--copy") and not eq or name in ("-l",):
            return False  # (their value as a separate word is read as a path to scan: only `--x=V` is taken)
        # (`..` climbs out of either: `--log=/var/log/../../etc/profile.d/zz.sh` is root writing a login script)
        if ".." in arg or name == "--log" and not _LOG_DIR.match(arg) or name in ("--move", "--copy") and \
                not _QUARANTINE.match(arg):
            return False
    return True


_FALCO_FILE = re.compile(r"^/(?:etc|usr/share|usr/local/etc|usr/local/share)/falco/[\w.@/-]+\.ya?ml$")
def _query(cmd: Cmd, vals: list[str]) -> str | None:
    name = cmd.name
    pos = [v for v in vals if v[:1] != "-"]
    if name == "cscli":
        verbs = _CSCLI_READS.get(pos[0]) if pos else None
        opts = {v.split("=", 1)[0] for v in vals if v[:1] == "-"}
        # (another configuration is another agent's database and credentials: `-c FILE`, `-cFILE`, `--config=FILE`)
        if verbs is None or any(o == "--config" or o[:2] == "-c" for o in opts) or verbs and pos[1:2] and pos[1] not in verbs or \
                verbs and not pos[1:2]:
            return None
        return "CrowdSec's listing"
    if name == "falco":
        opts = [v for v in vals if v[:1] == "-"]
        files = [v for v in vals if v[:1] != "-"]
        # (only Falco's own folders: root reading another YAML file prints what it holds, a kubeconfig's token)
        if not opts or not all(o in _FALCO_OPTS for o in opts) or \
                not all(_FALCO_FILE.match(f) and ".." not in f for f in files):
            return None
        return "Falco's check of its rules"
    if name == "lynis":
        if pos[:2] == ["audit", "system"] and all(v.split("=", 1)[0] in _LYNIS_OPTS for v in vals if v[:1] == "-") \
                and len(pos) == 2 or pos[:1] == ["show"] or vals in (["--version"], ["update", "info"]):
            return "Lynis's audit"
        return None
    if name in ("clamscan", "clamdscan"):
        return "ClamAV's scan" if _clam_scan(vals) else None
    if name == "freshclam":
        return "ClamAV's signature update" if all(v in _FRESHCLAM_OPTS for v in vals) else None
    return None


def root_upkeep(cmd: Cmd, vals: list[str]) -> str | None:
    """bash/system.py's inspection: root's security queries (the module's notes) run by a plain `sudo`."""
    if cmd.name not in ("cscli", "falco", "lynis", "clamscan", "clamdscan", "freshclam"):
        return None
    from .backups import _plain_sudo

    if not _plain_sudo(cmd):
        return None
    return _query(cmd, vals)


_DATE_WORD = re.compile(r"\$\(date \+(?:%[YymdHMSsFjuwVUGgzTR]|[-_.:])++\)")


def dated_upkeep(cmd: Cmd) -> str | None:
    """bash/system.py's inspection of a word known only at run time: a scan's log named with `$(date …)`."""
    if cmd.name not in ("clamscan", "clamdscan"):
        return None
    vals = []
    for w in cmd.args:
        if w.value is not None:
            vals.append(w.value)
            continue
        t = _DATE_WORD.sub("20240101", w.text).replace('"', "")
        if not t.startswith("--log=/var/log/") or "$" in t or "`" in t:
            return None
        vals.append(t)
    return root_upkeep(cmd, vals)


HANDLERS: dict = {
    **{n: [_request] for n in ("curl", "wget", "http", "https", "xh")},
    "gh": [_gh],
    **{n: [_docker] for n in ("docker", "podman", "nerdctl")},
    **{n: [_copied_image] for n in ("skopeo", "crane", "gcrane", "regctl")},
    "helm": [_helm], "splunk": [_splunk], "cscli": [_cscli], "lynis": [_lynis], "velociraptor": [_velociraptor], "aws": [_aws],
    **{n: [_ci_scan_removed] for n in ("sed", "gsed", "yq")},
    "tee": [ignore_write],
}

_HANDED = ("|", ";", "&", "<", ">", "$", "`", "(", "\\", "\n")
_REQUEST_SCREEN = Screen(re.compile(_API_HINT.pattern.decode()))
SCREENS: dict = {
    **{n: _REQUEST_SCREEN for n in ("curl", "wget", "http", "https", "xh")},
    "gh": mentions("alerts", "analysis", "findings", "dismiss"),
    **{n: mentions("tag") for n in ("docker", "podman", "nerdctl")},
    **{n: mentions("copy", "cp") for n in ("skopeo", "crane", "gcrane", "regctl")},
    "helm": mentions("--set"),
    # (and, as for a program no rule knows, what may be a command handed to it: handed.py reads those)
    "splunk": mentions("deploy-poll", "forward-server", *_HANDED),
    "cscli": mentions("delete", "remove", "allowlist", "simulation", *_HANDED),
    "velociraptor": mentions("really_do_it", *_HANDED),
    "lynis": mentions("audit", *_HANDED),
    "aws": mentions("put-retention-policy"),
    **{n: Screen(re.compile(r"\.github/workflows/|\.gitlab-ci|Jenkinsfile|azure-pipelines|\.circleci/|"
                            r"bitbucket-pipelines|\.pre-commit-config|\.drone\.|\.woodpecker|\.buildkite/", re.I))
       for n in ("sed", "gsed", "yq")},
    "tee": Screen(re.compile(st.WRITE_TARGET)),
}
