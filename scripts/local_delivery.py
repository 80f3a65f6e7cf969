#!/usr/bin/env python3
"""A stand-in for Firehose's delivery, for the local demo only: moto creates delivery streams
but never moves records from a Kinesis stream into S3. For every delivery stream with a Kinesis
source, this reads the stream from TRIM_HORIZON (every shard, children after their parents),
buffers the records and writes objects into the destination bucket as Firehose does: when the
buffer reaches the stream's size or interval, under `prefix` + `YYYY/MM/DD/HH/` (UTC or the
custom time zone) + `NAME-VERSION-YYYY-MM-DD-HH-MM-SS-RANDOM` when the prefix has no `!{...}`
expressions, with the expressions evaluated when it has (`!{timestamp:...}`,
`!{firehose:random-string}`, `!{partitionKeyFromQuery:KEY}` for `.field` paths); GZIP when the
stream compresses; records one after another, with a newline only when the stream appends a
delimiter. The configuration is read again every cycle, so a changed buffering applies.
Conversion to Parquet or ORC is not simulated: records of such a stream stay JSON, and it says so.

It publishes to CloudWatch the metrics AWS would for what it does, so that `streamstack status`
reads real numbers: Firehose's DataReadFromKinesisStream.Records/.Bytes, DeliveryToS3.Records,
.Bytes, .Success and .DataFreshness (the age of the oldest record not yet delivered), and for the
source stream Kinesis's IncomingRecords/IncomingBytes (at each record's arrival),
GetRecords.Records and GetRecords.IteratorAgeMilliseconds. With --hold it reads and buffers but
delivers nothing, as Firehose does while S3 refuses it: the data freshness then grows.

Reaches the emulator with AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.
Usage: scripts/local_delivery.py [--poll SECONDS] [--only DELIVERY_STREAM ...] [--hold]"""
import argparse
import datetime
import gzip
import json
import os
import random
import re
import signal
import string
import sys
import time
import uuid
import zoneinfo

import boto3
import botocore.config

EXPRESSION = re.compile(r"!\{([^}]*)\}")


