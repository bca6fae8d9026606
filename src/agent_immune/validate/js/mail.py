"""Mail servers and sending services administered from code (SMTP, IMAP, SendGrid, Mailgun, Postmark, SES), from TypeScript and JavaScript (session 23)."""
from __future__ import annotations


class Mail:
    def visit_mail(self, q: str | None, fn, prop, node, args: list) -> None:
        """A call (`prop` is the property node of a member call): settled by its name before anything else is read."""
        return
