import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { PROJECT_ROOT } from "../core/project.ts";
import { importSuiteModule } from "../suites/registry.ts";
import { answerOf } from "../testing/suite_checks.ts";
import { API_ENTRY, bundleSuiteFile } from "./suite_bundle.ts";
import { suiteCacheDir } from "./suite_cache.ts";

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A fresh user project: package.json, fastest-levenshtein copied from ours, a CommonJS package of its own. */
function userProject(): string {
  const root = mkdtempSync(join(tmpdir(), "tribench-bundle-"));
  temps.push(root);
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "user-project", type: "module", private: true }));
  cpSync(join(PROJECT_ROOT, "node_modules", "fastest-levenshtein"), join(root, "node_modules", "fastest-levenshtein"), { recursive: true });
  // CommonJS code that requires built-ins by their bare names, as much of npm does.
  mkdirSync(join(root, "node_modules", "cjs-words"), { recursive: true });
  writeFileSync(join(root, "node_modules", "cjs-words", "package.json"), JSON.stringify({ name: "cjs-words", version: "1.0.0", main: "index.js" }));
  writeFileSync(join(root, "node_modules", "cjs-words", "index.js"), 'const path = require("path");\nexports.words = (p) => path.basename(p).split("-");\n');
  return root;
}

/** Classic edit distances, known independently: kitten→sitting 3, flaw→lawn 2, saturday→sunday 3, gumbo→gambol 2. */
const SUITE_TS = `
import { distance } from "fastest-levenshtein";
import { words } from "cjs-words";
import { EOL } from "os";
import { defineSuite } from "tribench";

type Pair = readonly [string, string];
const PAIRS: Pair[] = [["kitten", "sitting"], ["flaw", "lawn"], ["saturday", "sunday"], ["gumbo", "gambol"]];

export default defineSuite({
  name: "edits",
  sizes: { quick: 2, default: 4 },
  split: (n: number, parts: number): Pair[][] => Array.from({ length: Math.min(n, parts) }, (_, i) => PAIRS.slice(i, i + 1)),
  kernel: (pairs: Pair[]) => pairs.map(([a, b]) => distance(a, b) + words("/x/" + a).length - 1 + (EOL.length - 1)),
  combine: (parts: readonly number[][]) => parts.flat(),
  expect: { quick: [3, 2], default: [3, 2, 3, 2] },
});
`;

