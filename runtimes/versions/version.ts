/**
 * Version strings of runtime releases: parsing, ordering and matching a version spec (`22`, `2.8`,
 * `1.3.14`, `1.3.14-canary.20260519.1`, `latest`) against the versions a registry publishes.
 *
 * Ordering follows semver 2.0.0 §11 (numeric major.minor.patch, a pre-release sorts before its release,
 * pre-release identifiers compared numerically when numeric, else as text; build metadata ignored).
 * Every version these three runtimes publish on npm is semver, so no looser grammar is needed, and
 * a dependency on the `semver` package is not worth one comparison function.
 *
 * @module
 */

/** A parsed `major.minor.patch[-pre][+build]` version. */
export interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers (`["canary", "20260519", "1"]`), empty for a release. */
  readonly pre: readonly string[];
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
/** A version spec: 1 to 3 numeric parts (a pre-release only after 3), or `latest`. */
const SPEC = /^v?(\d+)(?:\.(\d+)(?:\.(\d+)(?:-([0-9A-Za-z.-]+))?)?)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Parse a version, or `undefined` when it is not one.
 *
 * @example
 * ```ts
 * parseVersion("v22.11.0"); // { major: 22, minor: 11, patch: 0, pre: [] }
 * parseVersion("22");       // undefined (a prefix, not a version)
 * ```
 */
export function parseVersion(text: string): ParsedVersion | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split(".") : [] };
}

/**
 * Semver order of two versions (negative when `a` is older). A string that is not a version sorts
 * before every version, so a registry's odd entry can never be picked as "newest".
 *
 * @example
 * ```ts
 * ["1.10.0", "1.9.3", "1.10.0-canary.1"].sort(compareVersions); // ["1.9.3", "1.10.0-canary.1", "1.10.0"]
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a), pb = parseVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  const core = pa.major - pb.major || pa.minor - pb.minor || pa.patch - pb.patch;
  if (core) return core;
  if (!pa.pre.length || !pb.pre.length) return pb.pre.length - pa.pre.length;
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i], y = pb.pre[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d+$/.test(x), ny = /^\d+$/.test(y);
    const order = nx && ny ? Number(x) - Number(y) : nx !== ny ? (nx ? -1 : 1) : x < y ? -1 : x > y ? 1 : 0;
    if (order) return order;
  }
  return 0;
}

/** A checked version spec: `latest`, a prefix (`22`, `2.8`) or one exact version (`1.3.14`, `1.3.14-canary.1`). */
export interface VersionSpec {
  /** As written, without a leading `v`. */
  readonly text: string;
  /** True for a full `major.minor.patch[-pre]`: it names one version, so a cached copy needs no registry. */
  readonly exact: boolean;
}

/**
 * Check a version spec; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * parseVersionSpec("22");     // { text: "22", exact: false }
 * parseVersionSpec("v1.3.14"); // { text: "1.3.14", exact: true }
 * parseVersionSpec("1.x");     // undefined
 * ```
 */
export function parseVersionSpec(text: string): VersionSpec | undefined {
  const t = text.trim();
  if (t === "latest") return { text: t, exact: false };
  const m = SPEC.exec(t);
  if (!m) return undefined;
  return { text: t.replace(/^v/, ""), exact: m[3] !== undefined };
}

/**
 * Whether `version` is one `spec` asks for: the same version for an exact spec; for a prefix, a
 * release (not a pre-release: `bun@1.4` must not pick a canary, unless `withPrereleases`) whose
 * leading parts are the prefix; for `latest`, any release.
 *
 * @example
 * ```ts
 * matchesSpec("22.11.0", { text: "22", exact: false }); // true
 * matchesSpec("2.80.0", { text: "2.8", exact: false }); // false
 * ```
 */
export function matchesSpec(version: string, spec: VersionSpec, withPrereleases = false): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  if (spec.exact) return compareVersions(version, spec.text) === 0;
  if (v.pre.length && !withPrereleases) return false;
  if (spec.text === "latest") return true;
  const parts = spec.text.split(".").map(Number);
  return parts.every((p, i) => p === [v.major, v.minor, v.patch][i]);
}

/**
 * The newest of `versions` that `spec` asks for, or `undefined`.
 *
 * @example
 * ```ts
 * newestMatch(["1.2.9", "1.10.0", "1.10.1-canary.1", "2.0.0"], { text: "1", exact: false }); // "1.10.0"
 * ```
 */
export function newestMatch(versions: readonly string[], spec: VersionSpec): string | undefined {
  const matching = versions.filter((v) => matchesSpec(v, spec)).sort(compareVersions);
  return matching.at(-1);
}

/** The newest release (not pre-release) of `versions`, for hints in "not found" messages. */
export function newestRelease(versions: readonly string[]): string | undefined {
  return newestMatch(versions, { text: "latest", exact: false });
}

/**
 * The first `x.y.z[-pre]` in a `--version` answer (`v22.11.0`, `deno 2.9.6 (stable, …)`, `Python 3.12.3`).
 *
 * @example
 * ```ts
 * versionIn("deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)"); // "2.9.6"
 * ```
 */
export function versionIn(output: string): string | undefined {
  return /(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(output)?.[1];
}
