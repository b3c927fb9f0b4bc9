"""Decrypting many Fernet tokens at once, for snapshots that read every person's origin group.

The library decrypts one token at a time (measured: 45 µs a token, 23 s for half a million people). The Fernet
format (https://github.com/fernet/spec) is simple enough to do in bulk with the same primitives: the HMAC of each
token is checked first (hashlib, constant-time comparison), then AES runs once over the blocks of every token that
passed, and CBC's chaining is undone with one XOR. Tokens that no key opens give None, never their ciphertext.
tests/test_fernet_batch.py checks every result against cryptography's own Fernet.
"""

import base64
import binascii
import hashlib
import hmac

import numpy as np
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_VERSION = 0x80
_HEADER = 1 + 8 + 16  # version, timestamp, IV
_MAC = 32


def _opened(tokens, indices, key: bytes) -> dict[int, str]:
    raw = base64.urlsafe_b64decode(key)
    signing, encryption = raw[:16], raw[16:]
    passed, bodies = [], []
    for i in indices:
        try:
            data = base64.urlsafe_b64decode(tokens[i])
        except (binascii.Error, ValueError, TypeError):
            continue
        if len(data) < _HEADER + 16 + _MAC or data[0] != _VERSION or (len(data) - _HEADER - _MAC) % 16:
            continue
        body, mac = data[:-_MAC], data[-_MAC:]
        if hmac.compare_digest(hmac.new(signing, body, hashlib.sha256).digest(), mac):
            passed.append(i)
            bodies.append(body)
    if not passed:
        return {}
    ciphertexts = [body[_HEADER:] for body in bodies]
    decryptor = Cipher(algorithms.AES(encryption), modes.ECB()).decryptor()  # noqa: S305 (CBC is undone below)
    blocks = np.frombuffer(decryptor.update(b"".join(ciphertexts)) + decryptor.finalize(), dtype=np.uint8)
    previous = np.frombuffer(b"".join(body[9:_HEADER] + c[:-16] for body, c in zip(bodies, ciphertexts)),
                             dtype=np.uint8)
    plain = (blocks ^ previous).tobytes()
    found, start = {}, 0
    for i, c in zip(passed, ciphertexts):
        chunk = plain[start:start + len(c)]
        start += len(c)
        pad = chunk[-1]
        if not 1 <= pad <= 16 or chunk[-pad:] != bytes([pad]) * pad:
            continue
        try:
            found[i] = chunk[:-pad].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return found


def decrypt_many(tokens: list, keys: list[bytes]) -> list[str | None]:
    """The plaintexts of `tokens` (str or None), trying each Fernet key in order as MultiFernet does."""
    results: list[str | None] = [None] * len(tokens)
    pending = [i for i, token in enumerate(tokens) if token]
    for key in keys:
        if not pending:
            break
        for i, text in _opened(tokens, pending, key).items():
            results[i] = text
        pending = [i for i in pending if results[i] is None]
    return results
