"""ingest.fetch against the loopback hostile server: RELIABILITY rows A1-A19 that fetch owns.

All traffic stays on 127.0.0.1. Destinations that are not loopback are refused before any
connection (and the resolver is faked), so no test can reach another address.
"""
from __future__ import annotations

import ipaddress
import socket
import time
import tracemalloc
from datetime import datetime, timezone

import httpx
import pytest

from ingest import netguard
from ingest.errors import ParseError
from ingest.feeds import parse_feed
from ingest.fetch import (
    MAX_BYTES, USER_AGENT, FetchFailure, clear_robots_cache, fetch, is_public_address, parse_retry_after,
)
from tests.hostile_server import OK_RSS, serve

pytestmark = pytest.mark.timeout(20)


@pytest.fixture(autouse=True)
def loopback_allowed(monkeypatch):
    monkeypatch.setenv("LEDGER_ALLOW_HOSTS", "127.0.0.1")
    clear_robots_cache()
    yield
    clear_robots_cache()


@pytest.fixture(scope="module")
def server():
    with serve() as running:
        yield running


def no_dns(host, port, **kwargs):
    raise AssertionError(f"no DNS lookup expected for {host}")


def fake_dns(*answers: str):
    """A getaddrinfo stand-in that answers each lookup with the next address in turn."""
    calls = []

    def resolve(host, port, **kwargs):
        address = answers[len(calls) % len(answers)]
        calls.append(host)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    resolve.calls = calls
    return resolve


def timed(**kwargs):
    started = time.monotonic()
    result = fetch(**kwargs)
    return result, time.monotonic() - started


# ---- A1, A2: hanging and trickling servers -------------------------------------------------------

def test_a1_hang_is_a_read_timeout(server):
    result, elapsed = timed(url=server.url("/hang"), read_timeout_s=1, deadline_s=10)
    assert (result.status, result.error_kind) == ("error", "timeout")
    assert elapsed < 1 + 2


def test_a1_hang_never_outlives_the_total_deadline(server):
    result, elapsed = timed(url=server.url("/hang"), deadline_s=2)
    assert result.error_kind == "deadline"
    assert 1.9 <= elapsed <= 3.0


def test_a2_slowloris_is_cut_at_the_deadline(server):
    before = server.hits["/slowloris"]
    result, elapsed = timed(url=server.url("/slowloris"), deadline_s=2.5, read_timeout_s=20)
    assert (result.status, result.error_kind, result.body) == ("error", "deadline", None)
    assert 2.4 <= elapsed <= 3.5  # deadline +- 1 s, though every read returned within its own timeout
    assert server.hits["/slowloris"] == before + 1  # a deadline is not retried


# ---- A3: refused connection, DNS failure ---------------------------------------------------------

def test_a3_connection_refused_is_connect_and_retried_quickly():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed on exit: nothing listens there
    delays = []
    result, elapsed = timed(url=f"http://127.0.0.1:{port}/", sleep=delays.append, retry_base_s=0.5)
    assert (result.error_kind, result.attempts) == ("connect", 3)
    assert len(delays) == 2 and 0 <= delays[0] <= 0.5 and 0 <= delays[1] <= 1.0  # full jitter
    assert elapsed < 2


