"""Walks every string and number key of the stack language and compares what
validation accepts with the botocore members the value is sent as: AWS's min, max and pattern
must take whatever streamstack takes, or a stack that validates offline fails at apply.
Each key is either mapped to the members it is sent as, or excused with the reason it is not
sent as it is written. A key that is neither is a problem too, so that a new key is walked.
Usage: model_walk.py KEYS.json, a list of {path, type, minLength, maxLength, pattern, minimum,
maximum} as validation checks them; prints a JSON list of problems."""
import json
import sys

import botocore.session
import regex

# Key path (a resource type's keys under '#type', list items as '[]', map values as '*') ->
# botocore members, as 'service:Shape.Member' ('.value' for a map's values, '[]' for a list's
# items).
SENT_AS = {
    "#kinesis.stream.name": ["kinesis:CreateStreamInput.StreamName"],
    "#kinesis.stream.shards": [
        "kinesis:CreateStreamInput.ShardCount", "kinesis:UpdateShardCountInput.TargetShardCount"],
    "#kinesis.stream.retention_hours": [
        "kinesis:IncreaseStreamRetentionPeriodInput.RetentionPeriodHours",
        "kinesis:DecreaseStreamRetentionPeriodInput.RetentionPeriodHours"],
    "#kinesis.stream.encryption.kms_key_id": ["kinesis:StartStreamEncryptionInput.KeyId"],
    "#kinesis.stream.tags.*": ["kinesis:CreateStreamInput.Tags.value"],
    "#firehose.delivery_stream.name": ["firehose:CreateDeliveryStreamInput.DeliveryStreamName"],
    "#firehose.delivery_stream.role_arn": ["firehose:ExtendedS3DestinationConfiguration.RoleARN"],
    "#firehose.delivery_stream.source.kinesis_stream": [
        "firehose:KinesisStreamSourceConfiguration.KinesisStreamARN"],
    "#firehose.delivery_stream.s3.bucket": ["firehose:ExtendedS3DestinationConfiguration.BucketARN"],
    "#firehose.delivery_stream.s3.prefix": ["firehose:ExtendedS3DestinationConfiguration.Prefix"],
    "#firehose.delivery_stream.s3.error_output_prefix": [
        "firehose:ExtendedS3DestinationConfiguration.ErrorOutputPrefix"],
    "#firehose.delivery_stream.s3.buffering.size_mb": ["firehose:BufferingHints.SizeInMBs"],
    "#firehose.delivery_stream.s3.buffering.interval_seconds": [
        "firehose:BufferingHints.IntervalInSeconds"],
    "#firehose.delivery_stream.s3.custom_time_zone": [
        "firehose:ExtendedS3DestinationConfiguration.CustomTimeZone"],
    "#firehose.delivery_stream.s3.file_extension": [
        "firehose:ExtendedS3DestinationConfiguration.FileExtension"],
    "#firehose.delivery_stream.s3.encryption.kms_key_arn": ["firehose:KMSEncryptionConfig.AWSKMSKeyARN"],
    "#firehose.delivery_stream.s3.logging.log_group": [
        "firehose:CloudWatchLoggingOptions.LogGroupName", "logs:CreateLogGroupRequest.logGroupName"],
    "#firehose.delivery_stream.s3.logging.log_stream": [
        "firehose:CloudWatchLoggingOptions.LogStreamName", "logs:CreateLogStreamRequest.logStreamName"],
    "#firehose.delivery_stream.s3.dynamic_partitioning.retry_duration_seconds": [
        "firehose:RetryOptions.DurationInSeconds"],
    "#firehose.delivery_stream.s3.dynamic_partitioning.partition_keys.*": [
        "firehose:ProcessorParameter.ParameterValue"],
    "#firehose.delivery_stream.s3.transformation.lambda_arn": [
        "firehose:ProcessorParameter.ParameterValue"],
    "#firehose.delivery_stream.s3.format_conversion.schema.database": [
        "firehose:SchemaConfiguration.DatabaseName", "glue:DatabaseInput.Name"],
    "#firehose.delivery_stream.s3.format_conversion.schema.table": [
        "firehose:SchemaConfiguration.TableName", "glue:TableInput.Name"],
    "#firehose.delivery_stream.s3.format_conversion.schema.columns[].name": ["glue:Column.Name"],
    "#firehose.delivery_stream.s3.format_conversion.schema.columns[].type": ["glue:Column.Type"],
    "#firehose.delivery_stream.s3.backup.bucket": ["firehose:S3DestinationConfiguration.BucketARN"],
    "#firehose.delivery_stream.s3.backup.prefix": ["firehose:S3DestinationConfiguration.Prefix"],
    "#firehose.delivery_stream.s3.backup.error_output_prefix": [
        "firehose:S3DestinationConfiguration.ErrorOutputPrefix"],
    "#firehose.delivery_stream.s3.backup.buffering.size_mb": ["firehose:BufferingHints.SizeInMBs"],
    "#firehose.delivery_stream.s3.backup.buffering.interval_seconds": [
        "firehose:BufferingHints.IntervalInSeconds"],
    "#firehose.delivery_stream.tags.*": ["firehose:Tag.Value"],
    "#s3.bucket.name": ["s3:CreateBucketRequest.Bucket"],
    "#s3.bucket.encryption.kms_key_id": ["s3:ServerSideEncryptionByDefault.KMSMasterKeyID"],
    "#s3.bucket.lifecycle[].id": ["s3:LifecycleRule.ID"],
    "#s3.bucket.lifecycle[].prefix": ["s3:LifecycleRuleFilter.Prefix"],
    "#s3.bucket.lifecycle[].expire_after_days": ["s3:LifecycleExpiration.Days"],
    "#s3.bucket.lifecycle[].transition.after_days": ["s3:Transition.Days"],
    "#s3.bucket.lifecycle[].abort_incomplete_uploads_after_days": [
        "s3:AbortIncompleteMultipartUpload.DaysAfterInitiation"],
    "#s3.bucket.lifecycle[].noncurrent_versions_expire_after_days": [
        "s3:NoncurrentVersionExpiration.NoncurrentDays"],
    "#s3.bucket.tags.*": ["s3:Tag.Value"],
    ".tags.*": [
        "kinesis:CreateStreamInput.Tags.value", "firehose:Tag.Value", "s3:Tag.Value",
        "iam:Tag.Value", "logs:CreateLogGroupRequest.tags.value", "cloudwatch:Tag.Value"],
    ".lock.bucket": ["s3:CreateBucketRequest.Bucket"],
    ".monitoring.notify": ["cloudwatch:PutMetricAlarmInput.AlarmActions[]"],
}
for alarm in ["conversion_failures", "data_freshness", "delivery_success", "iterator_age",
              "partition_count_exceeded", "read_throttles", "throttled_records",
              "transformation_success", "write_throttles"]:
    SENT_AS[f".monitoring.{alarm}.threshold"] = ["cloudwatch:PutMetricAlarmInput.Threshold"]
    SENT_AS[f".monitoring.{alarm}.period_seconds"] = ["cloudwatch:PutMetricAlarmInput.Period"]
    SENT_AS[f".monitoring.{alarm}.evaluation_periods"] = [
        "cloudwatch:PutMetricAlarmInput.EvaluationPeriods"]
    SENT_AS[f".monitoring.{alarm}.datapoints_to_alarm"] = [
        "cloudwatch:PutMetricAlarmInput.DatapointsToAlarm"]

