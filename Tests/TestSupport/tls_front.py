"""A TLS front for moto, signed by a private CA made at start: the test's stand-in for an
endpoint behind a corporate CA. Usage: tls_front.py UPSTREAM_PORT CA_PEM_PATH
Writes the CA's certificate to CA_PEM_PATH, prints the port it listens on, then relays each
connection's bytes to moto on 127.0.0.1:UPSTREAM_PORT. Stops when its parent goes away."""
import datetime
import ipaddress
import os
import socket
import ssl
import sys
import tempfile
import threading
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

upstream_port = int(sys.argv[1])
ca_path = sys.argv[2]
now = datetime.datetime.now(datetime.timezone.utc)


def certificate(subject, issuer, public_key, signing_key, ca, names=()):
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True)
    return builder.sign(signing_key, hashes.SHA256())


ca_key = ec.generate_private_key(ec.SECP256R1())
ca = certificate("streamstack test CA", "streamstack test CA", ca_key.public_key(), ca_key, True)
server_key = ec.generate_private_key(ec.SECP256R1())
server = certificate(
    "localhost", "streamstack test CA", server_key.public_key(), ca_key, False,
    [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])

with open(ca_path, "wb") as out:
    out.write(ca.public_bytes(serialization.Encoding.PEM))
chain = tempfile.NamedTemporaryFile(suffix=".pem", delete=False)
chain.write(server.public_bytes(serialization.Encoding.PEM))
chain.write(server_key.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
    serialization.NoEncryption()))
chain.close()
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(chain.name)
os.unlink(chain.name)

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(64)
print(listener.getsockname()[1], flush=True)


def pump(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client):
    try:
        secure = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        client.close()  # a client that does not trust the CA ends the handshake
        return
    upstream = socket.create_connection(("127.0.0.1", upstream_port))
    threading.Thread(target=pump, args=(upstream, secure), daemon=True).start()
    pump(secure, upstream)


def accept():
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client,), daemon=True).start()


threading.Thread(target=accept, daemon=True).start()
parent = os.getppid()
while os.getppid() == parent:
    time.sleep(0.5)
