"""A tiny SMTP server for the outage tests, run in a thread of the test process.

Its mode can be switched while it runs:
- "refuse": the port is bound but not listening, so a connection is refused at once;
- "stall": a connection is accepted and never answered (no greeting), as a hung server does;
  with `stall_limit`, only that many connections stall and later ones are answered normally;
- "accept": a connection gets a normal SMTP dialogue and its message is recorded.

A stalled connection stays stalled until the client gives up, whatever the mode becomes later.
Every delivered message is kept with the number of stalled connections open at that moment.
"""

import email
import socket
import threading
from dataclasses import dataclass, field

REFUSE, STALL, ACCEPT = "refuse", "stall", "accept"


@dataclass
class Delivery:
    subject: str
    message_id: str
    stalled_open: int  # stalled connections still open when this message was accepted


@dataclass
class SmtpServer:
    mode: str = REFUSE
    deliveries: list[Delivery] = field(default_factory=list)
    connections: dict[str, int] = field(default_factory=lambda: {REFUSE: 0, STALL: 0, ACCEPT: 0})
    stalled_open: int = 0
    stall_limit: int | None = None

    def __post_init__(self):
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._listening = False
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()

    def set_mode(self, mode: str) -> None:
        with self._lock:
            self.mode = mode

    def subjects(self) -> list[str]:
        with self._lock:
            return [d.subject for d in self.deliveries]

    def _serve(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                mode = self.mode
            if mode == REFUSE:
                # Bound but not listening: connecting gets a reset ("connection refused").
                self._stop.wait(0.05)
                continue
            if not self._listening:
                self._socket.listen(16)
                self._listening = True
            try:
                client, _address = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                mode = self.mode
                if mode == STALL and self.stall_limit is not None:
                    mode = STALL if self.connections[STALL] < self.stall_limit else ACCEPT
                self.connections[mode if mode != REFUSE else ACCEPT] += 1
            handler = self._stall if mode == STALL else self._dialogue
            threading.Thread(target=handler, args=(client,), daemon=True).start()

    def _stall(self, client: socket.socket) -> None:
        with self._lock:
            self.stalled_open += 1
        try:
            client.settimeout(0.2)
            while not self._stop.is_set():
                try:
                    if client.recv(4096) == b"":
                        return  # the client gave up and closed
                except TimeoutError:
                    continue
                except OSError:
                    return
        finally:
            with self._lock:
                self.stalled_open -= 1
            client.close()

    def _dialogue(self, client: socket.socket) -> None:
        client.settimeout(10)
        reader = client.makefile("rb")

        def say(line: str) -> None:
            client.sendall(line.encode() + b"\r\n")

        try:
            say("220 test SMTP ready")
            while line := reader.readline():
                command = line.decode(errors="replace").strip().upper()
                if command.startswith("EHLO"):
                    client.sendall(b"250-test\r\n250 8BITMIME\r\n")
                elif command.startswith("DATA"):
                    say("354 end with .")
                    self._receive(reader)
                    say("250 queued")
                elif command.startswith("QUIT"):
                    say("221 bye")
                    return
                else:  # HELO, MAIL FROM, RCPT TO, RSET, NOOP
                    say("250 ok")
        except OSError:
            return
        finally:
            client.close()

    def _receive(self, reader) -> None:
        lines = []
        while (line := reader.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        message = email.message_from_bytes(b"".join(lines))
        with self._lock:
            self.deliveries.append(
                Delivery(
                    subject=str(message["Subject"]),
                    message_id=str(message["Message-ID"]),
                    stalled_open=self.stalled_open,
                )
            )
