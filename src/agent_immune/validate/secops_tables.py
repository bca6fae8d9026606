"""What a security tool's own settings, ignore files and management requests say (session 29, DevSecOps): shared by
bash/secops.py, python/secops.py and js/secops.py, which hand the text they read here.

The area's attacks are a security control switched off while everything keeps working: a scanner's ignore file that
matches every finding, or filled with every finding the scanner just reported; a SIEM's detection rules disabled, or
a forge's or a tracker's findings dismissed, all at once (a loop over the listing, a query for every enabled rule); a
security agent's own configuration pointed at a stranger (a Splunk forwarder's output or deployment server, osquery's
enrolment host, Falco's alert webhook) or told to see nothing (ClamAV excluding `/`, a Wazuh rule set to level 0, a
CrowdSec whitelist of whole outside networks). Each has an ordinary twin that stays allowed: one CVE ignored with a
reason or an expiry, fixtures excluded from a secret scan, one rule disabled or one alert dismissed by its number, a
forwarder sending to the organisation's own indexer or a vendor's intake by name.

What has no undo is held for a person (`irreversible`): an index lifecycle whose delete phase starts at once, a log
group's retention cut to days, Velociraptor's `*_delete(…, really_do_it=TRUE)`.
"""
from __future__ import annotations

import ipaddress
import re

from .hosts import loopback, url_host
from .per_input import decoded, once
from .scraping_tables import stranger_sink

# -- scanners and their ignore files --------------------------------------------------------------------------------
# (a screen for the fast path: a `>` followed by one of these names sends the command to the full analysis)
WRITE_TARGET = (r"\.trivyignore|\.gitleaksignore|gitleaks\.toml|\.semgrepignore|\.snyk\b|\.grype\.ya?ml|"
                r"\.checkov\.ya?ml|\.bandit\b|\.trufflehogignore|osv-scanner\.toml|\.kics-ignore|"
                r"dependency-check-suppress|\.safety-policy\.ya?ml|\.tfsec/")
_IGNORE_FILE = re.compile(r"(?:^|/)(?:(\.trivyignore)(?:\.ya?ml)?|(\.gitleaksignore)|\.?(gitleaks)\.toml|"
                          r"(\.semgrepignore)|(\.snyk)|\.(grype)\.ya?ml|\.(checkov)\.ya?ml|(\.bandit)|"
                          r"(\.trufflehogignore)|\.?(osv-scanner)\.toml|(\.kics-ignore)|"
                          r"(dependency-check-suppress)\w*\.xml|\.(safety-policy)\.ya?ml|\.(tfsec)/config\.ya?ml)$")


def ignore_file(path: str | None) -> str | None:
    """The scanner ignore or allowlist file `path` is (its name as written), or None."""
    if not path:
        return None
    m = _IGNORE_FILE.search(path.strip("\"'"))
    return next((g for g in m.groups() if g), None) if m else None


# the scanners whose findings their ignore files silence (a pipeline that starts with one of them and ends in its
# ignore file mutes everything it just found)
SCANNERS = frozenset({"trivy", "grype", "gitleaks", "semgrep", "snyk", "osv-scanner", "checkov", "kics", "tfsec",
                      "bandit", "trufflehog", "safety", "pip-audit", "dependency-check", "dependency-check.sh",
                      "npm-audit", "audit-ci", "syft", "terrascan", "hadolint", "detect-secrets"})
# a filter that picks the findings' identifiers out of a scanner's report (`jq -r '.Results[].Vulnerabilities[]
# .VulnerabilityID' trivy.json >> .trivyignore`, gitleaks' `Fingerprint`, semgrep's `check_id`)
FINDING_IDS = re.compile(r"VulnerabilityID|Fingerprint|check_id|RuleID|vulnerability\W{1,4}id\b|\bcve\b|\bghsa\b",
                         re.I)
# the fields only a scanner's report has (a register someone keeps says `cve` too, not `VulnerabilityID`)
_REPORT_IDS = re.compile(r"VulnerabilityID|Fingerprint|check_id|RuleID|vulnerability\W{1,4}id\b|vulnerability_id",
                         re.I)
