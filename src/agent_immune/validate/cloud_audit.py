"""A cloud account's audit switched off (rule `anti-forensics`): the AWS operations that stop the account recording
what happens in it, read by the shell rules in the CLI's spelling (bash/cloud.py: `aws cloudtrail stop-logging`) and
by the Python rules in boto3's (python/irreversible.py: `client.stop_logging()`). One table, so the two cannot drift.
"""
from __future__ import annotations

# operation (the CLI's spelling) -> (the CLI's service word, boto3's client name, what stops being recorded)
AWS_AUDIT_OFF = {
    "stop-logging": ("cloudtrail", "cloudtrail",
                     "stops the CloudTrail trail: no API call in the account is recorded from now on"),
    "delete-trail": ("cloudtrail", "cloudtrail",
                     "deletes the CloudTrail trail: no API call in the account is recorded from now on"),
    "delete-detector": ("guardduty", "guardduty",
                        "deletes the GuardDuty detector, with its findings: threats in the account go unreported"),
    "disable-security-hub": ("securityhub", "securityhub", "turns Security Hub off, with its findings"),
    "stop-configuration-recorder": ("configservice", "config",
                                    "stops AWS Config recording changes to the account's resources"),
    "delete-configuration-recorder": ("configservice", "config", "deletes AWS Config's recorder: changes to the "
                                                                 "account's resources are no longer recorded"),
    "delete-delivery-channel": ("configservice", "config",
                                "deletes AWS Config's delivery channel: its records go nowhere"),
    "delete-flow-logs": ("ec2", "ec2", "deletes VPC flow logs: the network traffic of the account is no longer "
                                       "recorded"),
    "disable-organization-admin-account": ("guardduty", "guardduty",
                                           "removes the account that watches the organisation's GuardDuty findings"),
}
# boto3's method -> (its client's service, what stops being recorded)
SDK_AUDIT_OFF = {op.replace("-", "_"): (sdk, loss) for op, (_, sdk, loss) in AWS_AUDIT_OFF.items()}
DETECTOR_DISABLED = "disables the GuardDuty detector: threats in the account go unreported"
FIX = ("audit logs are what shows what happened in the account; leave them on (if their cost is the problem, let "
       "the user change it)")
