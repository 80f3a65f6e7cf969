#!/usr/bin/env python3
"""moto's server with small patches where moto differs from AWS in what streamstack relies on.
Each patch names the AWS document it follows and is written so that it could be offered to
moto upstream. Usage: moto_server.py [moto.server's arguments], such as -H 127.0.0.1 -p PORT.
Run by scripts/local_aws.py (the local default) and by the tests' moto harness."""
import sys
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from moto import server
from moto.iam import access_control
from moto.kinesis.models import kinesis_backends
from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend


def signature_of_bodiless_requests():
    """SigV4 hashes the payload as sent: for a request without a body (a GET, HEAD or DELETE)
    that is the hash of the empty string (AWS General Reference, "Create a canonical request
    for Signature Version 4": HashedPayload). moto recomputes it from the parsed query and
    headers when the body is empty, so every signed GET to a REST-JSON service (Lambda's
    GetFunctionConfiguration, even from botocore) answered SignatureDoesNotMatch."""
    original = access_control.IAMRequestBase._create_aws_request

    def create(self):
        request = original(self)
        if not self._body and self._method in ("GET", "HEAD", "DELETE"):
            request.data = b""
        return request

    access_control.IAMRequestBase._create_aws_request = create


def canonical_query_of_signed_requests():
    """SigV4's canonical query string URI-encodes every parameter name and value, `/` included
    (AWS General Reference, "Create a canonical request for Signature Version 4":
    CanonicalQueryString; only A-Z a-z 0-9 - _ . ~ stay as they are). moto rebuilt it from the
    URL as its web server hands it over, with `/` decoded, so every signed request with a `/`
    in a query value answered SignatureDoesNotMatch: ListObjectsV2 with prefix=raw/, from
    boto3 as from streamstack."""
    original = access_control.IAMRequestBase._create_aws_request

    def encoded(text):
        return quote(unquote(text), safe="-_.~")

    def create(self):
        request = original(self)
        parts = urlsplit(request.url)
        if parts.query:
            pairs = []
            for pair in parts.query.split("&"):
                key, separator, value = pair.partition("=")
                pairs.append(encoded(key) + separator + encoded(value))
            request.url = urlunsplit(parts._replace(query="&".join(pairs)))
        return request

    access_control.IAMRequestBase._create_aws_request = create


def tagging_api_as_aws_matches():
    """The Resource Groups Tagging API as AWS answers GetResources (its API reference and the
    user guide's "Services that support the Resource Groups Tagging API"): a resource type
    filter is `service` or `service:type`, so `firehose:deliverystream` finds delivery streams
    (moto matched only `firehose`); Kinesis streams are listed, as `kinesis:stream` (moto listed
    none); only the region's own buckets are listed (moto listed every region's); and every
    resource returned carries tags that match TagFilters (moto ignored them for some types).
    Without this, a stack on the local default could not find the delivery streams and streams
    it owns, and pruning left them running."""
    original = ResourceGroupsTaggingAPIBackend._get_resources_generator

    def matches(tags, tag_filters):
        present = {tag["Key"]: tag["Value"] for tag in tags}
        return all(
            wanted["Key"] in present
            and (not wanted.get("Values") or present[wanted["Key"]] in wanted["Values"])
            for wanted in tag_filters or [])

    def generator(self, tag_filters=None, resource_type_filters=None):
        filters = list(resource_type_filters or [])

        def wants(service, kind):
            return not filters or service in filters or f"{service}:{kind}" in filters

        # moto knows delivery streams by the service alone.
        asked = list(filters)
        if wants("firehose", "deliverystream") and filters and "firehose" not in asked:
            asked.append("firehose")
        for found in original(self, tag_filters=tag_filters or [], resource_type_filters=asked or None):
            arn = found["ResourceARN"]
            if ":firehose:" in arn and not wants("firehose", "deliverystream"):
                continue
            service, _, rest = arn.partition(":s3:::")
            if service.startswith("arn:aws") and rest and ":" not in rest:
                bucket = self.s3_backend.buckets.get(rest)
                if bucket is not None and bucket.region_name != self.region_name:
                    continue
            if matches(found.get("Tags", []), tag_filters):
                yield found
        if wants("kinesis", "stream"):
            backend = kinesis_backends[self.account_id][self.region_name]
            for stream in list(backend.streams.values()):
                tags = [{"Key": key, "Value": value} for key, value in stream.tags.items()]
                if tags and matches(tags, tag_filters):
                    yield {"ResourceARN": stream.arn, "Tags": tags}

    ResourceGroupsTaggingAPIBackend._get_resources_generator = generator


def tagging_api_in_every_partition():
    """The tagging API answers in every region of the China and GovCloud partitions (its
    endpoints in botocore's endpoints.json); moto failed with a KeyError (HTTP 500) where one of
    the services it scans has no backend in the region (SES v2 in cn-north-1). A service
    without a backend there holds no resources to list."""
    for name, member in list(vars(ResourceGroupsTaggingAPIBackend).items()):
        if not (name.endswith("_backend") and isinstance(member, property)):
            continue

        def guarded(self, fget=member.fget):
            try:
                return fget(self)
            except KeyError:
                return None

        setattr(ResourceGroupsTaggingAPIBackend, name, property(guarded))


PATCHES = [
    signature_of_bodiless_requests, canonical_query_of_signed_requests, tagging_api_as_aws_matches,
    tagging_api_in_every_partition,
]

if __name__ == "__main__":
    for patch in PATCHES:
        patch()
    server.main(sys.argv[1:])
