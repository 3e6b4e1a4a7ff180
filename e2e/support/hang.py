"""An upstream that accepts connections and never answers."""

import socket
import threading


class HangingUpstream:

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = []
        self.closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections.append(connection)  # held open, read from by no one

    def close(self):
        self.closed.set()
        self.server.close()
        for connection in self.connections:
            connection.close()
