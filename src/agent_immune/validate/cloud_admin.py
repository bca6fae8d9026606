"""Administrator rights granted in a cloud account (rule `privilege-escalation`, review): a poisoned agent's
backdoor is a user or role that can do anything there, with a key sent to whoever asked for it. The same
reading for the shell (bash/infra.py: `aws iam attach-user-policy`, `gcloud … add-iam-policy-binding`,
`az role assignment create`) and the SDKs (boto3's `attach_user_policy`, the JavaScript SDK's
`AttachUserPolicyCommand`).

Read by the policy granted: AWS's `AdministratorAccess` and `IAMFullAccess` (which can grant itself the
rest), a policy document allowing every action, Google Cloud's basic `owner`/`editor` roles and the roles
that administer IAM, Azure's `Owner` and `User Access Administrator`. Narrower grants stay allowed.
"""
from __future__ import annotations

import re

ADMIN = re.compile(r"arn:aws:iam::aws:policy/(?:AdministratorAccess|IAMFullAccess)\b|"
                   r"[\"']?Action[\"']?\s*:\s*(?:\[\s*)?[\"']\*[\"']|"
                   r"roles/(?:owner|editor|resourcemanager\.projectIamAdmin|iam\.securityAdmin|"
                   r"resourcemanager\.organizationAdmin)\b")
AZURE_ADMIN = frozenset({"owner", "user access administrator"})
# the calls that attach or write a policy, in the shell's spelling and the SDKs'
AWS_OPS = frozenset({"attach-user-policy", "attach-role-policy", "attach-group-policy", "put-user-policy",
                     "put-role-policy", "put-group-policy", "create-policy-version"})
_CAMEL = frozenset("".join(p.title() for p in op.split("-")) for op in AWS_OPS)
# boto3's snake_case methods, the JavaScript SDK's v3 commands and v2 camelCase methods
SDK_CALLS = frozenset(op.replace("-", "_") for op in AWS_OPS) | frozenset(c + "Command" for c in _CAMEL) | frozenset(
    c[0].lower() + c[1:] for c in _CAMEL)


def message(shown: str) -> str:
    return (f"`{shown}` grants administrator rights in the cloud account: whoever holds that identity (and any "
            "key made for it) can do anything there. A person should confirm; grant the narrower policy the task "
            "needs")


# -- a code host's repositories handed to another account --------------------------------------------------------
# GitHub's repository permissions that let a collaborator push or administer (`pull` and `triage` only read and
# label); `push` is what the API gives when none is named
REPO_CONTROL = frozenset({"admin", "maintain", "push", "write"})
REPO_ADMIN = frozenset({"admin", "maintain"})


def collaborator_message(shown: str, user: str, permission: str, every: bool) -> str:
    """Why adding `user` as a collaborator with `permission` is held; `every`: on each repository of a loop."""
    if every:
        return (f"`{shown}` gives {user} {permission} rights on every repository the loop goes over: another account "
                "gets control of all of the user's code, and can push to it or take it "
                "over; add one collaborator to one named repository, with the narrowest permission, after a person "
                "confirms")
    return (f"`{shown}` gives {user} {permission} rights on the repository: that account can change its settings, "
            "secrets and protections. A person should confirm; grant `push` or less when that is what the task needs")
