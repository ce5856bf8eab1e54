"""ASGI middleware that must act before a route reads the body."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openkyb.api.problems import Problem, problem_response


class BodyTooLarge(Problem):
    """Raised from ``receive`` when the streamed body passes the limit.

    It is a Problem, so the app's problem handler answers it with 413 like any other.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, "body-too-large", f"The request body exceeds {max_bytes} bytes.")


class BodySizeLimit:
    """Refuse bodies over ``max_bytes`` with 413, by Content-Length or while streaming.

    Checking the header alone is not enough: a chunked request has none, so the byte count
    is also enforced as the body arrives, before anything buffers it whole.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await problem_response(BodyTooLarge(self.max_bytes), scope.get("path"))(
                    scope, receive, send
                )
                return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge as exc:
            if response_started:
                raise
            await problem_response(exc, scope.get("path"))(scope, receive, send)
