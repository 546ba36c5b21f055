#!/usr/bin/env python3
"""How fast ``ttgraph import native`` is, and whether its memory stays bounded.

Generates N native records (technologies of 200 agencies, Thai titles, categories from the
reference taxonomy) as JSON Lines, then imports them through the whole path a user takes —
``run_import``: the native importer, linking, validation, staging, the store, duplicate
detection — into a fresh home with the reference data, once (all created) and again (all
unchanged).  Each import runs in a child process so its peak RSS is its own.  Target: 100k
records in under 60 s.  Needs nothing outside the project.

    python benchmarks/import_speed.py               # 10k and 100k
    python benchmarks/import_speed.py 20000 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TARGET_S = 60.0

WORDS = [
    "เครื่อง",
    "อบแห้ง",
    "พลังงานแสงอาทิตย์",
    "ปุ๋ยหมัก",
    "ข้าว",
    "ลำไย",
    "มะม่วง",
    "สมุนไพร",
    "น้ำดื่ม",
    "เตา",
    "ชีวมวล",
    "แปรรูป",
    "กล้วย",
    "ยางพารา",
    "ผ้าทอ",
    "ย้อมสี",
    "ปลา",
    "ประมง",
    "โรงเรือน",
    "เซนเซอร์",
    "ระบบ",
    "สูบน้ำ",
    "ชุดตรวจ",
    "ผลิตภัณฑ์",
    "ชุมชน",
    "มาตรฐาน",
    "บรรจุภัณฑ์",
    "ยืดอายุ",
    "ต้นทุน",
    "ผลผลิต",
]
CATEGORIES = ("agriculture", "food.processing", "energy.solar", "water", "health.herbal")


def generate(n: int, path: Path, seed: int = 7) -> None:
    """``n`` records: 200 agencies first, then technologies that refer to them by id."""
    rng = random.Random(seed)
    agencies = min(200, max(1, n // 100))
    with path.open("w", encoding="utf-8") as fh:
        for i in range(agencies):
            rec = {"kind": "agency", "id": f"bench-ag{i:03d}", "name": f"หน่วยงานทดสอบที่ {i}"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        for i in range(n - agencies):
            words = rng.sample(WORDS, 5)
            rec = {
                "kind": "technology",
                "id": f"bench-t{i:06d}",
                "title": " ".join(words[:3]) + f" รุ่น {i}",
                "description": "เทคโนโลยีสำหรับ" + "".join(rng.sample(WORDS, 12)),
                "keywords": words[3:],
                "agency": [f"bench-ag{rng.randrange(agencies):03d}"],
                "category": [rng.choice(CATEGORIES)],
                "trl": rng.randint(3, 9),
                "year": rng.randint(2010, 2024),
                "cost_baht": rng.randint(1, 500) * 1000,
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def child(home: str, data: str) -> None:
    """Run one import and print its figures as JSON (called in a child process)."""
    sys.path.insert(0, str(ROOT))
    from ttgraph.importing import run_import
    from ttgraph.store import Store

    store = Store.open(home)
    start, cpu = time.perf_counter(), time.process_time()
    report = run_import(store, "native", data)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_rss_mb": round(peak_kb / 1024, 1),
                "read": report.read,
                "created": report.created,
                "unchanged": report.unchanged,
                "rejected": report.rejected,
            }
        )
    )


def run_child(home: Path, data: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(home), str(data)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(n: int, work: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from ttgraph.home import init_home

    data = work / f"native-{n}.jsonl"
    t = time.perf_counter()
    generate(n, data)
    gen_s = time.perf_counter() - t
    home = work / f"home-{n}"
    store, _ = init_home(home)
    store.close()
    first = run_child(home, data)
    again = run_child(home, data)
    return {
        "records": n,
        "file_mb": round(data.stat().st_size / 1e6, 1),
        "generate_s": round(gen_s, 2),
        "import_s": first["seconds"],
        "import_cpu_s": first["cpu_seconds"],
        "records_per_s": round(n / first["seconds"]),
        "peak_rss_mb": first["peak_rss_mb"],
        "reimport_s": again["seconds"],
        "reimport_cpu_s": again["cpu_seconds"],
        "reimport_peak_rss_mb": again["peak_rss_mb"],
        "created": first["created"],
        "unchanged_on_reimport": again["unchanged"],
        "rejected": first["rejected"] + again["rejected"],
        "under_target": first["seconds"] < TARGET_S,
    }


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="Work directory to keep (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = [measure(n, work) for n in args.sizes]
    head = f"{'records':>8} {'MB':>6} {'import s':>9} {'cpu s':>6} {'rec/s':>7} {'peak RSS MB':>12}"
    head += f" {'reimport s':>11} {'rejected':>9}"
    print(head)
    for r in rows:
        print(
            f"{r['records']:>8,} {r['file_mb']:>6} {r['import_s']:>9} {r['import_cpu_s']:>6}"
            f" {r['records_per_s']:>7,}"
            f" {r['peak_rss_mb']:>12} {r['reimport_s']:>11} {r['rejected']:>9}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "import_speed.json"
    load = os.getloadavg()[0]
    payload = {
        "target_seconds_100k": TARGET_S,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_at_end": round(load, 2),
        "runs": rows,
    }
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)} (load average {load:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