# Keys not sent as written, and why.
NOT_SENT = {
    ".stack": "names the stack: a tag value and part of names, each checked at its own key",
    ".region": "chooses the endpoint",
    ".description": "the file's own note",
    ".variables.*": "substituted into other keys, checked there",
    ".cost.average_record_bytes": "the estimate's assumption",
    ".cost.records_per_second": "the estimate's assumption",
    "#resource.depends_on[]": "orders the stack's resources",
    "#firehose.delivery_stream.s3.transformation.buffer_size_mb":
        "a processor parameter's text, bounded by the Firehose guide's data transformation page",
    "#firehose.delivery_stream.s3.transformation.buffer_interval_seconds":
        "a processor parameter's text, bounded by the Firehose guide's data transformation page",
    "#firehose.delivery_stream.s3.transformation.retries":
        "a processor parameter's text, bounded by the Firehose guide's data transformation page",
}

# Values whose acceptance is compared: any streamstack takes must be taken by AWS.
PROBES = [
    "", " ", "a", "A", "z9", "abc", "ABC", "a-b", "a_b", "a.b", "a/b", "a b", "a+b", "a:b", "a*b",
    "a#b", "a$b", "a,b", "a=b", "a@b", "a!b", "(a)", "'a'", "ü", "tab\t", "line\nbreak",
    "Etc/GMT+3", "America/Sao_Paulo", "UTC", ".json", ".JSON", ".gz.parquet", "raw/", "/raw",
    "raw/!{timestamp:yyyy}/", "errors/!{firehose:error-output-type}/", ".event_type",
    "arn:aws:kinesis:sa-east-1:123456789012:stream/s",
    "arn:aws:s3:::bucket", "arn:aws:iam::123456789012:role/r",
    "arn:aws:kms:sa-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
    "arn:aws:lambda:sa-east-1:123456789012:function:f",
    "arn:aws:lambda:sa-east-1:123456789012:function:f:$LATEST",
    "arn:aws:sns:sa-east-1:123456789012:topic", "alias/key", "my.bucket", "my-bucket",
    "string", "decimal(10,2)", "array<string>", "struct<a:int>", "events", "my_table",
]

