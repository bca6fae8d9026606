"""Mail servers and sending services: Postfix, Dovecot, OpenDKIM, rspamd, Mailman, swaks, SendGrid, Mailgun, Postmark, SES (session 23).

Whose address is read as mail_tables says: from the organisation's domains the same command names. Here:

- `postconf` opening the server to the internet (`mynetworks = 0.0.0.0/0`, a bare `permit` in the relay
  restrictions) or copying every message to an outsider (`always_bcc`): blocked;
- mail sent in a loop (`for u in $(cut … staff.csv); do swaks …`) or to a list read from a file (SendGrid's
  `personalizations` built from customers.txt) whose text asks its readers to sign in, verify or pay at a host that
  is not the sender's: blocked as phishing;
- a Mailgun route forwarding the domain's mail to an outsider, a sending service's event or inbound hook repointed
  (`PATCH …/webhooks/event/settings`) or added for an outsider where the organisation is named: blocked;
- a mailbox dumped (`doveadm fetch … text`) or the mail server's key folders archived (`tar czf - /etc/opendkim`) into
  a program that sends them to an outsider: blocked;
- one address subscribed to every Mailman list (`for l in $(mailman lists); do … addmembers`): blocked;
- a list removed (`mailman remove`, `rmlist`), a mailbox's messages expunged or a mailbox deleted with doveadm:
  reviewed `irreversible`.
"""
from __future__ import annotations

import re

from .. import mail_tables as mt
from .commands import Cmd
from .common import input_text, mentions

_LOOPS = frozenset({"for_statement", "while_statement", "c_style_for_statement"})


def loop_of(cmd: Cmd):
    """The loop statement `cmd` runs in, or None (xargs and parallel run it once per input too)."""
    n = getattr(cmd.node, "parent", None)
    while n is not None:
        if n.type in _LOOPS:
            return n
        n = n.parent
    return None


def _src(a, node) -> str:
    return a.doc.data[node.start_byte:node.end_byte].decode("utf-8", "replace")


# -- Postfix ----------------------------------------------------------------------------------------------------------
def _postconf(a, cmd: Cmd) -> None:
    text = input_text(a)
    for w in cmd.args:
        key, eq, value = (w.value or "").partition("=")
        if not eq:
            continue
        found = mt.postfix_setting(key, value, text)
        if found:
            getattr(a, found[0])(found[1], f"`postconf`: {found[2]}", w.node)


# -- mail sent to many people ------------------------------------------------------------------------------------------
def _mailer(a, cmd: Cmd) -> None:
    """`for u in $(cut -d, -f1 staff.csv); do swaks --from it@acme.com --to "$u" --body 'Keep your access: https://…'`."""
    loop = loop_of(cmd)
    if loop is None and cmd.xargs_opts is None:
        return
    text = _src(a, loop) if loop is not None else _src(a, cmd.node)
    found = mt.phishing(text)
    if found:
        a.block("phishing", mt.phishing_message(cmd.name, found), cmd.node)


# -- sending services' APIs --------------------------------------------------------------------------------------------
_API = re.compile(r"(?i)^https?://api(?:\.eu|\.us)?\.(?:sendgrid\.com|mailgun\.net|postmarkapp\.com|sparkpost\.com|"
                  r"mailjet\.com|brevo\.com|sendinblue\.com|resend\.com)(/[^?#]*)?")
_SEND_PATH = re.compile(r"(?i)/mail/send|/messages(?:\.mime)?$|/email(?:/batch|/withTemplate|/batchWithTemplates)?$|"
                        r"/transmissions|/v3/smtp/email|/v3\.1/send|/emails(?:/batch)?$")
# the recipients read from a file or a list: many people
_MANY = re.compile(r"--rawfile|--slurpfile|\bsplit\(|\.csv\b|\.tsv\b|customers|subscribers|recipients?\.txt|"
                   r"staff|employees|users\.txt|recipient-variables|\$\(cat\b|--data-binary\s+@")
_HOOK_PATH = re.compile(r"(?i)/webhooks?\b|/routes\b|/inbound|/parse/settings|/servers?(?:/\d+)?$|/server$")


