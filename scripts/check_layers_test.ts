/**
 * The layer check as `npm test` runs it: a child process over a small tree with one of each violation,
 * and over a clean one.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-layers-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Run the compiled check on `root` with the runtime running this test. */
function check(root: string): Promise<{ code: number | null; lines: string[] }> {
  const script = compiledPath("scripts/check_layers.ts");
  const argv = currentRuntimeName() === "deno" ? ["run", "--no-prompt", "--allow-read", "--allow-env", script, root] : [script, root];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { cwd: PROJECT_ROOT }, (error, stdout) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: error ? (error.code as number) : 0, lines: stdout.trim().split("\n") });
    });
  });
}

test("one line per violation: against the direction, beside, a test helper, no layer, file and folder cycles; comments and strings are not imports", async () => {
  const root = tree("bad", {
    "core/c.ts": "export const c = 1;\n",
    "core/up.ts": 'import { b } from "../suites/b.ts";\nexport const up = b;\n',
    "suites/b.ts": 'import { c } from "../core/c.js";\nexport const b = c;\n',
    "stats/s.ts": 'import type { c } from "../core/c.ts";\nexport type S = typeof c;\n',
    "pool/p.ts": 'export { h } from "../testing/h.ts";\n',
    "pool/q.ts": 'export const q = await import("../harness/h.ts");\n',
    "harness/h.ts": 'import "../pool/p.ts";\nexport const h = 2;\n',
    "run/x.ts": 'import { y } from "./y.ts";\nexport const x = () => y;\n',
    "run/y.ts": 'import { x } from "./x.ts";\nexport const y = () => x;\n// import "../scripts/commented.ts";\n',
    "weird/w.ts": 'import { c } from "../core/c.ts";\nexport const w = c;\n',
    "testing/h.ts": 'import "../scripts/s.ts";\nexport const h = 3;\n',
    "scripts/s.ts": 'import "../cli/c.ts";\nconst glob = "dist/**/*_test.js";\nexport { glob };\n',
    "cli/c.ts": 'import "../run/x.ts";\nimport "../analysis/a.ts";\n',
    "cli/c_test.ts": 'import "../scripts/s.ts";\nimport "../testing/h.ts";\n',
    "analysis/a.ts": 'import "../run/x.ts";\n',
  });
  const { code, lines } = await check(root);
  assert.equal(code, 1);
  const order = "(examples -> api -> scripts -> cli -> {run, analysis, micro} -> reports -> harness -> pool -> runtimes -> suites -> {stats, core})";
  assert.deepEqual(lines.slice(0, -1).sort(), [
    `analysis/a.ts -> run/x.ts: analysis imports run, which is beside it ${order}`,
    `core/up.ts -> suites/b.ts: core imports suites, which is not below it ${order}`,
    "file import cycle: run/x.ts -> run/y.ts -> run/x.ts",
    "folder import cycle: core -> suites -> core",
    "folder import cycle: harness -> pool -> harness",
    `pool/p.ts -> testing/h.ts: product code imports a test helper`,
    `pool/q.ts -> harness/h.ts: pool imports harness, which is not below it ${order}`,
    `stats/s.ts -> core/c.ts: stats imports core, which is beside it ${order}`,
    `weird/: folder is in no layer (weird/w.ts); layers are ${order.slice(1, -1)}`,
  ].sort());
  assert.equal(lines.at(-1), `layers: 9 violations in 15 files ${order}`);
});

test("a clean tree passes with exit 0 and says what it checked", async () => {
  const root = tree("good", {
    "core/c.ts": "export const c = 1;\n",
    "suites/b.ts": 'import { c } from "../core/c.ts";\nexport const b = c;\n',
    "cli/c.ts": 'import { b } from "../suites/b.ts";\nexport const d = await import("../run/r.ts");\nexport const e = b;\n',
    "run/r.ts": 'import { b } from "../suites/b.ts";\nexport const r = b;\n',
    "run/r_test.ts": 'import "../testing/t.ts";\nimport "../cli/c.ts";\n',
    "testing/t.ts": 'import "../cli/c.ts";\n',
  });
  const { code, lines } = await check(root);
  assert.equal(code, 0, lines.join("\n"));
  assert.match(lines.at(-1)!, /^layers: ok, 6 files, 7 imports, no cycle \(examples -> api -> scripts -> cli -> /);
});
