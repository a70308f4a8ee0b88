"""The ASGI application of ``healthlint serve``: the editors' page and the HTTP API for a CMS.

Routes::

    GET  /                 the page: paste, drop or open an article and see it checked
    GET  /healthz          liveness and readiness (workers warm)
    GET  /openapi.json     the API described (OpenAPI 3.1)
    GET  /api/rules        every rule: id, severity, summary, fixable
    GET  /api/articles     article files in the --articles folder
    POST /api/check        one article -> the JSON of `healthlint check --format json`
    POST /api/fix          one article -> fixed text, unified diff; with {path, write: true} writes it
    POST /api/view         what the page draws: results, annotated article, per-finding fix previews

Safety: every response carries the HTML report's Content-Security-Policy (no inline script; the
page's script is a static file) plus ``connect-src 'self'``; bound to loopback, requests must name a
loopback host (a web page cannot reach the API through DNS rebinding); a cross-origin POST is
refused; with a token, ``/api/*`` needs ``Authorization: Bearer TOKEN``; request bodies over the
limit are refused while they are read (413). The server writes a file only for ``/api/fix`` with
``write: true`` and a ``path`` inside the articles folder, atomically.
"""
from __future__ import annotations

import hmac
import json
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from . import jobs
from .jobs import ApiError, ArticleInput
from .openapi import openapi_document
from .pool import CheckPool

if TYPE_CHECKING:
    from ..core.config import Config

PAGE_CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'")
CSP = PAGE_CSP + "; frame-ancestors 'none'"  # frame-ancestors works only as a header, not in <meta>
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
RAW_TYPES = {"text/markdown": "markdown", "text/x-markdown": "markdown", "text/html": "html", "text/plain": "text"}
JSON_OVERHEAD = 64 * 1024  # a request body may exceed the article limit by its JSON or multipart wrapping


def is_loopback(host: str) -> bool:
    import ipaddress

    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    config: Config  # the server's configuration; request overrides go on top
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    workers: int = 2
    articles: Path | None = None

    @property
    def max_bytes(self) -> int:
        return self.config.max_file_size

    @property
    def max_body(self) -> int:
        # JSON escapes can double a text's size (every quote and newline), multipart adds headers.
        return 2 * self.max_bytes + JSON_OVERHEAD


# -- request bodies -----------------------------------------------------------------------------------

async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"request body of {int(declared)} bytes is over the limit of {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too_large", f"request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_request(request: Request, settings: Settings) -> tuple[ArticleInput, dict]:
    """The article a POST names (JSON, multipart file upload or a raw text body) and the request's
    other fields. Raises ApiError for what cannot be served."""
    body = await read_body(request, settings.max_body)
    media = _media_type(request)
    if media == "application/json":
        try:
            fields = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, "bad_json", f"the body is not valid JSON: {exc}") from None
        if not isinstance(fields, dict):
            raise ApiError(400, "bad_request", "expected a JSON object such as {\"text\": \"...\", \"format\": \"md\"}")
        return _article_from_fields(fields, settings), fields
    if media == "multipart/form-data":
        return await _article_from_form(request, body, settings)
    if media in RAW_TYPES:
        fields = {"filename": request.query_params.get("filename")}
        kind = jobs.kind_for(request.query_params.get("format"), fields["filename"]) or RAW_TYPES[media]
        _check_size(len(body), settings)
        return ArticleInput(jobs.display_name(fields["filename"], kind), kind, data=body), fields
    raise ApiError(415, "unsupported_media_type",
                   f"Content-Type {media or '(none)'!r} is not supported: send application/json, "
                   "multipart/form-data (a file) or text/markdown, text/html, text/plain")


def _check_size(size: int, settings: Settings) -> None:
    if size > settings.max_bytes:
        from ..core.reading import format_size

        raise ApiError(413, "too_large", f"the article is {format_size(size)}, over the size limit of "
                                         f"{format_size(settings.max_bytes)}")


