"""An LLM rewriter for any OpenAI-compatible chat endpoint (e.g. a local server), off by default.

Configure with ``COACH_LLM_URL`` (e.g. ``http://127.0.0.1:8080/v1``) and ``COACH_LLM_MODEL``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from coach.errors import InputError
from coach.feedback.rewriters.base import Rewriter, RewriteRefused

PROMPT_FILE = Path(__file__).resolve().parents[3] / "prompts" / "llm_rewrite.md"


class OpenAICompatibleRewriter(Rewriter):
    name = "LLM rewriter"

    def __init__(self, url: str, *, model: str = "local", timeout: float = 30.0,
                 api_key: str | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"COACH_LLM_URL {url!r} is not an http(s) URL, e.g. http://127.0.0.1:8080/v1")
        self.url = url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout = timeout
        self.api_key = api_key
        self.prompt = PROMPT_FILE.read_text(encoding="utf-8")

    def rewrite(self, text: str) -> str:
        body = json.dumps({"model": self.model, "temperature": 0,
                           "messages": [{"role": "user",
                                         "content": self.prompt.replace("{feedback}", text)}]}).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
            return str(data["choices"][0]["message"]["content"])
        except (urllib.error.URLError, TimeoutError, KeyError, IndexError, ValueError) as exc:
            raise RewriteRefused(f"The LLM endpoint {self.url} did not answer usefully ({exc}); "
                                 "the built-in rewrite is shown instead.") from exc
