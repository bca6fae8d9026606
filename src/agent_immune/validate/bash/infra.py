"""Operations that destroy state outside the working tree: cloud resources, infrastructure
managed as code, cluster objects, container volumes, databases and backups. Rule
`irreversible` (review): a person says whether it is meant."""
from __future__ import annotations

HANDLERS: dict = {}
# name -> check on the command text (quotes and backslashes removed): False only when no handler
# here could report anything for that text (bash/fastpath.py merges these into its screens)
SCREENS: dict = {}