def _send_api(a, cmd: Cmd) -> None:
    from .net import http_requests

    reader = http_requests(cmd.name)
    if reader is None:
        return
    for r in reader(cmd.args):
        m = next((m for u in r.urls if u.value and (m := _API.match(u.value))), None)
        if m is None:
            continue
        path = m.group(1) or ""
        method = (r.method.value if r.method is not None else None) or r.default
        body = "\n".join(w.value or w.text for w in r.bodies)
        text = _src(a, cmd.node)
        if _SEND_PATH.search(path):
            loop = loop_of(cmd)
            if loop is not None or _MANY.search(text):
                found = mt.phishing(_src(a, loop) if loop is not None else text)
                if found:
                    a.block("phishing", mt.phishing_message(f"{cmd.name} {m.group(0)}", found), cmd.node)
            return
        if not _HOOK_PATH.search(path) or method.upper() in ("GET", "HEAD", "DELETE"):
            continue
        _hook(a, cmd, f"{cmd.name} -X {method.upper()} {m.group(0)}", body, text,
              replaces=method.upper() in ("PUT", "PATCH") or "/settings" in path or bool(re.search(r"/servers?", path)))


def _hook(a, cmd: Cmd, shown: str, body: str, text: str, replaces: bool) -> None:
    found = mt.hook_finding(shown, body, text, replaces)
    if found:
        getattr(a, found[0])(found[1], found[2], cmd.node)


# -- Mailman -----------------------------------------------------------------------------------------------------------
def _mailman(a, cmd: Cmd) -> None:
    pos = [v for v in cmd.values() if v and not v.startswith("-")]
    verb = pos[0] if pos else None
    if verb == "remove":
        what = pos[1] if len(pos) > 1 else "the list"
        a.review("irreversible", f"`mailman remove` deletes the mailing list {what} with its members and settings "
                                 "(and with --archives its archive), with no undo; export its members "
                                 "(`mailman members`) and let the user remove it", cmd.node)
    elif verb in ("addmembers", "syncmembers"):
        loop = loop_of(cmd)
        if loop is None:
            return
        text = _src(a, loop)
        if not re.search(r"\bmailman\s+lists\b|\blist_lists\b", text):
            return
        found = re.findall(r"[\w.+-]+@[\w.-]+\.[a-z]{2,}", text)
        addrs = [mt.address_domain(x) for x in found]
        own = mt.own_domains(text, skip=found)
        out = next((d for d in addrs if mt.outside(d, own)), None)
        if out:
            a.block("exfiltration", f"`mailman {verb}` in a loop over every list subscribes an address at {out} to "
                                    "all of them: every internal list's mail goes there; add members to the lists "
                                    "the user names", cmd.node)


def _rmlist(a, cmd: Cmd) -> None:
    a.review("irreversible", "`rmlist` deletes a Mailman list (with -a its archive too), with no undo; let the user "
                             "remove it", cmd.node)


# -- Dovecot -----------------------------------------------------------------------------------------------------------
_FETCH_BODY = re.compile(r"^(?:text|body|hdr|body\.\w+|imap\.body\w*|binary\w*|text\.utf8|hdr\.\w+)$")


def _doveadm(a, cmd: Cmd) -> None:
    vals = [v or "" for v in cmd.values()]
    skip, pos = False, []
    for v in vals:
        if skip:
            skip = False
        elif v in ("-o", "-u", "-A", "-F", "-S", "-D", "-c", "-i", "-f", "-m", "-x", "-s"):
            skip = v not in ("-A", "-D", "-S")  # (these take no value)
        elif not v.startswith("-"):
            pos.append(v)
    verb = pos[0] if pos else None
    if verb == "expunge":
        a.review("irreversible", "`doveadm expunge` deletes the messages the query matches from the mailbox, with no "
                                 "undo; look at them first with `doveadm search` and let the user expunge", cmd.node)
    elif pos[:2] == ["mailbox", "delete"]:
        a.review("irreversible", "`doveadm mailbox delete` deletes the mailbox and its messages, with no undo; let "
                                 "the user delete it", cmd.node)
    elif verb == "fetch" and any(_FETCH_BODY.match(v) for p in pos[1:3] for v in p.split()):
        sent = _sent_on(a, cmd)
        if sent:
            a.block("exfiltration", f"`doveadm fetch` dumps the messages of a mailbox and they are piped to "
                                    f"`{sent[0]}`, which sends them to {sent[1]}: a user's mail handed to an outsider; "
                                    "keep mail on the server", cmd.node)