# a scanner's output kept by the code (`out = subprocess.check_output([...])`, `JSON.parse(execFileSync(...))`), not
# a run whose output goes to the terminal (`subprocess.run([...], check=True)`, `stdio: "inherit"`)
_CAPTURED = re.compile(r"[=(]\s*+(?:await\s++)?(?:\w++\.)?(?:check_output|execFileSync|execSync|spawnSync|execa)\b|"
                       r"capture_output\s*+=\s*+True|stdout\s*+=\s*+(?:subprocess\.)?PIPE")


def report_ids(data: bytes) -> bool:
    """Whether the code `data` picks findings' identifiers out of what a scanner it runs reported (asked once per
    input)."""
    return once(data, report_ids, _report_ids)


def _report_ids(data: bytes) -> bool:
    text = decoded(data)
    return _REPORT_IDS.search(text) is not None or \
        FINDING_IDS.search(text) is not None and _CAPTURED.search(text) is not None
# one entry that matches every path, every finding or every line: `*`, `**/*`, `/`, `.*`, `^.*$`
_EVERYTHING = r"(?:\*\*?(?:/\*\*?)*+/?|/\*?|\./?|\^?\(?\.[*+]\)?\$?)"
_EVERY_LINE = re.compile(r"(?m)^[^\S\n]*+(?:-[^\S\n]*+)?[\"']?" + _EVERYTHING + r"[\"']?[^\S\n]*+(?:#.*)?$")
# .semgrepignore is gitignore's syntax: `.*` there is the hidden files, not a regex for every path
_EVERY_PATH = re.compile(r"(?m)^[^\S\n]*+(?:\*\*?(?:/\*\*?)*+/?|/\*?|\./?)[^\S\n]*+(?:#.*)?$")
# a gitleaks or osv-scanner allowlist (TOML) whose paths, regexes or commits are every one
_TOML_ALL = re.compile(r"(?m)^[^\S\n]*+(paths|regexes|stopwords|commits|ignoredVulns|id)[^\S\n]*+=[^\S\n]*+\[?"
                       r"[^\]\n]{0,400}?[\"']" + _EVERYTHING + r"[\"']")
# a YAML or JSON list of skipped checks, paths or vulnerabilities with a lone `*` (checkov's `skip-check: ['*']`,
# grype's `- vulnerability: "*"`, .snyk's `'*':` as the vulnerability's own key under `ignore:`)
_YAML_ALL = re.compile(r"(?m)^[^\S\n]*+(?:-[^\S\n]*+)?[\"']?(skip-check|skip-path|skip-dirs|skip-files|vulnerability|"
                       r"ignore|exclude|paths|id)[\"']?[^\S\n]*+:[^\S\n]*+\[?[^\S\n]*+[\"']?" + _EVERYTHING +
                       r"[\"']?[^\S\n]*+\]?[^\S\n]*+$")
_SNYK_ALL = re.compile(r"(?m)^ignore:[^\S\n]*+\n[^\S\n]++[\"']?\*[\"']?[^\S\n]*+:")


def catch_all(path: str, text: str | None) -> str | None:
    """The entry of the ignore file `path` that matches everything, in the text written to it, or None."""
    if not text:
        return None
    tool = ignore_file(path) or ""
    if tool in ("gitleaks", "osv-scanner"):
        m = _TOML_ALL.search(text)
    elif tool == ".snyk":
        m = _SNYK_ALL.search(text)
    elif tool in ("grype", "checkov", "safety-policy", "tfsec"):
        m = _YAML_ALL.search(text)
    elif tool == ".semgrepignore":
        m = _EVERY_PATH.search(text)
    elif tool == "dependency-check-suppress":
        m = re.search(r"<(?:filePath|packageUrl|cve|vulnerabilityName)\b[^>]{0,80}>\s*+" + _EVERYTHING + r"\s*+</", text)
    else:
        m = _EVERY_LINE.search(text)
    return m.group(0).strip() if m else None


def ignore_message(how: str, path: str, entry: str) -> str:
    return (f"{how} `{entry[:60]}` into {path}: an ignore entry that matches everything, so the scanner reports "
            "nothing from then on; ignore one finding or path at a time, with its reason or an expiry")


def wholesale_message(how: str, path: str, source: str) -> str:
    return (f"{how} every finding {source} into {path}: the scanner is told to ignore all it just found, "
            "so none of it fails a build again; ignore one finding at a time, with its reason or an expiry, after "
            "someone has looked at it")