def java_to_strftime(pattern):
    """The date patterns Firehose takes (Java's DateTimeFormatter) for the common fields."""
    for java, python in (("yyyy", "%Y"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S")):
        pattern = pattern.replace(java, python)
    return pattern


def query_keys(query):
    """`{type:.event_type,day:.ts}` → {"type": ["event_type"], "day": ["ts"]} for `.a.b` paths."""
    keys = {}
    for part in query.strip().strip("{}").split(","):
        if ":" not in part:
            continue
        name, path = (piece.strip() for piece in part.split(":", 1))
        if re.fullmatch(r"(\.[A-Za-z_][A-Za-z0-9_]*)+", path):
            keys[name] = path.split(".")[1:]
    return keys


def extract(record, path):
    value = record
    for field in path:
        if not isinstance(value, dict) or field not in value:
            return None
        value = value[field]
    return None if isinstance(value, (dict, list)) else str(value)


class Delivery:
    """One delivery stream's reading position and buffers."""

    def __init__(self, name):
        self.name = name
        self.iterators = {}  # shard id → next iterator, None once the shard is closed and read
        self.buffers = {}  # evaluated prefix → {"records": [...], "size": n, "first": datetime}
        self.warned = False

    def read(self, kinesis, stream_name):
        shards = kinesis.list_shards(StreamName=stream_name)["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            if shard_id in self.iterators:
                continue
            parent = shard.get("ParentShardId")
            # A child is read only once its parent is read to its end, so order per key holds.
            if parent and parent in {s["ShardId"] for s in shards} and self.iterators.get(parent, "") is not None:
                continue
            self.iterators[shard_id] = kinesis.get_shard_iterator(
                StreamName=stream_name, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = []
        for shard_id, iterator in list(self.iterators.items()):
            while iterator:
                answer = kinesis.get_records(ShardIterator=iterator, Limit=1000)
                records += answer["Records"]
                iterator = answer.get("NextShardIterator")
                if not answer["Records"]:
                    break
            self.iterators[shard_id] = iterator
        return records


def evaluate(prefix, when, partition, timezone):
    local = when.astimezone(timezone)

    def replace(match):
        namespace, _, argument = match.group(1).partition(":")
        if namespace == "timestamp":
            return local.strftime(java_to_strftime(argument))
        if namespace == "firehose" and argument == "random-string":
            return "".join(random.choices(string.ascii_lowercase + string.digits, k=11))
        if namespace == "partitionKeyFromQuery":
            return partition.get(argument, "")
        return match.group(0)

    if not EXPRESSION.search(prefix):
        return prefix + local.strftime("%Y/%m/%d/%H/")
    return EXPRESSION.sub(replace, prefix)


def publish(cloudwatch, namespace, dimension, name, data):
    """One PutMetricData call of (metric, value, unit[, timestamp]) for one resource."""
    datums = []
    for metric, value, unit, *when in data:
        datum = {"MetricName": metric, "Value": float(value), "Unit": unit,
                 "Dimensions": [{"Name": dimension, "Value": name}]}
        if when:
            datum["Timestamp"] = when[0]
        datums.append(datum)
    for start in range(0, len(datums), 1000):
        cloudwatch.put_metric_data(Namespace=namespace, MetricData=datums[start:start + 1000])


def cycle(session, deliveries, log, only=None, hold=False):
    firehose = session.client("firehose")
    kinesis = session.client("kinesis")
    s3 = session.client("s3")
    # Uncompressed: moto cannot read the gzip bodies botocore sends for large PutMetricData.
    cloudwatch = session.client("cloudwatch", config=botocore.config.Config(disable_request_compression=True))
    now = datetime.datetime.now(datetime.timezone.utc)
    names = firehose.list_delivery_streams(Limit=10000)["DeliveryStreamNames"]
    if only:
        names = [name for name in names if name in only]
    for name in names:
        try:
            deliver(name, firehose, kinesis, s3, cloudwatch, deliveries, now, log, hold)
        except Exception as error:  # one stream's trouble does not hold up the others
            log(f"{name}: {error}")
    for gone in set(deliveries) - set(names):
        del deliveries[gone]


def deliver(name, firehose, kinesis, s3, cloudwatch, deliveries, now, log, hold=False):
    """One cycle of one delivery stream: read new records, write the buffers that are due, and
    publish the metrics AWS would."""
    description = firehose.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]
    source = (description.get("Source") or {}).get("KinesisStreamSourceDescription")
    destinations = description.get("Destinations") or [{}]
    target = destinations[0].get("ExtendedS3DestinationDescription")
    if not source or not target:
        return
    delivery = deliveries.setdefault(name, Delivery(name))
    conversion = target.get("DataFormatConversionConfiguration") or {}
    if conversion.get("Enabled") and not delivery.warned:
        log(f"{name}: Parquet/ORC conversion is not simulated locally; records are written as JSON")
        delivery.warned = True
    hints = target.get("BufferingHints") or {}
    size_limit = hints.get("SizeInMBs", 5) * 1024 * 1024
    interval = hints.get("IntervalInSeconds", 300)
    timezone = zoneinfo.ZoneInfo(target.get("CustomTimeZone") or "UTC")
    prefix = target.get("Prefix") or ""
    processors = ((target.get("ProcessingConfiguration") or {}).get("Processors")) or []
    partitioning = (target.get("DynamicPartitioningConfiguration") or {}).get("Enabled", False)
    delimiter = any(p.get("Type") == "AppendDelimiterToRecord" for p in processors)
    query = next((parameter["ParameterValue"] for p in processors if p.get("Type") == "MetadataExtraction"
                  for parameter in p.get("Parameters", []) if parameter["ParameterName"] == "MetadataExtractionQuery"), "")
    keys = query_keys(query) if partitioning else {}
    stream_name = source["KinesisStreamARN"].split("/")[-1]
    try:
        records = delivery.read(kinesis, stream_name)
    except kinesis.exceptions.ResourceNotFoundException:
        return
    if records:
        arrivals = [record.get("ApproximateArrivalTimestamp") or now for record in records]
        publish(cloudwatch, "AWS/Kinesis", "StreamName", stream_name,
                [("IncomingRecords", 1, "Count", when) for when in arrivals]
                + [("IncomingBytes", len(r["Data"]), "Bytes", when) for r, when in zip(records, arrivals)]
                + [("GetRecords.Records", len(records), "Count"),
                   ("GetRecords.IteratorAgeMilliseconds",
                    max(0.0, (now - max(arrivals)).total_seconds() * 1000), "Milliseconds")])
        publish(cloudwatch, "AWS/Firehose", "DeliveryStreamName", name,
                [("DataReadFromKinesisStream.Records", len(records), "Count"),
                 ("DataReadFromKinesisStream.Bytes", sum(len(r["Data"]) for r in records), "Bytes")])
    for record in records:
        data = record["Data"]
        partition = {}
        if keys:
            try:
                parsed = json.loads(data)
            except ValueError:
                continue
            partition = {key: extract(parsed, path) or "" for key, path in keys.items()}
        arrival = record.get("ApproximateArrivalTimestamp") or now
        # The prefix is fixed when a buffer opens, from its first record's arrival.
        bucket_key = json.dumps(sorted(partition.items()))
        buffer = delivery.buffers.setdefault(bucket_key, {"records": [], "size": 0, "first": arrival, "partition": partition})
        buffer["records"].append(data + (b"\n" if delimiter else b""))
        buffer["size"] += len(data)
    bucket = target["BucketARN"].split(":::")[-1]
    compression = target.get("CompressionFormat", "UNCOMPRESSED")
    delivered = []
    for bucket_key, buffer in list(delivery.buffers.items()):
        age = (now - buffer["first"]).total_seconds()
        if hold or (buffer["size"] < size_limit and age < interval):
            continue
        body = b"".join(buffer["records"])
        first = buffer["first"]
        stamp = first.astimezone(timezone).strftime("%Y-%m-%d-%H-%M-%S")
        key = evaluate(prefix, first, buffer["partition"], timezone) + \
            f"{name}-{description.get('VersionId', '1')}-{stamp}-{uuid.uuid4()}"
        extension = target.get("FileExtension") or ""
        if compression == "GZIP":
            body = gzip.compress(body)
            extension = extension or ".gz"
        try:
            s3.put_object(Bucket=bucket, Key=key + extension, Body=body)
        except s3.exceptions.ClientError as error:
            if error.response["Error"]["Code"] != "SignatureDoesNotMatch" or not set("=+%") & set(key):
                raise
            # moto cannot check signatures of keys with = + or %; AWS can: drop, and say so.
            log(f"{name}: the local emulator cannot store s3://{bucket}/{key}{extension} "
                "(a key with = + or %); on AWS this prefix works. Dropped.")
            del delivery.buffers[bucket_key]
            continue
        log(f"{name}: delivered {len(buffer['records'])} records to s3://{bucket}/{key}{extension}")
        delivered.append(buffer)
        del delivery.buffers[bucket_key]
    metrics = [("DeliveryToS3.Records", sum(len(b["records"]) for b in delivered), "Count"),
               ("DeliveryToS3.Bytes", sum(b["size"] for b in delivered), "Bytes")]
    if delivered:
        metrics.append(("DeliveryToS3.Success", 1, "None"))
    if delivered or delivery.buffers:
        # The age of the oldest record not yet delivered: what Firehose calls data freshness.
        oldest = min((b["first"] for b in delivery.buffers.values()), default=now)
        metrics.append(("DeliveryToS3.DataFreshness", max(0.0, (now - oldest).total_seconds()), "Seconds"))
        publish(cloudwatch, "AWS/Firehose", "DeliveryStreamName", name, metrics)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between cycles")
    parser.add_argument("--only", action="append", help="deliver only for this delivery stream (repeatable)")
    parser.add_argument("--hold", action="store_true",
                        help="read and buffer, deliver nothing (as while S3 refuses Firehose)")
    options = parser.parse_args()
    session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", "sa-east-1"))
    original = session.client

    def client(service, **options):
        return original(service, endpoint_url=os.environ["AWS_ENDPOINT_URL"], **options)

    session.client = client

    def log(message):
        print(f"local delivery: {message}", flush=True)

    log("reading Kinesis sources of every delivery stream (a stand-in for Firehose)")
    deliveries = {}
    while True:
        try:
            cycle(session, deliveries, log, options.only, options.hold)
        except Exception as error:  # the emulator restarting or a stack half made: next cycle
            log(f"cycle failed: {error}")
        time.sleep(options.poll)


def stop(signum, frame):
    sys.exit(0)


if __name__ == "__main__":
    # Said outright: a process may inherit SIGINT or SIGTERM ignored (a shell's background job)
    # or blocked (a test runner's mask), and Python then never sees them; the stand-in must
    # stop when told to.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    main()
