/**
 * Block process entry: `<runtime> dist/scripts/block.js '<request JSON>'`. Measures one block (one
 * runtime x suite: its serial baseline and its pooled variants, runs interleaved) on the runtime it
 * runs on and prints the one record line of the block protocol (harness/block_protocol.ts).
 * Kept light on purpose: no report or chart code is imported here, so a block starts fast.
 *
 * @module
 */
import { writeSync } from "node:fs";
import { measureBlock } from "../harness/block_measure.ts";
import { CommSession } from "../harness/comm_measure.ts";
import { decodeBlockRequest, encodeBlockRecord, type BlockRecord } from "../harness/block_protocol.ts";
import { exitWhenOrphaned } from "../harness/orphan_watch.ts";
import { prepareTasks, runTasks } from "../harness/run_variant.ts";
import { Pool } from "../pool/pool.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { COMM_SUITES, REGISTRY_MODULE, suitesWith } from "../suites/registry.ts";
import { COMM_SUITE_MODULE } from "../suites/comm/mod.ts";

// An orchestrator killed with SIGKILL cannot stop us: go (with our workers) once it is gone.
exitWhenOrphaned();
const runtime = currentRuntimeName();
const versions = process.versions as Record<string, string | undefined>;
const runtimeVersion = (runtime === "deno" ? versions.deno : runtime === "bun" ? versions.bun : versions.node) ?? "unknown";

let record: BlockRecord;
try {
  const request = decodeBlockRequest(process.argv[2]);
  const extra = request.suiteModules ?? [];
  // The block and its workers know the same suites: the built-ins and the request's modules.
  const suites = [...(await suitesWith(extra)), ...COMM_SUITES];
  const taskModules = [REGISTRY_MODULE, ...extra];
  record = await measureBlock(request, {
    runtime,
    runtimeVersion,
    suiteByName: (name) => suites.find((s) => s.name === name),
    prepareTasks,
    runTasks: (suite, tasks, variant, pool) => runTasks(suite, tasks, variant, pool as Pool | undefined),
    createPool: (kind, workers, api) => new Pool({ kind, workers, api, taskModules }),
    // A communication cell's workers look for their suite where the block found it.
    createCommPool: (suite, size, caseName, kind, workers, api) =>
      new CommSession({ suite, size, case: caseName, kind, workers, api, modules: [COMM_SUITE_MODULE, ...extra] }),
    // The spin is a built-in task: the probe's workers need no suite module.
    createProbePool: (workers) => new Pool({ kind: "threads", workers }),
  });
} catch (error) {
  record = { "tribench-block": 1, ok: false, runtime, runtimeVersion, kind: "error", reason: (error as Error).message.split("\n")[0]!, pids: [] };
}
writeAll(encodeBlockRecord(record));
// Exit explicitly: the record is out, and a straggling handle must not turn a measured block into a
// timeout. Anything the block leaves running is found and killed by the orchestrator's group check.
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
