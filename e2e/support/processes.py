"""Starting and stopping the built services as real processes (java -jar), on spare ports."""

import glob
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


_HANDED_OUT = set()


def free_port():
    """A loopback port nothing listens on right now. With E2E_PORTS=FIRST-LAST, one of that
    range not handed out before in this run: the kernel's ephemeral ports are also those of
    outgoing connections, which on a busy machine can take a port before its service binds it."""
    ports = os.environ.get("E2E_PORTS")
    if ports:
        first, last = map(int, ports.split("-"))
        for port in range(first, last + 1):
            if port in _HANDED_OUT:
                continue
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    continue
            _HANDED_OUT.add(port)
            return port
        raise RuntimeError(f"E2E_PORTS={ports}: no free port left")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def built_jar(module, artifact):
    """The jar `./mvnw package` built for `module`; stops the run when there is none."""
    jars = [j for j in glob.glob(str(ROOT / module / "target" / f"{artifact}-*.jar"))
            if not j.endswith(("-sources.jar", "-tests.jar", "-javadoc.jar"))]
    if not jars:
        raise FileNotFoundError(f"no {module}/target/{artifact}-*.jar: build first (./mvnw package)")
    return sorted(jars)[-1]


def java():
    """The java of the JDK scripts/java-home.sh found; scripts/e2e.sh sets JAVA_HOME."""
    home = os.environ.get("JAVA_HOME")
    if not home:
        raise RuntimeError("JAVA_HOME is not set: run the suite through scripts/e2e.sh, which finds a JDK 21+")
    return str(Path(home) / "bin" / "java")


def rss_kib(pid, field="VmRSS"):
    """Resident set size of a process in KiB, from /proc (field VmHWM: its peak so far)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Service:
    """One java -jar process with system properties, logging to its own file."""

    def __init__(self, name, jar, properties, log_dir):
        self.name = name
        self.jar = jar
        self.properties = dict(properties)
        self.log_path = Path(log_dir) / f"{name}.log"
        self.process = None
        self.started_at = None

    def start(self):
        flags = [*os.environ.get("LLMGW_JAVA_OPTS", "").split(),
                 *os.environ.get("LLMGW_SERVICE_JAVA_OPTS", "").split()]
        props = [f"-D{k}={v}" for k, v in self.properties.items()]
        log = open(self.log_path, "ab")
        log.write(f"==> {self.name}: starting\n".encode())
        log.flush()
        # Its own session, so stopping it never reaches the test runner.
        self.process = subprocess.Popen([java(), *flags, *props, "-jar", self.jar], cwd=ROOT, stdout=log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.started_at = time.monotonic()
        return self

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def rss_kib(self):
        return rss_kib(self.pid)

    def peak_rss_kib(self):
        """The largest resident set the process has had since it started."""
        return rss_kib(self.pid, "VmHWM")

    def kill(self):
        """SIGKILL: the process gets no chance to say goodbye."""
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        """SIGTERM, then SIGKILL after ten seconds."""
        if not self.alive():
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:])


class Certificates:
    """A demo certificate set made by the authz-service's `certs` command (CA, the
    authz-service's server certificate, the gateway's client certificate), and more
    certificates issued from its CA."""

    def __init__(self, authz_jar, folder):
        self.authz_jar = authz_jar
        self.dir = Path(folder)
        self.certs("demo", "--dir", self.dir)

    def certs(self, *args):
        subprocess.run([java(), "-jar", self.authz_jar, "certs", *map(str, args)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)

    @property
    def ca(self):
        return self.dir / "ca.pem"

    @property
    def client(self):
        """(certificate, key) of the gateway, the caller the authz-service allows."""
        return self.dir / "gateway.pem", self.dir / "gateway-key.pem"

    @property
    def server(self):
        return self.dir / "authz-service.pem", self.dir / "authz-service-key.pem"

    def issue(self, name, *flags):
        """(certificate, key) of a new certificate for `name` from this CA; flags as `certs issue` takes them."""
        out = self.dir / f"issued-{name}"
        self.certs("issue", "--dir", self.dir, "--name", name, "--out", out, *flags)
        return Path(f"{out}.pem"), Path(f"{out}-key.pem")

    def authz_properties(self):
        cert, key = self.server
        return {"authz.tls.certificate": cert, "authz.tls.key": key, "authz.tls.client-ca": self.ca,
                "authz.tls.reload-interval": "PT0.5S"}

    def gateway_properties(self):
        cert, key = self.client
        return {"gateway.authz.tls.certificate": cert, "gateway.authz.tls.key": key,
                "gateway.authz.tls.ca": self.ca, "gateway.authz.tls.reload-interval": "PT0.5S"}


def wait_until(condition, timeout, interval=0.05, what="condition"):
    """Polls `condition` until it returns a truthy value; returns it, or raises after `timeout` s."""
    give_up = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > give_up:
            raise TimeoutError(f"{what} not reached within {timeout} s")
        time.sleep(interval)