# -- the mail server's key folders archived and sent ---------------------------------------------------------------
def _archived(a, cmd: Cmd) -> None:
    folders = [w.value for w in cmd.args if w.value and mt.secret_folder(w.value.rstrip("/") or "/")]
    if not folders:
        return
    sent = _sent_on(a, cmd)
    if sent:
        a.block("exfiltration", f"`{cmd.name}` archives {', '.join(folders[:3])}, the mail server's folders with its "
                                f"DKIM keys and password maps, and the archive is piped to `{sent[0]}`, which sends it "
                                f"to {sent[1]}; never send a server's credentials off the machine", cmd.node)


_SENDERS = frozenset({"curl", "wget", "nc", "ncat", "netcat", "socat", "http", "https", "xh", "rclone", "aws", "gsutil",
                      "s3cmd", "openssl", "telnet"})
_STAGE_URL = re.compile(r"(?i)\b(?:https?|ftps?|s3|gs)://([^/\s'\":]+)|\b(\d{1,3}(?:\.\d{1,3}){3})\b")


def _sent_on(a, cmd: Cmd) -> tuple[str, str] | None:
    """(the program, the host) when a later stage of the pipeline `cmd` is in sends what it reads to an outsider:
    neither this machine, this network, nor a domain the command names as the organisation's."""
    node = cmd.node
    while node.parent is not None and node.parent.type in ("redirected_statement",):
        node = node.parent
    pipe = node.parent
    if pipe is None or pipe.type != "pipeline":
        return None
    after = False
    text = input_text(a)
    for stage in pipe.named_children:
        if stage == node:
            after = True
            continue
        if not after:
            continue
        words = _src(a, stage).split()
        while words and words[0] in ("sudo", "env", "command", "exec", "nohup", "timeout") or \
                words and (words[0].startswith("-") or "=" in words[0]):
            words = words[1:]
        if not words or words[0].rsplit("/", 1)[-1] not in _SENDERS:
            continue
        for m in _STAGE_URL.finditer(" ".join(words[1:])):
            host = (m.group(1) or m.group(2) or "").lower()
            own = mt.own_domains(text, skip=[m.group(0)])
            if host and mt.outside(host, own):
                return words[0].rsplit("/", 1)[-1], host
    return None


# command name -> [fn(a, cmd)]
HANDLERS: dict = {
    "postconf": [_postconf],
    **{n: [_mailer] for n in ("swaks", "mail", "mailx", "s-nail", "sendmail", "msmtp", "mutt", "neomutt", "sendemail",
                              "ssmtp")},
    "curl": [_send_api], "http": [_send_api], "https": [_send_api], "wget": [_send_api],
    "mailman": [_mailman], "rmlist": [_rmlist], "doveadm": [_doveadm],
    **{n: [_archived] for n in ("tar", "gtar", "bsdtar", "zip", "7z", "7za", "cpio", "rsync")},
}
_API_HOSTS = mentions("api.sendgrid.com", "mailgun.net", "api.postmarkapp.com", "api.sparkpost.com",
                      "api.mailjet.com", "api.brevo.com", "api.sendinblue.com", "api.resend.com")
_FOLDERS = mentions("/etc/postfix", "/etc/dovecot", "/etc/opendkim", "/etc/rspamd", "/etc/dkimkeys", "/etc/exim",
                    "/etc/mail", "/etc/courier", "/etc/opendmarc", "/var/lib/rspamd")
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {
    "postconf": mentions("="),
    **{n: mentions("http") for n in ("swaks", "mail", "mailx", "s-nail", "sendmail", "msmtp", "mutt", "neomutt",
                                     "sendemail", "ssmtp")},
    "curl": _API_HOSTS, "http": _API_HOSTS, "https": _API_HOSTS, "wget": _API_HOSTS,
    "mailman": mentions("remove", "addmembers", "syncmembers"), "rmlist": lambda text: True,
    "doveadm": mentions("expunge", "delete", "fetch"),
    **{n: _FOLDERS for n in ("tar", "gtar", "bsdtar", "zip", "7z", "7za", "cpio", "rsync")},
}