def _config_field(value) -> dict | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ApiError(400, "bad_config", f"config: not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ApiError(400, "bad_config", "config: expected an object like {\"readability\": {\"target-grade\": 7}}")
    return value


def _article_from_fields(fields: dict, settings: Settings) -> ArticleInput:
    config = _config_field(fields.get("config"))
    filename = fields.get("filename")
    if filename is not None and not isinstance(filename, str):
        raise ApiError(400, "bad_request", "filename: expected a string")
    if fields.get("path") is not None:
        if settings.articles is None:
            raise ApiError(400, "no_articles_folder", "path: the server was started without --articles")
        path = jobs.article_path(settings.articles, fields["path"])
        kind = jobs.kind_for(fields.get("format"), path.name) or "text"  # no suffix: read as text, as the CLI does
        relative = path.relative_to(settings.articles.resolve()).as_posix()
        return ArticleInput(relative, kind, path=str(path), config=config)
    text = fields.get("text")
    if not isinstance(text, str):
        raise ApiError(400, "bad_request", "text: expected the article as a string (or path: a file in the "
                                           "articles folder)")
    data = text.encode("utf-8")
    _check_size(len(data), settings)
    from ..core.reading import kind_of

    kind = jobs.kind_for(fields.get("format"), filename) or kind_of("article", text)
    return ArticleInput(jobs.display_name(filename, kind), kind, data=data, config=config)


async def _article_from_form(request: Request, body: bytes, settings: Settings) -> tuple[ArticleInput, dict]:
    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=1, max_fields=20,
                                                          max_part_size=settings.max_bytes + 1)
    except HTTPException as exc:
        raise ApiError(400, "bad_form", f"cannot read the form: {exc.detail}") from None
    except Exception as exc:  # noqa: BLE001 - python-multipart's errors for a malformed body
        raise ApiError(400, "bad_form", f"cannot read the form: {exc}") from None
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ApiError(400, "bad_request", "multipart: expected the article in a field named 'file'")
        data = await upload.read(settings.max_bytes + 1)
        named = form.get("filename")
        filename = named if isinstance(named, str) and named else upload.filename
        fields: dict[str, str | None] = {key: value for key, value in form.items() if isinstance(value, str)}
        fields["filename"] = filename
    finally:
        await form.close()
    _check_size(len(data), settings)
    kind = jobs.kind_for(fields.get("format"), filename)
    if kind is None:
        raise ApiError(415, "unsupported_format", "the file has no .md, .html or .txt name; give format=md|html|txt")
    return ArticleInput(jobs.display_name(filename, kind), kind, data=data,
                        config=_config_field(fields.get("config"))), fields


# -- the guard: host, origin, token, security headers ------------------------------------------------

