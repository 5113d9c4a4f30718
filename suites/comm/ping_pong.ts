/**
 * ping-pong: one message at a time between the parent and one worker, there and back, N round trips
 * per run (the tutorials' `Pipe`). Payloads of 8 B, 1 KiB, 64 KiB and 1 MiB are copied (an ASCII
 * string, so the same payload crosses a thread's structured clone and a process's JSON channel);
 * for threads the same sizes again as an ArrayBuffer moved with a transfer list. The figure is the
 * latency of one round trip (a run's time / N) and the bytes moved per second.
 *
 * What is timed is the runtime's own channel: the harness starts the worker with the runtime's API
 * and hands this suite its port; no pool queue, no task dispatch (those cost a pool round trip 2–3x a
 * bare one). The listener sends the next ping from inside the previous pong's handler, as a plain
 * postMessage ping-pong does, with no promise per round trip.
 *
 * Answer: a checksum of what came back. Reading every byte of every echo would add a full pass over
 * up to 1 MiB per round trip to the timed work, so each echo adds its length and three sampled
 * characters (first, middle, last) inside the run, and the last echo of the run is compared with the
 * payload in full afterwards, outside the timed window.
 *
 * @module
 */
import type { CommCell, CommPort, Suite, SuiteCase, Verdict } from "../types.ts";
import { noTasks } from "./_no_tasks.ts";

/** The payload sizes, smallest first. */
export const PAYLOADS = [
  { label: "8 B", bytes: 8 },
  { label: "1 KiB", bytes: 1024 },
  { label: "64 KiB", bytes: 65536 },
  { label: "1 MiB", bytes: 1048576 },
] as const;

/** A payload's label, e.g. `64 KiB`. */
export type PayloadLabel = (typeof PAYLOADS)[number]["label"];

/** A ping-pong size: round trips per run for each payload, copied and transferred. */
export interface PingPongSize {
  readonly trips: Readonly<Record<PayloadLabel, number>>;
  /** A transfer moves no bytes, so its round trip costs about the same at every size: more of them per run. */
  readonly transferTrips: Readonly<Record<PayloadLabel, number>>;
}

/** What came back in one run. */
export interface PingPongAnswer {
  /** The case, e.g. `1 MiB transfer`. */
  readonly case: string;
  readonly bytes: number;
  /** Round trips completed. */
  readonly trips: number;
  /** Sum over echoes of their length and three sampled characters (bytes for a buffer). */
  readonly checksum: number;
  /** The last echo, compared in full by the verifier (a buffer may be detached by a later run: not described). */
  readonly last: string | ArrayBuffer | null;
}

const TRANSFER = " transfer";

/** What a case name means: payload and whether it is transferred. */
function payloadOf(caseName: string | undefined): { label: PayloadLabel; bytes: number; transfer: boolean } | undefined {
  if (caseName === undefined) return undefined;
  const transfer = caseName.endsWith(TRANSFER);
  const label = transfer ? caseName.slice(0, -TRANSFER.length) : caseName;
  const p = PAYLOADS.find((x) => x.label === label);
  return p ? { label: p.label, bytes: p.bytes, transfer } : undefined;
}

/** Round trips per run of a payload at a size (0 for no payload: a declaration must name one). */
function tripsOf(size: PingPongSize, p: { label: PayloadLabel; transfer: boolean } | undefined): number {
  return p ? (p.transfer ? size.transferTrips : size.trips)[p.label] : 0;
}

const PROCESS_TRANSFER = "a process cannot take a transferred ArrayBuffer: every message between processes is copied through IPC or a pipe";

const CASES: readonly SuiteCase[] = [
  ...PAYLOADS.map((p) => ({ name: p.label, description: `${p.label} string, copied each way`, workers: 1 })),
  ...PAYLOADS.map((p) => ({
    name: p.label + TRANSFER,
    description: `${p.label} ArrayBuffer, moved each way with a transfer list`,
    workers: 1,
    unsupported: { processes: PROCESS_TRANSFER },
  })),
];