def test_a3_dns_failure_is_dns():
    def nxdomain(host, port, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    result = fetch("https://no-such-host.invalid/feed.xml", resolver=nxdomain)
    assert (result.status, result.error_kind, result.attempts) == ("error", "dns", 1)


def test_a3_slow_dns_is_bounded_by_the_deadline():
    def slow(host, port, **kwargs):
        time.sleep(3)
        return fake_dns("93.184.215.14")(host, port)

    result, elapsed = timed(url="https://slow-dns.example.test/feed.xml", resolver=slow, deadline_s=1)
    assert result.error_kind == "deadline"
    assert elapsed < 1.5


# ---- A4, A15, A16, A19: bodies -------------------------------------------------------------------

def test_a4_content_length_mismatch_is_truncated(server):
    result = fetch(server.url("/cl-mismatch"))
    assert (result.error_kind, result.body) == ("truncated", None)


def test_a15_huge_body_stops_at_the_cap_with_bounded_memory(server):
    tracemalloc.start()
    try:
        result = fetch(server.url("/huge"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.error_kind, MAX_BYTES) == ("too_large", 15 * 1024 * 1024)
    assert peak < MAX_BYTES + 20 * 1024 * 1024


def test_a16_gzip_bomb_stops_at_the_decoded_cap(server):
    tracemalloc.start()
    try:
        result, elapsed = timed(url=server.url("/gzipbomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.error_kind == "too_large"
    assert "decoded body exceeds" in result.error
    assert peak < MAX_BYTES + 20 * 1024 * 1024  # not 1 GiB
    assert elapsed < 10


@pytest.mark.parametrize("path", ["/gzip-ok", "/deflate-raw-ok"])
def test_compressed_bodies_are_decoded(server, path):
    result = fetch(server.url(path))
    assert (result.status, result.body) == ("fetched", OK_RSS)


def test_a19_empty_200_is_an_error(server):
    result = fetch(server.url("/empty"))
    assert (result.status, result.error_kind, result.http_status) == ("error", "empty_body", 200)


# ---- A5, A6: server errors and rate limits -------------------------------------------------------

def test_a5_flaky_500_succeeds_after_two_in_run_retries():
    with serve() as fresh:  # its own hit counter: the route fails 2 requests in 3
        result = fetch(fresh.url("/flaky500"), retry_base_s=0)
        assert (result.status, result.attempts, result.body) == ("fetched", 3, OK_RSS)
        assert fresh.hits["/flaky500"] == 3


def test_a5_persistent_500_gives_up_after_three_attempts(server):
    before = server.hits["/500"]
    result = fetch(server.url("/500"), retry_base_s=0)
    assert (result.error_kind, result.http_status, result.attempts) == ("http_5xx", 500, 3)
    assert server.hits["/500"] == before + 3


def test_a5_no_retry_when_asked(server):
    before = server.hits["/500"]
    assert fetch(server.url("/500"), retries=0).attempts == 1
    assert server.hits["/500"] == before + 1


@pytest.mark.parametrize("path, low, high", [("/429", 120.0, 120.0), ("/429-date", 110.0, 120.0),
                                             ("/429-absurd", 604800.0, 604800.0)])
def test_a6_rate_limited_reports_retry_after_and_does_not_hammer(server, path, low, high):
    before = server.hits[path]
    result = fetch(server.url(path), retry_base_s=0)
    assert (result.error_kind, result.http_status) == ("rate_limited", 429)
    assert low <= result.retry_after_s <= high
    assert server.hits[path] == before + 1


def test_a6_long_503_retry_after_is_not_waited_for_in_run(server):
    before = server.hits["/503-long"]
    result = fetch(server.url("/503-long"), retry_base_s=0)
    assert (result.error_kind, result.retry_after_s, result.attempts) == ("http_5xx", 3600.0, 1)
    assert server.hits["/503-long"] == before + 1


RETRY_AFTER_NOW = datetime(2015, 10, 21, 7, 26, tzinfo=timezone.utc)


@pytest.mark.parametrize("header, expected", [
    ("120", 120.0),
    ("0", 0.0),
    ("99999999", 604800.0),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 120.0),
    ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),
    ("Wed, 21 Oct 2025 07:28:00 GMT", 604800.0),
    ("-5", None),
    ("soon", None),
    ("", None),
    (None, None),
])
def test_parse_retry_after(header, expected):
    assert parse_retry_after(header, now=RETRY_AFTER_NOW) == expected


# ---- A7, B6: challenge pages are fetched but are not feeds ----------------------------------------

def test_a7_challenge_page_is_not_a_feed(server):
    result = fetch(server.url("/wrong-ctype"))
    assert (result.status, result.content_type) == ("fetched", "text/html; charset=UTF-8")
    with pytest.raises(ParseError) as caught:
        parse_feed(result.body, "openai-news")
    assert caught.value.kind == "not_a_feed"


def test_a7_cloudflare_403_challenge_is_blocked(server):
    result = fetch(server.url("/cf-challenge"))
    assert (result.error_kind, result.http_status) == ("blocked", 403)


def test_json_error_object_is_not_a_feed(server):
    result = fetch(server.url("/json-bad"))
    with pytest.raises(ParseError, match="not_a_feed"):
        parse_feed(result.body, "openai-news")


# ---- A9, A10, A11, A12: redirects, schemes, destinations ------------------------------------------

def test_a9_redirect_loop_stops_after_five(server):
    before = server.hits["/loop"]
    result = fetch(server.url("/loop"))
    assert (result.error_kind, result.http_status) == ("too_many_redirects", 302)
    assert server.hits["/loop"] == before + 6  # the first request and 5 redirects


def test_a10_permanent_redirect_is_followed_and_reported(server):
    result = fetch(server.url("/redirect-ok"))
    assert (result.status, result.url, result.final_url) == ("fetched", server.url("/redirect-ok"), server.url("/ok"))


def test_a11_redirect_to_metadata_address_is_refused_before_connecting(server):
    result = fetch(server.url("/to-private"), resolver=no_dns)
    assert (result.status, result.error_kind) == ("error", "blocked_destination")
    assert "169.254.169.254" in result.error


@pytest.mark.parametrize("path", ["/to-file", "/to-gopher"])
def test_a12_redirect_to_another_scheme_is_refused(server, path):
    assert fetch(server.url(path)).error_kind == "bad_scheme"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://example.com/feed",
                                 "data:text/xml,<rss/>", "javascript:alert(1)", "", "http://", "not a url"])
