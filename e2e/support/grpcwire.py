"""Protocol Buffers wire format by hand, and raw unary gRPC calls: the suite builds valid and
malformed llmgw.authz.v1 messages byte by byte, so it needs no generated code."""

import grpc

CHECK = "/llmgw.authz.v1.AuthorizationService/Check"
LIST_ALLOWED = "/llmgw.authz.v1.AuthorizationService/ListAllowedModels"
HEALTH = "/grpc.health.v1.Health/Check"


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number, value):
    """A length-delimited field (string, bytes or nested message)."""
    data = value.encode() if isinstance(value, str) else value
    return varint(number << 3 | 2) + varint(len(data)) + data


def number(number_, value):
    """A varint field (bool, enum, int)."""
    return varint(number_ << 3) + varint(value)


def principal(key_id="e2e-key", key_models=(), team_models=(), metadata=None):
    out = field(1, key_id) + b"".join(field(4, m) for m in key_models) + b"".join(field(5, m) for m in team_models)
    for k, v in (metadata or {}).items():
        out += field(6, field(1, k) + field(2, v))
    return out


def model(requested, resolved, deployment="e2e", provider="mock", access_groups=(), tags=()):
    return (field(1, requested) + field(2, resolved) + field(3, deployment) + field(4, provider)
            + b"".join(field(5, g) for g in access_groups) + b"".join(field(6, t) for t in tags))


def operation(endpoint="chat.completions", method="POST", path="/v1/chat/completions"):
    return field(1, endpoint) + field(2, method) + field(3, path)


def check_request(principal_, model_, operation_=None):
    return field(1, principal_) + field(2, model_) + field(3, operation_ or operation())


def list_request(principal_, models, operation_=None):
    return (field(1, principal_) + b"".join(field(2, m) for m in models)
            + field(3, operation_ or operation("models.list", "GET", "/v1/models")))


def decision_of(check_response):
    """The `decision` enum of a CheckResponse (1 allow, 2 deny), or 0 when absent."""
    if check_response[:1] == b"\x08":
        return check_response[1]
    return 0


def tls_credentials(ca, cert=None, key=None):
    """Channel credentials trusting the PEM file `ca`, presenting `cert`/`key` when given."""
    read = lambda path: None if path is None else open(path, "rb").read()  # noqa: E731
    return grpc.ssl_channel_credentials(read(ca), read(key), read(cert))


class RawClient:
    """Unary calls with bytes in and bytes out, whatever the bytes are; over TLS when given
    `credentials` (see tls_credentials), else plaintext."""

    def __init__(self, target, credentials=None):
        options = [("grpc.max_send_message_length", 64 << 20), ("grpc.max_receive_message_length", 64 << 20)]
        self.channel = (grpc.insecure_channel(target, options=options) if credentials is None
                        else grpc.secure_channel(target, credentials, options=options))

    def call(self, method, request, timeout=5.0):
        """(status code, response bytes or None, details)."""
        rpc = self.channel.unary_unary(method)
        try:
            return grpc.StatusCode.OK, rpc(request, timeout=timeout), ""
        except grpc.RpcError as e:
            return e.code(), None, e.details() or ""

    def serving(self, timeout=1.0):
        """Whether gRPC health says SERVING (overall)."""
        code, response, _ = self.call(HEALTH, b"", timeout)
        return code == grpc.StatusCode.OK and response == b"\x08\x01"

    def close(self):
        self.channel.close()
