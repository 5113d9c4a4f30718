// Every Python file the CPython runtime runs ships in the npm package: tsc copies no .py, so the
// package.json "files" globs are the only way they get there, and a missing port breaks every
// CPython block of an installed tribench (suites/registry.py imports all of them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "../core/project.ts";
import { PYTHON_DIR, PYTHON_SUITES_DIR } from "./python.ts";

/** The .py files under `dir`, relative to the project root. */
function pythonFiles(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) pythonFiles(path, found);
    else if (name.endsWith(".py")) found.push(relative(PROJECT_ROOT, path));
  }
  return found;
}

test("package.json ships every Python file of the CPython runtime and its ports", () => {
  const globs = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { files: string[] }).files;
  // The globs in use are `folder/*.py`: a file directly in that folder.
  const shipped = (file: string) => globs.some((g) => g === file || (g.endsWith("/*.py") && file.slice(0, file.lastIndexOf("/")) === g.slice(0, -"/*.py".length)));
  const files = [...pythonFiles(PYTHON_DIR), ...pythonFiles(PYTHON_SUITES_DIR)];
  assert.ok(files.includes("suites/comm/ping_pong.py"), "the comm ports are found");
  for (const file of files) assert.ok(shipped(file), `${file} is not in package.json "files" (add "${file.slice(0, file.lastIndexOf("/"))}/*.py")`);
});
