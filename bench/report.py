"""latest.md (tables and targets) and latest.png (a chart) from one run's figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

COMMANDS = ("show", "ticker", "approve", "--help", "completion")
FLOORS = ("floor", "typer floor")


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of the performance issue, with the ratio measured in this run."""
    found: list[dict[str, Any]] = []
    sizes = results["sqlite"]["sizes"]
    smallest, largest = sizes[min(sizes, key=int)], sizes[max(sizes, key=int)]

    def add(name: str, ratio: float, limit: float, at_most: bool) -> None:
        met = ratio <= limit if at_most else ratio >= limit
        found.append(
            {"target": name, "ratio": ratio, "limit": limit, "at_most": at_most, "met": met}
        )

    span = f"{largest['events']:,} vs {smallest['events']:,} events"
    for command in COMMANDS:
        ratio = largest["latency"][command]["median"] / smallest["latency"][command]["median"]
        add(f"`{command}` flat in log size ({span})", ratio, 1.10, True)
    floor = smallest["latency"]["floor"]["median"]
    for command in ("show", "ticker", "approve"):
        add(
            f"`{command}` fixed cost vs import floor",
            smallest["latency"][command]["median"] / floor,
            1.2,
            True,
        )
    typer_floor = smallest["latency"]["typer floor"]["median"]
    for command in ("--help", "completion"):
        add(
            f"`{command}` vs `import typer`",
            smallest["latency"][command]["median"] / typer_floor,
            1.5,
            True,
        )
    replay = results["sqlite"]["replay"]
    rate = {
        name: figures["events"] / figures["seconds"]
        for name, figures in replay.items()
        if isinstance(figures, dict)
    }
    add("`import` vs raw executemany", rate["import"] / rate["raw executemany"], 0.6, False)
    add("`rebuild` vs raw scan+decode", rate["rebuild"] / rate["raw scan+decode"], 0.5, False)
    add("`verify` vs raw scan+decode", rate["verify"] / rate["raw scan+decode"], 0.7, False)
    for name in ("rebuild", "verify", "import"):
        add(f"`{name}` peak RSS, MB", replay[name]["peak_mb"], 150, True)
    peer = results.get("peer")
    if peer:
        ours, theirs = peer["newsroom"], peer["eventsourcing"]
        add(
            "append vs eventsourcing (events/s)",
            theirs["append_seconds"] / ours["append_seconds"],
            1.0,
            False,
        )
        add(
            "replay vs eventsourcing (events/s)",
            theirs["replay_seconds"] / ours["replay_seconds"],
            1.0,
            False,
        )
    return found


def write_report(results: dict[str, Any], out: Path, *, chart: bool = True) -> None:
    results.setdefault("targets", targets(results))
    (out / "latest.md").write_text(markdown(results))
    if chart:
        draw(results, out / "latest.png")


def markdown(results: dict[str, Any]) -> str:
    lines = ["# Benchmark results", "", _machine_line(results["machine"]), ""]
    lines += _latency_table("SQLite", results["sqlite"]["sizes"])
    lines += _replay_table(results["sqlite"]["replay"])
    if "peer" in results:
        lines += _peer_table(results["peer"])
    for size, figures in results.get("postgresql", {}).get("sizes", {}).items():
        lines += _latency_table(f"PostgreSQL, {int(size):,} events", {size: figures})
        lines += _replay_table(
            {"events": figures["events"], **figures["replay"]}, title="PostgreSQL replays"
        )
    lines += ["## Targets", "", "| target | measured | limit | met |", "|---|---|---|---|"]
    for t in results["targets"]:
        limit = ("≤ " if t["at_most"] else "≥ ") + f"{t['limit']:g}"
        lines.append(
            f"| {t['target']} | {t['ratio']:.3f} | {limit} | {'yes' if t['met'] else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


def _machine_line(m: dict[str, Any]) -> str:
    packages = ", ".join(f"{name} {v}" for name, v in m["packages"].items())
    return (
        f"{m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, SQLite {m['sqlite']}, "
        f"{m['postgresql']}; {packages}; {m['platform']}."
    )


def _latency_table(title: str, sizes: dict[str, Any]) -> list[str]:
    ordered = sorted(sizes, key=int)
    header = "| command | " + " | ".join(f"{int(s):,} events" for s in ordered) + " |"
    lines = [f"## Command latency, {title} (ms: median, min–max)", "", header]
    lines.append("|---|" + "---|" * len(ordered))
    for name in (*FLOORS, *COMMANDS):
        cells = []
        for size in ordered:
            stat = sizes[size]["latency"][name]
            cells.append(
                f"{stat['median'] * 1000:.0f} ({stat['low'] * 1000:.0f}–{stat['high'] * 1000:.0f})"
            )
        label = {
            "floor": "floor: `import sqlalchemy, pydantic, typer, structlog`",
            "typer floor": "floor: `import typer`",
        }.get(name, f"`newsroom {name}`" if name != "completion" else "shell completion")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _replay_table(replay: dict[str, Any], title: str = "Replays") -> list[str]:
    lines = [
        f"## {title} over {replay['events']:,} events",
        "",
        "| pass | events/s | seconds | peak RSS MB |",
        "|---|---|---|---|",
    ]
    for name, figures in replay.items():
        if isinstance(figures, dict):
            rate = figures["events"] / figures["seconds"]
            lines.append(
                f"| {name} | {rate:,.0f} | {figures['seconds']:.1f} | {figures['peak_mb']:.0f} |"
            )
    return [*lines, ""]


def _peer_table(peer: dict[str, Any]) -> list[str]:
    lines = [
        f"## Peer: {peer['newsroom']['articles']:,} articles × 10 events, one command at a time",
        "",
        "| library | append events/s | replay events/s | peak RSS MB |",
        "|---|---|---|---|",
    ]
    for name, f in peer.items():
        lines.append(
            f"| {name} | {f['events'] / f['append_seconds']:,.0f} | "
            f"{f['events'] / f['replay_seconds']:,.0f} | {f['peak_mb']:.0f} |"
        )
    return [*lines, ""]


def draw(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(16, 5))
    sizes = results["sqlite"]["sizes"]
    ordered = sorted(sizes, key=int)
    width = 0.8 / len(ordered)
    names = [*FLOORS, *COMMANDS]
    for i, size in enumerate(ordered):
        values = [sizes[size]["latency"][n]["median"] * 1000 for n in names]
        left.bar(
            [x + i * width for x in range(len(names))], values, width, label=f"{int(size):,} events"
        )
    left.set_xticks(
        [x + width * (len(ordered) - 1) / 2 for x in range(len(names))], names, rotation=30
    )
    left.set_ylabel("ms (median)")
    left.set_title("Command latency, SQLite")
    left.legend()
    replay = results["sqlite"]["replay"]
    passes = [n for n, f in replay.items() if isinstance(f, dict)]
    middle.barh(
        passes, [replay[n]["events"] / replay[n]["seconds"] for n in passes], color="tab:green"
    )
    middle.set_xlabel("events/s")
    middle.set_title(f"Replays over {replay['events']:,} events")
    peer = results.get("peer")
    if peer:
        libraries = list(peer)
        for i, kind in enumerate(("append", "replay")):
            rates = [peer[lib]["events"] / peer[lib][f"{kind}_seconds"] for lib in libraries]
            right.bar([x + i * 0.4 for x in range(len(libraries))], rates, 0.4, label=kind)
        right.set_xticks([x + 0.2 for x in range(len(libraries))], libraries)
        right.set_ylabel("events/s")
        right.set_title("Peer workload (SQLite)")
        right.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
