/**
 * The script every worker of a communication cell runs (a thread or a process, any runtime): it finds
 * its channel to the parent exactly as the pool's worker entry does (a `node:worker_threads` port, a
 * Web Worker scope, Node-style IPC or framed stdio), takes up the suite's worker side, and from then
 * on hands every message straight to the suite's listener and sends what the suite sends, unwrapped.
 *
 * Why not the pool's entry: that one batches chunks of tasks and answers them in RESULTS arrays,
 * which is right for throughput and wrong for a channel measurement, where one message in must be
 * one message out with nothing added. The transports here are the pool entry's, minus batching.
 *
 * @module
 */
import { pathToFileURL } from "node:url";
import { encodeFrame, EXITING, INIT_FAILED, LineFramer, READY, STOP, TRANSPORT_FLAG, WEB_WORKER_NAME } from "../runtimes/protocol.ts";
import type { AnySuite, CommPort } from "../suites/types.ts";
import { COMM_START } from "./comm_protocol.ts";

interface Transport {
  send(message: unknown, transfer?: ArrayBuffer[]): void;
  listen(listener: (message: unknown) => void): void;
  exit(): void;
}

interface WebScope {
  name?: string;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

declare const Deno: {
  stdin: { read(buffer: Uint8Array): Promise<number | null> };
  stdout: { writeSync(bytes: Uint8Array): number };
  exit(code?: number): never;
};

async function connect(): Promise<Transport> {
  const flag = process.argv.find((a) => a.startsWith(TRANSPORT_FLAG))?.slice(TRANSPORT_FLAG.length);
  if (flag === "stdio") return stdioTransport();
  if (flag === "ipc") {
    const send = process.send!.bind(process);
    // The parent is gone: nobody will read what we send.
    process.on("disconnect", () => process.exit(0));
    return { send: (m) => void send(m as object), listen: (l) => void process.on("message", l), exit: () => process.exit(0) };
  }
  const scope = globalThis as unknown as WebScope;
  if (scope.name === WEB_WORKER_NAME) {
    return {
      send: (m, t) => (t?.length ? scope.postMessage(m, t) : scope.postMessage(m)),
      listen: (l) => {
        scope.onmessage = (e) => l(e.data);
      },
      // Deno fires no exit event for a Web Worker: say it, so the parent's handle ends it now.
      exit: () => {
        scope.postMessage([EXITING, 0]);
        scope.close();
      },
    };
  }
  const { parentPort } = await import("node:worker_threads");
  if (!parentPort) throw new Error("comm_entry: started neither as a worker nor with " + TRANSPORT_FLAG);
  return { send: (m, t) => parentPort.postMessage(m, t), listen: (l) => void parentPort.on("message", l), exit: () => process.exit(0) };
}

function stdioTransport(): Transport {
  const encoder = new TextEncoder();
  // Something the suite prints must not corrupt the frames.
  console.log = console.error;
  console.info = console.error;
  return {
    send: (m) => {
      let bytes = encoder.encode(encodeFrame(m));
      while (bytes.length > 0) bytes = bytes.subarray(Deno.stdout.writeSync(bytes));
    },
    listen: (l) => {
      const framer = new LineFramer(l, (line) => console.error(line));
      void (async () => {
        const buffer = new Uint8Array(1 << 16);
        for (let n = await Deno.stdin.read(buffer); n !== null; n = await Deno.stdin.read(buffer)) framer.push(buffer.subarray(0, n));
        // The parent closed our stdin: it is gone or wants us gone.
        Deno.exit(0);
      })();
    },
    exit: () => Deno.exit(0),
  };
}

/** The suite `name` with a worker side, from the first of `modules` that has it. */
async function findSuite(modules: unknown, name: unknown): Promise<AnySuite> {
  if (!Array.isArray(modules) || typeof name !== "string") throw new Error("the start message names no suite modules and suite");
  for (const path of modules as string[]) {
    const module = (await import(pathToFileURL(path).href)) as { SUITES?: unknown };
    const found = Array.isArray(module.SUITES) ? (module.SUITES as AnySuite[]).find((s) => s?.name === name) : undefined;
    if (found?.comm) return found;
  }
  throw new Error(`no communication suite '${name}' in ${(modules as string[]).join(", ") || "no module"}`);
}

const isStop = (m: unknown) => Array.isArray(m) && m.length === 1 && m[0] === STOP;

const transport = await connect();
/** The suite's listener, once it took up its side. */
let listener: ((message: unknown) => void) | undefined;
let starting = false;

async function start(modules: unknown, name: unknown, value: unknown): Promise<void> {
  try {
    const suite = await findSuite(modules, name);
    const port: CommPort = {
      send: (message, transfer) => transport.send(message, transfer),
      onMessage: (l) => {
        listener = l;
      },
    };
    suite.comm!.serve(port, value);
  } catch (error) {
    return transport.send([INIT_FAILED, (error instanceof Error ? error.message : String(error)).split("\n")[0]]);
  }
  transport.send([READY]);
}

transport.listen((message) => {
  if (listener !== undefined && !isStop(message)) return listener(message);
  if (isStop(message)) return transport.exit();
  if (!starting && Array.isArray(message) && message[0] === COMM_START) {
    starting = true;
    void start(message[1], message[2], message[3]);
  }
});