/** Letters and digits only: nothing a JSON channel escapes, so the bytes on the wire are the payload's. */
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const texts = new Map<number, string>();

/** The copied payload of `bytes` bytes: a fixed ASCII string (built once per size). */
export function payloadText(bytes: number): string {
  let text = texts.get(bytes);
  if (text === undefined) {
    text = ALNUM.repeat(Math.ceil(bytes / ALNUM.length)).slice(0, bytes);
    texts.set(bytes, text);
  }
  return text;
}

/** Byte `i` of the transferred payload. */
const byteAt = (i: number) => (i * 7 + 3) & 255;

/** A fresh transferred payload of `bytes` bytes. */
export function payloadBuffer(bytes: number): ArrayBuffer {
  const view = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) view[i] = byteAt(i);
  return view.buffer;
}

/** One echo's share of the checksum: its length and three characters; NaN for anything but a string. */
export function textSample(echo: unknown): number {
  if (typeof echo !== "string" || echo.length === 0) return NaN;
  return echo.length + echo.charCodeAt(0) + echo.charCodeAt(echo.length >> 1) + echo.charCodeAt(echo.length - 1);
}

/** One echo's share of the checksum: its length and three bytes; NaN for anything but a non-empty ArrayBuffer. */
export function bufferSample(echo: unknown): number {
  if (!(echo instanceof ArrayBuffer) || echo.byteLength === 0) return NaN;
  const view = new Uint8Array(echo);
  return echo.byteLength + view[0]! + view[echo.byteLength >> 1]! + view[echo.byteLength - 1]!;
}

/** What the parent keeps between runs. */
interface PingPongLocal {
  readonly case: string;
  readonly bytes: number;
  readonly trips: number;
  readonly transfer: boolean;
  readonly text: string;
  /** The transferred buffer, back in the parent's hands between runs. */
  buffer: ArrayBuffer | null;
}

/** One timed run: `trips` round trips, the next ping sent from the previous pong's listener. */
function roundTrips(port: CommPort, local: PingPongLocal): Promise<PingPongAnswer> {
  return new Promise((resolve) => {
    let left = local.trips;
    let checksum = 0;
    const answer = (last: string | ArrayBuffer | null): PingPongAnswer => ({ case: local.case, bytes: local.bytes, trips: local.trips - left, checksum, last });
    if (local.transfer) {
      port.onMessage((echo) => {
        // Sampled before it is sent on: a transferred buffer is unreadable here afterwards.
        checksum += bufferSample(echo);
        left--;
        if (!(echo instanceof ArrayBuffer)) return resolve(answer(null));
        if (left > 0) port.send(echo, [echo]);
        else {
          local.buffer = echo;
          resolve(answer(echo));
        }
      });
      const first = local.buffer ?? payloadBuffer(local.bytes);
      local.buffer = null;
      port.send(first, [first]);
    } else {
      const payload = local.text;
      port.onMessage((echo) => {
        if (--left > 0) port.send(payload);
        checksum += textSample(echo);
        if (left === 0) resolve(answer(echo as string));
      });
      port.send(payload);
    }
  });
}

/** Check the last echo in full against the payload. */
function sameAsPayload(last: unknown, bytes: number, transfer: boolean): boolean {
  if (!transfer) return last === payloadText(bytes);
  if (!(last instanceof ArrayBuffer) || last.byteLength !== bytes) return false;
  const view = new Uint8Array(last);
  for (let i = 0; i < bytes; i++) if (view[i] !== byteAt(i)) return false;
  return true;
}

