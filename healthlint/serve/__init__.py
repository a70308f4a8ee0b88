"""``healthlint serve``: a page where editors check an article before publishing, and an HTTP API
for a CMS, on Starlette and uvicorn (``pip install healthlint[serve]``).

``app.py`` is the ASGI application (routes, guard, request parsing), ``pool.py`` the warm worker
processes, ``jobs.py`` what those workers run (the project's engine, JSON output, HTML report
renderer and fixes), ``openapi.py`` the API's description; ``templates/`` holds the page and
``static/`` its script and style sheet.
"""
from __future__ import annotations

import sys
from pathlib import Path


def serve(config, host: str = "127.0.0.1", port: int = 8765, token: str | None = None, workers: int = 2,
          articles: Path | None = None, log_level: str = "info") -> None:
    """Start the server in the foreground until interrupted."""
    import uvicorn

    from .app import Settings, create_app, is_loopback

    settings = Settings(config=config, host=host, port=port, token=token or None, workers=workers,
                        articles=Path(articles).resolve() if articles else None)
    if not is_loopback(host) and not settings.token:
        print(f"healthlint: warning: serving on {host} without --token: anyone who can reach port {port} "
              "can use the API; give --token (or HEALTHLINT_TOKEN) to require a bearer token", file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    print(f"healthlint: serving on http://{shown}:{port}/ with {workers} worker(s)"
          + (f", articles folder {settings.articles}" if settings.articles else ""), file=sys.stderr)
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, server_header=False,
                timeout_graceful_shutdown=5)
