/**
 * CPython cell entry: `<js runtime> dist/scripts/python_cell.js <python executable> '<request JSON>'`.
 * Runs the Python cell, verifies its answers with the JS suites (bench/python_cell.ts) and prints the
 * one record line of the cell protocol, like `scripts/cell.ts` does for the JS runtimes.
 *
 * @module
 */
import { writeSync } from "node:fs";
import { exitWhenOrphaned } from "../harness/orphan_watch.ts";
import { encodeCellRecord, type CellRecord } from "../harness/cell_protocol.ts";
import { runPythonCell } from "../harness/python_cell.ts";
import { suiteByName } from "../suites/registry.ts";

// An orchestrator killed with SIGKILL cannot stop us: go (with Python and its workers) once it is gone.
exitWhenOrphaned();
const [python, request] = process.argv.slice(2);
const record: CellRecord = python
  ? await runPythonCell(python, request, suiteByName)
  : { "tribench-cell": 1, ok: false, runtime: "python", runtimeVersion: "unknown", kind: "error", reason: "python_cell needs the python executable and the request JSON", pids: [] };
const bytes = new TextEncoder().encode(encodeCellRecord(record));
for (let offset = 0; offset < bytes.length; ) {
  try {
    offset += writeSync(1, bytes, offset, bytes.length - offset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
  }
}
process.exit(record.ok ? 0 : 1);
