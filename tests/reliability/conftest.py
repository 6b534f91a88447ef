"""Fixtures for the reliability tests: every test here fails if anything tries to reach the network."""
from __future__ import annotations

import pytest
from reliability_checks import NetworkGuard, RawServer


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail the test on any connection (or name lookup) to a non-loopback address.

    Connections are refused where they are made (socket.socket.connect/connect_ex,
    socket.create_connection, socket.getaddrinfo are patched, and a Python audit hook sees
    sockets made any other way) and, in case the code under test swallowed that error, the test
    fails at teardown with the list of attempts."""
    guard = NetworkGuard()
    guard.install(monkeypatch)
    yield guard
    guard.uninstall()
    if guard.attempts:
        pytest.fail(f"network access was attempted: {guard.attempts}")


@pytest.fixture
def server():
    """Start loopback servers with ``server(handler)``; they are closed after the test."""
    servers = []

    def start(handler):
        servers.append(RawServer(handler))
        return servers[-1]
    yield start
    for s in servers:
        s.close()
