"""HTTP to the gateway: raw bytes over a socket for hostile requests, http.client for load."""

import http.client
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field

ALIAS = "Qwen/Qwen3-Coder-480B-A35B-Instruct"
RESOLVED = "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"

# What a Java stack trace or exception name looks like in text.
STACK_TRACE = re.compile(r"(\bat [\w$]+(\.[\w$<>]+)+\(|\.java:\d+\)|\b[\w.]+(Exception|Error)\b:|Caused by:|\bjava\.\w)")


@dataclass
class Reply:
    status: int
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    raw: bytes = b""

    def json(self):
        return json.loads(self.body)


def chat_body(model=ALIAS, stream=False, **extra):
    body = {"model": model, "messages": [{"role": "user", "content": "Hello"}], **extra}
    if stream:
        body["stream"] = True
    return json.dumps(body)


def raw_request(port, data, half_close=False, timeout=15.0):
    """Sends `data` as is and reads the first answer; None when the connection closed without one."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        def send():
            try:
                s.sendall(data)
                if half_close:
                    s.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # the server may answer and close before reading everything
        # Sent from another thread while this one reads, so that an answer the server gives
        # before reading a large body is read before the connection is reset.
        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        received = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                received += chunk
                reply = parse_first(received)
                if reply is not None:
                    return reply
        except (ConnectionResetError, socket.timeout):
            pass
        return parse_first(received, complete=True)


def parse_first(data, complete=False):
    """The first HTTP response in `data`, or None if it is not all there yet."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = data[:end].decode("latin-1").split("\r\n")
    status = int(head[0].split(" ")[1])
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    rest = data[end + 4:]
    if "content-length" in headers:
        length = int(headers["content-length"])
        if len(rest) < length:
            return None
        return Reply(status, headers, rest[:length], data)
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body, pos = b"", 0
        while True:
            line_end = rest.find(b"\r\n", pos)
            if line_end < 0:
                return None if not complete else Reply(status, headers, body, data)
            size = int(rest[pos:line_end].split(b";")[0], 16)
            if size == 0:
                return Reply(status, headers, body, data)
            if len(rest) < line_end + 2 + size:
                return None if not complete else Reply(status, headers, body, data)
            body += rest[line_end + 2:line_end + 2 + size]
            pos = line_end + 4 + size
    return Reply(status, headers, rest, data) if complete else None


def request_bytes(method, path, body=b"", headers=None, content_type="application/json", key="sk-demo-alias-only"):
    """A well-framed HTTP/1.1 request; `headers` may carry anything, hostile values included."""
    if isinstance(body, str):
        body = body.encode()
    lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1"]
    if key is not None:
        lines.append(b"Authorization: Bearer " + key.encode())
    if content_type is not None:
        lines.append(b"Content-Type: " + content_type.encode())
    for name, value in (headers or {}).items():
        lines.append((name.encode() if isinstance(name, str) else name) + b": "
                     + (value.encode() if isinstance(value, str) else value))
    if method in ("POST", "PUT", "PATCH") or body:
        lines.append(f"Content-Length: {len(body)}".encode())
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def openai_error(reply):
    """The `error` object when `reply` is in OpenAI's error shape, else None."""
    if not reply.headers.get("content-type", "").startswith("application/json"):
        return None
    try:
        error = reply.json().get("error")
    except (ValueError, AttributeError):
        return None
    if not isinstance(error, dict):
        return None
    if not isinstance(error.get("message"), str) or not isinstance(error.get("type"), str):
        return None
    if "param" not in error or not (error.get("code") is None or isinstance(error.get("code"), str)):
        return None
    return error


class Client:
    """A keep-alive JSON client for one thread; reconnects when the server closed the connection."""

    def __init__(self, port, timeout=30.0):
        self.port = port
        self.timeout = timeout
        self.connection = None

    def send(self, method, path, body=None, key="sk-demo-alias-only"):
        """(status, parsed JSON or None, seconds); status None when the connection failed."""
        headers = {"Authorization": f"Bearer {key}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        start = time.monotonic()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                try:
                    parsed = json.loads(data) if data else None
                except ValueError:
                    parsed = None
                return response.status, parsed, time.monotonic() - start
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A kept-alive connection the server closed meanwhile: retry once on a new one.
                self.close()
                if attempt == 2:
                    return None, {"transport_error": repr(e)}, time.monotonic() - start
            except OSError as e:
                self.close()
                return None, {"transport_error": repr(e)}, time.monotonic() - start

    def chat(self, key="sk-demo-alias-only", model=ALIAS):
        return self.send("POST", "/v1/chat/completions", chat_body(model), key)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
