import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gcd } from "./gcd.ts";
import { importSuiteModule, REGISTRY_MODULE, SUITE_NAMES, SUITES, suiteByName, suiteProblem, suitesWith } from "./registry.ts";
import { FAULT_SUITE_MODULE, SUITES as FAULT_SUITES } from "../testing/fault_suites.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-suite-registry-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A complete suite as plain JS source, with `patch` spliced in last (to break one field). */
const suiteSource = (name: string, patch = "") => `{ name: ${JSON.stringify(name)}, description: "d", variants: ["serial"],
  sizes: { quick: 1, seed: 1, default: 1, large: 1 }, tasksFor: (n) => n, split: (n) => [n], kernel: (n) => n,
  combine: (p) => p[0], verify: () => ({ ok: true }), describeAnswer: String${patch} }`;

function moduleFile(file: string, text: string): string {
  const path = join(tmp, file);
  writeFileSync(path, text);
  return path;
}

test("the built-in suites, by name, in report order; the registry module is this file compiled", async () => {
  assert.deepEqual(SUITE_NAMES, ["collatz", "pi", "gcd", "countdown", "primes", "io"]);
  assert.equal(suiteByName("gcd"), gcd);
  assert.equal(suiteByName("fault-throw"), undefined, "fault suites are never built in");
  assert.deepEqual(await importSuiteModule(REGISTRY_MODULE), [...SUITES]);
});

test("suiteProblem accepts every built-in and fault suite and names what a broken one lacks", () => {
  for (const suite of [...SUITES, ...FAULT_SUITES]) assert.equal(suiteProblem(suite), undefined, suite.name);
  const { verify: _verify, ...noVerify } = gcd;
  assert.equal(suiteProblem(noVerify), "has no verify function");
  assert.equal(suiteProblem({ ...gcd, name: "a,b" }), 'has name "a,b", not one like my-suite (a-z, 0-9, -)');
  assert.equal(suiteProblem({ ...gcd, name: "tribench:x" }), 'has name "tribench:x", not one like my-suite (a-z, 0-9, -)');
  assert.match(suiteProblem({ ...gcd, variants: ["threads"] })!, /including serial/);
  assert.match(suiteProblem({ ...gcd, variants: ["serial", "gpu"] })!, /needs variants/);
  assert.match(suiteProblem({ ...gcd, sizes: { quick: 1 } })!, /needs sizes quick, seed, default, large/);
  assert.equal(suiteProblem({ ...gcd, description: undefined }), "has no description");
  assert.equal(suiteProblem(null), "is not an object");
});

test("suitesWith: built-ins first, then each module's suites in order; a taken name is one line", async () => {
  const mine = moduleFile("mine.mjs", `export const SUITES = [${suiteSource("mine-a")}, ${suiteSource("mine-b")}];\n`);
  const all = await suitesWith([mine, FAULT_SUITE_MODULE]);
  assert.deepEqual(all.map((s) => s.name), [...SUITE_NAMES, "mine-a", "mine-b", ...FAULT_SUITES.map((s) => s.name)]);
  assert.equal(all.find((s) => s.name === "mine-b")!.kernel(5), 5);
  const taken = moduleFile("taken.mjs", `export const SUITES = [${suiteSource("gcd")}];\n`);
  await assert.rejects(suitesWith([taken]), { message: `${taken}: suite name gcd is already taken by a built-in suite` });
  await assert.rejects(suitesWith([mine, mine]), { message: `${mine}: suite name mine-a is already taken` });
});

test("importSuiteModule refuses a module that is not a list of complete suites, with one line naming the file", async () => {
  const cases: [string, RegExp][] = [
    ["relative.mjs", /^relative\.mjs: not an absolute path$/],
    [join(tmp, "absent.mjs"), /absent\.mjs: could not be imported: /],
    [moduleFile("throws.mjs", "throw new Error('bad import\\nmore');\n"), /throws\.mjs: could not be imported: bad import$/],
    [moduleFile("empty.mjs", "export const SUITES = [];\n"), /empty\.mjs: exports no SUITES array of suites$/],
    [moduleFile("none.mjs", "export default 1;\n"), /none\.mjs: exports no SUITES array of suites$/],
    [moduleFile("noverify.mjs", `export const SUITES = [${suiteSource("nv", ", verify: undefined")}];\n`), /noverify\.mjs: suite nv has no verify function$/],
    [moduleFile("anon.mjs", "export const SUITES = [42];\n"), /anon\.mjs: suite #1 is not an object$/],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(importSuiteModule(path), (e: unknown) => e instanceof Error && message.test(e.message) && !e.message.includes("\n"), path);
  }
});
