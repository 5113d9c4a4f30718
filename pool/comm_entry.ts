/**
 * The script every worker of a communication cell runs (a thread or a process, any runtime): it finds
 * its channel to the parent exactly as the pool's worker entry does (`worker_transport.ts`: a
 * `node:worker_threads` port, a Web Worker scope, Node-style IPC or framed stdio), takes up the suite's
 * worker side, and from then on hands every message straight to the suite's listener and sends what
 * the suite sends, unwrapped.
 *
 * Why not the pool's entry: that one batches chunks of tasks and answers them in RESULTS arrays,
 * which is right for throughput and wrong for a channel measurement, where one message in must be
 * one message out with nothing added. The transport is the pool entry's; only the batching is left out.
 *
 * @module
 */
import { pathToFileURL } from "node:url";
import { INIT_FAILED, READY, STOP } from "../runtimes/protocol.ts";
import type { AnySuite, CommPort } from "../suites/types.ts";
import { COMM_START } from "./comm_protocol.ts";
import { connectWorker } from "./worker_transport.ts";

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

const transport = await connectWorker("comm_entry");
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
  if (isStop(message)) return transport.exit(0);
  if (!starting && Array.isArray(message) && message[0] === COMM_START) {
    starting = true;
    void start(message[1], message[2], message[3]);
  }
});