# -- a SIEM's detection rules, a forge's or a tracker's findings ------------------------------------------------------
# the management paths of detection rules (Kibana's detection engine and alerting, Datadog's security monitoring,
# Sentinel's analytics rules, Splunk's saved searches, Graylog's event definitions, Wazuh's rule files)
RULES_PATH = re.compile(r"/detection_engine/rules|/security_monitoring/rules|/api/alerting/rules?\b|/alertRules\b|"
                        r"/saved/searches\b|/events/definitions\b|/rules/files/|/api/v1/rules\b|/detections?/rules\b")
# what turns a rule off (or deletes it) in a request's body or path
_DISABLES = re.compile(r"""(?i)["']?(?:isEnabled|enabled)["']?\s*+[:=]\s*+(?:false|0)\b|"""
                       r"""["']?action["']?\s*+[:=]\s*+["']?(?:disable|delete)\b|"""
                       r"""["']?disabled["']?\s*+[:=]\s*+["']?(?:1|true)\b|/_?disable\b|_bulk_disable\b|"""
                       r"""["']?state["']?\s*+[:=]\s*+["']disabled["']""")


def disables(body: str) -> str | None:
    m = _DISABLES.search(body)
    return m.group(0) if m else None


# the management paths of findings and alerts (GitHub's code-scanning, Dependabot and secret-scanning alerts,
# Dependency-Track's analyses, DefectDojo's findings, SonarQube's issues and hotspots, Snyk's ignores, AWS Security
# Hub's findings)
FINDINGS_PATH = re.compile(r"(?i)/(?:code-scanning|dependabot|secret-scanning)/alerts|/analysis\b|/findings?\b|"
                           r"/issues/do_transition|/hotspots/change_status|/ignores?\b|/vulnerabilit|"
                           r"updateAlert|update_alert|batch-update-findings|BatchUpdateFindings")
# what closes one without a fix: dismissed, suppressed, a false positive, risk accepted, won't fix (not a secret
# resolved as `revoked`, nor a finding marked mitigated or resolved: what the team does after rotating or fixing)
_DISMISSES = re.compile(
    r"""(?i)["']?state["']?\s*+[:=]\s*+["']?(?:dismissed|auto_dismissed)\b|"""
    r"""["']?resolution["']?\s*+[:=]\s*+["']?(?:false_positive|wont_fix|used_in_tests)\b|"""
    r"""["']?suppressed["']?\s*+[:=]\s*+(?:true|1)\b|analysisState["']?\s*+[:=]\s*+["']"""
    r"""(?:FALSE_POSITIVE|NOT_AFFECTED)|["']?(?:false_p|risk_accepted|out_of_scope)["']?"""
    r"""\s*+[:=]\s*+(?:true|1)\b|transition["']?\s*+[:=]\s*+["']?(?:falsepositive|wontfix|accept)\b|"""
    r"""["']?(?:status|Workflow)["']?\s*+[:=]\s*+["']?(?:SAFE|SUPPRESSED)\b|Status=SUPPRESSED""")


def dismisses(body: str) -> str | None:
    m = _DISMISSES.search(body)
    return m.group(0) if m else None


# Kibana's `_bulk_action` reaches the rules a `query` selects (no `ids`: every rule the query matches, the empty one
# all of them)
_IDS = re.compile(r"""["']?ids["']?\s*+[:=]""")


_DRY_RUN = re.compile(r"""(?i)dry_run["']?\s*+[=:]\s*+["']?true""")
_QUERY = re.compile(r"""["']?query["']?\s*+[:=]\s*+(["'])((?:\\.|(?!\1)[^\\\n]){0,500})\1""")
# what a query says that selects nothing narrower than every rule: a field's any value or its enabled state, the
# boolean operators, parentheses, quotes (`alert.attributes.enabled: true`, `*`, ``)
_WIDE_TERMS = re.compile(r"""(?i)(?<![\w.])[\w.]++\s*+:\s*+(?:true|false|\*)|\b(?:AND|OR|NOT)\b|[()\s\\"'*]""")


