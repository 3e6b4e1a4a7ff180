"""The decision link as someone else on the network finds it. The authz-service's port speaks
only mutual TLS: a plaintext call gets nothing; a TLS client without a certificate, with one
from another CA or with an expired one is refused in the handshake, and the service logs the
certificate it refused; a certificate from the right CA naming someone not on the allow list
is refused PERMISSION_DENIED before any policy work, logged and counted. Through all of it the
gateway keeps its allows flowing. Then the certificates on disk are replaced, on both sides,
and each side picks up its new one without a restart; and a gateway that expects another
name in the server's certificate refuses to talk to it and stays not ready."""

import grpc
import pytest

from conftest import ready
from support import grpcwire as w
from support import metrics
from support.http import Client
from support.processes import Certificates, free_port, wait_until

UNAVAILABLE, DENIED = grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.PERMISSION_DENIED


def health_with(system, credentials):
    client = w.RawClient(f"127.0.0.1:{system.authz_port}", credentials)
    try:
        return client.call(w.HEALTH, b"", timeout=10)
    finally:
        client.close()


def new_log(system, mark):
    return system.authz.log_text()[mark:]


@pytest.fixture(scope="module")
def authz(system):
    """The authz-service of the session, started again if an earlier module left it down."""
    if not system.authz.alive():
        system.start_authz()
    system.wait_authz_serving()
    return system


def test_plaintextCall_refused(authz):
    code, response, _ = health_with(authz, None)
    assert code == UNAVAILABLE and response is None


def test_tlsWithoutClientCertificate_refusedInHandshake(authz):
    code, response, _ = health_with(authz, w.tls_credentials(authz.certs.ca))
    assert code == UNAVAILABLE and response is None


def test_certificateOfAnotherCa_refusedAndLogged(authz):
    other = Certificates(authz.authz_jar, authz.run_dir / "other-ca")
    mark = len(authz.authz.log_text())
    code, _, _ = health_with(authz, w.tls_credentials(authz.certs.ca, *other.client))
    assert code == UNAVAILABLE
    log = wait_until(lambda: "client_certificate_refused" in new_log(authz, mark) and new_log(authz, mark), 10,
                     what="the refusal logged")
    assert 'subject="CN=llmgw-gateway"' in log


def test_expiredCertificate_refusedAndLogged(authz):
    cert, key = authz.certs.issue("llmgw-gateway-expired", "--dns", "llmgw-gateway", "--expired")
    mark = len(authz.authz.log_text())
    code, _, _ = health_with(authz, w.tls_credentials(authz.certs.ca, cert, key))
    assert code == UNAVAILABLE
    log = wait_until(lambda: "client_certificate_refused" in new_log(authz, mark) and new_log(authz, mark), 10,
                     what="the refusal logged")
    assert 'subject="CN=llmgw-gateway-expired"' in log


def test_identityNotOnAllowList_permissionDeniedLoggedAndCounted(authz):
    cert, key = authz.certs.issue("intruder")
    mark = len(authz.authz.log_text())
    code, response, details = health_with(authz, w.tls_credentials(authz.certs.ca, cert, key))
    assert code == DENIED and response is None and "not allowed" in details
    log = wait_until(lambda: "caller_not_allowed" in new_log(authz, mark) and new_log(authz, mark), 10,
                     what="the refusal logged")
    assert '"intruder"' in log
    assert metrics.value(authz.authz_metrics(), "llmgw_authz_callers_refused_total", code="caller_not_allowed") >= 1


def test_afterRefusals_allowsStillFlow(authz):
    client = Client(authz.http_port)
    try:
        assert client.chat("sk-demo-alias-only")[0] == 200
    finally:
        client.close()
    assert authz.grpc.serving()


def replace(files, new_files):
    """Moves a new (certificate, key) over the live pair, key first."""
    for target, source in sorted(zip(files, new_files), key=lambda pair: not str(pair[0]).endswith("key.pem")):
        source.replace(target)


def test_certificatesRotatedOnDisk_bothSidesReloadWithoutRestart(authz):
    authz_mark, gateway_mark = len(authz.authz.log_text()), len(authz.gateway.log_text())
    replace(authz.certs.server, authz.certs.issue("llmgw-authz-service", "--server", "--dns", "localhost",
                                                   "--ip", "127.0.0.1", "--days", "30"))
    replace(authz.certs.client, authz.certs.issue("llmgw-gateway", "--days", "30"))
    wait_until(lambda: "authz-service TLS: reloaded" in new_log(authz, authz_mark), 15, what="authz-service reload")
    wait_until(lambda: "gateway TLS: reloaded" in authz.gateway.log_text()[gateway_mark:], 15,
               what="gateway reload")
    # A new connection gets the new server certificate and, with the new client certificate, an answer.
    fresh = w.RawClient(f"127.0.0.1:{authz.authz_port}", w.tls_credentials(authz.certs.ca, *authz.certs.client))
    try:
        assert fresh.serving(timeout=10)
    finally:
        fresh.close()
    client = Client(authz.http_port)
    try:
        assert client.chat("sk-demo-alias-only")[0] == 200
    finally:
        client.close()


def test_gatewayExpectingAnotherServerName_refusesAndIsNotReady(authz):
    port = free_port()
    gateway = authz.start_gateway("gateway-wrong-name", http_port=port, **{
        "gateway.authz.startup-wait": "PT0S", "gateway.authz.tls.authority": "not-the-authz-service.example"})
    try:
        wait_until(lambda: "server_certificate_refused" in gateway.log_text(), 120, interval=0.2,
                   what="the wrong-name refusal logged")
        assert "not-the-authz-service.example" in gateway.log_text()
        assert not ready(f"http://127.0.0.1:{port}")
    finally:
        gateway.stop()
