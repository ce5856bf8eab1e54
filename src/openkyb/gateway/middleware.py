"""The gateway's ASGI middleware: request context in, rate-limit headers and usage out."""

from __future__ import annotations

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openkyb.gateway import usage
from openkyb.gateway.bots import warm_up
from openkyb.gateway.pipeline import Gateway, GatewayCall, current_call

# Successful answers that count as a verification or a screening, by method and path.
_METERED = {
    ("POST", "/v1/verifications", 201): usage.VERIFICATIONS,
    ("POST", "/v1/screen", 200): usage.SCREENINGS,
}


class GatewayMiddleware:
    """Opens a :class:`GatewayCall` per HTTP request for :func:`pipeline.enforce`.

    On the way out it adds the headers the gateway chose (``RateLimit-*``) to any answer,
    success or problem, and meters verifications and screenings. At lifespan shutdown it
    flushes the usage buffer.
    """

    def __init__(self, app: ASGIApp, gateway: Gateway) -> None:
        self.app = app
        self.gateway = gateway

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, self._lifespan_receive(receive), send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        forwarded: list[str] = []
        user_agent = None
        for name, value in scope.get("headers", ()):
            if name == b"user-agent":
                user_agent = value.decode("latin-1")
            elif name == b"x-forwarded-for":
                forwarded.append(value.decode("latin-1"))
        client = scope.get("client")
        call = GatewayCall(self.gateway, client[0] if client else None, forwarded, user_agent)
        token = current_call.set(call)

        async def gateway_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._on_response(call, scope, message)
            await send(message)

        try:
            await self.app(scope, receive, gateway_send)
        finally:
            current_call.reset(token)

    def _on_response(self, call: GatewayCall, scope: Scope, message: Message) -> None:
        if call.response_headers:
            extra = [(k.lower().encode(), v.encode()) for k, v in call.response_headers.items()]
            message["headers"] = [*message.get("headers", ()), *extra]
        if call.tenant_id is None:
            return
        metric = _METERED.get((scope["method"], scope["path"].rstrip("/"), message["status"]))
        replayed = any(name == b"idempotent-replayed" for name, _ in message.get("headers", ()))
        if metric is not None and not replayed:
            self.gateway.usage.count(call.tenant_id, metric)

    def _lifespan_receive(self, receive: Receive) -> Receive:
        async def lifespan_receive() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup":
                warm_up()
            elif message["type"] == "lifespan.shutdown":
                await anyio.to_thread.run_sync(self.gateway.close)
            return message

        return lifespan_receive
