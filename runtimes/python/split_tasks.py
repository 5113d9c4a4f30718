"""Read ``{suite: {size name: size parameters}}`` (JSON, stdin); print every ported suite's variants
and its tasks for each given size as ``{suite: {"variants": [...], "tasks": {size name: tasks}}}``.

Used by the tests to check that the Python split is exactly the JS split (runtimes/python_test.ts).
"""
from __future__ import annotations

import json
import os
import sys

# The project root, for the ``suites`` package (the ports live beside their JS suites).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from suites.registry import SUITES  # noqa: E402

if __name__ == "__main__":
    sizes = json.load(sys.stdin)
    out = {
        name: {"variants": list(s.variants), "tasks": {size_name: s.split(size, s.tasks_for(size)) for size_name, size in sizes.get(name, {}).items()}}
        for name, s in SUITES.items()
    }
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
