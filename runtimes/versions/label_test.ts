// Labels, the identity of a report column: made from an install, split back into name and version.
import { test } from "node:test";
import assert from "node:assert/strict";
import { installLabel, runtimeLabel, runtimeNameOf, splitRuntimeLabel } from "./label.ts";

test("labels: name@version, an install's own label first, split at the first @", () => {
  assert.equal(runtimeLabel("bun", "1.4.5"), "bun@1.4.5");
  assert.equal(installLabel({ name: "node", version: "22.11.0" }), "node@22.11.0");
  assert.equal(installLabel({ name: "bun", version: "1.4.5", label: "bun@1.4.5+local" }), "bun@1.4.5+local");
  assert.deepEqual(splitRuntimeLabel("deno@2.10.0-dev+local2"), { name: "deno", version: "2.10.0-dev+local2" });
  assert.deepEqual(splitRuntimeLabel("node"), { name: "node", version: undefined });
  assert.deepEqual(["bun@1.3.14", "python@3.12.3", "deno"].map(runtimeNameOf), ["bun", "python", "deno"]);
});
