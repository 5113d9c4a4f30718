/**
 * The communication suites (issue 16): how workers talk rather than how they compute. They are
 * built in but not run by default (they measure channels, not speedups, and would take a default
 * run's budget): name them with `--suites`. This module is also their suite module: the workers of a
 * communication cell import it (see {@link COMM_SUITE_MODULE}) to find their side of the suite.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { AnySuite } from "../types.ts";
import { pingPong } from "./ping_pong.ts";
import { producerConsumer } from "./producer_consumer.ts";
import { sharedCounter } from "./shared_counter.ts";

/** The communication suites, in report order. */
export const SUITES: readonly AnySuite[] = [pingPong, producerConsumer, sharedCounter];

/** Absolute path of this compiled module: where a communication worker finds the built-in suites' worker side. */
export const COMM_SUITE_MODULE: string = fileURLToPath(import.meta.url);
