"""A local server playing the ASL BELGISI xTrace Open API, for the withdrawal gateway's tests.

Each POST takes the next scripted answer from `post_script` ("ok" once it is empty): "ok", "500", "400",
"429", or "slow" (the document is accepted but the answer comes after `slow_s`, past the client's
timeout). A document's processing ends in `outcome` (SUCCESS, PARTIALLY_PROCESSED, ERROR) after
`polls_before_final` status requests; `refuse` names the codes that a partial result refuses.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import Self

from aiohttp import web


@dataclass
class Received:
    id: str
    body: dict
    raw_body: str
    signature: str | None
    status_requests: int = 0


@dataclass
class NationalSystem:
    key: str = "test-key"
    post_script: list[str] = field(default_factory=list)
    outcome: str = "SUCCESS"
    refuse: dict[str, str] = field(default_factory=dict)
    polls_before_final: int = 1
    slow_s: float = 1.0
    posts: int = 0           # every POST that reached us, accepted or not
    docs: dict[str, Received] = field(default_factory=dict)
    url: str = ""

    async def __aenter__(self) -> Self:
        app = web.Application(client_max_size=64 * 2**20)  # a document of 30 000 codes is a few MB
        app.router.add_post("/public/api/v1/doc/withdrawal", self._withdrawal)
        app.router.add_get("/public/api/v1/doc/storage/docs", self._search)
        app.router.add_get("/public/api/v1/doc/storage/docs/{id}", self._status)
        app.router.add_get("/public/api/v1/doc/storage/errors/{id}", self._errors)
        app.router.add_post("/sign", self._sign)  # the E-IMZO signing service, for the signer's test
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc) -> None:
        await self._runner.cleanup()

    def _authorised(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != f"Bearer {self.key}":
            raise web.HTTPUnauthorized()

    async def _withdrawal(self, request: web.Request) -> web.Response:
        self._authorised(request)
        self.posts += 1
        action = self.post_script.pop(0) if self.post_script else "ok"
        if action == "500":
            return web.Response(status=500)
        if action == "400":
            return web.Response(status=400, text="primaryDocument.number is required")
        if action == "429":
            return web.Response(status=429, headers={"Retry-After": "7"})
        payload = await request.json()
        raw = payload["documentBody"]
        body = json.loads(base64.b64decode(raw))
        if json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")) != base64.b64decode(raw).decode():
            return web.Response(status=400, text="documentBody must be JSON with sorted keys")
        doc_id = f"doc-{len(self.docs) + 1}"
        self.docs[doc_id] = Received(doc_id, body, raw, payload.get("signature"))
        if action == "slow":
            await asyncio.sleep(self.slow_s)
        return web.json_response({"id": doc_id})

    async def _search(self, request: web.Request) -> web.Response:
        self._authorised(request)
        wanted = request.query.get("externalId")
        return web.json_response({"content": [{"id": d.id, "externalId": d.body.get("externalId")}
                                              for d in self.docs.values() if d.body.get("externalId") == wanted]})

    async def _status(self, request: web.Request) -> web.Response:
        self._authorised(request)
        doc = self.docs.get(request.match_info["id"])
        if doc is None:
            raise web.HTTPNotFound()
        doc.status_requests += 1
        status = self.outcome if doc.status_requests > self.polls_before_final else "IN_PROCESS"
        return web.json_response({"id": doc.id, "status": status})

    async def _errors(self, request: web.Request) -> web.Response:
        self._authorised(request)
        doc = self.docs[request.match_info["id"]]
        if self.outcome == "ERROR":
            return web.json_response([{"code": c["code"], "message": "business place not found"}
                                      for c in doc.body["codes"]])
        return web.json_response([{"code": code, "message": why} for code, why in self.refuse.items()])

    async def _sign(self, request: web.Request) -> web.Response:
        body = (await request.read()).decode()
        return web.Response(text=f"pkcs7-of-{hashlib.sha256(body.encode()).hexdigest()}")
