/**
 * Probe process of `tribench micro`: `<runtime> dist/scripts/micro_probe.js --pool P --kind K
 * --workers N [--quick]`. Measures one row on the runtime it runs on and prints it as one line,
 * {@link MICRO_ROW_MARK} followed by JSON, on stdout; a failure prints the mark with `{"probeError": …}`.
 *
 * @module
 */
import { writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { MICRO_POOL_NAMES, type MicroPoolName } from "../micro/micro_pools.ts";
import { MICRO_ROW_MARK, probe } from "../micro/micro_probe.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import type { WorkerKind } from "../runtimes/types.ts";

let line: string;
try {
  const { values } = parseArgs({
    options: { pool: { type: "string" }, kind: { type: "string" }, workers: { type: "string" }, quick: { type: "boolean" } },
  });
  const pool = values.pool as MicroPoolName;
  const kind = values.kind as WorkerKind;
  const workers = Number(values.workers);
  if (!MICRO_POOL_NAMES.includes(pool)) throw new Error(`--pool must be one of ${MICRO_POOL_NAMES.join(", ")}`);
  if (kind !== "threads" && kind !== "processes") throw new Error("--kind must be threads or processes");
  if (!Number.isInteger(workers) || workers < 1) throw new Error("--workers must be a whole number >= 1");
  const row = await probe({ runtime: currentRuntimeName(), pool, kind, workers, quick: values.quick === true });
  line = MICRO_ROW_MARK + JSON.stringify(row) + "\n";
} catch (error) {
  line = MICRO_ROW_MARK + JSON.stringify({ probeError: (error as Error)?.message?.split("\n")[0] ?? String(error) }) + "\n";
}
let bytes = new TextEncoder().encode(line);
while (bytes.length > 0) {
  try {
    bytes = bytes.subarray(writeSync(1, bytes));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
  }
}
// The row is out; a reference pool's straggling handle must not hold the process (the orchestrator
// would count it as a hang).
process.exit(0);