def test_a12_non_http_urls_are_refused(url):
    assert fetch(url, resolver=no_dns).error_kind == "bad_scheme"


BLOCKED_HOSTS = [
    "http://127.0.0.1/", "http://127.1/", "http://0177.0.0.1/", "http://2130706433/", "http://0x7f000001/",
    "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/", "http://0.0.0.0/", "http://224.0.0.1/", "http://255.255.255.255/",
    "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/",
    "http://[2002:a9fe:a9fe::]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[ff02::1]/",
]


@pytest.mark.parametrize("url", BLOCKED_HOSTS)
def test_a11_private_and_disguised_addresses_are_blocked(monkeypatch, url):
    monkeypatch.delenv("LEDGER_ALLOW_HOSTS")
    result = fetch(url, resolver=no_dns)
    assert (result.status, result.error_kind) == ("error", "blocked_destination")


@pytest.mark.parametrize("answer", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fd00::1"])
def test_a11_names_resolving_to_private_addresses_are_blocked(monkeypatch, answer):
    monkeypatch.delenv("LEDGER_ALLOW_HOSTS")
    result = fetch("https://feeds.example.test/rss.xml", resolver=fake_dns(answer))
    assert result.error_kind == "blocked_destination"


def test_loopback_is_blocked_without_the_allowlist(monkeypatch, server):
    monkeypatch.delenv("LEDGER_ALLOW_HOSTS")
    before = server.hits["/ok"]
    assert fetch(server.url("/ok")).error_kind == "blocked_destination"
    assert server.hits["/ok"] == before


def test_allowlist_entry_with_port_matches_only_that_port(monkeypatch, server):
    monkeypatch.setenv("LEDGER_ALLOW_HOSTS", f"127.0.0.1:{server.port}")
    assert fetch(server.url("/ok")).status == "fetched"
    monkeypatch.setenv("LEDGER_ALLOW_HOSTS", "127.0.0.1:1")
    assert fetch(server.url("/ok")).error_kind == "blocked_destination"


@pytest.mark.parametrize("address, expected", [
    ("93.184.215.14", True), ("8.8.8.8", True), ("2606:4700:4700::1111", True), ("2002:808:808::", True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("100.64.0.1", False), ("192.0.2.1", False),
    ("::ffff:8.8.8.8", False), ("64:ff9b::808:808", False), ("2001::1", False), ("fec0::1", False),
])
def test_is_public_address(address, expected):
    assert is_public_address(ipaddress.ip_address(address)) is expected


# ---- A13: the connection goes to the address that was checked --------------------------------------

def test_a13_dns_rebinding_connects_only_to_the_checked_address(monkeypatch):
    monkeypatch.delenv("LEDGER_ALLOW_HOSTS")
    seen = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, stream=httpx.ByteStream(OK_RSS), headers={"content-type": "application/rss+xml"})

    rebinding = fake_dns("93.184.215.14", "127.0.0.1")  # public for the check, private afterwards
    transport = httpx.MockTransport(record)
    first = fetch("https://feeds.example.test/rss.xml", resolver=rebinding, transport=transport)
    assert first.status == "fetched"
    assert str(seen[0].url) == "https://93.184.215.14/rss.xml"  # pinned: no second lookup at connect time
    assert seen[0].headers["host"] == "feeds.example.test"
    assert seen[0].extensions["sni_hostname"] == "feeds.example.test"
    assert rebinding.calls == ["feeds.example.test"]
    second = fetch("https://feeds.example.test/rss.xml", resolver=rebinding, transport=transport)
    assert second.error_kind == "blocked_destination" and len(seen) == 1


def test_a13_pinned_backend_refuses_any_other_address():
    backend = netguard.DeadlineBackend(time.monotonic() + 5, ipaddress.ip_address("93.184.215.14"))
    with pytest.raises(FetchFailure) as caught:
        backend.connect_tcp("10.0.0.1", 80)
    assert caught.value.kind == "blocked_destination"


def test_a14_tls_failure_is_tls(server):
    result = fetch(f"https://127.0.0.1:{server.port}/ok")  # a plain-HTTP server: the handshake fails
    assert (result.error_kind, result.attempts) == ("tls", 1)


# ---- A18: conditional GET --------------------------------------------------------------------------

def test_a18_conditional_get_gives_not_modified(server):
    first = fetch(server.url("/etag"))
    assert (first.status, first.etag, first.last_modified) == ("fetched", '"v1"', "Mon, 14 Apr 2025 10:00:00 GMT")
    second = fetch(server.url("/etag"), etag=first.etag, last_modified=first.last_modified)
    assert (second.status, second.http_status, second.body) == ("not_modified", 304, None)
    assert (second.etag, second.last_modified) == ('"v1"', "Mon, 14 Apr 2025 10:00:00 GMT")
    path, headers = server.requests[-1]
    assert (path, headers["If-None-Match"], headers["If-Modified-Since"]) == (
        "/etag", '"v1"', "Mon, 14 Apr 2025 10:00:00 GMT")


def test_requests_identify_themselves(server):
    fetch(server.url("/ok"))
    headers = server.requests[-1][1]
    assert headers["User-Agent"] == USER_AGENT == "FrontierLedger/0.1 (+https://github.com/frontier-ledger)"
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert headers["Host"] == f"127.0.0.1:{server.port}"


def test_credentials_do_not_follow_a_redirect_to_another_origin(server):
    with serve({"/away": lambda h, n: h.reply(302, b"", "text/plain", {"Location": server.url("/ok")})}) as other:
        result = fetch(other.url("/away"), kind="api", headers={"x-api-key": "secret"})
    assert result.status == "fetched"
    assert other.requests[-1][1].get("x-api-key") == "secret"
    assert "x-api-key" not in {k.lower() for k in server.requests[-1][1]}


# ---- A20: robots.txt for pages -----------------------------------------------------------------------

def test_a20_robots_disallowed_page_is_never_requested():
    with serve() as fresh:
        result = fetch(fresh.url("/private/page"), kind="page")
        allowed = fetch(fresh.url("/page"), kind="page")
        assert (result.error_kind, allowed.status) == ("robots_disallowed", "fetched")
        assert (fresh.hits["/private/page"], fresh.hits["/robots.txt"]) == (0, 1)  # cached per host
        assert fetch(fresh.url("/private/page"), kind="feed").status == "fetched"  # feeds do not ask


@pytest.mark.parametrize("status, expected", [(500, "robots_disallowed"), (503, "robots_disallowed"),
                                              (404, "fetched"), (410, "fetched")])
def test_a20_robots_txt_errors(status, expected):
    with serve({"/robots.txt": lambda h, n: h.reply(status, b"", "text/plain")}) as fresh:
        result = fetch(fresh.url("/page"), kind="page")
        assert (result.error_kind or result.status) == expected


# ---- nothing escapes ---------------------------------------------------------------------------------

def test_no_exception_escapes_even_from_a_broken_resolver():
    def broken(host, port, **kwargs):
        raise RuntimeError("resolver bug")

    result = fetch("https://feeds.example.test/rss.xml", resolver=broken)
    assert (result.status, result.error_kind) == ("error", "internal")


def test_results_are_frozen(server):
    result = fetch(server.url("/ok"))
    with pytest.raises(Exception):
        result.status = "error"  # type: ignore[misc]
