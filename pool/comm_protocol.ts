/**
 * The few messages between a communication session (harness/comm_measure.ts) and its worker entry
 * (pool/comm_entry.ts) around the suite's own messages. Once a worker said ready, every message is
 * the suite's, except the pool protocol's `[STOP]`, which the entry answers by leaving.
 *
 * parent -> worker
 * - `[COMM_START, modules, suite, start]` first message: import `modules` (absolute paths of compiled
 *   suite modules exporting `SUITES`), take suite `suite`'s worker side with its start value, answer
 * worker -> parent
 * - `[READY]` or `[INIT_FAILED, reason]` (the pool protocol's tags, runtimes/protocol.ts)
 *
 * @module
 */
import { compiledPath } from "../core/project.ts";

/** Tag of the first message to a communication worker. */
export const COMM_START = "tribench-comm-start";

/** Absolute path of the compiled entry every communication worker runs. */
export const COMM_ENTRY: string = compiledPath("pool/comm_entry.ts");
