/**
 * shared-counter: W workers add 1 to one counter, T times each (the total per run is fixed by the
 * size and split evenly, so the answer does not depend on W), in five ways:
 * - `message`: each increment is a message to the owner (the parent), who counts them;
 * - `atomics`: `Atomics.add` on one Int32 of a SharedArrayBuffer, shared by all (true sharing);
 * - `lock`: a mutex built on `Atomics.wait`/`notify` around a plain read and write of the counter;
 * - `slots padded`: each worker `Atomics.add`s its own slot, 128 bytes from the next (no line shared),
 *   and the parent sums the slots at the end;
 * - `slots adjacent`: the same with slots side by side, so they share a cache line (false sharing).
 * The figure is increments per second; the table then shows what sharing and false sharing cost
 * (nodejs/help #5065: false sharing turned a 1.4 s Atomics loop into 10.8 s).
 *
 * Why the slots use `Atomics.add` rather than `slot[i]++`: a plain update of memory no other agent
 * is synchronised with may legally be kept in a register by the JIT and written once, which would
 * measure nothing; an atomic read-modify-write reaches memory every time, as the shared cases do.
 * Padding is 128 bytes, not 64, because x86 cores fetch cache lines in adjacent pairs.
 *
 * Answer: exactly the size's total, counted by the parent (messages) or read from shared memory
 * after every worker said it was done, and equal to the sum the workers report doing.
 *
 * @module
 */
import { evenRanges } from "../_split.ts";
import type { CommCell, CommPort, Suite, Verdict } from "../types.ts";
import { noTasks } from "./_no_tasks.ts";

/** The ways of counting, in report order. */
export const COUNTER_CASES = ["message", "atomics", "lock", "slots padded", "slots adjacent"] as const;

/** A way of counting. */
export type CounterCase = (typeof COUNTER_CASES)[number];

/** A shared-counter size: increments per run for each case (a message costs ~1000x an atomic add). */
export interface SharedCounterSize {
  readonly increments: Readonly<Record<CounterCase, number>>;
}

/** One run's answer. */
export interface SharedCounterAnswer {
  readonly case: string;
  readonly workers: number;
  /** The counter's final value (for slots: their sum). */
  readonly count: number;
  /** Increments the workers say they did, summed. */
  readonly done: number;
}

/** Int32s between two padded slots: 128 bytes. */
const PAD = 32;

const DESCRIPTIONS: Readonly<Record<CounterCase, string>> = {
  message: "each increment a message to the owner, who counts",
  atomics: "Atomics.add on one shared Int32",
  lock: "a mutex on Atomics.wait/notify around a plain read and write",
  "slots padded": "each worker Atomics.adds its own slot, 128 bytes apart; summed at the end",
  "slots adjacent": "each worker Atomics.adds its own slot, side by side in one cache line (false sharing)",
};

const NO_SHARED_MEMORY = "needs a SharedArrayBuffer shared with the workers, and processes share no memory (no runtime here can pass one to a process)";

const isCase = (name: string | undefined): name is CounterCase => (COUNTER_CASES as readonly (string | undefined)[]).includes(name);

/** Where worker `index` counts in the shared array for `caseName`. */
function slotOf(caseName: CounterCase, index: number): number {
  if (caseName === "slots padded") return index * PAD;
  if (caseName === "slots adjacent") return index;
  return caseName === "lock" ? 1 : 0;
}

/**
 * Take the mutex in word 0 of `a`: 0 free, 1 held, 2 held with waiters (the third mutex of Drepper,
 * "Futexes Are Tricky", 2011: a waiter sleeps in `Atomics.wait` until the holder's `notify`).
 */
export function lock(a: Int32Array): void {
  let c = Atomics.compareExchange(a, 0, 0, 1);
  if (c === 0) return;
  if (c !== 2) c = Atomics.exchange(a, 0, 2);
  while (c !== 0) {
    Atomics.wait(a, 0, 2);
    c = Atomics.exchange(a, 0, 2);
  }
}

/** Release the mutex in word 0 of `a`, waking one waiter if there may be any. */
export function unlock(a: Int32Array): void {
  if (Atomics.sub(a, 0, 1) !== 1) {
    Atomics.store(a, 0, 0);
    Atomics.notify(a, 0, 1);
  }
}

/** A worker's increments, the way `caseName` counts. */
function count(port: CommPort, caseName: CounterCase, a: Int32Array | null, slot: number, times: number): void {
  switch (caseName) {
    case "message":
      for (let i = 0; i < times; i++) port.send(1);
      return;
    case "lock":
      for (let i = 0; i < times; i++) {
        lock(a!);
        a![1] = a![1]! + 1;
        unlock(a!);
      }
      return;
    default:
      for (let i = 0; i < times; i++) Atomics.add(a!, slot, 1);
  }
}

/** What a worker starts with. */
interface Start {
  readonly case: CounterCase;
  readonly index: number;
  readonly times: number;
  /** The shared memory (threads only; null for `message`). */
  readonly shared: SharedArrayBuffer | null;
}

