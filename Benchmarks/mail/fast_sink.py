#!/usr/bin/env python3
"""A minimal SMTP sink for the benchmark: asyncio, no parsing beyond the protocol, counts
messages and remembers their Message-IDs so the run can check that each arrived once.
Prints its port; on SIGTERM writes {"received": n, "unique": m} to --out and exits."""
import argparse, asyncio, json, signal, socket

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
args = parser.parse_args()
ids = []


class Session(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer, self.data, self.lines = transport, b"", False, []
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, chunk):
        self.buffer += chunk
        while b"\r\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\r\n", 1)
            if self.data:
                if line == b".":
                    self.data = False
                    for header in self.lines:
                        if header.lower().startswith(b"message-id:"):
                            ids.append(header[11:].strip())
                            break
                    self.lines = []
                    self.transport.write(b"250 2.0.0 OK\r\n")
                elif len(self.lines) < 40:
                    self.lines.append(line)
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.transport.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.data = True
                self.transport.write(b"354 go ahead\r\n")
            elif verb == b"QUIT":
                self.transport.write(b"221 bye\r\n")
                self.transport.close()
            else:
                self.transport.write(b"250 OK\r\n")


async def main():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Session, "127.0.0.1", port)
    print(port, flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    server.close()
    json.dump({"received": len(ids), "unique": len(set(ids))}, open(args.out, "w"))

asyncio.run(main())
