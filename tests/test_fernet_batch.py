"""Bulk Fernet decryption gives exactly what cryptography's Fernet gives, and nothing for what it refuses."""

import base64

from cryptography.fernet import Fernet, MultiFernet
from hypothesis import given, settings
from hypothesis import strategies as st

from duo.core.fernet_batch import decrypt_many

OLD, NEW = Fernet.generate_key(), Fernet.generate_key()


@settings(max_examples=40)
@given(st.lists(st.one_of(st.none(), st.text(max_size=70)), max_size=30))
def test_same_plaintexts_as_the_library(texts):
    tokens = [None if t is None else Fernet(NEW).encrypt(t.encode()).decode() for t in texts]
    assert decrypt_many(tokens, [NEW]) == [None if t is None else t for t in texts]


def test_several_keys_are_tried_in_order_like_multifernet():
    tokens = [Fernet(OLD).encrypt(b"north_africa").decode(), Fernet(NEW).encrypt(b"asia").decode()]
    assert decrypt_many(tokens, [NEW, OLD]) == ["north_africa", "asia"]
    assert [MultiFernet([Fernet(NEW), Fernet(OLD)]).decrypt(t.encode()).decode() for t in tokens] == ["north_africa",
                                                                                                      "asia"]


def test_tampered_truncated_or_foreign_tokens_give_none():
    good = Fernet(NEW).encrypt(b"middle_east").decode()
    raw = bytearray(base64.urlsafe_b64decode(good))
    raw[30] ^= 1  # one bit of the ciphertext: the HMAC no longer matches
    tampered = base64.urlsafe_b64encode(bytes(raw)).decode()
    foreign = Fernet(Fernet.generate_key()).encrypt(b"asia").decode()
    assert decrypt_many([tampered, good[:-8], foreign, "not base64 at all!", "", good], [NEW]) == [
        None, None, None, None, None, "middle_east"]
