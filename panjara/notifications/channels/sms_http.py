"""An SMS provider reached over HTTPS: POST JSON {to, from, text, reference} with a bearer token.
Standard library only (urllib), so the adapter adds no dependency; the call runs in the worker,
never in a request."""

from __future__ import annotations

import ipaddress
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

from .base import DeliveryResult, SmsClient, SmsMessage

# A provider's answer is a small JSON object; anything bigger is not worth reading.
MAX_ANSWER_BYTES = 64 * 1024


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _provider_id(raw: bytes) -> str:
    try:
        answer = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(answer, dict):
        return ""
    for key in ("id", "message_id", "messageId"):
        if answer.get(key) not in (None, ""):
            return str(answer[key])[:128]
    return ""


class HttpSmsGateway(SmsClient):
    name = "http"

    def __init__(self) -> None:
        config = settings.SMS
        self.url: str = config.get("HTTP_URL", "")
        self.token: str = config.get("HTTP_TOKEN", "")
        self.sender: str = config.get("HTTP_SENDER", "")
        self.timeout: float = float(config.get("HTTP_TIMEOUT_SECONDS", 10))

    def check_config(self) -> list[str]:
        problems = []
        parts = urlsplit(self.url)
        if not self.url:
            problems.append("PANJARA_SMS_HTTP_URL is not set")
        elif parts.scheme not in {"http", "https"} or not parts.hostname:
            problems.append("PANJARA_SMS_HTTP_URL must be an http(s) URL")
        elif parts.scheme == "http" and not _is_loopback(parts.hostname):
            # The bearer token and the one-time codes must not cross a network in clear text.
            problems.append("PANJARA_SMS_HTTP_URL must use https unless the provider is on loopback")
        if not self.token:
            problems.append("PANJARA_SMS_HTTP_TOKEN is not set")
        if self.timeout <= 0:
            problems.append("PANJARA_SMS_HTTP_TIMEOUT must be positive")
        return problems

    def send(self, message: SmsMessage) -> DeliveryResult:
        problems = self.check_config()
        if problems:
            # A configuration fix can make the next attempt succeed, so this is not permanent.
            return DeliveryResult.retry("; ".join(problems))
        payload = {
            "to": message.to,
            "from": self.sender,
            "text": message.text,
            "reference": message.reference,
        }
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in check_config
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": message.reference,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read(MAX_ANSWER_BYTES)
                status = response.status
        except urllib.error.HTTPError as error:
            return self._classify(error.code, error.read(1024))
        except TimeoutError:
            return DeliveryResult.retry(f"no answer within {self.timeout:g} s")
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                return DeliveryResult.retry(f"no answer within {self.timeout:g} s")
            return DeliveryResult.retry(f"cannot reach the provider: {reason}")
        except OSError as error:
            return DeliveryResult.retry(f"connection failed: {error}")
        if not 200 <= status < 300:
            return self._classify(status, raw[:1024])
        return DeliveryResult.sent(provider_message_id=_provider_id(raw))

    @staticmethod
    def _classify(status: int, raw: bytes) -> DeliveryResult:
        detail = raw.decode("utf-8", "replace").strip()[:300]
        error = f"HTTP {status}" + (f": {detail}" if detail else "")
        # 4xx means this request is wrong and resending it cannot help — except 429, which only
        # asks us to slow down. Everything else (3xx, 5xx) may pass later.
        if 400 <= status < 500 and status != 429:
            return DeliveryResult.permanent(error)
        return DeliveryResult.retry(error)