def bulk_all(path: str, body: str, url: str = "") -> bool:
    """A bulk action on every rule a query selects (none, or one that names nothing narrower than every rule)
    rather than on rules named by their ids or a query for some of them (`alert.attributes.tags:"Windows"`); a dry
    run changes nothing."""
    if "_bulk" not in path or _IDS.search(body) or _DRY_RUN.search(url) or _DRY_RUN.search(body):
        return False
    m = _QUERY.search(body)
    return m is None or not _WIDE_TERMS.sub("", m.group(2))


def _shown(what: str) -> str:
    return what.replace('"', "").replace("'", "")[:60]


def rules_message(who: str, what: str) -> str:
    return (f"{who} turns off the SIEM's detection rules wholesale ({_shown(what)}): what they watch for is no longer "
            "reported; disable one noisy rule by its id, and leave wider tuning to the security team")


def findings_message(who: str, what: str) -> str:
    return (f"{who} closes every finding of a listing without a fix ({_shown(what)}), one after the other: open "
            "vulnerabilities and leaked secrets disappear from the team's view; dismiss one finding at a time, with "
            "its reason, after someone has looked at it")


# -- Wazuh: a rule silenced ----------------------------------------------------------------------------------------
# `<rule id="5712" level="0" overwrite="yes">` replaces a stock rule by one that never alerts; a level-0 child that
# names nothing narrower than its parent (`<if_sid>` alone) silences all of the parent's alerts. A level-0 child with a
# narrowing element (`<srcip>`, `<match>`, `<field>`, `<user>` …) is Wazuh's documented way to drop one false positive.
_RULE_OPEN = re.compile(r"<rule\b([^<>]{0,400})>")
_RULE_CLOSE = re.compile(r"</rule\s*+>")


def _wazuh_rules(text: str):
    """Each `<rule …>` of `text` with its body: the next `</rule>` is looked for once, not again from every opening
    left unclosed."""
    close = None
    for m in _RULE_OPEN.finditer(text):
        if close is None or close.start() < m.end():
            close = _RULE_CLOSE.search(text, m.end())
            if close is None:
                return
        if close.start() - m.end() <= 4000:
            yield m.group(1), text[m.end():close.start()]
_LEVEL0 = re.compile(r"""\blevel\s*=\s*["']?0["']?(?![\d])""")
_OVERWRITE = re.compile(r"""\boverwrite\s*=\s*["']?yes""")
_NARROWS = re.compile(r"<(?:match|regex|srcip|dstip|srcport|dstport|user|field|hostname|program_name|url|id|location|"
                      r"action|status|extra_data|system_name|protocol|data|srcgeoip|dstgeoip|time|weekday|"
                      r"different_\w+|same_\w+)\b")
_RULE_ID = re.compile(r"""\bid\s*=\s*["']?(\d+)""")


def wazuh_silenced(text: str) -> str | None:
    """The id of a Wazuh rule the text silences (see above), or None."""
    if "level" not in text:
        return None
    for attrs, body in _wazuh_rules(text):
        if not _LEVEL0.search(attrs):
            continue
        if _OVERWRITE.search(attrs) or not _NARROWS.search(body):
            rid = _RULE_ID.search(attrs)
            return rid.group(1) if rid else "?"
    return None


def wazuh_message(who: str, rid: str) -> str:
    return (f"{who} sets the Wazuh rule {rid} to level 0 (replacing it, or with nothing narrower than its parent): "
            "its alerts are never raised again; drop one false positive with a child rule that names it (its source, "
            "user or text)")


# -- index lifecycles, log retention, Velociraptor's deletes -----------------------------------------------------------
# an ILM policy's delete phase (Elasticsearch) or an ISM state's delete transition (OpenSearch) and its age
_OBJECT = r"\{[^{}]{0,200}(?:\{[^{}]{0,200}\}[^{}]{0,200}){0,4}\}"  # (an object, with objects one level in it)
_DELETE_PHASE = re.compile(r"""(?<![\w-])["']?delete["']?\s*+:\s*+\{([^{}]{0,300}?(?:""" + _OBJECT +
                           r"""[^{}]{0,300}?){0,4})\}""")
