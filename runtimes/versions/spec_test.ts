// Parsing `--runtimes` entries: name, name@version, name=PATH, and their one-line errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { homedir } from "node:os";
const HOME = process.env.HOME || homedir();
import { join } from "node:path";
import { UsageError } from "../../core/usage.ts";
import { parseRuntimeSpec } from "./spec.ts";

const usage = (pattern: RegExp) => (e: unknown) => e instanceof UsageError && pattern.test(e.message) && !e.message.includes("\n");

test("a plain name is today's located install; python included", () => {
  assert.deepEqual(parseRuntimeSpec("bun"), { kind: "located", text: "bun", name: "bun" });
  assert.deepEqual(parseRuntimeSpec(" python "), { kind: "located", text: "python", name: "python" });
});

test("name@version: exact, prefix, latest, a leading v", () => {
  assert.deepEqual(parseRuntimeSpec("bun@1.3.14"), { kind: "version", text: "bun@1.3.14", name: "bun", version: { text: "1.3.14", exact: true } });
  assert.deepEqual(parseRuntimeSpec("node@22"), { kind: "version", text: "node@22", name: "node", version: { text: "22", exact: false } });
  assert.deepEqual(parseRuntimeSpec("deno@v2.8"), { kind: "version", text: "deno@v2.8", name: "deno", version: { text: "2.8", exact: false } });
  assert.equal(parseRuntimeSpec("node@latest").kind, "version");
});

test("name=PATH: relative to cwd, ~/ is home, an '@' inside the path is part of it", () => {
  assert.deepEqual(parseRuntimeSpec("deno=./target/release/deno", "/src/deno"), { kind: "build", text: "deno=./target/release/deno", name: "deno", path: "/src/deno/target/release/deno" });
  assert.equal((parseRuntimeSpec("node=~/node/out/Release/node") as { path: string }).path, join(HOME, "node/out/Release/node"));
  assert.equal((parseRuntimeSpec("node=/opt/node@22/bin/node") as { path: string }).path, "/opt/node@22/bin/node");
  assert.equal(parseRuntimeSpec("python=/usr/bin/python3.12").kind, "build");
});

test("bad entries are one-line usage errors that say what to write", () => {
  assert.throws(() => parseRuntimeSpec("nodee@22"), usage(/^unknown runtime 'nodee' \(did you mean 'node'\?\); valid: node, deno, bun, python$/));
  assert.throws(() => parseRuntimeSpec("bun@"), usage(/^runtime 'bun@' needs a version after '@', e\.g\. bun@1\.3\.14$/));
  assert.throws(() => parseRuntimeSpec("node@22.x"), usage(/^'22\.x' in 'node@22\.x' is not a version; write e\.g\. node@22/));
  assert.throws(() => parseRuntimeSpec("deno="), usage(/^runtime 'deno=' needs a path after '=', e\.g\. deno=\.\/build\/deno$/));
  assert.throws(() => parseRuntimeSpec("python@3.12"), usage(/^tribench installs only node, deno, bun versions; for python give a path instead/));
  assert.throws(() => parseRuntimeSpec("@22"), usage(/^unknown runtime ''/));
});
