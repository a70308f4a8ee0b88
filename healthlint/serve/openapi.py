"""The OpenAPI 3.1 description of ``healthlint serve``'s API, written by hand (served at /openapi.json)."""
from __future__ import annotations

from .. import __version__

_ERROR = {"$ref": "#/components/schemas/Error"}


def _errors(*codes: int) -> dict:
    reasons = {
        400: "Malformed request or bad config (the message names the key)",
        401: "Missing or wrong bearer token (server started with --token)",
        403: "Path outside the articles folder, or a cross-origin request",
        404: "No such article in the articles folder",
        409: "The file changed on disk since it was read",
        413: "Request or article over the size limit",
        415: "Unsupported format or Content-Type",
        422: "Undecodable, binary or empty text",
        503: "Starting, busy, or a worker was lost",
        504: "The check took too long",
    }
    return {str(code): {"description": reasons[code], "content": {"application/json": {"schema": _ERROR}}}
            for code in codes}


def _article_body(extra: dict | None = None) -> dict:
    properties = {
        "text": {"type": "string", "description": "The article (UTF-8)."},
        "path": {"type": "string", "description": "Instead of text: a file relative to the --articles folder."},
        "format": {"type": "string", "enum": ["md", "html", "txt"],
                   "description": "Default: from filename's suffix, else guessed from the text."},
        "filename": {"type": "string", "description": "The name results are reported under."},
        "config": {"$ref": "#/components/schemas/Config"},
        **(extra or {}),
    }
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object", "properties": properties}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary"},
                "format": {"type": "string", "enum": ["md", "html", "txt"]},
                "config": {"type": "string", "description": "Config as a JSON string."}}}},
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
        },
    }


def openapi_document(settings) -> dict:
    security: list[dict[str, list[str]]] = [{"bearer": []}] if settings.token else []
    return {
        "openapi": "3.1.0",
        "info": {"title": "healthlint", "version": __version__,
                 "description": "Editorial QA for health articles: check an article before it is published."},
        "servers": [{"url": "/"}],
        "security": security,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error", "message", "status"], "properties": {
                    "error": {"type": "string", "description": "A short code, e.g. too_large"},
                    "message": {"type": "string"}, "status": {"type": "integer"}}},
                "Config": {"type": "object", "description": (
                    "Overrides of [tool.healthlint] for this request: select, ignore, severity, fail-on, and "
                    "check thresholds, e.g. {\"readability\": {\"target-grade\": 6}}."),
                    "properties": {"select": {"type": "array", "items": {"type": "string"}},
                                   "ignore": {"type": "array", "items": {"type": "string"}},
                                   "severity": {"type": "object", "additionalProperties": {
                                       "type": "string", "enum": ["error", "warning", "info"]}},
                                   "fail-on": {"type": "string", "enum": ["error", "warning", "info", "never"]}},
                    "additionalProperties": {"type": "object"}},
                "Results": {"type": "object", "description": (
                    "The JSON output of `healthlint check --format json` (schema_version 1.x) for this one "
                    "article: schema_version, tool, config, files[1], summary."),
                    "required": ["schema_version", "files", "summary"]},
                "Fix": {"type": "object", "properties": {
                    "filename": {"type": "string"}, "changed": {"type": "boolean"},
                    "written": {"type": "boolean"}, "fixed": {"type": "array", "items": {"type": "string"}},
                    "notes": {"type": "array", "items": {"type": "string"}},
                    "text": {"type": "string", "description": "The fixed article."},
                    "diff": {"type": "string", "description": "Unified diff, original to fixed."},
                    "results": {"$ref": "#/components/schemas/Results"}}},
            },
        },
        "paths": {
            "/api/check": {"post": {
                "summary": "Check one article", "operationId": "check", "requestBody": _article_body(),
                "responses": {"200": {"description": "Results", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Results"}}}},
                    **_errors(400, 401, 403, 404, 413, 415, 422, 503, 504)}}},
            "/api/fix": {"post": {
                "summary": "Fix one article: fixed text and diff; with path and write, replace the file",
                "operationId": "fix",
                "requestBody": _article_body({
                    "findings": {"type": "array", "items": {"type": "string"},
                                 "description": "Only these findings (fingerprints), in one pass; their unsafe "
                                                "fixes too (each was picked after its preview)."},
                    "unsafe": {"type": "boolean", "default": False,
                               "description": "Without findings: make unsafe fixes too (check --fix --unsafe-fixes)."},
                    "write": {"type": "boolean", "default": False,
                              "description": "With path: write the fixed file atomically."},
                    "expected_sha256": {"type": "string",
                                        "description": "With write: refuse (409) unless the file still has this hash."}}),
                "responses": {"200": {"description": "The fix", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Fix"}}}},
                    **_errors(400, 401, 403, 404, 409, 413, 415, 422, 503, 504)}}},
            "/api/view": {"post": {
                "summary": "What the page draws: results, the annotated article (HTML) and fix previews",
                "operationId": "view", "requestBody": _article_body(),
                "responses": {"200": {"description": "View", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "results": {"$ref": "#/components/schemas/Results"}, "text": {"type": "string"},
                        "articles": {"type": "array", "items": {"type": "object"}}}}}}},
                    **_errors(400, 401, 403, 404, 413, 415, 422, 503, 504)}}},
            "/api/rules": {"get": {
                "summary": "Every rule", "operationId": "rules",
                "responses": {"200": {"description": "Rules", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"rules": {"type": "array", "items": {
                        "type": "object", "properties": {
                            "id": {"type": "string"}, "check": {"type": "string"},
                            "severity": {"type": "string"}, "summary": {"type": "string"},
                            "fixable": {"type": "boolean"},
                            "fix": {"type": ["string", "null"], "enum": ["safe", "unsafe", "display-only", None],
                                    "description": "The applicability of the rule's fix; an unsafe one "
                                                   "can be safe for a finding found with high confidence"}}}}}}}}},
                **_errors(401)}}},
            "/api/articles": {"get": {
                "summary": "Article files in the --articles folder", "operationId": "articles",
                "responses": {"200": {"description": "Relative paths", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "folder": {"type": ["string", "null"]},
                        "articles": {"type": "array", "items": {"type": "string"}}}}}}}, **_errors(401)}}},
            "/healthz": {"get": {
                "summary": "Liveness and readiness", "operationId": "healthz", "security": [],
                "responses": {"200": {"description": "Ready: every worker is warm"},
                              "503": {"description": "Starting: workers are loading"}}}},
        },
    }
