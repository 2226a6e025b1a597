"""Tests cannot reach the outside world: a real provider's host is refused before any packet
leaves; loopback (our own test servers) stays reachable."""
import socket
import urllib.request

import pytest

from tests.conftest import RealNetworkUsed


def test_a_request_to_a_real_gateway_fails_the_test():
    with pytest.raises(RealNetworkUsed):
        urllib.request.urlopen("https://api.mch.weixin.qq.com/v3/certificates", timeout=2)  # noqa: S310


def test_a_connection_to_a_public_address_fails_the_test():
    with socket.socket() as sock, pytest.raises(RealNetworkUsed):
        sock.connect(("203.0.113.7", 443))


def test_loopback_stays_open():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
