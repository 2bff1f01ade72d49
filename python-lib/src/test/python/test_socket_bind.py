"""A TCP socket bound to port 0 reports the port the OS chose, before it listens, as CPython's does; servers
built on it (socketserver, http.server) serve at that address. Runs unchanged under CPython 3.12."""

import http.server
import socket
import socketserver
import threading
import unittest
import urllib.request


class _Echo(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.readline().upper())


class PortZeroTest(unittest.TestCase):

    def test_getsockname_after_bind_names_the_chosen_port(self):
        with socket.socket() as server:
            server.bind(('127.0.0.1', 0))
            host, port = server.getsockname()
            self.assertEqual('127.0.0.1', host)
            self.assertNotEqual(0, port)
            server.listen()
            self.assertEqual(port, server.getsockname()[1])
            with socket.create_connection(('127.0.0.1', port), timeout=30) as client:
                conn, _ = server.accept()
                with conn:
                    client.sendall(b'ping')
                    self.assertEqual(b'ping', conn.recv(4))

    def test_socketserver_serves_at_its_server_address(self):
        with socketserver.TCPServer(('127.0.0.1', 0), _Echo) as server:
            self.assertNotEqual(0, server.server_address[1])
            thread = threading.Thread(target=server.handle_request)
            thread.start()
            with socket.create_connection(server.server_address, timeout=30) as client:
                client.sendall(b'hello\n')
                self.assertEqual(b'HELLO\n', client.makefile('rb').readline())
            thread.join(30)

    def test_http_server_port(self):
        with http.server.HTTPServer(('127.0.0.1', 0), http.server.SimpleHTTPRequestHandler) as server:
            self.assertNotEqual(0, server.server_port)
            thread = threading.Thread(target=server.handle_request)
            thread.start()
            with urllib.request.urlopen(f'http://127.0.0.1:{server.server_port}/', timeout=30) as response:
                self.assertEqual(200, response.status)
            thread.join(30)


if __name__ == '__main__':
    unittest.main()
