import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { compiledPath, PROJECT_ROOT } from "./project.ts";

test("PROJECT_ROOT is the folder with package.json, on every runtime", () => {
  assert.ok(existsSync(join(PROJECT_ROOT, "package.json")));
});

test("compiledPath maps a source path to its built file", () => {
  assert.ok(existsSync(compiledPath("core/project.ts")));
});
