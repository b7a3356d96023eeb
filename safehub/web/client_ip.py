"""The address a request came from, as the sign-in lockout keys it.

Behind a reverse proxy every request arrives from the proxy's address, so a lockout keyed
on (username, address) would let anyone lock anyone out. There the client's address is
the one the nearest trusted proxy appended to X-Forwarded-For: the Nth from the right for
N proxies (SAFEHUB_PROXY_COUNT; SAFEHUB_BEHIND_PROXY means one). Anything further left
was written by the client and is not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies = int(getattr(settings, "SAFEHUB_PROXY_COUNT", 0))
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote  # not through the expected proxies: the peer is all we know
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