/** Every module specifier a bundle imports. */
const importsOf = (text: string) => [...text.matchAll(/^\s*import\s[^"']*["']([^"']+)["']/gm)].map((m) => m[1]!);

test("a TypeScript suite with npm imports bundles into one module that imports only node: built-ins and verifies", async () => {
  const root = userProject();
  const file = join(root, "bench", "edits.suite.ts");
  mkdirSync(dirname(file));
  writeFileSync(file, SUITE_TS);
  const bundle = await bundleSuiteFile(file);
  assert.ok(bundle.ok, bundle.ok ? "" : bundle.reason);
  assert.equal(dirname(bundle.path), join(root, "node_modules", ".cache", "tribench", "suites"));
  assert.equal(bundle.path, join(dirname(bundle.path), `${bundle.hash}.mjs`));
  assert.equal(bundle.cached, false);
  assert.equal(bundle.inputs[0], file);
  assert.ok(bundle.inputs.some((p) => p.startsWith(join(root, "node_modules", "fastest-levenshtein"))));
  assert.ok(bundle.inputs.includes(join(root, "node_modules", "cjs-words", "index.js")));
  // The project has no tribench installed: \`import … from "tribench"\` is this tool's own API.
  assert.ok(bundle.inputs.includes(API_ENTRY));
  assert.ok(importsOf(readFileSync(bundle.path, "utf8")).every((s) => s.startsWith("node:")));
  // Self-contained: the user's packages can go, the bundle still loads and runs.
  rmSync(join(root, "node_modules", "fastest-levenshtein"), { recursive: true });
  rmSync(join(root, "node_modules", "cjs-words"), { recursive: true });
  const [suite, ...more] = await importSuiteModule(bundle.path);
  assert.equal(more.length, 0);
  assert.equal(suite!.name, "edits");
  for (const name of ["quick", "default"] as const) {
    const size = suite!.sizes[name];
    assert.deepEqual(suite!.verify(await answerOf(suite!, size, suite!.tasksFor(size)), size), { ok: true }, name);
  }
});

test("the second bundling is a cache hit; changing any input, a dependency included, makes a new bundle", async () => {
  const root = userProject();
  const file = join(root, "edits.suite.ts");
  writeFileSync(file, SUITE_TS);
  const first = await bundleSuiteFile(file);
  assert.ok(first.ok);
  const written = statSync(first.path).mtimeMs;
  const second = await bundleSuiteFile(file);
  assert.ok(second.ok);
  assert.deepEqual([second.cached, second.hash, second.path], [true, first.hash, first.path]);
  assert.equal(statSync(second.path).mtimeMs, written);

  const dependency = first.inputs.find((p) => p.includes("fastest-levenshtein") && p.endsWith(".js"))!;
  const original = readFileSync(dependency, "utf8");
  writeFileSync(dependency, `${original}\n// changed\n`);
  const third = await bundleSuiteFile(file);
  assert.ok(third.ok);
  assert.equal(third.cached, false);
  assert.notEqual(third.hash, first.hash);
  // The name is the content: putting the old text back gives the old bundle's name again.
  writeFileSync(dependency, original);
  const fourth = await bundleSuiteFile(file);
  assert.ok(fourth.ok);
  assert.equal(fourth.hash, first.hash);
});

test("a suite file may export `suites`, and one exporting no suite fails to load with one line", async () => {
  const root = userProject();
  const cacheDir = join(root, "cache");
  const two = join(root, "two.suite.js");
  writeFileSync(
    two,
    `import { defineSuite } from "tribench";
const one = (name, k) => defineSuite({ name, sizes: { quick: k, default: k }, split: (n) => [n], kernel: (n) => n * 2, combine: (p) => p[0], verify: (r, n) => r === 2 * n });
export const suites = [one("double-a", 1), one("double-b", 2)];
`,
  );
  const bundle = await bundleSuiteFile(two, { cacheDir });
  assert.ok(bundle.ok);
  assert.equal(dirname(bundle.path), cacheDir);
  assert.deepEqual((await importSuiteModule(bundle.path)).map((s) => s.name), ["double-a", "double-b"]);

  const none = join(root, "none.suite.js");
  writeFileSync(none, "export const answer = 42;\n");
  const empty = await bundleSuiteFile(none, { cacheDir });
  assert.ok(empty.ok);
  await assert.rejects(importSuiteModule(empty.path), (error: Error) => error.message.includes(`${none}: exports no suite`) && !error.message.includes("\n"));
});

test("a syntax error, a missing import and a missing file come back as one-line reasons", async () => {
  const root = userProject();
  const cacheDir = join(root, "cache");
  const broken = join(root, "broken.suite.ts");
  writeFileSync(broken, 'export default {\n  name: "x",,\n};\n');
  const syntax = await bundleSuiteFile(broken, { cacheDir });
  assert.ok(!syntax.ok);
  assert.equal(syntax.missing, false);
  assert.match(syntax.reason, /broken\.suite\.ts:2:\d+: Expected identifier but found ","$/);

  const orphan = join(root, "orphan.suite.ts");
  writeFileSync(orphan, 'import pad from "left-pad-that-is-not-installed";\nexport default pad;\n');
  const unresolved = await bundleSuiteFile(orphan, { cacheDir });
  assert.ok(!unresolved.ok);
  assert.match(unresolved.reason, /orphan\.suite\.ts:1:\d+: Could not resolve "left-pad-that-is-not-installed"/);

  const nowhere = await bundleSuiteFile(join(root, "nowhere.suite.ts"), { cacheDir });
  assert.deepEqual(nowhere, { ok: false, reason: `${join(root, "nowhere.suite.ts")}: no such file`, missing: true });
  for (const r of [syntax, unresolved, nowhere]) assert.ok(!r.ok && !r.reason.includes("\n"));
});

test("the cache folder is the project's node_modules/.cache, else the XDG cache", () => {
  const root = userProject();
  assert.equal(suiteCacheDir(join(root, "a", "b", "x.suite.ts")), join(root, "node_modules", ".cache", "tribench", "suites"));
  // Without a package.json above the file: only checkable where the temp folder has none above it.
  const bare = mkdtempSync(join(tmpdir(), "tribench-bare-"));
  temps.push(bare);
  let above = false;
  for (let dir = bare; dirname(dir) !== dir; dir = dirname(dir)) above ||= existsSync(join(dir, "package.json"));
  if (above) return;
  assert.equal(suiteCacheDir(join(bare, "x.suite.ts"), { XDG_CACHE_HOME: "/var/cache/me" }), "/var/cache/me/tribench/suites");
  assert.equal(suiteCacheDir(join(bare, "x.suite.ts"), { HOME: "/home/me" }), "/home/me/.cache/tribench/suites");
});

test("the examples bundle and load", async () => {
  const root = userProject();
  for (const name of ["hash.suite.ts", "json.suite.ts"]) {
    const bundle = await bundleSuiteFile(join(PROJECT_ROOT, "examples", name), { cacheDir: join(root, "cache") });
    assert.ok(bundle.ok, bundle.ok ? "" : bundle.reason);
    const [suite] = await importSuiteModule(bundle.path);
    assert.equal(suite!.name, name.split(".")[0]);
  }
});
