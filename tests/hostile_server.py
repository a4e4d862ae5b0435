"""A scripted hostile HTTP server on 127.0.0.1:0, for the fetch tests (loopback only).

    with serve() as server:
        fetch(server.url("/slowloris"), deadline_s=2)
        assert server.hits["/slowloris"] == 1

Routes are functions `(handler, n)` where n is how many times that path has been requested
(1 for the first request); `serve(routes={...})` adds or replaces routes.
"""
from __future__ import annotations

import contextlib
import email.utils
import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator
from urllib.parse import urlsplit

MiB = 1 << 20

OK_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>OpenAI News</title><link>https://openai.com/news</link><description>The OpenAI blog</description>
<item><title><![CDATA[Introducing GPT-4.1 in the API]]></title>
<description><![CDATA[A new series of GPT models featuring major improvements on coding, instruction following, and long context.]]></description>
<link>https://openai.com/index/gpt-4-1/</link><guid isPermaLink="true">https://openai.com/index/gpt-4-1/</guid>
<pubDate>Mon, 14 Apr 2025 10:00:00 GMT</pubDate></item>
<item><title><![CDATA[Introducing OpenAI o3 and o4-mini]]></title>
<link>https://openai.com/index/introducing-o3-and-o4-mini/</link>
<guid isPermaLink="true">https://openai.com/index/introducing-o3-and-o4-mini/</guid>
<pubDate>Wed, 16 Apr 2025 10:00:00 GMT</pubDate></item>
</channel></rss>
"""
CHALLENGE_HTML = (b"<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head>"
                  b"<body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>")
ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"
PAGE_HTML = (b"<html><head><title>News</title></head><body><article><h2><a href=\"/news/one\">One</a></h2>"
             b"<time datetime=\"2025-04-14\">Apr 14, 2025</time></article></body></html>")
ETAG = '"v1"'
LAST_MODIFIED = "Mon, 14 Apr 2025 10:00:00 GMT"

Route = Callable[["Handler", int], None]


class Handler(BaseHTTPRequestHandler):
    server: "HostileServer"
    protocol_version = "HTTP/1.0"  # one request per connection; bodies may end at close

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.hits[path] += 1
            n = self.server.hits[path]
            self.server.requests.append((path, dict(self.headers.items())))
        route = self.server.routes.get(path, not_found)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            route(self, n)

    def reply(self, status: int, body: bytes = b"", content_type: str = "application/rss+xml",
              headers: dict[str, str] | None = None, content_length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if content_length is None else content_length))
        self.end_headers()
        self.wfile.write(body)

    def start_stream(self, content_type: str = "application/rss+xml", headers: dict[str, str] | None = None) -> None:
        """Status and headers with no Content-Length: the body ends when the connection closes."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass


def not_found(h: Handler, n: int) -> None:
    h.reply(404, b"not found", "text/plain")


def redirect(location: str, status: int = 302) -> Route:
    return lambda h, n: h.reply(status, b"", "text/plain", {"Location": location})


def ok(h: Handler, n: int) -> None:
    h.reply(200, OK_RSS)


def etag(h: Handler, n: int) -> None:
    validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
    if h.headers.get("If-None-Match") == ETAG:
        h.reply(304, b"", headers=validators, content_length=None)
    else:
        h.reply(200, OK_RSS, headers=validators)


def slowloris(h: Handler, n: int) -> None:
    h.start_stream()
    for byte in OK_RSS[:120]:
        if h.server.stopping.wait(1.0):
            return
        h.wfile.write(bytes([byte]))
        h.wfile.flush()


def hang(h: Handler, n: int) -> None:
    h.server.stopping.wait(60)


def gzipbomb(h: Handler, n: int) -> None:
    """1 GiB of zeros as one gzip member (~1 MiB on the wire), compressed as it is sent."""
    h.start_stream(headers={"Content-Encoding": "gzip"})
    compressor, zeros = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS), bytes(MiB)
    for _ in range(1024):
        if h.server.stopping.is_set():
            return
        out = compressor.compress(zeros)
        if out:
            h.wfile.write(out)
    h.wfile.write(compressor.flush())


def huge(h: Handler, n: int) -> None:
    """200 MB streamed with no Content-Length."""
    h.start_stream(content_type="application/xml")
    block = b"<x>" + b"a" * (64 * 1024 - 7) + b"</x>\n"
    for _ in range(200 * 1000 * 1000 // len(block)):
        if h.server.stopping.is_set():
            return
        h.wfile.write(block)


def gzip_ok(h: Handler, n: int) -> None:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    h.reply(200, compressor.compress(OK_RSS) + compressor.flush(), headers={"Content-Encoding": "gzip"})


def raw_deflate_ok(h: Handler, n: int) -> None:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    h.reply(200, compressor.compress(OK_RSS) + compressor.flush(), headers={"Content-Encoding": "deflate"})


def retry_after(value: Callable[[], str], status: int = 429) -> Route:
    return lambda h, n: h.reply(status, b"slow down", "text/plain", {"Retry-After": value()})


def flaky500(h: Handler, n: int) -> None:
    """Fails two requests out of three: 500, 500, 200, 500, 500, 200, ..."""
    if n % 3:
        h.reply(500, b"internal error", "text/plain")
    else:
        h.reply(200, OK_RSS)


def cl_mismatch(h: Handler, n: int) -> None:
    h.reply(200, OK_RSS[:10], content_length=1000)


DEFAULT_ROUTES: dict[str, Route] = {
    "/ok": ok,
    "/etag": etag,
    "/slowloris": slowloris,
    "/hang": hang,
    "/gzipbomb": gzipbomb,
    "/huge": huge,
    "/gzip-ok": gzip_ok,
    "/deflate-raw-ok": raw_deflate_ok,
    "/loop": redirect("/loop"),
    "/redirect-ok": redirect("/ok", 301),
    "/to-private": redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-file": redirect("file:///etc/passwd"),
    "/to-gopher": redirect("gopher://127.0.0.1:70/"),
    "/429": retry_after(lambda: "120"),
    "/429-date": retry_after(lambda: email.utils.formatdate(time.time() + 120, usegmt=True)),
    "/429-absurd": retry_after(lambda: "99999999"),
    "/503-long": retry_after(lambda: "3600", status=503),
    "/500": lambda h, n: h.reply(500, b"internal error", "text/plain"),
    "/410": lambda h, n: h.reply(410, b"gone", "text/plain"),
    "/cf-challenge": lambda h, n: h.reply(403, CHALLENGE_HTML, "text/html", {"cf-mitigated": "challenge"}),
    "/flaky500": flaky500,
    "/wrong-ctype": lambda h, n: h.reply(200, CHALLENGE_HTML, "text/html; charset=UTF-8"),
    "/json-bad": lambda h, n: h.reply(200, b'{"error": {"code": 404, "message": "Not found"}}', "application/json"),
    "/empty": lambda h, n: h.reply(200, b""),
    "/cl-mismatch": cl_mismatch,
    "/robots.txt": lambda h, n: h.reply(200, ROBOTS_TXT, "text/plain"),
    "/page": lambda h, n: h.reply(200, PAGE_HTML, "text/html; charset=utf-8"),
    "/private/page": lambda h, n: h.reply(200, PAGE_HTML, "text/html; charset=utf-8"),
}


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes = {**DEFAULT_ROUTES, **(routes or {})}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@contextlib.contextmanager
def serve(routes: dict[str, Route] | None = None) -> Iterator[HostileServer]:
    """Run a HostileServer in a thread for the duration of the block."""
    server = HostileServer(routes)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
