"""Mail servers and sending services administered from code (SMTP, IMAP, SendGrid, Mailgun, Postmark, SES), from Python (session 23)."""
from __future__ import annotations


class Mail:
    def visit_mail(self, q: str | None, fn, meth: str | None, name: str | None, node, pos: list) -> None:
        """A call (`name` is its last name): settled by its name before anything else is read."""
        return