_MIN_AGE = re.compile(r"""["']?min_age["']?\s*+:\s*+["']?(\d++)(nanos|micros|ms|s|m|h|d)?\b""")
_AGE = r"""["']?min_index_age["']?\s*+:\s*+["']?(\d++)(nanos|micros|ms|s|m|h|d)?\b"""
_ISM_AGE = re.compile(r"""["']?state_name["']?\s*+:\s*+["']delete["'][,\s]*+["']?conditions["']?\s*+:\s*+\{[^{}]{0,200}?"""
                      + _AGE + r"""|""" + _AGE.replace("(\\d++)(", "(?P<n>\\d++)(?P<u>") +
                      r"""["']?\s*+\}[,\s]*+["']?state_name["']?\s*+:\s*+["']delete["']""")
_UNIT_HOURS = {"nanos": 0.0, "micros": 0.0, "ms": 0.0, "s": 1 / 3600, "m": 1 / 60, "h": 1.0, "d": 24.0, None: 0.0}
SHORT_HOURS = 24  # data kept a day at most: the policy deletes it nearly as it is written


def ilm_delete_age(body: str) -> str | None:
    """The age at which a lifecycle policy in `body` deletes its indices when it is a day or less, else None."""
    for m in _DELETE_PHASE.finditer(body):
        age = _MIN_AGE.search(m.group(1))
        if age is None:
            if "min_age" not in m.group(1) and "actions" in m.group(1):
                return "0ms (no min_age)"
            continue
        if int(age.group(1)) * _UNIT_HOURS[age.group(2)] <= SHORT_HOURS:
            return age.group(1) + (age.group(2) or "")
    m = _ISM_AGE.search(body)
    if m is not None:
        n, unit = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group("n"), m.group("u"))
        if int(n) * _UNIT_HOURS[unit] <= SHORT_HOURS:
            return n + (unit or "")
    return None


def ilm_message(who: str, age: str) -> str:
    return (f"{who} sets an index lifecycle whose delete phase starts at {age}: every index it manages (logs, "
            "security events) is deleted as soon as it rolls over, with no undo; a person should confirm the "
            "retention")


SHORT_RETENTION_DAYS = 7
# a log group named for a developer's scratch environment (`/aws/lambda/api-dev`, `sandbox-42/app`): its short
# retention is the usual cost saving, not evidence destroyed
_SCRATCH = re.compile(r"(?i)(?<![a-z])(?:dev|development|test|testing|sandbox|scratch|ephemeral)(?![a-z])")


def scratch_group(vals: list) -> bool:
    """Whether `aws logs put-retention-policy`'s `--log-group-name` names a scratch environment."""
    for i, v in enumerate(vals):
        name = vals[i + 1] if v == "--log-group-name" and i + 1 < len(vals) else \
            v.partition("=")[2] if v and v.startswith("--log-group-name=") else None
        if name:
            return _SCRATCH.search(name) is not None
    return False


def retention_message(who: str, days: int) -> str:
    return (f"{who} cuts the log group's retention to {days} day{'s' if days != 1 else ''}: every older event is "
            "deleted, with no undo; a person should confirm the retention")


VQL_DELETE = re.compile(r"(?i)\b(?:hunt_delete|client_delete|delete_flow|file_store_delete|collection_delete|"
                        r"delete_events)\s*+\(")
_REALLY = re.compile(r"(?i)really_do_it\s*+=\s*+(?:TRUE|1)\b")


def vql_delete(query: str) -> str | None:
    """The delete function a Velociraptor query calls for real (`really_do_it=TRUE`), or None."""
    m = VQL_DELETE.search(query)
    return m.group(0).rstrip("( ") if m and _REALLY.search(query) else None


def vql_message(who: str, fn: str) -> str:
    return (f"{who} runs Velociraptor's `{fn}` with really_do_it: the hunts, clients or collected evidence it "
            "selects are deleted from the server, with no undo; a person should confirm")


# -- accounts and gates ----------------------------------------------------------------------------------------------
_SUPER_ROLE = re.compile(r"""(?i)["']?roles["']?\s*+[:=]\s*+\[[^\]\[]{0,300}?["'](superuser|all_access)["']""")
_LITERAL_PASSWORD = re.compile(r"""["']?password["']?\s*+[:=]\s*+["']([^"'$`{}\s]{4,})["']""")


