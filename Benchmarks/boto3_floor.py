#!/usr/bin/env python3
"""The practical floor of a no-op plan of Stacks/firehose-demo.yaml: the calls that such a plan
cannot do without, made concurrently with boto3. That is the account id, each resource's
settings and tags, and, since there is no state file, the listing of what carries the stack's
tag (to find resources removed from the file). Prints the number of calls. Reads
AWS_ENDPOINT_URL and the credentials from the environment."""
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3

account = boto3.client("sts").get_caller_identity()["Account"]
bucket = f"firehose-demo-{account}"
kinesis, s3, iam, firehose, tagging = (
    boto3.client(name) for name in ("kinesis", "s3", "iam", "firehose", "resourcegroupstaggingapi"))
region = boto3.session.Session().region_name
role = f"streamstack-firehose-demo-delivery-{region}"
calls = [
    lambda: kinesis.describe_stream_summary(StreamName="stream1"),
    lambda: kinesis.list_tags_for_stream(StreamName="stream1"),
    lambda: s3.head_bucket(Bucket=bucket),
    lambda: s3.get_bucket_ownership_controls(Bucket=bucket),
    lambda: s3.get_public_access_block(Bucket=bucket),
    lambda: s3.get_bucket_versioning(Bucket=bucket),
    lambda: s3.get_bucket_encryption(Bucket=bucket),
    lambda: s3.get_bucket_tagging(Bucket=bucket),
    lambda: iam.get_role(RoleName=role),
    lambda: iam.get_role_policy(RoleName=role, PolicyName="firehose-delivery"),
    lambda: firehose.describe_delivery_stream(DeliveryStreamName="stream1-to-s3"),
    lambda: firehose.list_tags_for_delivery_stream(DeliveryStreamName="stream1-to-s3"),
    # What the stack owns but the file may no longer declare.
    lambda: tagging.get_resources(
        TagFilters=[{"Key": "streamstack:stack", "Values": ["firehose-demo"]}],
        ResourceTypeFilters=["s3", "firehose", "kinesis:stream"]),
    lambda: iam.list_roles(PathPrefix=f"/streamstack/firehose-demo/{region}/"),
]


def call(function):
    try:
        function()
    except Exception as error:  # a missing encryption configuration is an answer too
        if "ServerSideEncryptionConfigurationNotFoundError" not in str(error):
            raise


with ThreadPoolExecutor(max_workers=len(calls)) as pool:
    list(pool.map(call, calls))
print(len(calls) + 1)
sys.exit(0)
