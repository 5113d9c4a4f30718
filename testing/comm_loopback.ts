/**
 * Test helper: a communication suite's parent side and its workers' sides in this one thread, wired
 * by loopback ports that deliver asynchronously and in order, copying each message the way the real
 * channel would (structured clone with transfer for threads, JSON for processes). A fault hook may
 * drop, repeat or change any message on its way, which is how the tests prove a suite's verifier
 * catches a lost or duplicated message.
 *
 * @module
 */
import type { AnySuite, CommCell, CommPort } from "../suites/types.ts";

/** Which way a message goes. */
export type Direction = "to-worker" | "to-parent";

/**
 * What to deliver instead of `message` (the `index`-th message of its direction on worker `worker`'s
 * channel, counted from 0): `[]` drops it, `[m, m]` delivers it twice.
 */
export type Fault = (direction: Direction, worker: number, index: number, message: unknown) => unknown[];

/** One loopback channel: the parent's end and the worker's. */
function channel(kind: CommCell["kind"], worker: number, fault: Fault | undefined): [CommPort, CommPort] {
  const listeners: ((m: unknown) => void)[] = [() => {}, () => {}];
  const counts = [0, 0];
  const end = (me: 0 | 1): CommPort => ({
    send(message, transfer) {
      // Copied now, as postMessage and a pipe do: later changes by the sender are not seen.
      const copy = kind === "threads" ? structuredClone(message, transfer?.length ? { transfer } : undefined) : JSON.parse(JSON.stringify(message));
      const direction: Direction = me === 0 ? "to-worker" : "to-parent";
      const deliver = fault ? fault(direction, worker, counts[me]!++, copy) : [copy];
      const other = 1 - me;
      for (const m of deliver) queueMicrotask(() => listeners[other]!(m));
    },
    onMessage(listener) {
      listeners[me] = listener;
    },
  });
  return [end(0), end(1)];
}

/** A suite's cell run in this thread: `run()` is one run of its parent side over loopback ports. */
export interface Loopback {
  run(): Promise<unknown>;
}

/**
 * Prepare `suite`'s side for `cell`, start its workers' sides here, and return the runs.
 *
 * @example
 * ```ts
 * const answer = await loopback(pingPong, { size: pingPong.sizes.quick, case: "8 B", kind: "threads", workers: 1 }).run();
 * pingPong.verify(answer, pingPong.sizes.quick); // { ok: true }
 * ```
 */
export function loopback(suite: AnySuite, cell: CommCell, fault?: Fault): Loopback {
  const comm = suite.comm!;
  // The start values cross the channel too: a process would get them as JSON.
  const prepared = comm.prepare(cell);
  const parents: CommPort[] = [];
  prepared.workers.forEach((start, i) => {
    const [parent, worker] = channel(cell.kind, i, fault);
    parents.push(parent);
    comm.serve(worker, cell.kind === "threads" ? start : JSON.parse(JSON.stringify(start)));
  });
  return { run: () => comm.run(parents, cell, prepared.local) };
}
