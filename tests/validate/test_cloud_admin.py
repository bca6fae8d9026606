"""cloud_admin.py: administrator rights granted in a cloud account are held (privilege-escalation, review)."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_reviewed
from .test_fastpath_equivalence import assert_same

_ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


@pytest.mark.parametrize("code,lang", [
    (f"aws iam attach-user-policy --user-name svc --policy-arn {_ADMIN}", "bash"),
    ("aws iam attach-role-policy --role-name r --policy-arn arn:aws:iam::aws:policy/IAMFullAccess", "bash"),
    ("aws iam put-user-policy --user-name u --policy-name p --policy-document "
     "'{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}'", "bash"),
    ("gcloud projects add-iam-policy-binding p --member=user:x@example.com --role=roles/owner", "bash"),
    ("az role assignment create --assignee x --role Owner --scope /subscriptions/1", "bash"),
    ("az role assignment create --assignee x --role 'User Access Administrator'", "bash"),
    (f'import boto3\niam = boto3.client("iam")\niam.attach_user_policy(UserName="svc", PolicyArn="{_ADMIN}")', "python"),
    (f'import {{ IAMClient, AttachRolePolicyCommand }} from "@aws-sdk/client-iam";\nconst c = new IAMClient({{}});\n'
     f'await c.send(new AttachRolePolicyCommand({{ RoleName: "r", PolicyArn: "{_ADMIN}" }}));', "typescript"),
    (f'const AWS = require("aws-sdk");\nnew AWS.IAM().attachUserPolicy({{ UserName: "u", PolicyArn: "{_ADMIN}" }}).promise();',
     "typescript"),
])
def test_admin_grants_are_held(code: str, lang: str) -> None:
    assert_reviewed(code, "privilege-escalation", lang)
    if lang == "bash":
        assert_same(code)


@pytest.mark.parametrize("code,lang", [
    ("aws iam attach-role-policy --role-name r --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess", "bash"),
    ("aws iam list-attached-user-policies --user-name svc", "bash"),
    ("gcloud projects add-iam-policy-binding p --member=serviceAccount:ci@p.iam.gserviceaccount.com "
     "--role=roles/storage.objectViewer", "bash"),
    ("az role assignment create --assignee x --role Reader", "bash"),
    ("aws iam get-policy --policy-arn " + _ADMIN, "bash"),
    ('import boto3\nboto3.client("iam").attach_role_policy(RoleName="r", '
     'PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")', "python"),
])
def test_narrow_grants_and_reads_stay_allowed(code: str, lang: str) -> None:
    assert_allowed(code, lang)
    if lang == "bash":
        assert_same(code)
