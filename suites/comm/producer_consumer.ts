/**
 * producer-consumer: P producer workers put numbered items into a queue, M consumer workers take them
 * off, and one poison pill per consumer ends the run, as in the tutorials' `JoinableQueue` example.
 * The figure is items per second through the queue.
 *
 * The queue lives in the parent, because workers of any kind can reach it there: processes share no
 * memory, so a queue between them is a broker that receives every put and hands out every get (what
 * CPython's `multiprocessing.Queue` does with a pipe and a feeder thread). A consumer holds a credit
 * of {@link CREDIT} items and returns credit every {@link CREDIT_BATCH}, so an idle consumer is fed at
 * once and a slow one is not flooded. When every producer has said it is done and the queue is
 * empty, each consumer gets its pill and answers with what it consumed.
 *
 * Answer: every item consumed exactly once. Each consumer keeps a bitmap of the items it saw and
 * counts any it saw twice; the verifier checks no item is in two bitmaps, none is missing, nothing
 * outside the range came, and the sum of the consumers' results is the known one. A duplicated or a
 * lost item is a wrong answer.
 *
 * @module
 */
import { evenRanges } from "../_split.ts";
import type { CommCell, CommPort, Suite, Verdict } from "../types.ts";
import { noTasks } from "./_no_tasks.ts";

/** A producer-consumer size: the items that go through the queue in one run. */
export interface ProducerConsumerSize {
  readonly items: number;
}

/** What one consumer answered to its pill. */
export interface ConsumerReport {
  /** Items it took (a duplicate counts each time). */
  readonly consumed: number;
  /** Items it took that it had taken before. */
  readonly duplicates: number;
  /** Messages it took that are no item of the range. */
  readonly strays: number;
  /** Sum of {@link itemResult} over the items it took. */
  readonly sum: number;
  /** Bitmap of the items it took: bit `id & 31` of word `id >>> 5`. */
  readonly seen: readonly number[];
}

/** One run's answer. */
export interface ProducerConsumerAnswer {
  readonly case: string;
  readonly items: number;
  readonly producers: number;
  readonly consumers: number;
  /** One per consumer, in worker order. */
  readonly reports: readonly ConsumerReport[];
}

/** Items a consumer may hold unanswered. At least twice {@link CREDIT_BATCH}, so one lost item cannot stall the queue. */
export const CREDIT = 64;
/** A consumer returns credit after this many items. */
export const CREDIT_BATCH = 16;

/** The message that ends a producer's puts, and that starts its run. */
const DONE = "done";
const GO = "go";
/** The poison pill. */
const PILL = "pill";

/** What a consumer computes for item `id` (a 16-bit mix, so the sum stays exact). */
export function itemResult(id: number): number {
  return Math.imul(id ^ (id >>> 13), 0x5bd1e995) >>> 16;
}

/** The cases: how many producers and consumers. */
const SHAPES = [
  { name: "1p-1c", producers: 1, consumers: 1 },
  { name: "2p-2c", producers: 2, consumers: 2 },
] as const;

const shapeOf = (caseName: string | undefined) => SHAPES.find((s) => s.name === caseName);

/** What a worker starts with. */
type Start = { role: "producer"; from: number; to: number } | { role: "consumer"; items: number };

/** The consumer's side: take items, return credit, answer the pill, start afresh. */
function consume(port: CommPort, items: number): void {
  const words = new Int32Array(Math.ceil(items / 32));
  let consumed = 0;
  let duplicates = 0;
  let strays = 0;
  let sum = 0;
  let sinceCredit = 0;
  port.onMessage((m) => {
    if (typeof m === "number") {
      if (!(Number.isInteger(m) && m >= 0 && m < items)) strays++;
      else {
        const word = m >>> 5;
        const bit = 1 << (m & 31);
        if (words[word]! & bit) duplicates++;
        else words[word]! |= bit;
        consumed++;
        sum += itemResult(m);
      }
      if (++sinceCredit === CREDIT_BATCH) {
        sinceCredit = 0;
        port.send(CREDIT_BATCH);
      }
      return;
    }
    if (m !== PILL) return;
    const report: ConsumerReport = { consumed, duplicates, strays, sum, seen: Array.from(words) };
    port.send(report);
    words.fill(0);
    consumed = duplicates = strays = sum = sinceCredit = 0;
  });
}

/** The producer's side: on each go, put its items one message each, then say done. */
function produce(port: CommPort, from: number, to: number): void {
  port.onMessage((m) => {
    if (m !== GO) return;
    for (let id = from; id < to; id++) port.send(id);
    port.send(DONE);
  });
}

/** What the parent keeps. */
interface Local {
  readonly case: string;
  readonly items: number;
  readonly producers: number;
  readonly consumers: number;
}