class Guard:
    """Pure ASGI middleware, in front of everything."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings
        self.loopback_only = is_loopback(settings.host)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        problem = self.refuse(scope)
        if problem is not None:
            return await error_response(problem)(scope, receive, send_with_headers)
        await self.app(scope, receive, send_with_headers)

    def refuse(self, scope) -> ApiError | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if self.loopback_only and not is_loopback(_hostname(host)):
            return ApiError(421, "bad_host", f"this server answers only to a loopback host, not {host!r}")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc.lower() != host.lower():
                return ApiError(403, "cross_origin", f"requests from {origin} are not accepted")
            if origin == "null":
                return ApiError(403, "cross_origin", "requests from an opaque origin are not accepted")
        if self.settings.token and scope["path"].startswith("/api/"):
            given = headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.settings.token.encode()):
                return ApiError(401, "unauthorized", "this server needs Authorization: Bearer TOKEN (see --token)")
        return None


def _hostname(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header.split("]", 1)[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def error_response(error: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return JSONResponse(error.as_dict(), status_code=error.status, headers=headers)


# -- static assets and the page ------------------------------------------------------------------------

@lru_cache(maxsize=None)
def asset(package: str, *parts: str) -> str:
    return resources.files(package).joinpath(*parts).read_text(encoding="utf-8")


ASSETS = {
    # name -> (package, path inside it, media type)
    "serve.js": ("healthlint.serve", ("static", "serve.js"), "text/javascript; charset=utf-8"),
    "serve.css": ("healthlint.serve", ("static", "serve.css"), "text/css; charset=utf-8"),
    # The HTML report's own style sheet: the embedded article body is the report's markup.
    "report.css": ("healthlint.reports", ("templates", "report.css.j2"), "text/css; charset=utf-8"),
}


@lru_cache(maxsize=1)
def _page_env():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("healthlint.serve", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_page(settings: Settings) -> str:
    from .. import __version__

    policy = settings.config.get_policy()
    target = policy.thresholds("readability").get("target-grade", 8)
    return _page_env().get_template("page.html.j2").render(
        version=__version__, csp=PAGE_CSP, target=target, grades=list(range(4, 14)),
        token_required=bool(settings.token), articles=settings.articles is not None,
        max_bytes=settings.max_bytes,
    )


# -- the application ----------------------------------------------------------------------------------

def create_app(settings: Settings, pool: CheckPool | None = None) -> Guard:
    pool = pool or CheckPool(settings.config, settings.workers)

    @asynccontextmanager
    async def lifespan(app):
        pool.start()
        try:
            yield
        finally:
            pool.close()

    async def page(request: Request) -> Response:
        return Response(render_page(settings), media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-store"})

    async def static(request: Request) -> Response:
        entry = ASSETS.get(request.path_params.get("name", "report.css"))
        if entry is None:
            raise ApiError(404, "not_found", "no such file")
        package, parts, media = entry
        return Response(asset(package, *parts), media_type=media)

    rules_html: list[str] = []  # drawn once: the rules do not change while the server runs

    async def rules_page(request: Request) -> Response:
        from ..reports.html import render_rules

        if not rules_html:
            rules_html.append(render_rules([], jobs.run_info(settings.config)))
        return Response(rules_html[0], media_type="text/html; charset=utf-8")

    async def healthz(request: Request) -> Response:
        from .. import __version__

        return JSONResponse({"status": "ok" if pool.ready else "starting", "ready": pool.ready,
                             "version": __version__, "workers": pool.workers, "pending": pool.pending,
                             "served": pool.served, "token_required": bool(settings.token)},
                            status_code=200 if pool.ready else 503)

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(settings))

    async def rules(request: Request) -> Response:
        from ..core.registry import all_rules

        return JSONResponse({"rules": [
            {"id": rule.id, "check": rule.check, "severity": rule.severity, "summary": rule.summary,
             "fixable": rule.fixable, "fix": rule.fix.applicability if rule.fix else None}
            for rule in sorted(all_rules().values(), key=lambda r: r.id)]})

    async def articles(request: Request) -> Response:
        if settings.articles is None:
            return JSONResponse({"folder": None, "articles": []})
        import asyncio

        found = await asyncio.get_running_loop().run_in_executor(None, jobs.list_articles, settings.articles)
        return JSONResponse({"folder": str(settings.articles), "articles": found})

    async def check(request: Request) -> Response:
        article, _ = await read_request(request, settings)
        document = await pool.run(jobs.check, article)
        return Response(document, media_type="application/json")

    async def view(request: Request) -> Response:
        article, _ = await read_request(request, settings)
        return JSONResponse(await pool.run(jobs.view, article))

    async def fix(request: Request) -> Response:
        article, fields = await read_request(request, settings)
        write = fields.get("write", False)
        if not isinstance(write, bool):
            write = str(write).lower() in ("1", "true", "yes")
        if write and article.path is None:
            raise ApiError(400, "bad_request", "write: only an article given by path (inside --articles) "
                                               "can be written; a text's fix is returned, not stored")
        only = fields.get("findings")
        if only is not None and (not isinstance(only, list) or not all(isinstance(x, str) for x in only)):
            raise ApiError(400, "bad_request", "findings: expected a list of finding fingerprints")
        expected = fields.get("expected_sha256")
        unsafe = fields.get("unsafe", False)
        if not isinstance(unsafe, bool):
            unsafe = str(unsafe).lower() in ("1", "true", "yes")
        return JSONResponse(await pool.run(jobs.fix, article, only, bool(write),
                                           expected if isinstance(expected, str) else None, unsafe))

    async def index_redirect(request: Request) -> Response:
        return RedirectResponse("/", status_code=307)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_response(ApiError(exc.status_code, "http_error", str(exc.detail)))

    async def server_error(request: Request, exc: Exception) -> Response:
        return error_response(ApiError(500, "internal_error", f"{type(exc).__name__}: {exc}"))

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/index.html", index_redirect, methods=["GET"]),
        Route("/rules.html", rules_page, methods=["GET"]),
        Route("/report.css", static, methods=["GET"], name="report-css"),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/api/rules", rules, methods=["GET"]),
        Route("/api/articles", articles, methods=["GET"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/view", view, methods=["POST"]),
        Route("/api/fix", fix, methods=["POST"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={ApiError: api_error, HTTPException: http_error, Exception: server_error})
    app.state.pool = pool
    app.state.settings = settings
    return Guard(app, settings)
