"""Load test of ``healthlint serve`` on loopback: bounded in requests and time, stops by itself.

    python bench/serve.py [--workers 2] [--concurrent 50] [--requests 1000] [--words 1500]

1. Builds articles of about 1,500 words from NIH question-and-answer documents
   (``../shared/training/medquad.jsonl.gz``; MedQuAD, CC BY 4.0) as Markdown.
2. Starts ``healthlint serve`` on a free 127.0.0.1 port in a subprocess and waits until its
   workers are warm (the start-up time is printed).
3. Sends ``--concurrent`` checks of different articles at once and compares every answer with the
   engine's own result for that article (``engine.lint_source`` + the JSON renderer, in this process).
4. Times warm checks of one article one after another: the median is the latency a CMS sees.
5. Sends ``--requests`` checks (``--memory-clients`` at a time, cycling over the articles) and samples
   the resident memory of the server and its workers every 100 requests.

Nothing leaves 127.0.0.1. The whole run stops after ``--time-limit`` seconds whatever is left.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_TRAINING = HERE.parent.parent / "shared" / "training" / "medquad.jsonl.gz"
sys.path.insert(0, str(HERE.parent))


def build_articles(training: Path, count: int, words: int) -> list[str]:
    """``count`` Markdown articles of about ``words`` words, each from one MedQuAD document."""
    articles = []
    with gzip.open(training, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            lines, total = [f"# {record['focus']}", ""], 0
            for qa in record.get("qa") or []:
                paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", qa.get("answer", ""))]
                paragraphs = [p for p in paragraphs if p]
                if not paragraphs:
                    continue
                lines += [f"## {qa.get('question', 'Question').strip()}", ""]
                for paragraph in paragraphs:
                    take = paragraph.split()[: words - total]
                    lines += [" ".join(take), ""]
                    total += len(take)
                    if total >= words:
                        break
                if total >= words:
                    break
            if total >= words:
                articles.append("\n".join(lines))
                if len(articles) == count:
                    break
    if len(articles) < count:
        raise SystemExit(f"only {len(articles)} documents of {words} words in {training}")
    return articles


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(base: str, path: str, payload: dict, timeout: float = 300) -> tuple[int, dict, float]:
    request = urllib.request.Request(base + path, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, json.loads(body), time.perf_counter() - started


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        todo += children.get(current, [])
    return total / 1024


def expected_results(articles: list[str]) -> list[dict]:
    from healthlint.core.config import Config
    from healthlint.run.engine import lint_source
    from healthlint.core.reading import SourceText
    from healthlint.reports import json_report
    from healthlint.serve.jobs import run_info

    config = Config()
    return [json.loads(json_report.render([lint_source(SourceText(f"a{i}.md", "markdown", "utf-8", text), config)],
                                          run_info(config)))["files"] for i, text in enumerate(articles)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--training", type=Path, default=DEFAULT_TRAINING)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--memory-clients", type=int, default=4)
    parser.add_argument("--warm-repeats", type=int, default=30)
    parser.add_argument("--words", type=int, default=1500)
    parser.add_argument("--time-limit", type=float, default=1200, help="seconds; the run stops after this")
    args = parser.parse_args()
    deadline = time.monotonic() + args.time_limit

    articles = build_articles(args.training, args.concurrent, args.words)
    print(f"{len(articles)} articles of {args.words} words (mean {statistics.mean(len(a.split()) for a in articles):.0f}"
          " tokens with headings)")
    probe = time.perf_counter()
    sum(i * i for i in range(2_000_000))
    print(f"CPU probe: {time.perf_counter() - probe:.3f} s (a fixed loop; higher = slower or busier machine)")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    folder = tempfile.mkdtemp(prefix="healthlint-serve-bench-")  # no configuration file: the defaults
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "healthlint", "serve", "--port", str(port),
                               "--workers", str(args.workers), "--log-level", "warning"],
                              cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit("server exited: " + server.stderr.read())
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server not ready within the time limit")
            time.sleep(0.25)
        print(f"server ready (workers warm) in {time.perf_counter() - started:.1f} s, "
              f"memory {tree_rss_mb(server.pid):.0f} MB (server + {args.workers} workers)")

        expected = expected_results(articles)

        # 1. Concurrent checks, every answer compared with the engine's.
        payloads = [{"text": text, "format": "md", "filename": f"a{i}.md"} for i, text in enumerate(articles)]
        wall = time.perf_counter()
        with ThreadPoolExecutor(len(payloads)) as pool:
            answers = list(pool.map(lambda p: post(base, "/api/check", p), payloads))
        wall = time.perf_counter() - wall
        correct = sum(status == 200 and body["files"] == want
                      for (status, body, _), want in zip(answers, expected, strict=True))
        latencies = sorted(t for _, _, t in answers)
        print(f"{len(payloads)} concurrent checks: {correct}/{len(payloads)} correct, "
              f"wall {wall:.1f} s ({len(payloads) / wall:.1f} articles/s), latency median "
              f"{statistics.median(latencies):.2f} s, max {latencies[-1]:.2f} s")

        # 2. Warm latency of one article, one request at a time.
        one = payloads[0]
        for _ in range(3):
            post(base, "/api/check", one)
        warm = []
        for _ in range(args.warm_repeats):
            if time.monotonic() > deadline:
                break
            status, body, seconds = post(base, "/api/check", one)
            assert status == 200 and body["files"] == expected[0]
            warm.append(seconds * 1000)
        warm.sort()
        print(f"warm check of one {args.words}-word article: median {statistics.median(warm):.0f} ms, "
              f"min {warm[0]:.0f} ms, p90 {warm[int(len(warm) * 0.9) - 1]:.0f} ms ({len(warm)} requests; target <= 150 ms)")
        view = [post(base, "/api/view", one)[2] * 1000 for _ in range(5)]
        print(f"page view (/api/view: results + annotated article + fix previews): median {statistics.median(view):.0f} ms")

        # 3. Memory over many requests.
        samples = [(0, tree_rss_mb(server.pid))]
        sent, failures = 0, 0
        with ThreadPoolExecutor(args.memory_clients) as pool:
            while sent < args.requests and time.monotonic() < deadline:
                batch = min(100, args.requests - sent)
                results = list(pool.map(lambda i: post(base, "/api/check", payloads[i % len(payloads)])[0],
                                        range(sent, sent + batch)))
                failures += sum(status != 200 for status in results)
                sent += batch
                samples.append((sent, tree_rss_mb(server.pid)))
        print(f"memory over {sent} requests ({failures} failed): " +
              ", ".join(f"{n}: {mb:.0f} MB" for n, mb in samples))
        if len(samples) > 3:
            settled = samples[2][1]
            print(f"growth after the first 200 requests: {samples[-1][1] - settled:+.0f} MB "
                  f"({(samples[-1][1] - settled) / settled * 100:+.1f}%); from the start: "
                  f"{samples[-1][1] - samples[0][1]:+.0f} MB")
        ok = correct == len(payloads) and failures == 0
        return 0 if ok else 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
