"""How a delivery is signed, and how a receiver checks it (the same scheme is explained on each subscription's page).

    X-Duo-Timestamp: 1767225600                      (Unix seconds, when this attempt was sent)
    X-Duo-Signature: sha256=<hex>                    (HMAC-SHA256, key = the subscription's secret,
                                                      message = the timestamp, a dot, then the raw body bytes)

A receiver recomputes the HMAC over f"{timestamp}.{raw body}" with its secret, compares it in constant time, and
refuses a timestamp more than five minutes from its clock: an old request replayed carries an old timestamp, and
changing the timestamp breaks the signature. The body is compact JSON (UTF-8); verify the bytes received, never a
re-serialisation of the parsed JSON.
"""

import hashlib
import hmac
import json
import time

PREFIX = "sha256="
TOLERANCE_SECONDS = 300


def body_of(payload: dict) -> bytes:
    """The exact bytes sent (and signed): compact JSON, keys sorted."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode("ascii") + b"." + body
    return PREFIX + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, header: str, *, now: float | None = None,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header or "")
