/**
 * Communication sessions on the runtime running the tests (run it under node, deno and bun): every
 * case of every communication suite on real thread and process workers at quick size, verified run
 * after run; a worker that dies fails the run instead of hanging it; nothing is left running.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { processAlive } from "../core/process_group.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { COMM_SUITE_MODULE } from "../suites/comm/mod.ts";
import { COMM_SUITES } from "../suites/registry.ts";
import type { AnySuite } from "../suites/types.ts";
import { CommSession } from "./comm_measure.ts";

const runtime = currentRuntimeName();

/** The worker counts a case of `suite` runs with here (the case's own, else 2). */
const workersOf = (suite: AnySuite, name: string) => suite.cases!.find((c) => c.name === name)!.workers ?? 2;

for (const suite of COMM_SUITES) {
  for (const kind of ["threads", "processes"] as const) {
    test(`${runtime} ${suite.name} ${kind}: every case verifies at quick size, twice, and its workers are gone after close`, { timeout: 120_000 }, async () => {
      const size = suite.sizes.quick;
      for (const c of suite.cases!) {
        if (c.unsupported?.[kind]) continue;
        const session = new CommSession({ suite, size, case: c.name, kind, workers: workersOf(suite, c.name), modules: [COMM_SUITE_MODULE] });
        try {
          await session.ready();
          assert.match(session.mechanism, new RegExp(`^${runtime}/`));
          assert.equal(session.pids.length, kind === "processes" ? workersOf(suite, c.name) : 0);
          for (let k = 0; k < 2; k++) assert.deepEqual(suite.verify(await session.run(), size), { ok: true }, `${c.name} run ${k}`);
        } finally {
          await session.close();
        }
        assert.deepEqual(session.pids.filter(processAlive), [], `${c.name}: no worker left`);
      }
    });
  }
}

test(`${runtime}: a process worker killed between runs fails the next run with WorkerCrashedError, not a hang`, { timeout: 60_000 }, async () => {
  const suite = COMM_SUITES.find((s) => s.name === "ping-pong")!;
  const session = new CommSession({ suite, size: suite.sizes.quick, case: "8 B", kind: "processes", workers: 1, modules: [COMM_SUITE_MODULE] });
  try {
    await session.ready();
    assert.equal(suite.verify(await session.run(), suite.sizes.quick).ok, true);
    process.kill(session.pids[0]!, "SIGKILL");
    await assert.rejects(session.run(), (e: Error) => e.name === "WorkerCrashedError" && /signal SIGKILL|exit code/.test(e.message) && !e.message.includes("\n"));
  } finally {
    await session.terminate();
  }
});

test(`${runtime}: a worker that cannot find its suite fails ready() with one line naming it`, { timeout: 60_000 }, async () => {
  const suite = COMM_SUITES.find((s) => s.name === "shared-counter")!;
  // A module without the communication suites: the worker cannot take up its side.
  const session = new CommSession({ suite, size: suite.sizes.quick, case: "message", kind: "threads", workers: 1, modules: [new URL("../suites/gcd.js", import.meta.url).pathname] });
  try {
    await assert.rejects(session.ready(), (e: Error) => e.name === "WorkerStartError" && /no communication suite 'shared-counter'/.test(e.message));
  } finally {
    await session.terminate();
  }
});
