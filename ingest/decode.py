"""Reading a response body under a byte cap: raw bytes counted as they arrive, gzip/deflate decoded bounded.

Both the bytes on the wire and the *decoded* bytes are capped (a small gzip bomb stops at the cap),
the total deadline is checked between chunks, and a body shorter than its Content-Length is
"truncated". Every failure is a `FetchFailure`.
"""
from __future__ import annotations

import time
import zlib

import httpx

from ingest.netguard import FetchFailure, timeout_failure


def read_body(response: httpx.Response, max_bytes: int, deadline_at: float) -> bytes:
    """The decoded body of a streamed response, at most `max_bytes` raw and decoded."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    declared = response.headers.get("content-length", "")
    declared_len = int(declared) if declared.strip().isdigit() else None
    if declared_len is not None and declared_len > max_bytes:
        raise FetchFailure("too_large", f"Content-Length {declared_len} exceeds the {max_bytes}-byte cap")
    decoder = BoundedDecoder(encoding, max_bytes)
    received = 0
    try:
        for chunk in response.iter_raw():
            if time.monotonic() >= deadline_at:
                raise FetchFailure("deadline", "total deadline reached while reading the body")
            received += len(chunk)
            if received > max_bytes:
                raise FetchFailure("too_large", f"body exceeds the {max_bytes}-byte cap")
            decoder.feed(chunk)
    except httpx.TimeoutException as exc:
        raise timeout_failure(deadline_at, exc) from exc
    except httpx.HTTPError as exc:
        raise FetchFailure("truncated", f"body cut short after {received} bytes: {exc}") from exc
    if declared_len is not None and received != declared_len and "transfer-encoding" not in response.headers:
        raise FetchFailure("truncated", f"Content-Length {declared_len} but {received} bytes received")
    return decoder.finish()


class BoundedDecoder:
    """Decode gzip/deflate incrementally, never producing more than max_bytes (+1) of output."""

    def __init__(self, encoding: str, max_bytes: int) -> None:
        if encoding in ("", "identity"):
            self._wbits = None
        elif encoding in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
        elif encoding == "deflate":
            self._wbits = zlib.MAX_WBITS
        else:
            raise FetchFailure("decode", f"unsupported Content-Encoding {encoding!r}")
        self._z = zlib.decompressobj(self._wbits) if self._wbits else None
        self._max, self._out, self._members, self._done = max_bytes, bytearray(), 0, False

    def feed(self, data: bytes) -> None:
        if self._z is None:
            return self._append(data)
        while data and not self._done:
            try:
                out = self._z.decompress(data, self._max - len(self._out) + 1)
            except zlib.error as exc:
                data = self._recover(data, exc)
                continue
            self._append(out)
            data = self._z.unconsumed_tail
            if self._z.eof:
                data, self._members = self._z.unused_data, self._members + 1
                self._z = zlib.decompressobj(self._wbits)

    def finish(self) -> bytes:
        if self._z is not None and not self._done:
            self._append(self._z.flush(self._max - len(self._out) + 1))
            if self._members == 0 and not self._z.eof:
                raise FetchFailure("truncated", "compressed body ended early")
        return bytes(self._out)

    def _recover(self, data: bytes, exc: zlib.error) -> bytes:
        if self._members > 0:  # trailing garbage after a complete member: ignore it, as browsers do
            self._done = True
            return b""
        if self._wbits == zlib.MAX_WBITS and not self._out:  # "deflate" sent without the zlib header
            self._wbits = -zlib.MAX_WBITS
            self._z = zlib.decompressobj(self._wbits)
            return data
        raise FetchFailure("decode", f"corrupt compressed body: {exc}")

    def _append(self, data: bytes) -> None:
        self._out += data
        if len(self._out) > self._max:
            raise FetchFailure("too_large", f"decoded body exceeds the {self._max}-byte cap")