/** One timed run: the parent is the queue between the producers' ports and the consumers'. */
function broker(ports: readonly CommPort[], local: Local): Promise<ProducerConsumerAnswer> {
  const { producers, consumers } = local;
  const out = ports.slice(producers);
  return new Promise((resolve) => {
    const queue: number[] = [];
    let head = 0;
    const credit = new Array<number>(consumers).fill(CREDIT);
    let next = 0;
    let producing = producers;
    let pillsSent = false;
    const reports = new Array<ConsumerReport>(consumers);
    let reported = 0;

    /** The next consumer with credit, round robin from `next`; -1 when none has any. */
    const taker = (): number => {
      for (let k = 0; k < consumers; k++) {
        const c = (next + k) % consumers;
        if (credit[c]! > 0) {
          next = (c + 1) % consumers;
          return c;
        }
      }
      return -1;
    };
    const give = (c: number, id: number) => {
      credit[c]!--;
      out[c]!.send(id);
    };
    const pillsIfDone = () => {
      if (producing > 0 || head < queue.length || pillsSent) return;
      pillsSent = true;
      for (const port of out) port.send(PILL);
    };
    ports.slice(0, producers).forEach((port) => {
      port.onMessage((m) => {
        if (typeof m === "number") {
          const c = head === queue.length ? taker() : -1;
          if (c >= 0) give(c, m);
          else queue.push(m);
        } else if (m === DONE) {
          producing--;
          pillsIfDone();
        }
      });
    });
    out.forEach((port, c) => {
      port.onMessage((m) => {
        if (typeof m === "number") {
          credit[c]! += m;
          while (credit[c]! > 0 && head < queue.length) give(c, queue[head++]!);
          if (head === queue.length && head > 0) {
            queue.length = 0;
            head = 0;
          }
          pillsIfDone();
        } else if (m !== null && typeof m === "object" && reports[c] === undefined) {
          reports[c] = m as ConsumerReport;
          if (++reported === consumers) resolve({ ...local, reports });
        }
      });
    });
    for (const port of ports.slice(0, producers)) port.send(GO);
  });
}

/** The producer-consumer suite. */
export const producerConsumer: Suite<ProducerConsumerSize, never, never, ProducerConsumerAnswer> = {
  name: "producer-consumer",
  description: "Producers put items into a queue, consumers take them, one poison pill per consumer ends it",
  variants: ["threads", "processes"],
  bound: "cpu",
  sizes: {
    // Three messages per item (put, get, a sixteenth of a credit): default aims at runs of ~50–300 ms.
    // Seen on 2 vCPUs, 2026-12-01: 2–7 µs per item (Node and Bun threads fastest, Deno and processes slowest).
    quick: { items: 500 },
    seed: { items: 500 },
    default: { items: 25_000 },
    large: { items: 250_000 },
  },
  ...noTasks("producer-consumer"),
  cases: SHAPES.map((s) => ({
    name: s.name,
    description: `${s.producers} producer${s.producers > 1 ? "s" : ""}, ${s.consumers} consumer${s.consumers > 1 ? "s" : ""}`,
    workers: s.producers + s.consumers,
  })),
  metric: { name: "item", unit: "items/s", perRun: (size) => size.items },
  comm: {
    prepare(cell: CommCell<ProducerConsumerSize>) {
      const shape = shapeOf(cell.case);
      if (!shape) throw new Error(`producer-consumer has no case '${cell.case}'`);
      const items = cell.size.items;
      const starts: Start[] = [
        ...evenRanges(items, shape.producers).map((r): Start => ({ role: "producer", from: r.start, to: r.end })),
        ...Array.from({ length: shape.consumers }, (): Start => ({ role: "consumer", items })),
      ];
      return { workers: starts, local: { case: shape.name, items, producers: shape.producers, consumers: shape.consumers } satisfies Local };
    },
    run: (ports, _cell, local) => broker(ports, local as Local),
    serve(port, start) {
      const s = start as Start;
      if (s.role === "producer") produce(port, s.from, s.to);
      else consume(port, s.items);
    },
  },
  verify(result, size): Verdict {
    const shape = shapeOf(result.case);
    if (!shape) return { ok: false, reason: `answer names no known case ('${result.case}')` };
    if (result.items !== size.items) return { ok: false, reason: `${result.items} items, expected ${size.items}` };
    if (result.reports.length !== shape.consumers) return { ok: false, reason: `${result.reports.length} consumer reports, expected ${shape.consumers}` };
    const union = new Int32Array(Math.ceil(size.items / 32));
    let consumed = 0;
    let sum = 0;
    for (const [c, r] of result.reports.entries()) {
      if (r.duplicates) return { ok: false, reason: `consumer ${c + 1} took ${r.duplicates} item(s) it had already taken` };
      if (r.strays) return { ok: false, reason: `consumer ${c + 1} took ${r.strays} message(s) that are no item` };
      if (r.seen.length !== union.length) return { ok: false, reason: `consumer ${c + 1} answered a bitmap of ${r.seen.length} words, expected ${union.length}` };
      for (let w = 0; w < union.length; w++) {
        const both = union[w]! & r.seen[w]!;
        if (both) return { ok: false, reason: `item ${w * 32 + Math.clz32(1) - Math.clz32(both & -both)} was consumed by two consumers` };
        union[w]! |= r.seen[w]!;
      }
      consumed += r.consumed;
      sum += r.sum;
    }
    for (let id = 0; id < size.items; id++) {
      if (!(union[id >>> 5]! & (1 << (id & 31)))) return { ok: false, reason: `item ${id} was never consumed` };
    }
    if (consumed !== size.items) return { ok: false, reason: `${consumed} items consumed, expected ${size.items}` };
    let want = 0;
    for (let id = 0; id < size.items; id++) want += itemResult(id);
    if (sum !== want) return { ok: false, reason: `sum of results ${sum}, expected ${want}` };
    return { ok: true };
  },
  describeAnswer: (r) => `${r.items} items, each consumed once (sum ${r.reports.reduce((a, x) => a + x.sum, 0)})`,
};