session = botocore.session.get_session()
models = {}


def member_shape(spec):
    service, path = spec.split(":", 1)
    if service not in models:
        models[service] = session.get_service_model(service)
    model = models[service]
    shape_name, _, rest = path.partition(".")
    shape = model.shape_for(shape_name)
    for step in rest.split("."):
        list_item = step.endswith("[]")
        name = step[:-2] if list_item else step
        shape = shape.value if name == "value" else shape.members[name]
        if list_item:
            shape = shape.member
    return shape


def takes(rule, value):
    if len(value) < rule.get("minLength", 0):
        return False
    if "maxLength" in rule and len(value) > rule["maxLength"]:
        return False
    pattern = rule.get("pattern")
    return pattern is None or regex.fullmatch(pattern, value) is not None


def java_pattern(pattern):
    """AWS's patterns are Java's: \\p{L} classes (which the regex module reads), UTF-16
    surrogate pairs for the supplementary planes, and a '-' after a class as a literal."""
    pattern = pattern.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\U00010000-\\U0010FFFF")
    return pattern.replace("[\\w-_]", "[\\w\\-_]")


def aws_takes(shape, value):
    metadata = shape.metadata
    if len(value) < metadata.get("min", 0):
        return False
    if "max" in metadata and len(value) > metadata["max"]:
        return False
    pattern = metadata.get("pattern")
    return pattern is None or regex.fullmatch(java_pattern(pattern), value) is not None


def compare(path, rule, spec, problems):
    where = f"{path} (sent as {spec})"
    try:
        shape = member_shape(spec)
    except (KeyError, AttributeError) as error:
        problems.append(f"{where}: botocore's model has no such member ({error})")
        return
    metadata = shape.metadata
    if shape.type_name == "string":
        if rule.get("type") != "string":
            problems.append(f"{where}: a {rule.get('type')} key sent as a string member")
            return
        if rule.get("minLength", 0) < metadata.get("min", 0):
            problems.append(f"{where}: takes {rule.get('minLength', 0)} characters, AWS at least {metadata['min']}")
        if "max" in metadata and rule.get("maxLength", 10**9) > metadata["max"]:
            problems.append(f"{where}: takes up to {rule.get('maxLength', 'any number of')} characters, AWS at most {metadata['max']}")
        for probe in PROBES:
            if takes(rule, probe) and not aws_takes(shape, probe):
                problems.append(f"{where}: takes {probe!r}, which AWS's pattern {metadata.get('pattern')!r} refuses")
    elif shape.type_name in ("integer", "long", "double", "float"):
        if rule.get("type") not in ("integer", "number"):
            problems.append(f"{where}: a {rule.get('type')} key sent as a number member")
            return
        if "min" in metadata and rule.get("minimum", -10**18) < metadata["min"]:
            problems.append(f"{where}: takes {rule.get('minimum')}, AWS at least {metadata['min']}")
        if "max" in metadata and rule.get("maximum", 10**18) > metadata["max"]:
            problems.append(f"{where}: takes {rule.get('maximum')}, AWS at most {metadata['max']}")
    else:
        problems.append(f"{where}: member of type {shape.type_name}, not a string or number")


def main():
    keys = json.load(open(sys.argv[1]))
    found = {}
    for key in keys:
        found.setdefault(key["path"], []).append(key)
    problems = []
    for path, rules in sorted(found.items()):
        if path in NOT_SENT:
            continue
        if path not in SENT_AS:
            problems.append(f"{path}: neither mapped to the AWS members it is sent as nor excused")
            continue
        for rule in rules:
            for spec in SENT_AS[path]:
                compare(path, rule, spec, problems)
    for path in sorted(set(SENT_AS) | set(NOT_SENT)):
        if path not in found:
            problems.append(f"{path}: mapped here but no longer a key of the language")
    print(json.dumps(problems))


main()