/** The ping-pong suite. */
export const pingPong: Suite<PingPongSize, never, never, PingPongAnswer> = {
  name: "ping-pong",
  description: "One message round trip between the parent and one worker, 8 B to 1 MiB, copied or transferred",
  variants: ["threads", "processes"],
  // The parent waits on the worker's reply and the worker on the parent's: no core is busy throughout.
  bound: "io",
  oneCpu: "parent and worker take turns (one message in flight), so one CPU costs nothing; across two, each message would also time the other CPU's wake-up, which on a VM exceeds the channel's own cost and flips from run to run",
  sizes: {
    // Round trips per run. Default aims at runs of ~40–300 ms. Seen at quick size in the tests here
    // (2026-12-02, Node 20.20 / Deno 2.9 / Bun 1.4, per round trip): 8 B 20–100 µs, 64 KiB 80–500 µs,
    // 1 MiB copied 0.8–1.7 ms between threads and 1.7–10 ms between processes, transferred 12–180 µs.
    quick: { trips: { "8 B": 100, "1 KiB": 100, "64 KiB": 20, "1 MiB": 4 }, transferTrips: { "8 B": 100, "1 KiB": 100, "64 KiB": 50, "1 MiB": 20 } },
    seed: { trips: { "8 B": 100, "1 KiB": 100, "64 KiB": 20, "1 MiB": 4 }, transferTrips: { "8 B": 100, "1 KiB": 100, "64 KiB": 50, "1 MiB": 20 } },
    default: { trips: { "8 B": 2000, "1 KiB": 2000, "64 KiB": 300, "1 MiB": 25 }, transferTrips: { "8 B": 2000, "1 KiB": 2000, "64 KiB": 1000, "1 MiB": 500 } },
    large: { trips: { "8 B": 20000, "1 KiB": 20000, "64 KiB": 3000, "1 MiB": 250 }, transferTrips: { "8 B": 20000, "1 KiB": 20000, "64 KiB": 10000, "1 MiB": 5000 } },
  },
  ...noTasks("ping-pong"),
  cases: CASES,
  metric: {
    name: "round trip",
    unit: "µs",
    perRun: (size, caseName) => tripsOf(size, payloadOf(caseName)),
    // There and back: the payload crosses the channel twice per round trip.
    bytesPerOp: (_size, caseName) => 2 * (payloadOf(caseName)?.bytes ?? 0),
  },
  comm: {
    prepare(cell: CommCell<PingPongSize>) {
      const p = payloadOf(cell.case);
      if (!p) throw new Error(`ping-pong has no case '${cell.case}'`);
      const local: PingPongLocal = {
        case: cell.case!, bytes: p.bytes, trips: tripsOf(cell.size, p), transfer: p.transfer,
        text: p.transfer ? "" : payloadText(p.bytes), buffer: p.transfer ? payloadBuffer(p.bytes) : null,
      };
      return { workers: [{ transfer: p.transfer }], local };
    },
    run: (ports, _cell, local) => roundTrips(ports[0]!, local as PingPongLocal),
    serve(port, start) {
      // The echo, and nothing else: each message goes straight back on the channel it came from.
      if ((start as { transfer?: boolean }).transfer) port.onMessage((m) => port.send(m, [m as ArrayBuffer]));
      else port.onMessage((m) => port.send(m));
    },
  },
  verify(result, size): Verdict {
    const p = payloadOf(result.case);
    if (!p) return { ok: false, reason: `answer names no known case ('${result.case}')` };
    const trips = tripsOf(size, p);
    if (result.bytes !== p.bytes) return { ok: false, reason: `payload of ${result.bytes} B, expected ${p.bytes}` };
    if (result.trips !== trips) return { ok: false, reason: `${result.trips} round trips, expected ${trips}` };
    const each = p.transfer ? bufferSample(payloadBuffer(p.bytes)) : textSample(payloadText(p.bytes));
    if (result.checksum !== trips * each) return { ok: false, reason: `checksum ${result.checksum}, expected ${trips * each}: an echo differed from the payload` };
    if (!sameAsPayload(result.last, p.bytes, p.transfer)) return { ok: false, reason: "the last echo differs from the payload" };
    return { ok: true };
  },
  describeAnswer: (r) => `${r.trips} round trips of ${r.case} (checksum ${r.checksum})`,
};
