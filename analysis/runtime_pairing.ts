/**
 * Which runtime columns of several reports are "the same runtime", for compare (two sides) and merge
 * (two to twenty sources). A report names a column by its label, `bun@1.4.5` (reports/report.ts),
 * so by default cells pair by label: `bun@1.4.5` with `bun@1.4.5`. But the common question is an
 * upgrade ("did Bun 1.4.6 regress against 1.4.5?"), and files written before labels name a column
 * by its runtime alone (`bun`), so: **when every source has at most one version of a runtime, its
 * cells pair by the runtime's name**, and the versions that differ are reported. A source with two
 * or more versions of it (a versus run) pairs by label, so `bun@1.3.14` never meets `bun@1.4.5` by
 * accident.
 *
 * @module
 */
import type { Report } from "../reports/report.ts";
import { splitRuntimeLabel } from "../runtimes/versions/label.ts";

/** A runtime paired by name whose version differs between sources. */
export interface ChangedVersions {
  name: string;
  /** Per source (in order): its version, or `undefined` when the source does not have the runtime or does not say. */
  versions: (string | undefined)[];
}

/** How the runtime columns of the sources line up. */
export interface RuntimePairing {
  /**
   * The key a cell's `runtime` gets (in any source): its label when labels pair, the runtime's name
   * when it pairs by name across versions (or against a file without labels).
   */
  keyOf(runtime: string): string;
  /** Runtimes paired by name whose versions differ, in first-seen order. */
  changed: ChangedVersions[];
}

/**
 * Pair the runtimes of `sources`; each source is one report or several pooled ones (compare's
 * side), which share their runtimes.
 *
 * @example
 * ```ts
 * const pairing = pairRuntimes([[base], [head]]); // base has bun@1.4.5, head bun@1.4.6
 * pairing.keyOf("bun@1.4.6"); // "bun"
 * pairing.changed;               // [{ name: "bun", versions: ["1.4.5", "1.4.6"] }]
 * ```
 */
export function pairRuntimes(sources: readonly (readonly Report[])[]): RuntimePairing {
  // Per source: each column it has (a cell's runtime field) with the version it stands for.
  const columns = sources.map((reports) => {
    const found = new Map<string, string | undefined>();
    for (const report of reports) {
      for (const c of [...report.results, ...report.failures]) if (!found.has(c.runtime)) found.set(c.runtime, versionOf(report, c.runtime));
    }
    return found;
  });
  const names: string[] = [];
  for (const found of columns) for (const column of found.keys()) if (!names.includes(nameOf(column))) names.push(nameOf(column));
  const byName = new Map<string, boolean>();
  const changed: ChangedVersions[] = [];
  for (const name of names) {
    const per = columns.map((found) => [...found.keys()].filter((c) => nameOf(c) === name));
    const pairs = per.every((cols) => cols.length <= 1);
    const distinct = new Set(per.flat());
    // One column everywhere (the same label, or the same plain name): keys stay as they are.
    byName.set(name, pairs && distinct.size > 1);
    if (!pairs) continue;
    const versions = per.map((cols, i) => (cols[0] === undefined ? undefined : columns[i]!.get(cols[0])));
    const known = versions.filter((v): v is string => v !== undefined);
    if (new Set(known).size > 1) changed.push({ name, versions });
  }
  return {
    keyOf: (runtime) => (byName.get(nameOf(runtime)) ? nameOf(runtime) : runtime),
    changed,
  };
}

/**
 * `versions changed: bun 1.4.5 → 1.4.6, node 20.20.0 → 22.1.0` for two sources (BASE, HEAD), or
 * `undefined` when no version changed.
 */
export function versionsChangedNote(changed: readonly ChangedVersions[]): string | undefined {
  const parts = changed
    .filter((c) => c.versions[0] !== undefined && c.versions[1] !== undefined && c.versions[0] !== c.versions[1])
    .map((c) => `${c.name} ${c.versions[0]} → ${c.versions[1]}`);
  return parts.length ? `versions changed: ${parts.join(", ")}` : undefined;
}

const nameOf = (column: string) => splitRuntimeLabel(column).name;

/** The version a column stands for: from its label, else from the report's record of that runtime. */
function versionOf(report: Report, column: string): string | undefined {
  const { name, version } = splitRuntimeLabel(column);
  if (version !== undefined) return version;
  return report.runtimes.find((r) => (r.label ?? r.name) === column)?.version ?? report.runtimes.find((r) => r.name === name)?.version;
}
