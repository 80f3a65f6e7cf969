#!/usr/bin/env python3
"""The floor of a no-op plan of Stacks/firehose-demo.yaml: the calls streamstack's no-op plan
makes (the account id; each resource's settings, every setting AWS reports being compared or
shown; the tagging API's listing of what carries the stack's tag, with the tags), made
concurrently with boto3. Prints the number of calls and, with --warm, the median time of the
batch in a warm process (clients made and connections open: the calls' time alone), in
seconds. Reads AWS_ENDPOINT_URL and the credentials from the environment."""
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3

sts, kinesis, s3, iam, firehose, tagging = (
    boto3.client(name) for name in ("sts", "kinesis", "s3", "iam", "firehose", "resourcegroupstaggingapi"))
region = boto3.session.Session().region_name
role = f"streamstack-firehose-demo-delivery-{region}"


def batch():
    account = sts.get_caller_identity()["Account"]
    bucket = f"firehose-demo-{account}"
    calls = [
        lambda: kinesis.describe_stream_summary(StreamName="stream1"),
        lambda: firehose.describe_delivery_stream(DeliveryStreamName="stream1-to-s3"),
        lambda: iam.get_role(RoleName=role),
        lambda: iam.list_role_policies(RoleName=role),
        lambda: iam.get_role_policy(RoleName=role, PolicyName="firehose-delivery"),
        lambda: iam.list_attached_role_policies(RoleName=role),
        # What the stack owns but the file may no longer declare, with every resource's tags.
        lambda: tagging.get_resources(
            TagFilters=[{"Key": "streamstack:stack", "Values": ["firehose-demo"]}],
            ResourceTypeFilters=["kinesis:stream", "s3", "firehose:deliverystream"],
            ResourcesPerPage=100),
        lambda: iam.list_roles(PathPrefix=f"/streamstack/firehose-demo/{region}/"),
        lambda: s3.head_bucket(Bucket=bucket),
        lambda: s3.get_bucket_ownership_controls(Bucket=bucket),
        lambda: s3.get_public_access_block(Bucket=bucket),
        lambda: s3.get_bucket_versioning(Bucket=bucket),
        lambda: s3.get_bucket_encryption(Bucket=bucket),
        lambda: s3.get_bucket_lifecycle_configuration(Bucket=bucket),
        lambda: s3.get_bucket_policy(Bucket=bucket),
        lambda: s3.get_bucket_notification_configuration(Bucket=bucket),
        lambda: s3.get_bucket_cors(Bucket=bucket),
        lambda: s3.get_bucket_logging(Bucket=bucket),
        lambda: s3.get_bucket_website(Bucket=bucket),
        lambda: s3.get_bucket_replication(Bucket=bucket),
    ]

    def call(function):
        try:
            function()
        except Exception as error:  # "no such configuration" is an answer too
            if "NotFound" not in str(error) and "NoSuch" not in str(error):
                raise

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        list(pool.map(call, calls))
    return len(calls) + 1


count = batch()
if "--warm" in sys.argv:
    times = []
    for _ in range(7):
        started = time.perf_counter()
        batch()
        times.append(time.perf_counter() - started)
    print(count, f"{statistics.median(times):.4f}")
else:
    print(count)
sys.exit(0)
