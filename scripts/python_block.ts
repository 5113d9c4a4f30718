/**
 * CPython block entry: `<js runtime> dist/scripts/python_block.js <python executable> '<block request JSON>'`.
 * Runs the Python block, verifies its answers with the JS suites (harness/python_block.ts) and prints
 * the one record line of the block protocol, as `scripts/block.ts` does for the JS runtimes.
 *
 * @module
 */
import { writeSync } from "node:fs";
import { exitWhenOrphaned } from "../harness/orphan_watch.ts";
import { encodeBlockRecord, type BlockRecord } from "../harness/block_protocol.ts";
import { runPythonBlock } from "../harness/python_block.ts";
import { suiteByName } from "../suites/registry.ts";

// An orchestrator killed with SIGKILL cannot stop us: go (with Python and its workers) once it is gone.
exitWhenOrphaned();
const [python, request] = process.argv.slice(2);
const record: BlockRecord = python
  ? await runPythonBlock(python, request, suiteByName)
  : { "tribench-block": 1, ok: false, runtime: "python", runtimeVersion: "unknown", kind: "error", reason: "python_block needs the python executable and the block request JSON", pids: [] };
const bytes = new TextEncoder().encode(encodeBlockRecord(record));
// A pipe the reader drains slowly answers EAGAIN on a non-blocking stdout: write until all is out.
for (let offset = 0; offset < bytes.length; ) {
  try {
    offset += writeSync(1, bytes, offset, bytes.length - offset);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
  }
}
process.exit(record.ok ? 0 : 1);