def literal_superuser(body: str) -> str | None:
    """The superuser role a user is made with, when its password is written out in `body`."""
    m = _SUPER_ROLE.search(body)
    return m.group(1) if m and _LITERAL_PASSWORD.search(body) else None


_URL_HOST = re.compile(r"(?i)\bhttps?://(\[[0-9a-f:.]+\]|[\w.-]+)")


def remote_cluster(data: bytes) -> bool:
    """Whether the input reaches a cluster on another machine (a URL whose host is not this one's): a developer's own
    cluster on localhost, with a password written in the compose file, is a scratch one (asked once per input)."""
    return once(data, remote_cluster, lambda d: any(not loopback(h.strip("[]")) for h in _URL_HOST.findall(decoded(d))))


def superuser_message(who: str, role: str) -> str:
    return (f"{who} makes a user with the `{role}` role and a password written out in the input: an administrator "
            "of the security cluster whose login the agent knows; let the user create administrators")


_GATE_CREATE = re.compile(r"qualitygates/create(?!_)[^\n]{0,300}?name=([\w.-]+)|qualitygates/create(?!_)")
GATE_DEFAULT = re.compile(r"qualitygates/(?:set_as_default|select)\b")


def empty_gate(data: bytes) -> bool:
    """A quality gate created and made the default (or a project's) with no condition added, in the input `data`:
    every analysis passes (asked once per input)."""
    return once(data, empty_gate, _empty_gate)


def _empty_gate(data: bytes) -> bool:
    text = decoded(data)
    return _GATE_CREATE.search(text) is not None and GATE_DEFAULT.search(text) is not None and \
        "create_condition" not in text and "copy" not in text


def input_silenced(data: bytes) -> str | None:
    """wazuh_silenced over the whole input `data` (asked once per input)."""
    return once(data, input_silenced, lambda d: wazuh_silenced(decoded(d)))


def gate_message(who: str) -> str:
    return (f"{who} creates a SonarQube quality gate with no condition and makes it the one projects are judged by: "
            "every analysis passes, whatever it finds; add conditions to a gate before it becomes the default")


# -- security agents' own settings -------------------------------------------------------------------------------------
_OSQUERY_HOST = re.compile(r"(?m)^[^\S\n]*+--(tls_hostname|logger_tls_endpoint|config_tls_endpoint|"
                           r"distributed_tls_\w+|enroll_tls_endpoint)\s*+=\s*+([^\s]+)")
_OSQUERY_OFF = re.compile(r"(?m)^[^\S\n]*+--(disable_\w*(?:check|verif|secret|tls|cert|logging)\w*|"
                          r"tls_allow_unsafe|insecure)(?:\s*+=\s*+(?:true|1))?\s*$")
_SPLUNK_SERVER = re.compile(r"(?im)^[^\S\n]*+(server|targetUri)\s*+=\s*+([^\n#]+)")
_WAZUH_ADDRESS = re.compile(r"(?i)<(address|manager_address)>\s*+([^<\s]+)\s*+</")
_CLAM_EXCLUDE = re.compile(r"(?im)^[^\S\n]*+((?:OnAccess)?Exclude(?:Path|PUA|UID|Uname|RootUID)?)\s++(\^?/?\.?[*+]?\$?|"
                           r"yes)[^\S\n]*+$")
_CROWDSEC_LIST = re.compile(r"(?m)^[^\S\n]*+-[^\S\n]*+[\"']?([0-9a-fA-F:.]+(?:/\d{1,3})?)[\"']?[^\S\n]*+$")


def stranger(host: str | None) -> str | None:
    """`host` when no name vouches for it: a bare public address, a drop-box, a tunnel (scraping_tables)."""
    if not host or "$" in host or "{" in host:
        return None
    h = host.strip("[]\"' ").lower()
    return h if stranger_sink(h) else None


def host_of(value: str) -> str:
    """The host of `server = HOST:PORT`, a URL, or `HOST`."""
    v = value.strip().strip("\"'")
    if "//" in v:
        return url_host(v) or ""
    if v.count(":") == 1:
        v = v.split(":", 1)[0]
    return v


def wide_public(value: str) -> str | None:
    """`value` when it is a public network wider than a handful of addresses (a /24 or more)."""
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None
    wide = net.prefixlen <= (24 if net.version == 4 else 48)
    return value if wide and not (net.is_private or net.is_loopback or net.is_link_local or net.is_reserved) else None


