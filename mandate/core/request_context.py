"""Who is asking and from where, for the audit trail's metadata (request id, client address) and
the access log's (the route read: method and path).

Set by ``RequestIdMiddleware``; empty in commands and jobs. The actor is never read from here:
services receive it explicitly.
"""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
client_ip: ContextVar[str] = ContextVar("client_ip", default="")
route: ContextVar[str] = ContextVar("route", default="")
