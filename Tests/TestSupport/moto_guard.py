"""Runs moto's server (scripts/moto_server.py, moto with its patches) for a test process and stops it when that process goes away, however
it ends (a crash or a kill leaves no server behind). Usage: moto_guard.py PORT"""
import os
import signal
import subprocess
import sys
import time

parent = os.getppid()
patched = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "moto_server.py")
server = subprocess.Popen(
    [sys.executable, patched, "-H", "127.0.0.1", "-p", sys.argv[1]],
    stdin=subprocess.DEVNULL)


def stop(*_):
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
while server.poll() is None:
    if os.getppid() != parent:
        stop()
    time.sleep(0.5)
sys.exit(server.returncode)
