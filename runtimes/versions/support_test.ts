// What old versions cannot run (found on real releases; see support.ts): each gap by variant and API,
// the floors, and that versions at and above them are not held back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { unsupportedReason } from "./support.ts";

test("old versions: the cells they cannot run are named with the reason and the version that fixed it", () => {
  assert.equal(unsupportedReason({ name: "bun", version: "1.0.36" }, "processes", "native"), "bun 1.0.36 lacks a working Bun.spawn IPC channel (process workers hang); it works from 1.1.0");
  assert.match(unsupportedReason({ name: "bun", version: "1.1.24" }, "processes", "node-compat")!, /node:child_process\.fork IPC .*it works from 1\.1\.25$/);
  assert.match(unsupportedReason({ name: "deno", version: "2.6.5" }, "processes", "node-compat")!, /fork of a `deno run` argv .*it works from 2\.6\.6$/);
  assert.equal(unsupportedReason({ name: "deno", version: "1.46.3" }, "serial", "native"), "deno 1.46.3 is older than 2.0.0, the oldest tribench supports (Deno 1.x has no Node `process` global outside npm packages)");
  assert.match(unsupportedReason({ name: "node", version: "18.20.4" }, "serial", "native")!, /^node 18\.20\.4 is older than 20\.0\.0/);
});

test("versions that work are not held back: the oldest supported, what each gap leaves, node-compat on Node, builds of a release", () => {
  const works: [string, string, string, "native" | "node-compat"][] = [
    ["bun", "1.0.0", "serial", "native"], ["bun", "0.8.1", "threads", "node-compat"], ["bun", "1.1.0", "processes", "native"], ["bun", "1.1.25", "processes", "node-compat"],
    ["deno", "2.0.0", "processes", "native"], ["deno", "2.6.6", "processes", "node-compat"], ["node", "20.0.0", "processes", "node-compat"],
    ["bun", "1.4.5+local", "processes", "native"], ["python", "3.8.0", "processes", "native"],
  ];
  for (const [name, version, variant, api] of works) assert.equal(unsupportedReason({ name: name as "bun", version }, variant, api), undefined, `${name} ${version} ${variant} ${api}`);
});
