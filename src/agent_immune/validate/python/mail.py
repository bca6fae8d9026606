"""Mail servers and sending services administered from code (SMTP, IMAP, SendGrid, Mailgun, Postmark, SES), from Python (session 23).

Whose address is read as mail_tables says. Here:

- a message sent in a loop (`for row in csv.DictReader(…): … s.send_message(msg)`) whose text asks its readers to
  sign in, verify or pay at a host that is not the sender's: blocked as phishing;
- an IMAP login as another user through a Dovecot master user (`"ceo@acme.com*" + master`): reviewed, and blocked
  when the script also sends what it reads to an outsider;
- a request to a sending service that adds a route forwarding its mail, or points an event or inbound hook, at an
  outsider (mail_tables.hook_finding): blocked, or reviewed when nothing names the organisation.
"""
from __future__ import annotations

import re

from ..per_input import holds, in_input
from .. import mail_tables as mt
from ..loops import in_loop

_SENDS = frozenset({"send_message", "sendmail", "send", "send_email", "send_raw_email", "send_bulk_email",
                    "send_templated_email", "send_bulk_templated_email", "send_mail", "send_mass_mail", "create"})
_REQUESTS = frozenset({"post", "put", "patch", "request"})
_NAMES = _SENDS | _REQUESTS | {"login"}
_LOOPS = frozenset({"for_statement", "while_statement", "list_comprehension", "generator_expression",
                    "set_comprehension", "dictionary_comprehension"})
_BOUNDS = frozenset({"function_definition", "class_definition"})
_MAIL_CODE = re.compile(rb"smtplib|sendgrid|postmark|mailgun|boto3|aiosmtplib|yagmail|django\.core\.mail|flask_mail|"
                        rb"resend|sparkpost|mailjet|brevo|sib_api")
_API = re.compile(r"(?i)https?://api(?:\.eu|\.us)?\.(?:sendgrid\.com|mailgun\.net|postmarkapp\.com|sparkpost\.com|"
                  r"mailjet\.com|brevo\.com|resend\.com)(/[^\"'?#\s]*)?")
_HOOK_PATH = re.compile(r"(?i)/webhooks?\b|/routes\b|/inbound|/parse/settings|/servers?(?:/\d+)?$|/server$")
_SEND_PATH = re.compile(r"(?i)/mail/send|/messages(?:\.mime)?$|/email(?:/batch|/withTemplate)?$|/emails(?:/batch)?$")
# what a script that read a mailbox does with it: uploads it
_UPLOADS = re.compile(r"""(?:requests|httpx|session|s|client)\.(?:put|post|patch)\(\s*f?["'](https?://[^"'\s/]+)|"""
                      r"""urlopen\(\s*(?:Request\(\s*)?f?["'](https?://[^"'\s/]+)""")


_IMAP = re.compile(rb"(?i)imap")


class Mail:
    def visit_mail(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        if name is None or name not in _NAMES:
            return
        data = self.doc.data
        if name in _SENDS:
            if meth is not None and in_input(_MAIL_CODE, data) and in_loop(node, _LOOPS, _BOUNDS):
                found = mt.phishing(data.decode("utf-8", "replace"))
                if found:
                    self.block("phishing", mt.phishing_message(self.src(fn), found), node)
        elif name == "login":
            if meth is not None and pos and in_input(_IMAP, data) and holds(data, b"*"):
                self._master_login(node, pos[0])
        elif holds(data, b"/webhooks") or holds(data, b"/routes") or holds(data, b"/inbound") or holds(data, b"/server"):
            self._hook_request(fn, node)
        elif holds(data, b"/mail/send") or holds(data, b"/messages") or holds(data, b"/email"):
            m = _API.search(self.src(node))
            if m is not None and _SEND_PATH.search(m.group(1) or "") and in_loop(node, _LOOPS, _BOUNDS):
                found = mt.phishing(data.decode("utf-8", "replace"))
                if found:
                    self.block("phishing", mt.phishing_message(self.src(fn), found), node)

    def _master_login(self, node, user) -> None:
        """`M.login("ceo@acme.com*" + os.environ["DOVECOT_MASTER_USER"], …)`: Dovecot's master user login, as the
        owner of the mailbox before the `*`."""
        text = self.src(user)
        m = re.search(r"""["']([^"'\s*]+)\*""", text)
        if m is None:
            return
        who = m.group(1)
        doc = self.doc.data.decode("utf-8", "replace")
        hosts = [h for t in _UPLOADS.findall(doc) for h in t if h]
        own = mt.own_domains(doc, skip=hosts)
        out = next((h.split("//", 1)[1] for h in hosts if mt.outside(h.split("//", 1)[1], own)), None)
        if out:
            self.block("exfiltration", f"the script logs in to {who}'s mailbox with a Dovecot master user (`{who}*…`) "
                                       f"and sends what it reads to {out}: another person's mail handed to an "
                                       "outsider; keep mail on the server", node)
        else:
            self.review("privilege-escalation", f"the script logs in to {who}'s mailbox with a Dovecot master user "
                                                f"(`{who}*…`), reading another person's mail as them; a person should "
                                                "confirm it", node)

    def _hook_request(self, fn, node) -> None:
        text = self.src(node)
        m = _API.search(text)
        if m is None or not _HOOK_PATH.search(m.group(1) or ""):
            return
        verb = self.src(fn).rpartition(".")[2]
        found = mt.hook_finding(f"{self.src(fn)}({m.group(0)})", text, self.doc.data.decode("utf-8", "replace"),
                                replaces=verb in ("put", "patch") or "/settings" in (m.group(1) or ""))
        if found:
            getattr(self, found[0])(found[1], found[2], node)