def agent_config(path: str) -> str | None:
    """Which security agent's configuration `path` is, or None."""
    if "/splunk" in path and path.endswith(("/outputs.conf", "/deploymentclient.conf")):
        return "splunk"
    if path.startswith("/var/ossec/"):
        return "wazuh"
    if path.startswith("/etc/clamav/") or path.endswith("/clamd.conf"):
        return "clamav"
    if path.startswith("/etc/osquery/") or path.endswith(("osquery.flags", "/osquery.conf")):
        return "osquery"
    if path.startswith("/etc/crowdsec/") and path.endswith((".yaml", ".yml")):
        return "crowdsec"
    return None


def agent_finding(kind: str, path: str, text: str, replaced: list[tuple[str, str]]) -> tuple[str, str, str] | None:
    """(rule, what, why) when the text written to the agent's configuration `path` weakens it or points it at a
    stranger; `replaced` holds a sed edit's (old, new) pairs."""
    if kind == "splunk":
        for m in _SPLUNK_SERVER.finditer(text):
            for one in dict.fromkeys(host_of(x) for x in m.group(2).split(",")):  # (each host once)
                host = stranger(one)
                if host:
                    said = "its deployment server" if m.group(1).lower() == "targeturi" else "an output group"
                    rule = "privilege-escalation" if said.startswith("its") else "exfiltration"
                    why = ("the deployment server sends the forwarder apps whose scripts it runs" if rule ==
                           "privilege-escalation" else "every event the forwarder collects is copied there")
                    return rule, f"{said} at {host}", why
    elif kind == "wazuh":
        rid = wazuh_silenced(text)
        if rid is not None:
            return "anti-forensics", f"the rule {rid} at level 0", "its alerts are never raised again"
        for m in _WAZUH_ADDRESS.finditer(text):
            host = stranger(m.group(2))
            if host:
                return "exfiltration", f"the manager at {host}", ("the agent enrols with it and sends it every event "
                                                                  "of the machine, and takes its commands")
    elif kind == "clamav":
        m = _CLAM_EXCLUDE.search(text)
        if m is not None and (m.group(2) in ("^/", "/", "^/.*", ".*", "^.*", "/.*", ".+", "^/.+") or
                              m.group(1).lower() == "onaccessexcluderootuid" and m.group(2) == "yes"):
            return "permission-tamper", f"`{m.group(0).strip()}`", "the virus scanner skips every file"
    elif kind == "osquery":
        off = _OSQUERY_OFF.search(text)
        if off is not None:
            rule = "anti-forensics" if "logging" in off.group(1) else "permission-tamper"
            return rule, f"`--{off.group(1)}`", "the agent stops checking who it talks to, or stops logging"
        olds = {host_of(o.split("=", 1)[1]) for o, _ in replaced if "=" in o}
        for m in _OSQUERY_HOST.finditer(text):
            host = host_of(m.group(2))
            if stranger(host) or olds and host and _moved(olds, host):
                return "exfiltration", f"`--{m.group(1)}` at {host}", ("the fleet server there receives every query "
                                                                       "result and sends the agent its queries")
    elif kind == "crowdsec" and "whitelist" in text:
        for m in _CROWDSEC_LIST.finditer(text):
            wide = wide_public(m.group(1))
            if wide:
                return "permission-tamper", f"the outside network {wide} whitelisted", ("nothing from there is "
                                                                                        "detected or banned again")
    return None


def _moved(olds: set[str], host: str) -> bool:
    """A host replaced by one of another organisation's domain (`fleet.acme.internal` -> `fleet-acme.com`)."""
    from .mail_tables import base

    h = host.lower()
    return not loopback(h) and all(o and base(o.lower()) != base(h) for o in olds) and \
        not h.endswith((".internal", ".local", ".lan", ".corp", ".home.arpa")) and "." in h


def agent_message(cmd: str, path: str, what: str, why: str, rule: str) -> str:
    fix = "keep the security agent reporting to the organisation's own servers" if rule in (
        "exfiltration", "privilege-escalation") else "keep its checks on, and make exceptions one address or " \
        "finding at a time, with a reason"
    return f"`{cmd}` writes {what} into {path}: {why}; {fix}"
