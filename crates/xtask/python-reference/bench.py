"""The Python side of `cargo xtask bench`: times the talk's stack on the inputs this
project's benches read, and prints the results as one JSON document on standard output
(progress goes to standard error).

    python bench.py --inputs crates/product-handlers/benches/side-by-side.json [--quick]

Each figure carries the id of the criterion benchmark it stands beside, so the driver
pairs them without a table of names. Timings are medians of samples, as criterion
reports them; a sample repeats the work until it lasts long enough for the clock.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from importlib import metadata
from pathlib import Path
from typing import Callable

from pydantic import ValidationError

from talk_demo.events import build_events, put_events_requests
from talk_demo.models import CreateProductBody, ProductChangeNotification

HERE = Path(__file__).resolve().parent
# The criterion ids these figures stand beside.
MIX = "create body validation/reference mix of {}"
EVENTS = "events built and planned into PutEvents requests/{}"
COLD_START = "cold start (process start to first poll)/create-product"
COLD_START_CPU = "cold start CPU time (process start to first poll)/create-product"
PACKAGES = ("pydantic", "aws-lambda-powertools", "boto3")


class Pace:
    """How long to measure: `--quick` for the ratios in a few seconds each."""

    def __init__(self, quick: bool) -> None:
        self.sample_seconds = 0.05 if quick else 0.2
        self.budget_seconds = 3.0 if quick else 15.0
        self.max_samples = 20 if quick else 50
        self.starts = 5 if quick else 15


def median_ns(work: Callable[[], object], pace: Pace) -> float:
    """The median time of one call of `work`, in nanoseconds."""
    iterations, took = 1, timed(work, 1)
    while took < pace.sample_seconds * 1e9:
        iterations *= 2
        took = timed(work, iterations)
    # At least three samples, however slow; no more than the budget allows.
    samples = int(pace.budget_seconds * 1e9 // took)
    samples = max(3, min(pace.max_samples, samples))
    return statistics.median(timed(work, iterations) / iterations for _ in range(samples))


def timed(work: Callable[[], object], iterations: int) -> float:
    started = time.perf_counter_ns()
    for _ in range(iterations):
        work()
    return time.perf_counter_ns() - started


def validation(bodies: list[str], pace: Pace) -> dict:
    """The fixed mix validated once per iteration, as the criterion bench does."""

    def validate_all() -> int:
        valid = 0
        for body in bodies:
            try:
                CreateProductBody.model_validate_json(body)
                valid += 1
            except ValidationError:
                pass
        return valid

    progress(f"create body validation: the mix of {len(bodies)} bodies")
    return {
        "id": MIX.format(len(bodies)),
        "median_ns": median_ns(validate_all, pace),
        "elements": len(bodies),
    }


def events(inputs: dict, pace: Pace) -> list[dict]:
    """For each count: the notifications made into events and planned into requests."""
    statuses, created_at = inputs["statuses"], inputs["created_at"]
    results = []
    for count in inputs["counts"]:
        models = [
            ProductChangeNotification(
                product_id=str(uuid.UUID(int=n)),
                status=statuses[n % len(statuses)],
                created_at=created_at,
            )
            for n in range(count)
        ]

        def build_and_plan() -> int:
            built = build_events(models, source=inputs["source"])
            return sum(1 for _ in put_events_requests(built, bus_name=inputs["bus_name"]))

        progress(f"events built and planned: {count} models")
        results.append(
            {"id": EVENTS.format(count), "median_ns": median_ns(build_and_plan, pace), "elements": count}
        )
    return results


def cold_start(pace: Pace) -> list[dict]:
    """A new interpreter loading the create handler's module, from process start to the
    line it prints when loaded (the Lambda runtime would ask for the first event then):
    its wall time, the process's peak resident memory, and the CPU time it used."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(HERE),
        # Compiled modules go where the driver says, never into the repository.
        "PYTHONPYCACHEPREFIX": os.environ.get("PYTHONPYCACHEPREFIX", ""),
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_EC2_METADATA_DISABLED": "true",
        "POWERTOOLS_SERVICE_NAME": "products",
        "POWERTOOLS_METRICS_NAMESPACE": "products",
        "TABLE_NAME": "products",
    }
    env = {key: value for key, value in env.items() if value}
    script = "import sys, talk_demo.handler; print('ready', flush=True); sys.stdin.read()"
    progress(f"cold start: {pace.starts} new interpreters load the create handler")
    # The first start fills the disk cache and the bytecode cache; it is not counted.
    runs = [start_once(script, env) for _ in range(pace.starts + 1)][1:]
    return [
        {
            "id": COLD_START,
            "median_ns": statistics.median(ns for ns, _, _ in runs),
            "peak_rss_bytes": max(rss for _, rss, _ in runs),
        },
        {"id": COLD_START_CPU, "median_ns": statistics.median(cpu for _, _, cpu in runs)},
    ]


def start_once(script: str, env: dict) -> tuple[float, int, int]:
    started = time.perf_counter_ns()
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    line = child.stdout.readline()
    took = time.perf_counter_ns() - started
    # Read while the child waits: the high-water mark of its own memory since exec.
    # (`wait4`'s ru_maxrss would also count this process's memory at the fork.)
    peak = peak_rss_bytes(child.pid) if line.strip() == "ready" else 0
    cpu = cpu_ns(child.pid) if peak else 0
    child.stdin.close()
    if child.wait() != 0 or not peak:
        raise SystemExit(f"the handler module did not load (exit status {child.returncode})")
    return took, peak, cpu


def cpu_ns(pid: int) -> int:
    """The CPU time (user and system) the process has used so far, over its threads, as
    the Rust cold start bench reads it: the first field of each thread's schedstat, in
    nanoseconds. Read while the child waits, so its exit is not counted."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text(encoding="utf-8").split()[0])
        except FileNotFoundError:
            continue  # a thread that ended while the folder was read
    return total


def peak_rss_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise SystemExit(f"/proc/{pid}/status has no VmHWM line")


def progress(message: str) -> None:
    print(f"python reference: {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, required=True, help="side-by-side.json")
    parser.add_argument("--quick", action="store_true", help="shorter samples")
    parser.add_argument(
        "--cold-start-only",
        action="store_true",
        help="only the handler's cold start (the other figures stand beside Rust runs)",
    )
    args = parser.parse_args()
    inputs = json.loads(args.inputs.read_text(encoding="utf-8"))
    pace = Pace(args.quick)
    measurements = []
    if not args.cold_start_only:
        measurements.append(validation(inputs["create_bodies"], pace))
        measurements += events(inputs["events"], pace)
    measurements += cold_start(pace)
    report = {
        "python": ".".join(map(str, sys.version_info[:3])),
        "packages": {name: metadata.version(name) for name in PACKAGES},
        "measurements": measurements,
    }
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
