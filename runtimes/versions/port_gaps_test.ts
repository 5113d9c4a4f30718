// The declaration of what a runtime's own port of a suite cannot run (support.ts portGaps) names
// only cases and variants its suites have, so a renamed case cannot silently turn a gap into a
// cell that fails; and it speaks for the runtimes with ports only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTIN_SUITES, COMM_SUITES, suiteByName } from "../../suites/registry.ts";
import { portGaps } from "./support.ts";

test("every CPython port gap names a case and a variant of its suite, with a one-line reason", () => {
  for (const suite of BUILTIN_SUITES) {
    const gaps = portGaps("python", suite.name);
    if (!gaps) continue;
    for (const [name, byVariant] of Object.entries(gaps)) {
      assert.ok(suiteByName(suite.name)!.cases?.some((c) => c.name === name), `${suite.name} has a case '${name}'`);
      for (const [variant, why] of Object.entries(byVariant)) {
        assert.ok((suite.variants as readonly string[]).includes(variant), `${suite.name} has variant ${variant}`);
        assert.ok(why && !why.includes("\n"), `${suite.name} ${name} ${variant}: ${why}`);
      }
    }
  }
});

test("CPython declares its port of every communication suite; the JS runtimes, which run the suites' own code, none", () => {
  for (const suite of COMM_SUITES) {
    assert.ok(portGaps("python", suite.name), `python's port of ${suite.name} is declared`);
    for (const runtime of ["node", "deno", "bun"]) assert.equal(portGaps(runtime, suite.name), undefined, `${runtime} ${suite.name}`);
  }
  assert.equal(portGaps("python", "no-such-suite"), undefined);
});
