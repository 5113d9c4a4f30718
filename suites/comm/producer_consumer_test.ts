import { test } from "node:test";
import assert from "node:assert/strict";
import { loopback, type Fault } from "../../testing/comm_loopback.ts";
import { suiteProblem } from "../registry.ts";
import { itemResult, producerConsumer, type ProducerConsumerAnswer } from "./producer_consumer.ts";

const size = producerConsumer.sizes.quick;
const cell = (name: string, kind: "threads" | "processes" = "threads") => ({ size, case: name, kind, workers: producerConsumer.cases!.find((c) => c.name === name)!.workers! });
const reason = (answer: unknown) => (producerConsumer.verify(answer as ProducerConsumerAnswer, size) as { ok: boolean; reason?: string }).reason;

/** Worker indexes of the consumers of a case: after its producers. */
const firstConsumer = (name: string) => (name === "1p-1c" ? 1 : 2);

test("producer-consumer has the Suite shape; each case fixes its producers plus consumers as workers", () => {
  assert.equal(suiteProblem(producerConsumer), undefined);
  assert.deepEqual(producerConsumer.cases!.map((c) => [c.name, c.workers]), [["1p-1c", 2], ["2p-2c", 4]]);
});

test("every case verifies at quick size over loopback channels, run after run: each item consumed exactly once", async () => {
  for (const c of producerConsumer.cases!) {
    for (const kind of ["threads", "processes"] as const) {
      const run = loopback(producerConsumer, cell(c.name, kind));
      for (let k = 0; k < 3; k++) {
        const answer = (await run.run()) as ProducerConsumerAnswer;
        assert.deepEqual(producerConsumer.verify(answer, size), { ok: true }, `${c.name} ${kind} run ${k}`);
        let want = 0;
        for (let id = 0; id < size.items; id++) want += itemResult(id);
        assert.equal(answer.reports.reduce((a, r) => a + r.sum, 0), want);
        assert.equal(answer.reports.reduce((a, r) => a + r.consumed, 0), size.items);
      }
    }
  }
});

test("an item duplicated or dropped on its way to a consumer is a wrong answer (and the run still ends)", async () => {
  for (const name of ["1p-1c", "2p-2c"]) {
    const c0 = firstConsumer(name);
    // The 7th message the queue sends the first consumer is an item: deliver it twice, or not at all.
    const on = (deliver: (m: unknown) => unknown[]): Fault => (dir, w, i, m) => (dir === "to-worker" && w === c0 && i === 7 && typeof m === "number" ? deliver(m) : [m]);
    assert.match(reason(await loopback(producerConsumer, cell(name), on((m) => [m, m])).run()) ?? "", /consumer 1 took 1 item\(s\) it had already taken/, name);
    assert.match(reason(await loopback(producerConsumer, cell(name), on(() => [])).run()) ?? "", /item \d+ was never consumed/, name);
  }
});

test("an item a producer puts twice reaches two consumers or one twice: wrong either way; a stray message is wrong too", async () => {
  const twice: Fault = (dir, w, i, m) => (dir === "to-parent" && w === 0 && i === 5 ? [m, m] : [m]);
  assert.match(reason(await loopback(producerConsumer, cell("2p-2c"), twice).run()) ?? "", /consumed by two consumers|already taken/);
  const stray: Fault = (dir, w, i, m) => (dir === "to-worker" && w === 1 && i === 2 ? [m, size.items + 5] : [m]);
  assert.match(reason(await loopback(producerConsumer, cell("1p-1c"), stray).run()) ?? "", /message\(s\) that are no item/);
});

test("the verifier checks the counts, the reports and the sum independently", async () => {
  const good = (await loopback(producerConsumer, cell("2p-2c")).run()) as ProducerConsumerAnswer;
  assert.match(reason({ ...good, items: good.items + 1 })!, /items, expected/);
  assert.match(reason({ ...good, reports: good.reports.slice(1) })!, /1 consumer reports, expected 2/);
  const [a, b] = good.reports;
  assert.match(reason({ ...good, reports: [{ ...a!, sum: a!.sum + 1 }, b] })!, /sum of results/);
});
