import { test } from "node:test";
import assert from "node:assert/strict";
import { loopback } from "../../testing/comm_loopback.ts";
import { suiteProblem } from "../registry.ts";
import { cellMetric } from "../cases.ts";
import { PAYLOADS, payloadText, pingPong, type PingPongAnswer } from "./ping_pong.ts";

const size = pingPong.sizes.quick;
const cell = (name: string, kind: "threads" | "processes" = "threads") => ({ size, case: name, kind, workers: 1 });

test("ping-pong has the Suite shape, a copy and a transfer case per payload, transfer unsupported for processes", () => {
  assert.equal(suiteProblem(pingPong), undefined);
  assert.deepEqual(pingPong.cases!.map((c) => c.name), [...PAYLOADS.map((p) => p.label), ...PAYLOADS.map((p) => `${p.label} transfer`)]);
  for (const c of pingPong.cases!) {
    assert.equal(c.workers, 1);
    assert.equal(c.unsupported?.processes !== undefined, c.name.endsWith(" transfer"), c.name);
  }
});

test("every case verifies at quick size over a loopback channel: threads (structured clone) and processes (JSON)", async () => {
  for (const c of pingPong.cases!) {
    for (const kind of ["threads", "processes"] as const) {
      if (c.unsupported?.[kind]) continue;
      const run = loopback(pingPong, cell(c.name, kind));
      for (let k = 0; k < 2; k++) {
        const answer = (await run.run()) as PingPongAnswer;
        assert.deepEqual(pingPong.verify(answer, size), { ok: true }, `${c.name} ${kind} run ${k}`);
        const label = PAYLOADS.find((p) => c.name.startsWith(p.label))!.label;
        assert.equal(answer.trips, (c.name.endsWith("transfer") ? size.transferTrips : size.trips)[label]);
      }
    }
  }
});

test("an echo that differs, a lost round trip or a wrong count is a wrong answer", async () => {
  const corrupt = await loopback(pingPong, cell("1 KiB"), (dir, _w, i, m) => (dir === "to-parent" && i === 3 ? [(m as string).replace(/^./, "#")] : [m])).run();
  assert.match((pingPong.verify(corrupt as PingPongAnswer, size) as { reason: string }).reason, /checksum .* an echo differed/);
  const good = (await loopback(pingPong, cell("8 B")).run()) as PingPongAnswer;
  assert.match((pingPong.verify({ ...good, trips: good.trips - 1 }, size) as { reason: string }).reason, /round trips, expected/);
  assert.match((pingPong.verify({ ...good, last: payloadText(7) }, size) as { reason: string }).reason, /last echo differs/);
  assert.equal(pingPong.verify({ ...good, case: "3 B" }, size).ok, false);
});

test("its measure: µs per round trip, trips per run from the size, both ways' bytes per round trip", () => {
  const m = cellMetric(pingPong, "default", "64 KiB", 1)!;
  assert.deepEqual(m, { name: "round trip", unit: "µs", better: "lower", perRun: pingPong.sizes.default.trips["64 KiB"], bytesPerOp: 2 * 65536 });
  assert.equal(cellMetric(pingPong, "quick", "1 MiB transfer", 1)!.bytesPerOp, 2 * 1048576);
});

test("the task half refuses to run: ping-pong is measured on its own channel, never through the pool", () => {
  assert.equal(pingPong.tasksFor(size), 0);
  assert.deepEqual(pingPong.split(size, 4), []);
  assert.throws(() => pingPong.kernel(undefined as never), /measures a channel between workers, not tasks/);
});
