"""Probes of `healthlint check --fix` as a careless user and a crash would have it: one file reached by
two paths, a symlink beside its target, hard links, read-only files and folders, another user's
file fixed by root, and runs killed with SIGKILL at random moments. Prints its figures.

Usage: python bench/fix_safety.py [--kills 20] [--files 40] [--seed 1]

Half the kills land at a random moment of the run, half the moment a temporary file of a write
appears in the folder (polled every half millisecond), so that some runs die in the middle of writing.

Every probe runs the real command line (the installed `healthlint`, real checks and the bundled
policy) in a fresh temporary folder. The reference is what `--fix` makes of a pristine copy.
"Bytes lost outside fixed spans" counts bytes of the original that are in the reference (not removed
by a fix) but missing from the file left behind (difflib alignment).
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEALTHLINT = [sys.executable, "-m", "healthlint"]
NOBODY = 65534  # nobody:nogroup

SUBJECTS = ["Knee pain after running", "Sleep and shift work", "Dry skin in winter", "Seasonal allergies",
            "Heartburn after meals", "Sprained ankles", "Headaches and screens", "Blisters on long walks"]


def article(index: int, rng: random.Random) -> str:
    """A short article with fixable slips (missing spaces, spaces before commas, no disclaimer)."""
    title = SUBJECTS[index % len(SUBJECTS)]
    lines = [f"# {title} ({index})", ""]
    for paragraph in range(rng.randint(3, 6)):
        words = rng.choice(["rest", "water", "sleep", "movement", "time"])
        lines.append(f"Paragraph {paragraph} says that {words} helps most people.Many feel better in a week "
                     f"with {words} , patience and care.")
        lines.append("")
    return "\n".join(lines)


def run(args, cwd, timeout=600):
    return subprocess.run(HEALTHLINT + args, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def fix_args(*paths):
    return ["check", *paths, "--fix", "--no-cache", "-j", "1", "-q", "--fail-on", "never",
            "--format", "json=report.json"]


def make_set(folder: Path, count: int, seed: int) -> dict[str, bytes]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    originals = {}
    for index in range(count):
        data = article(index, rng).encode("utf-8")
        (folder / f"a{index:03d}.md").write_bytes(data)
        originals[f"a{index:03d}.md"] = data
    return originals


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*.tmp")]


def lost_outside_fixed_spans(original: bytes, reference: bytes, current: bytes) -> int:
    """Bytes of the original kept by the reference fix but missing from the current file."""
    if current in (original, reference):
        return 0
    kept_by_fix = difflib.SequenceMatcher(None, original, reference, autojunk=False)
    kept = set()
    for block in kept_by_fix.get_matching_blocks():
        kept.update(range(block.a, block.a + block.size))
    in_current = set()
    for block in difflib.SequenceMatcher(None, original, current, autojunk=False).get_matching_blocks():
        in_current.update(range(block.a, block.a + block.size))
    return len(kept - in_current)


def probe(kills: int = 20, files: int = 40, seed: int = 1) -> dict[str, object]:
    """Run every probe; return the figures by name (what ``main`` prints; another bench, such as
    the reliability fuzzer, can call this and fold them into its own)."""
    options = argparse.Namespace(kills=kills, files=files, seed=seed)
    root = Path(tempfile.mkdtemp(prefix="hl-fix-safety-"))
    os.chmod(root, 0o755)
    figures: dict[str, object] = {}
    try:
        # The reference: --fix on a pristine copy.
        originals = make_set(root / "reference", options.files, options.seed)
        started = time.monotonic()
        run(fix_args("."), root / "reference")
        reference_seconds = time.monotonic() - started
        reference = {name: (root / "reference" / name).read_bytes() for name in originals}
        figures["files changed by a clean --fix"] = f"{sum(reference[n] != originals[n] for n in originals)}/{len(originals)}"

        # Two paths to one file.
        folder = root / "two-paths"
        make_set(folder, 1, options.seed)
        run(fix_args("a000.md", str(folder / "a000.md"), "./a000.md"), folder)
        figures["two paths: file equals the reference"] = (folder / "a000.md").read_bytes() == reference["a000.md"]

        # A symlink beside its target.
        folder = root / "symlink"
        make_set(folder, 1, options.seed)
        (folder / "link.md").symlink_to("a000.md")
        run(fix_args("link.md", "a000.md"), folder)
        figures["symlink: still a link, target equals the reference"] = (
            (folder / "link.md").is_symlink() and (folder / "a000.md").read_bytes() == reference["a000.md"])

        # Hard links.
        folder = root / "hardlink"
        make_set(folder, 1, options.seed)
        os.link(folder / "a000.md", folder / "b.md")
        run(fix_args("a000.md", "b.md"), folder)
        first, second = os.stat(folder / "a000.md"), os.stat(folder / "b.md")
        figures["hard links: one inode, both equal the reference"] = (
            first.st_ino == second.st_ino and first.st_nlink == 2
            and (folder / "b.md").read_bytes() == reference["a000.md"])

        # A read-only file among others.
        folder = root / "read-only-file"
        make_set(folder, 3, options.seed)
        (folder / "a001.md").chmod(0o444)
        result = run(fix_args("."), folder)
        report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        failed = {f["path"] for f in report["files"] if any(x["rule"] == "healthlint/fix-failed" for x in f["findings"])}
        figures["read-only file: untouched, reported, others fixed, exit"] = (
            (folder / "a001.md").read_bytes() == originals["a001.md"]
            and failed == {"a001.md"} and (folder / "a000.md").read_bytes() == reference["a000.md"], result.returncode)

        # A read-only folder. Root may write into a 0555 folder, so as root the folder is made
        # immutable (chattr +i), which root cannot write into either.
        folder = root / "read-only-folder"
        make_set(folder / "locked", 1, options.seed)
        make_set(folder / "open", 1, options.seed)
        (folder / "locked").chmod(0o555)
        immutable = os.geteuid() == 0 and subprocess.run(["chattr", "+i", str(folder / "locked")],
                                                         capture_output=True).returncode == 0
        try:
            result = run(fix_args("locked", "open"), folder)
        finally:
            if immutable:
                subprocess.run(["chattr", "-i", str(folder / "locked")], capture_output=True)
            (folder / "locked").chmod(0o755)
        report_written = (folder / "report.json").exists()
        how = "immutable" if immutable else ("0555, as root: not read-only for root" if os.geteuid() == 0 else "0555")
        figures[f"read-only folder ({how}): untouched, run goes on, report written, exit"] = (
            (folder / "locked" / "a000.md").read_bytes() == originals["a000.md"]
            and (folder / "open" / "a000.md").read_bytes() == reference["a000.md"] and report_written,
            result.returncode)

        # Another user's file fixed by root.
        if os.geteuid() == 0:
            folder = root / "owner"
            make_set(folder, 1, options.seed)
            os.chown(folder / "a000.md", NOBODY, NOBODY)
            (folder / "a000.md").chmod(0o640)
            run(fix_args("a000.md"), folder)
            info = os.stat(folder / "a000.md")
            figures["root fixing nobody:nogroup 0640: owner, group and mode kept"] = (
                (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOBODY, 0o640)
                and (folder / "a000.md").read_bytes() == reference["a000.md"])

        # kill -9 at random moments of a --fix run, then one more run.
        rng = random.Random(options.seed)
        killed_mid_write = lost = corrupt = temps_after_kill = temps_after_next = wrong_after_next = 0
        for kill in range(options.kills):
            folder = root / f"kill-{kill:02d}"
            shutil.copytree(root / "reference", folder, dirs_exist_ok=False)
            for name, data in originals.items():
                (folder / name).write_bytes(data)
            if kill % 4 == 3:  # some files hard-linked: the in-place write path
                for name in list(originals)[::5]:
                    os.link(folder / name, folder / f"link-{name}")
            process = subprocess.Popen(HEALTHLINT + fix_args("."), cwd=folder, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            if kill % 2:  # at a random moment
                time.sleep(rng.uniform(0.3 * reference_seconds, 1.1 * reference_seconds))
            else:  # the moment a temporary file of a write appears (polled), so mid-write
                deadline = time.monotonic() + 3 * reference_seconds
                while time.monotonic() < deadline and process.poll() is None:
                    if any(e.name.endswith(".tmp") for e in os.scandir(folder)):
                        break
                    time.sleep(0.0005)
            process.send_signal(signal.SIGKILL)
            process.wait()
            changed_here = 0
            for name in originals:
                current = (folder / name).read_bytes()
                if current not in (originals[name], reference[name]):
                    corrupt += 1
                    lost += lost_outside_fixed_spans(originals[name], reference[name], current)
                changed_here += current == reference[name] and current != originals[name]
            left = len(temps(folder))
            killed_mid_write += bool(left) or 0 < changed_here < sum(reference[n] != originals[n] for n in originals)
            temps_after_kill += left
            run(fix_args("."), folder)
            temps_after_next += len(temps(folder))
            wrong_after_next += sum((folder / name).read_bytes() != reference[name] for name in originals)
        figures["kill -9 runs (of them killed while writing: a temp file left or some files fixed)"] = f"{options.kills} ({killed_mid_write})"
        figures["kill -9: files neither original nor fixed"] = corrupt
        figures["kill -9: bytes lost outside fixed spans"] = lost
        figures["kill -9: temporary files left by the killed runs"] = temps_after_kill
        figures["kill -9: temporary files after the next run"] = temps_after_next
        figures["kill -9: files not equal to the reference after the next run"] = wrong_after_next
    finally:
        for path in root.rglob("*"):
            try:
                if path.is_dir() and not path.is_symlink():
                    path.chmod(0o755)
            except OSError:
                pass
        shutil.rmtree(root, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    figures = probe(options.kills, options.files, options.seed)
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
