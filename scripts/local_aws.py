#!/usr/bin/env python3
"""Starts moto's server (with the patches of moto_server.py beside this file) on 127.0.0.1 at a free port with SigV4 checking on, creates an
allow-all IAM user with an access key, and writes shell `export` lines for it to stdout.
The server keeps running in the background; its pid is in STREAMSTACK_LOCAL_AWS_PID."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url, body, content_type="application/x-www-form-urlencoded"):
    request = urllib.request.Request(url, data=body.encode(), method="POST")
    request.add_header("Content-Type", content_type)
    # Before reset-auth moto reads the key id from any SigV4-shaped header.
    request.add_header("Authorization", "AWS4-HMAC-SHA256 Credential=setup/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def element(name, xml):
    return xml.split(f"<{name}>")[1].split(f"</{name}>")[0]


def main():
    log = open(sys.argv[1] if len(sys.argv) > 1 else "/dev/null", "ab")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "moto_server.py"),
         "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            break
        except Exception:
            if server.poll() is not None:
                sys.exit("moto server exited at start; is moto[server] installed?")
            time.sleep(0.1)
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    call(endpoint, "Action=CreateUser&UserName=demo&Version=2010-05-08")
    call(endpoint, "Action=PutUserPolicy&UserName=demo&PolicyName=all&Version=2010-05-08&PolicyDocument=" + urllib.parse.quote(policy))
    keys = call(endpoint, "Action=CreateAccessKey&UserName=demo&Version=2010-05-08")
    call(endpoint + "/moto-api/reset-auth", "0", "text/plain")
    print(f"export AWS_ENDPOINT_URL={endpoint}")
    print(f"export AWS_ACCESS_KEY_ID={element('AccessKeyId', keys)}")
    print(f"export AWS_SECRET_ACCESS_KEY={element('SecretAccessKey', keys)}")
    print(f"export STREAMSTACK_LOCAL_AWS_PID={server.pid}")


if __name__ == "__main__":
    main()
