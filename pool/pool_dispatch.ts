/**
 * The pool's queue and its dispatch policy: which queued chunk goes to which worker, and when.
 *
 * - Round-robin, one chunk per worker per round, so a short queue is spread evenly.
 * - Prefetch by estimated cost: a worker may hold extra chunks beyond the one it runs while they add
 *   up to less than {@link PREFETCH_US} of work. Tiny tasks then never wait for a round trip; long
 *   ones are handed out only to free workers, as Python's Pool does, so the end of a job stays balanced.
 * - All chunks for one worker in one pass travel as one message (two for big batches).
 *
 * @module
 */
import type { Chunk } from "./pool_jobs.ts";
import { RUN } from "../runtimes/protocol.ts";
import type { WorkerHandle } from "../runtimes/types.ts";

/** Chunks sent to a worker in one message at most; two messages' worth may be in flight. */
const BATCH_CHUNKS = 32;
/** Estimated work (µs) a worker may hold beyond the chunk it is running. */
const PREFETCH_US = 2000;
/** Until the first results give an estimate, a worker holds at most this many chunks. */
const UNKNOWN_COST_CHUNKS = 2;

/** One worker and the chunks it holds, oldest (the running one) first. */
export class Slot {
  ready = false;
  /** Set when we stop or kill it on purpose: its exit is not a crash. */
  retiring = false;
  inflight: Chunk[] = [];
  head = 0;
  items = 0;
  /** When the worker last started on work we are waiting for (ms), to estimate the cost of an item. */
  busySince = 0;
  /** Holds an exclusive chunk: nothing else may be sent to it. */
  exclusive = false;
  timer: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly handle: WorkerHandle, readonly initial: boolean) {}

  /** Chunks sent and not answered. */
  get count(): number {
    return this.inflight.length - this.head;
  }

  /** Take the oldest chunk (answered, or the one that was running when the worker died). */
  shift(): Chunk | undefined {
    const chunk = this.inflight[this.head++];
    if (this.head >= this.inflight.length) {
      this.inflight = [];
      this.head = 0;
    }
    if (chunk) this.items -= chunk.inputs.length;
    return chunk;
  }
}

/** The queue of chunks waiting for a worker, and the policy that hands them out. */
export class Dispatcher {
  #queue: Chunk[] = [];
  #qhead = 0;
  #rotate = 0;
  /** Running estimate of the cost of one item (µs, including transport), or -1 before any result. */
  #itemMicros = -1;

  /** @param onExclusive called when an exclusive chunk (timeout / abort signal) is sent to `slot` */
  constructor(private readonly onExclusive: (slot: Slot, chunk: Chunk) => void) {}

  /** Queue chunks at the back. */
  push(chunks: readonly Chunk[]): void {
    for (const chunk of chunks) this.#queue.push(chunk);
  }

  /** Put chunks back at the front, in order (a dead worker's chunks that never started). */
  pushFront(chunks: readonly Chunk[]): void {
    if (chunks.length === 0) return;
    this.#queue = [...chunks, ...this.#queue.slice(this.#qhead)];
    this.#qhead = 0;
  }

  /** Fail every queued chunk's job with `error` and empty the queue. */
  failAll(error: Error): void {
    for (let i = this.#qhead; i < this.#queue.length; i++) this.#queue[i]!.job.fail(error);
    this.#queue = [];
    this.#qhead = 0;
  }

  /** Whether a queued chunk still belongs to an unsettled job. */
  hasLiveWork(): boolean {
    for (let i = this.#qhead; i < this.#queue.length; i++) if (!this.#queue[i]!.job.done) return true;
    return false;
  }

  /** Update the per-item cost estimate: `slot` just answered `items` items. */
  learnCost(slot: Slot, items: number): void {
    const now = performance.now();
    if (items > 0) {
      const sample = ((now - slot.busySince) * 1000) / items;
      this.#itemMicros = this.#itemMicros < 0 ? sample : 0.7 * this.#itemMicros + 0.3 * sample;
    }
    slot.busySince = now;
  }

  /** Whether `slot` may take `chunk` now. */
  #hasRoom(slot: Slot, chunk: Chunk): boolean {
    const count = slot.count;
    if (chunk.exclusive || count === 0) return count === 0;
    if (count >= 2 * BATCH_CHUNKS) return false;
    if (this.#itemMicros < 0) return count < UNKNOWN_COST_CHUNKS;
    // Work it already holds beyond the running chunk, plus this chunk, must stay under the target.
    return (slot.items + chunk.inputs.length - slot.inflight[slot.head]!.inputs.length) * this.#itemMicros <= PREFETCH_US;
  }

  /** Send queued chunks to the workers in `slots` that have room. */
  pump(slots: readonly Slot[]): void {
    const n = slots.length;
    const queue = this.#queue;
    if (n === 0 || this.#qhead >= queue.length) return;
    const messages: (unknown[] | undefined)[] = new Array(n);
    const first = this.#rotate++ % n;
    let progress = true;
    while (progress && this.#qhead < queue.length) {
      progress = false;
      for (let k = 0; k < n && this.#qhead < queue.length; k++) {
        const at = (first + k) % n;
        const slot = slots[at]!;
        if (!slot.ready || slot.retiring || slot.exclusive) continue;
        let chunk = queue[this.#qhead]!;
        while (chunk.job.done && ++this.#qhead < queue.length) chunk = queue[this.#qhead]!;
        if (chunk.job.done || !this.#hasRoom(slot, chunk)) continue;
        this.#qhead++;
        if (slot.count === 0) slot.busySince = performance.now();
        let message = messages[at];
        if (!message) message = messages[at] = [RUN];
        message.push(chunk.task, chunk.inputs);
        slot.inflight.push(chunk);
        slot.items += chunk.inputs.length;
        progress = true;
        if (chunk.exclusive) {
          slot.exclusive = true;
          this.onExclusive(slot, chunk);
        }
        if (message.length > 2 * BATCH_CHUNKS) {
          slot.handle.send(message);
          messages[at] = undefined;
        }
      }
    }
    for (let at = 0; at < n; at++) {
      const message = messages[at];
      if (message) slots[at]!.handle.send(message);
    }
    if (this.#qhead >= queue.length) {
      this.#queue = [];
      this.#qhead = 0;
    } else if (this.#qhead > 4096) {
      this.#queue = queue.slice(this.#qhead);
      this.#qhead = 0;
    }
  }
}
