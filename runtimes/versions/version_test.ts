// Version parsing, semver order, prefix matching and "newest match" (issue 14: node@22 → newest 22.x).
import { test } from "node:test";
import assert from "node:assert/strict";
import { compareVersions, matchesSpec, newestMatch, newestRelease, parseVersion, parseVersionSpec, versionIn } from "./version.ts";

test("parseVersion reads x.y.z, a leading v, pre-release identifiers; refuses prefixes and words", () => {
  assert.deepEqual(parseVersion("v22.11.0"), { major: 22, minor: 11, patch: 0, pre: [] });
  assert.deepEqual(parseVersion("1.3.14-canary.20260519.1"), { major: 1, minor: 3, patch: 14, pre: ["canary", "20260519", "1"] });
  assert.deepEqual(parseVersion("2.0.0+build.5"), { major: 2, minor: 0, patch: 0, pre: [] });
  for (const bad of ["22", "2.8", "latest", "1.2.x", "", "1.2.3.4"]) assert.equal(parseVersion(bad), undefined, bad);
});

test("compareVersions: numeric parts (1.10 > 1.9), a pre-release before its release, identifiers per semver", () => {
  const sorted = ["1.10.0", "1.9.3", "1.10.0-canary.2", "1.10.0-canary.10", "1.10.0-beta", "0.8.28", "1.10.0-canary"].sort(compareVersions);
  assert.deepEqual(sorted, ["0.8.28", "1.9.3", "1.10.0-beta", "1.10.0-canary", "1.10.0-canary.2", "1.10.0-canary.10", "1.10.0"]);
  assert.equal(compareVersions("1.0.0-1", "1.0.0-alpha") < 0, true, "numeric identifiers sort before alphanumeric ones");
  assert.equal(compareVersions("garbage", "0.0.1") < 0, true, "a non-version never sorts as newest");
  assert.equal(compareVersions("v2.0.0", "2.0.0+meta"), 0);
});

test("parseVersionSpec: a prefix is 1–2 parts, exact is 3 (with a pre-release), latest; others refused", () => {
  assert.deepEqual(parseVersionSpec("22"), { text: "22", exact: false });
  assert.deepEqual(parseVersionSpec("2.8"), { text: "2.8", exact: false });
  assert.deepEqual(parseVersionSpec("v1.3.14"), { text: "1.3.14", exact: true });
  assert.deepEqual(parseVersionSpec("1.3.14-canary.20260519.1"), { text: "1.3.14-canary.20260519.1", exact: true });
  assert.deepEqual(parseVersionSpec("latest"), { text: "latest", exact: false });
  for (const bad of ["", "x", "1.x", "1.2-beta", "^1.2.0", "1..2", "1.2.3.4"]) assert.equal(parseVersionSpec(bad), undefined, bad);
});

test("matchesSpec: prefixes match whole parts and skip pre-releases unless asked; exact matches one version", () => {
  const spec = (t: string) => parseVersionSpec(t)!;
  assert.equal(matchesSpec("22.11.0", spec("22")), true);
  assert.equal(matchesSpec("2.80.0", spec("2.8")), false, "2.8 is not a string prefix of 2.80");
  assert.equal(matchesSpec("2.8.3", spec("2.8")), true);
  assert.equal(matchesSpec("1.4.0-canary.1", spec("1.4")), false);
  assert.equal(matchesSpec("1.4.0-canary.1", spec("1.4"), true), true);
  assert.equal(matchesSpec("1.3.14", spec("1.3.14")), true);
  assert.equal(matchesSpec("1.3.15", spec("1.3.14")), false);
  assert.equal(matchesSpec("1.3.14-canary.1", spec("1.3.14-canary.1")), true);
  assert.equal(matchesSpec("9.0.0", spec("latest")), true);
  assert.equal(matchesSpec("9.0.0-rc.1", spec("latest")), false);
});

test("newestMatch picks the newest published match by semver order, not by list order or text", () => {
  const published = ["1.2.0", "1.10.0", "1.2.9", "1.10.1-canary.1", "2.0.0", "0.9.0"];
  assert.equal(newestMatch(published, parseVersionSpec("1")!), "1.10.0");
  assert.equal(newestMatch(published, parseVersionSpec("1.2")!), "1.2.9");
  assert.equal(newestMatch(published, parseVersionSpec("3")!), undefined);
  assert.equal(newestMatch(published, parseVersionSpec("latest")!), "2.0.0");
  assert.equal(newestRelease(["1.0.0", "1.1.0-rc.1"]), "1.0.0");
});

test("versionIn finds the version in each runtime's --version answer", () => {
  assert.equal(versionIn("v20.20.2\n"), "20.20.2");
  assert.equal(versionIn("deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)\nv8 14.0\ntypescript 5.9"), "2.9.6");
  assert.equal(versionIn("1.3.14-canary.20260519.1+abc\n"), "1.3.14-canary.20260519.1");
  assert.equal(versionIn("Python 3.12.3"), "3.12.3");
  assert.equal(versionIn("no version here"), undefined);
});
