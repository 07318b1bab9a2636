"""deploy/proxy/nginx.conf run by a real nginx (Debian's; skipped where nginx is not installed).

The configuration is the file itself, with only what names the Docker host changed: each upstream's service
name becomes two local replicas (the test's own HTTP servers, which record what reaches them), the listening
ports free ones, the pid file the test's folder. Then:

- `nginx -t` accepts it;
- a POST is never sent to a second replica after the first dropped it, with or without an Idempotency-Key
  (the key is optional: a keyless POST that reached a replica may have been applied); a GET is;
- bodies: up to 16 MiB on POST /v1/import of each command service (IMPORT_MAX_BODY_BYTES, 16,000,000 bytes,
  goes through), 1 MiB everywhere else (MAX_BODY_BYTES, 1,000,000 bytes, goes through).
"""

from __future__ import annotations

import getpass
import re
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from kernel.infra.postgres import free_port
from tests.deploy.conftest import DEPLOY, SERVICES

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (.ci/run installs Debian's)")


class Replica(ThreadingHTTPServer):
    """One replica of a service: records (method, path, idempotency key, body size); /v1/drop reads the request
    and closes the connection without answering, as a replica that dies mid-request does."""

    daemon_threads = True

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str | None, int]] = []
        super().__init__(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class _Handler(BaseHTTPRequestHandler):
    server: Replica
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _serve(self) -> None:
        size = int(self.headers.get("content-length") or 0)
        received = 0
        while received < size:
            received += len(self.rfile.read(min(1 << 20, size - received)))
        self.server.seen.append((self.command, self.path, self.headers.get("idempotency-key"), received))
        if self.path == "/v1/drop":
            self.close_connection = True
            self.connection.close()
            return
        body = b'{"received": %d}' % received
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _serve


class Proxy:
    def __init__(self, folder: Path, replicas: dict[str, list[Replica]]) -> None:
        self.folder = folder
        self.ports = {service: free_port() for service in SERVICES}
        config = (DEPLOY / "proxy" / "nginx.conf").read_text()
        for service, port in SERVICES.items():
            local = " ".join(f"server 127.0.0.1:{r.server_address[1]};" for r in replicas[service])
            config, found = re.subn(rf"server {service}:{port}\s+resolve;", local, config)
            assert found == 1, f"no upstream for {service}"
            config, found = re.subn(rf"listen {port};", f"listen 127.0.0.1:{self.ports[service]};", config)
            assert found == 1, f"no server listening on {port}"
        config = config.replace("listen 8080;", f"listen 127.0.0.1:{free_port()};")
        config = config.replace("pid /tmp/nginx.pid;", f"pid {folder}/nginx.pid;\nuser {getpass.getuser()};")
        self.config = folder / "nginx.conf"
        self.config.write_text(config)

    def command(self, *args: str) -> list[str]:
        return [NGINX, "-p", f"{self.folder}/", "-c", str(self.config), "-e", f"{self.folder}/error.log", *args]

    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"


@pytest.fixture
def replicas():
    started = {service: [Replica(), Replica()] for service in SERVICES}
    yield started
    for pair in started.values():
        for replica in pair:
            replica.shutdown()
            replica.server_close()


@pytest.fixture
def proxy_folder():
    # nginx's workers write request bodies under the prefix, so the folder is readable beyond its owner
    folder = Path(tempfile.mkdtemp(prefix="ipo-proxy-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def proxy(replicas, proxy_folder):
    proxy = Proxy(proxy_folder, replicas)
    log = (proxy_folder / "access.log").open("wb")
    process = subprocess.Popen(proxy.command("-g", "daemon off;"), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(proxy.url("enforcement", "/healthz"), timeout=1)
            break
        except httpx.HTTPError:
            assert process.poll() is None, (proxy_folder / "error.log").read_text()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
    for pair in replicas.values():
        for replica in pair:
            replica.seen.clear()
    yield proxy
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_nginx_accepts_the_configuration(replicas, proxy_folder):
    proxy = Proxy(proxy_folder, replicas)
    result = subprocess.run(proxy.command("-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def reached(replicas: dict[str, list[Replica]], service: str, path: str) -> list[tuple]:
    return [seen for replica in replicas[service] for seen in replica.seen if seen[1] == path]


@pytest.mark.parametrize("key", [None, "center-wh-1"], ids=["keyless", "keyed"])
def test_a_post_a_replica_dropped_is_not_sent_to_the_other(proxy, replicas, key):
    headers = {"idempotency-key": key} if key else {}
    answer = httpx.post(proxy.url("enforcement", "/v1/drop"), json={"center_id": "wh-1"}, headers=headers, timeout=30)
    assert answer.status_code == 502
    assert len(reached(replicas, "enforcement", "/v1/drop")) == 1, "the POST was sent to a second replica"


def test_a_get_a_replica_dropped_is_tried_on_the_other(proxy, replicas):
    answer = httpx.get(proxy.url("enforcement", "/v1/drop"), timeout=30)
    assert answer.status_code == 502
    assert len(reached(replicas, "enforcement", "/v1/drop")) == 2


def test_an_import_of_up_to_16_mb_goes_through_and_other_bodies_stop_at_1_mb(proxy, replicas):
    import_body = b"x" * 16_000_000  # IMPORT_MAX_BODY_BYTES
    for service in ("enforcement", "financing", "training", "outreach"):
        answer = httpx.post(proxy.url(service, "/v1/import"), content=import_body,
                            headers={"content-type": "application/x-ndjson"}, timeout=60)
        assert answer.status_code == 201 and answer.json() == {"received": 16_000_000}, (service, answer.text[:200])
    too_large = httpx.post(proxy.url("enforcement", "/v1/import"), content=b"x" * (16 * 2**20 + 1), timeout=60)
    assert too_large.status_code == 413
    assert len(reached(replicas, "enforcement", "/v1/import")) == 1

    assert httpx.post(proxy.url("enforcement", "/v1/assistance-centers"), content=b"x" * 1_000_000,
                      timeout=30).status_code == 201  # MAX_BODY_BYTES
    for service, path in (("enforcement", "/v1/assistance-centers"), ("projection", "/v1/import"),
                          ("enforcement", "/v1/import/kinds")):
        before = len(reached(replicas, service, path))
        answer = httpx.post(proxy.url(service, path), content=b"x" * (2**20 + 1), timeout=30)
        assert answer.status_code == 413, (service, path)
        assert len(reached(replicas, service, path)) == before, f"a body over 1 MiB reached {service} {path}"
