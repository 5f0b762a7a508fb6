#!/usr/bin/env python3
"""Peak memory of `copydesk detect` and `copydesk export` on one large
article, at two sizes (1x and 4x), as a multiple of the article's size.

    cargo build --release --no-default-features
    python3 scripts/peak_memory.py target/release/copydesk [MIB]

The article is the bundled samples repeated to MIB MiB (default 25) and to
four times that. Each command runs in a child process of its own, so that
its peak resident set (getrusage's ru_maxrss) is its alone.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def article(path: Path, size: int) -> None:
    samples = sorted((ROOT / "assets" / "samples").glob("*.txt"))
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p in samples) + "\n\n"
    with path.open("w", encoding="utf-8") as out:
        written = 0
        while written < size:
            out.write(unit)
            written += len(unit.encode("utf-8"))


def peak_of(args: list[str], cwd: Path) -> tuple[float, float]:
    """Runs `args` alone in a fresh Python child; returns (peak MiB, seconds)."""
    probe = (
        "import resource, subprocess, sys;"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
        "sys.stderr.write(r.stderr.decode(errors='replace')[-300:]) if r.returncode else None;"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "sys.exit(r.returncode)"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], cwd=cwd, capture_output=True, text=True
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed: {done.stderr}")
    return int(done.stdout.strip()) / 1024, seconds


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = str(Path(sys.argv[1]).resolve())
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    print(f"{'size':>8} {'command':<40} {'peak':>10} {'x text':>7} {'time':>7}")
    for size in (mib << 20, 4 * mib << 20):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            path = work / "long.txt"
            article(path, size)
            text_mib = path.stat().st_size / (1 << 20)
            commands = [
                ["detect", "long.txt"],
                [
                    "export",
                    ".",
                    "--format",
                    "copydesk",
                    "--include-suggestions",
                    "--include-unfinished",
                    "--out",
                    "out.jsonl",
                ],
            ]
            for command in commands:
                peak, seconds = peak_of([binary, *command], work)
                label = " ".join(command[:2])
                print(
                    f"{text_mib:7.0f}M {label:<40} {peak:8.0f}Mi {peak / text_mib:6.1f}x {seconds:6.1f}s"
                )


if __name__ == "__main__":
    main()
