"""The optional LLM rewriter against a real HTTP server on loopback, and its guard."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from coach.feedback.report import FeedbackReport, SbiParts
from coach.feedback.rewriters import OpenAICompatibleRewriter, RewriteRefused, guarded_rewrite, new_facts


class FakeChecker:
    """Stands in for the checker: 'judgmental' when the text contains 'lazy'."""

    def check(self, text: str, **_: object) -> FeedbackReport:
        return FeedbackReport("1", text, False, "lazy" in text, {}, SbiParts(), [], "")


def serve(reply: str):  # type: ignore[no-untyped-def]
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            Handler.seen = json.loads(self.rfile.read(length))  # type: ignore[attr-defined]
            payload = json.dumps({"choices": [{"message": {"content": reply}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            return None

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, Handler


SOURCE = "You're lazy and you missed the Friday deadline."


def test_accepts_a_faithful_rewrite():
    server, handler = serve("[When and where?] You missed the Friday deadline. [What was the impact?]")
    try:
        rewriter = OpenAICompatibleRewriter(f"http://127.0.0.1:{server.server_port}/v1")
        out = guarded_rewrite(rewriter, FakeChecker(), SOURCE)  # type: ignore[arg-type]
        assert out.startswith("[When and where?]")
        assert SOURCE in handler.seen["messages"][0]["content"]
    finally:
        server.shutdown()


@pytest.mark.parametrize(("reply", "message"), [
    ("In Monday's standup with Priya you missed the Friday deadline by 3 days.", "added words"),
    ("You're lazy: you missed the Friday deadline.", "still judgmental"),
    ("", "returned nothing"),
])
def test_refuses_invented_facts_and_judgments(reply, message):
    server, _ = serve(reply)
    try:
        rewriter = OpenAICompatibleRewriter(f"http://127.0.0.1:{server.server_port}/v1")
        with pytest.raises(RewriteRefused, match=message):
            guarded_rewrite(rewriter, FakeChecker(), SOURCE)  # type: ignore[arg-type]
    finally:
        server.shutdown()


def test_unreachable_endpoint_is_explained():
    rewriter = OpenAICompatibleRewriter("http://127.0.0.1:9/v1", timeout=2)
    with pytest.raises(RewriteRefused, match="did not answer"):
        rewriter.rewrite("x")


def test_new_facts():
    assert new_facts("you missed the deadline", "[when?] you missed the deadline") == set()
    assert new_facts("you missed the deadline", "On Monday you missed 2 deadlines") == {"monday", "2"}
