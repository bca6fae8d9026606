"""Operations that lose work or history for good: git (uncommitted work discarded, shared history
overwritten), code hosts (repositories, releases deleted or made public) and package registries
(versions unpublished). Rule `irreversible` (review): a person says whether it is meant."""
from __future__ import annotations

HANDLERS: dict = {}
# name -> check on the command text (quotes and backslashes removed): False only when no handler
# here could report anything for that text (bash/fastpath.py merges these into its screens)
SCREENS: dict = {}
