"""Mail servers and sending services: Postfix, Dovecot, OpenDKIM, rspamd, Mailman, swaks, SendGrid, Mailgun, Postmark, SES (session 23)."""
from __future__ import annotations

# command name -> [fn(a, cmd)]
HANDLERS: dict = {}
# command name -> screen(text) -> bool: whether the fast path must send the command on to HANDLERS
SCREENS: dict = {}
