#!/usr/bin/env python3
"""Check a newsroom receipt with nothing but Python's standard library.

    python3 verify-receipt.py RECEIPT CHECKPOINT [--key PUBLIC_KEY]

RECEIPT is an article's `.receipt.json` from the site; CHECKPOINT the `checkpoint.txt`
you trust (the site's, or one a witness kept). The script recomputes the article's
event hash from its own fields, walks the inclusion proof (RFC 9162 section 2.1.3.2)
to the checkpoint's root hash and, given the newsroom's public log key (the line
`ssh-ed25519 AAAA...`, or a file holding it), checks the checkpoint's Ed25519
signature (RFC 8032) as a C2SP signed note. Exit 0 when every check holds, 1 with the
reason otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

# --- Ed25519 verification, RFC 8032 section 5.1.7, after its section 6 reference code ---

P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _recover_x(y: int, sign: int) -> int | None:
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    return P - x if (x & 1) != sign else x


def _add(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    aa = (a[1] - a[0]) * (b[1] - b[0]) % P
    bb = (a[1] + a[0]) * (b[1] + b[0]) % P
    cc = 2 * a[3] * b[3] * D % P
    dd = 2 * a[2] * b[2] % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return e * f % P, g * h % P, f * g % P, e * h % P


def _mul(s: int, point: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    out = (0, 1, 1, 0)
    while s:
        if s & 1:
            out = _add(out, point)
        point = _add(point, point)
        s >>= 1
    return out


def _same(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _point(data: bytes) -> tuple[int, int, int, int] | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
assert _GX is not None
BASE = (_GX, _GY, 1, _GX * _GY % P)


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032's Ed25519 verification of `signature` on `message` by `public`."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _point(public), _point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % Q
    return _same(_mul(s, BASE), _add(r, _mul(h, a)))


# --- RFC 9162 inclusion proofs ------------------------------------------------------------


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(leaf: bytes, index: int, size: int, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, hashlib.sha256(b"\x00" + leaf).digest()
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _node(p, r)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = _node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


# --- the newsroom's event hash, as its README's "The log" section defines it ---------------


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(event: dict[str, Any], erased_to: str | None = None) -> str:
    """The chain hash an event's own fields give it. `erased_to`: the digest a confirmed
    erasure names for the data it left in place of the words a court order removed."""
    data, metadata = _canonical(event["data"]), _canonical(event["metadata"])
    if event.get("data_digest") is None:  # written before events were signed
        fields = [event[name] for name in ("global_position", "stream_id", "stream_version")]
        fields += [event["event_id"], event["event_type"], event["schema_version"]]
        text = _canonical([*fields, data, metadata, event["occurred_at"]])
        return hashlib.sha256(f"{event['prev_hash']}\n{text}".encode()).hexdigest()
    digest = hashlib.sha256(bytes.fromhex(event["salt"]) + data.encode()).hexdigest()
    if digest != (erased_to or event["data_digest"]):
        raise ValueError("its data does not match its salted digest")
    digest = event["data_digest"]  # what was signed: the words as they first stood
    authored = _canonical(
        [
            "newsroom-event/2",
            event["stream_id"],
            event["stream_version"],
            event["event_id"],
            event["event_type"],
            event["schema_version"],
            digest,
            metadata,
            event["occurred_at"],
            event["recorded_at"],
        ]
    )
    linked = _canonical(["newsroom-link/2", event["global_position"], authored, event["signature"]])
    return hashlib.sha256(f"{event['prev_hash']}\n{linked}".encode()).hexdigest()


# --- C2SP checkpoints ------------------------------------------------------------------------


def read_checkpoint(text: str) -> tuple[str, int, bytes, str, list[tuple[str, bytes]]]:
    """Origin, size, root, the signed text and the signatures of a checkpoint note."""
    body, sep, signatures = text.rpartition("\n\n")
    if not sep:
        raise ValueError("not a signed note: no blank line before the signatures")
    lines = body.split("\n")
    if len(lines) < 3 or not lines[1].isdigit():
        raise ValueError("not a checkpoint: origin, size and root hash expected")
    signed = []
    for line in signatures.rstrip("\n").split("\n"):
        name, _, encoded = line.removeprefix("\u2014 ").partition(" ")
        signed.append((name, base64.b64decode(encoded)))
    return lines[0], int(lines[1]), base64.b64decode(lines[2]), body + "\n", signed


def signed_by(origin: str, text: str, signatures: list[tuple[str, bytes]], key: bytes) -> bool:
    key_id = hashlib.sha256(origin.encode() + b"\n\x01" + key).digest()[:4]
    mine = [blob[4:] for name, blob in signatures if name == origin and blob[:4] == key_id]
    return bool(mine) and all(ed25519_verify(key, text.encode(), sig) for sig in mine)


def public_key(given: str) -> bytes:
    """The 32 key bytes of an OpenSSH `ssh-ed25519 AAAA...` line (or a file holding it)."""
    line = Path(given).read_text(encoding="utf-8") if Path(given).is_file() else given
    blob = base64.b64decode(line.split()[1])
    kind_length = int.from_bytes(blob[:4], "big")
    if blob[4 : 4 + kind_length] != b"ssh-ed25519":
        raise ValueError("the key is not an ssh-ed25519 key")
    return blob[8 + kind_length : 8 + kind_length + 32]


def check(receipt: dict[str, Any], checkpoint: str, key: bytes | None) -> str:
    origin, size, root, text, signatures = read_checkpoint(checkpoint)
    if key is not None and not signed_by(origin, text, signatures, key):
        raise ValueError(f"the checkpoint is not signed by {origin}'s key given")
    if (receipt["origin"], receipt["tree_size"]) != (origin, size):
        raise ValueError("the receipt is for another checkpoint (origin or tree size)")
    erasures = [erasure(item, size, root) for item in receipt.get("erasures", [])]
    # an erasure vouches only for rows of the article it names
    erased_to = {
        (f"article:{e['data'].get('article_id')}", int(p)): d
        for e in erasures
        for p, d in e["data"]["rewritten"].items()
    }
    events = [json.loads(line) for line in receipt["events"]]
    last = events[-1]
    rewritten = erased_to.get((last["stream_id"], last["global_position"]))
    if event_hash(last, rewritten) != last["hash"] or last["hash"] != receipt["leaf_hash"]:
        raise ValueError("the article's event does not match its hash")
    if last["global_position"] != receipt["leaf_index"] + 1:
        raise ValueError("the article's event stands elsewhere in the log")
    path = [bytes.fromhex(p) for p in receipt["inclusion_path"]]
    if not verify_inclusion(bytes.fromhex(last["hash"]), receipt["leaf_index"], size, path, root):
        raise ValueError("the inclusion proof does not lead to the checkpoint's root")
    signed = "its signature checked" if key is not None else "its signature NOT checked (--key)"
    removed = "".join(
        f"; words erased by court order (event {e['global_position']}): {e['data']['reason']}"
        for e in erasures
    )
    return (
        f"OK: {last['stream_id']} version {last['stream_version']} is event "
        f"{last['global_position']} of the {size} in {origin}'s checkpoint{removed}; {signed}."
    )


def erasure(item: dict[str, Any], size: int, root: bytes) -> dict[str, Any]:
    """A confirmed erasure the receipt carries, proven in the same tree."""
    event = json.loads(item["event"])
    if (
        event["event_type"] != "RedactionConfirmed"
        or event["global_position"] != item["leaf_index"] + 1
    ):
        raise ValueError("an erasure in the receipt is not a confirmed redaction")
    if event_hash(event) != event["hash"]:
        raise ValueError("an erasure in the receipt does not match its hash")
    path = [bytes.fromhex(p) for p in item["inclusion_path"]]
    if not verify_inclusion(bytes.fromhex(event["hash"]), item["leaf_index"], size, path, root):
        raise ValueError("an erasure's inclusion proof does not lead to the checkpoint's root")
    return dict(event)


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--key"]
    key_arg = argv[argv.index("--key") + 1] if "--key" in argv else None
    if key_arg is not None:
        args.remove(key_arg)
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        receipt = json.loads(Path(args[0]).read_text(encoding="utf-8"))
        checkpoint = Path(args[1]).read_text(encoding="utf-8")
        key = public_key(key_arg) if key_arg else None
        print(check(receipt, checkpoint, key))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        print(f"NOT VERIFIED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