/** What the parent keeps. */
interface Local {
  readonly case: CounterCase;
  readonly workers: number;
  readonly shared: Int32Array | null;
}

/** One timed run: reset, say go, wait until every worker is done, read the counter. */
function countRun(ports: readonly CommPort[], local: Local): Promise<SharedCounterAnswer> {
  const a = local.shared;
  // Atomic stores: plain writes would be ordered before the go messages only by the runtime's good will.
  if (a) for (let i = 0; i < a.length; i++) Atomics.store(a, i, 0);
  return new Promise((resolve) => {
    let messages = 0;
    let done = 0;
    let finished = 0;
    const onMessage = (m: unknown) => {
      if (m === 1) messages++;
      else if (Array.isArray(m) && m[0] === "done") {
        done += m[1] as number;
        if (++finished < local.workers) return;
        let total = messages;
        if (local.case === "slots padded" || local.case === "slots adjacent") {
          total = 0;
          for (let w = 0; w < local.workers; w++) total += Atomics.load(a!, slotOf(local.case, w));
        } else if (a) total = Atomics.load(a, slotOf(local.case, 0));
        resolve({ case: local.case, workers: local.workers, count: total, done });
      }
    };
    for (const port of ports) port.onMessage(onMessage);
    for (const port of ports) port.send("go");
  });
}

/** The shared-counter suite. */
export const sharedCounter: Suite<SharedCounterSize, never, never, SharedCounterAnswer> = {
  name: "shared-counter",
  description: "Workers increment one counter: by message, Atomics.add, an Atomics.wait lock, or own slots (padded, adjacent)",
  variants: ["threads", "processes"],
  bound: "cpu",
  sizes: {
    // Increments per run, split over the workers. Default aims at runs of at least ~40 ms on the fastest
    // runtime (Bun here), so timer and start-signal costs stay small against a run. Seen on 2 vCPUs,
    // 2026-12-01, per increment with 2 workers: a message 0.65–2.3 µs, a contended atomic add 5–16 ns,
    // an Atomics lock 18–47 ns, an own padded slot 1–5 ns, an adjacent one 5–12 ns (false sharing).
    // Padded and adjacent take the same count, so their runs compare directly.
    quick: { increments: { message: 1000, atomics: 100_000, lock: 5000, "slots padded": 100_000, "slots adjacent": 100_000 } },
    seed: { increments: { message: 1000, atomics: 100_000, lock: 5000, "slots padded": 100_000, "slots adjacent": 100_000 } },
    default: { increments: { message: 60_000, atomics: 10_000_000, lock: 2_400_000, "slots padded": 20_000_000, "slots adjacent": 20_000_000 } },
    large: { increments: { message: 600_000, atomics: 100_000_000, lock: 24_000_000, "slots padded": 200_000_000, "slots adjacent": 200_000_000 } },
  },
  ...noTasks("shared-counter"),
  cases: COUNTER_CASES.map((name) => ({
    name,
    description: DESCRIPTIONS[name],
    ...(name === "message" ? {} : { unsupported: { processes: NO_SHARED_MEMORY } }),
  })),
  metric: { name: "increment", unit: "increments/s", perRun: (size, caseName) => size.increments[isCase(caseName) ? caseName : "message"] },
  comm: {
    prepare(cell: CommCell<SharedCounterSize>) {
      const name = cell.case;
      if (!isCase(name)) throw new Error(`shared-counter has no case '${name}'`);
      if (name !== "message" && cell.kind !== "threads") throw new Error(`shared-counter ${name} ${NO_SHARED_MEMORY}`);
      const shared = name === "message" ? null : new SharedArrayBuffer(4 * PAD * (cell.workers + 1));
      const starts: Start[] = evenRanges(cell.size.increments[name], cell.workers).map((r, index) => ({ case: name, index, times: r.end - r.start, shared }));
      while (starts.length < cell.workers) starts.push({ case: name, index: starts.length, times: 0, shared });
      return { workers: starts, local: { case: name, workers: cell.workers, shared: shared && new Int32Array(shared) } satisfies Local };
    },
    run: (ports, _cell, local) => countRun(ports, local as Local),
    serve(port, start) {
      const s = start as Start;
      const a = s.shared ? new Int32Array(s.shared) : null;
      const slot = slotOf(s.case, s.index);
      port.onMessage((m) => {
        if (m !== "go") return;
        count(port, s.case, a, slot, s.times);
        port.send(["done", s.times]);
      });
    },
  },
  verify(result, size): Verdict {
    if (!isCase(result.case)) return { ok: false, reason: `answer names no known case ('${result.case}')` };
    const want = size.increments[result.case];
    if (result.count !== want) return { ok: false, reason: `counter reached ${result.count}, expected ${want}: ${result.count < want ? "updates were lost" : "extra updates"}` };
    if (result.done !== want) return { ok: false, reason: `workers report ${result.done} increments, expected ${want}` };
    return { ok: true };
  },
  describeAnswer: (r) => `${r.count} increments`,
};
