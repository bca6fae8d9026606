"""Mail servers and sending services administered from code (SMTP, IMAP, SendGrid, Mailgun, Postmark, SES), from TypeScript and JavaScript (session 23).

Whose address is read as mail_tables says. Here:

- a message sent in a loop (`for (const to of staff) await t.sendMail({…})`, a `forEach` callback) whose text asks its
  readers to sign in, verify or pay at a host that is not the sender's: blocked as phishing;
- a Postmark or Mailgun hook or route pointed at an outsider (`createWebhook({ Url })`, `editServer({ InboundHookUrl
  })`, `routes.create({ action: ["forward(…)"] })`): blocked when the organisation is named or the old hooks are
  deleted first (a replacement), reviewed otherwise;
- a Mailgun domain, list, route or suppression list destroyed, a Postmark server, domain or sender signature deleted:
  reviewed `irreversible`.
"""
from __future__ import annotations

import re

from .. import mail_tables as mt
from ..loops import in_js_loop
from ..per_input import decoded, holds, in_input

_SENDS = frozenset({"sendMail", "send", "sendEmail", "sendEmailBatch", "sendEmailWithTemplate",
                    "sendEmailBatchWithTemplates", "create", "sendMultiple"})
_HOOKS = frozenset({"createWebhook", "editWebhook", "editServer", "createInboundRuleTrigger"})
# a Mailgun resource destroyed, a Postmark account's server, domain or signature deleted -> what is lost
_LOSS = {"domains": "the Mailgun domain with its settings, routes, logs and stored messages",
         "lists": "the Mailgun mailing list with its members", "routes": "the Mailgun route",
         "suppressions": "the suppression list entries (bounces, unsubscribes, complaints): mail goes again to "
                         "people who asked for none",
         "deleteServer": "the Postmark server with its message streams, templates and history",
         "deleteDomain": "the Postmark domain with its DKIM and return-path setup",
         "deleteSenderSignature": "the Postmark sender signature"}
_NAMES = _SENDS | _HOOKS | {"destroy", "deleteServer", "deleteDomain", "deleteSenderSignature"}
_MAIL_CODE = re.compile(rb"nodemailer|@sendgrid|postmark|mailgun|resend|client-sesv?2|sparkpost|mailjet|brevo|"
                        rb"emailjs|smtp")


class Mail:
    def visit_mail(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        if prop is None:
            return
        name = self.src(prop)
        if name not in _NAMES:
            return
        data = self.doc.data
        if not in_input(_MAIL_CODE, data):
            return
        if name in _HOOKS or name == "create" and holds(data, b"forward(") and ".routes" in self.src(fn):
            doc = decoded(data)
            replaces = name == "editServer" or holds(data, b"deleteWebhook") or holds(data, b"webhooks.destroy")
            found = mt.hook_finding(self.src(fn), self.src(node), doc, replaces)
            if found:
                getattr(self, found[0])(found[1], found[2], node)
            return
        if name == "destroy":
            group = re.search(r"\.(domains|lists|routes|suppressions)(?:\.\w+)?\.destroy$", self.src(fn))
            if group is not None and holds(data, b"mailgun"):
                self._lost(fn, node, _LOSS[group.group(1)])
            return
        if name in _LOSS:
            if holds(data, b"postmark"):
                self._lost(fn, node, _LOSS[name])
            return
        if in_js_loop(node):
            found = mt.phishing(decoded(data))
            if found:
                self.block("phishing", mt.phishing_message(self.src(fn), found), node)

    def _lost(self, fn, node, what: str) -> None:
        self.review("irreversible", f"`{self.src(fn)}` deletes {what}, with no undo; let the user delete it", node)
