/**
 * Test fixture for child_tracker_test.ts (not a test itself): starts a process pool on the runtime
 * running it, sets both workers spinning, prints their pids as one JSON line, then, depending on argv[2]:
 * - `exit`: calls process.exit(0) with the pool still open (a normal exit of the parent);
 * - `wait`: waits to be sent SIGINT or SIGTERM.
 * Either way the tracked workers must not outlive it.
 *
 * @module
 */
import { Pool } from "../pool/pool.ts";

const mode = process.argv[2] ?? "exit";
const api = process.argv[3] === "node-compat" ? "node-compat" : "native";
const pool = new Pool({ kind: "processes", workers: 2, api });
await pool.ready();
// Keep both workers spinning, so that only a kill can end them (an idle worker would also exit by
// itself when its channel to us closes).
pool.map("fault:hang", [0, 0], { chunksize: 1 }).catch(() => {});
await new Promise((resolve) => setTimeout(resolve, 200));
process.stdout.write(JSON.stringify({ pids: pool.pids, mechanism: pool.mechanism }) + "\n");
if (mode === "exit") process.exit(0);
// `wait`: the pool's workers keep us alive until a signal arrives.
