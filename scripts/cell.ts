/**
 * Cell process entry: `<runtime> dist/scripts/cell.js '<request JSON>'`. Measures one cell on the
 * runtime it runs on and prints the one record line of the cell protocol (bench/cell_protocol.ts).
 * Kept light on purpose: no report or chart code is imported here, so a cell starts fast.
 *
 * @module
 */
import { writeSync } from "node:fs";
import { measureCell } from "../harness/cell_measure.ts";
import { decodeCellRequest, encodeCellRecord, type CellRecord } from "../harness/cell_protocol.ts";
import { exitWhenOrphaned } from "../harness/orphan_watch.ts";
import { Pool } from "../pool/pool.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { suiteByName } from "../suites/registry.ts";
import { prepareTasks, runTasks } from "../harness/run_variant.ts";

// An orchestrator killed with SIGKILL cannot stop us: go (with our workers) once it is gone.
exitWhenOrphaned();
const runtime = currentRuntimeName();
const versions = process.versions as Record<string, string | undefined>;
const runtimeVersion = (runtime === "deno" ? versions.deno : runtime === "bun" ? versions.bun : versions.node) ?? "unknown";

let record: CellRecord;
try {
  const request = decodeCellRequest(process.argv[2]);
  record = await measureCell(request, {
    runtime,
    runtimeVersion,
    suiteByName,
    prepareTasks,
    runTasks: (suite, tasks, variant, pool) => runTasks(suite, tasks, variant, pool as Pool | undefined),
    createPool: (kind, workers, api) => new Pool({ kind, workers, api }),
  });
} catch (error) {
  record = { "tribench-cell": 1, ok: false, runtime, runtimeVersion, kind: "error", reason: (error as Error).message.split("\n")[0]!, pids: [] };
}
writeAll(encodeCellRecord(record));
// Exit explicitly: the record is out, and a straggling handle must not turn a measured cell into a
// timeout. Anything the cell leaves running is found and killed by the orchestrator's group check.
process.exit(record.ok ? 0 : 1);

/** Write synchronously (so process.exit cannot cut it off), retrying on a full non-blocking pipe. */
function writeAll(text: string): void {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    }
  }
}
