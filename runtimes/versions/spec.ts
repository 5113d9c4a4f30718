/**
 * One `--runtimes` entry, parsed: `name` (the install tribench finds today), `name@version` (a
 * published release, installed into the cache), or `name=PATH` (an executable you built or installed
 * yourself). Bad entries are one-line {@link UsageError}s.
 *
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { oneOf, UsageError } from "../../core/usage.ts";
import { BENCH_RUNTIME_NAMES, RUNTIME_NAMES, type BenchRuntimeName, type RuntimeName } from "../types.ts";
import { homeDir } from "./_home.ts";
import { parseVersionSpec, type VersionSpec } from "./version.ts";

/** The runtimes tribench can install from the npm registry (CPython is not published there). */
export const INSTALLABLE_RUNTIMES: readonly RuntimeName[] = RUNTIME_NAMES;

/** A parsed `--runtimes` entry. */
export type RuntimeSpec =
  | { readonly kind: "located"; readonly text: string; readonly name: BenchRuntimeName }
  | { readonly kind: "version"; readonly text: string; readonly name: RuntimeName; readonly version: VersionSpec }
  | { readonly kind: "build"; readonly text: string; readonly name: BenchRuntimeName; readonly path: string };

/**
 * Parse one entry. A relative `PATH` is taken from `cwd`; a leading `~/` is the home folder (the
 * shell does not expand `~` after `=` inside a flag value).
 *
 * @example
 * ```ts
 * parseRuntimeSpec("node@22");                  // { kind: "version", name: "node", version: { text: "22", exact: false }, … }
 * parseRuntimeSpec("deno=./target/release/deno"); // { kind: "build", name: "deno", path: "/…/target/release/deno", … }
 * parseRuntimeSpec("bun");                      // { kind: "located", name: "bun", … }
 * ```
 */
export function parseRuntimeSpec(text: string, cwd: string = process.cwd()): RuntimeSpec {
  const entry = text.trim();
  const at = entry.indexOf("@"), eq = entry.indexOf("=");
  // Whichever separator comes first splits: a path may contain '@' (node=/opt/node@22/bin/node).
  const cut = eq >= 0 && (at < 0 || eq < at) ? eq : at;
  const name = oneOf("runtime", cut < 0 ? entry : entry.slice(0, cut), BENCH_RUNTIME_NAMES);
  if (cut < 0) return { kind: "located", text: entry, name };
  const rest = entry.slice(cut + 1).trim();
  if (cut === eq) {
    if (!rest) throw new UsageError(`runtime '${entry}' needs a path after '=', e.g. ${name}=./build/${name}`);
    const home = rest === "~" || rest.startsWith("~/") ? join(homeDir(), rest.slice(1)) : rest;
    return { kind: "build", text: entry, name, path: isAbsolute(home) ? home : resolve(cwd, home) };
  }
  if (!(INSTALLABLE_RUNTIMES as readonly string[]).includes(name)) {
    throw new UsageError(`tribench installs only ${INSTALLABLE_RUNTIMES.join(", ")} versions; for ${name} give a path instead, e.g. ${name}=/usr/bin/python3.12`);
  }
  if (!rest) throw new UsageError(`runtime '${entry}' needs a version after '@', e.g. ${name}@${EXAMPLE[name as RuntimeName]}`);
  const version = parseVersionSpec(rest);
  if (!version) {
    throw new UsageError(`'${rest}' in '${entry}' is not a version; write e.g. ${name}@${EXAMPLE[name as RuntimeName]}, a full x.y.z, or ${name}@latest`);
  }
  return { kind: "version", text: entry, name: name as RuntimeName, version };
}

const EXAMPLE: Readonly<Record<RuntimeName, string>> = { node: "22", deno: "2.8", bun: "1.3.14" };
