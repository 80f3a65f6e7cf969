#!/usr/bin/env python3
"""moto's server with small patches where moto differs from AWS in what streamstack relies on.
Each patch names the AWS document it follows and is written so that it could be offered to
moto upstream. Usage: moto_server.py [moto.server's arguments], such as -H 127.0.0.1 -p PORT.
Run by scripts/local_aws.py (the local default) and by the tests' moto harness."""
import sys

from moto import server
from moto.iam import access_control


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


PATCHES = [signature_of_bodiless_requests]

if __name__ == "__main__":
    for patch in PATCHES:
        patch()
    server.main(sys.argv[1:])
