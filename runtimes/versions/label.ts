/**
 * A runtime's label, `name@version` (`bun@1.4.5`, `node@22.11.0`, `deno@2.10.0-dev+local`): the
 * identity of a column in a run's report, so two versions of one runtime are two columns. The name
 * is everything before the first `@` (runtime names have none); the version is the rest.
 *
 * @module
 */

/**
 * The label of `name` at `version`.
 *
 * @example
 * ```ts
 * runtimeLabel("bun", "1.4.5"); // "bun@1.4.5"
 * ```
 */
export function runtimeLabel(name: string, version: string): string {
  return `${name}@${version}`;
}

/**
 * The label of an install: its own when it has one (a `+local` build), else `name@version`.
 *
 * @example
 * ```ts
 * installLabel({ name: "node", version: "22.11.0" }); // "node@22.11.0"
 * ```
 */
export function installLabel(install: { readonly name: string; readonly version: string; readonly label?: string }): string {
  return install.label ?? runtimeLabel(install.name, install.version);
}

/**
 * Split a label into the runtime's name and version. A plain name (how report@1 files and reports
 * written before labels name a runtime) has no version.
 *
 * @example
 * ```ts
 * splitRuntimeLabel("bun@1.4.5"); // { name: "bun", version: "1.4.5" }
 * splitRuntimeLabel("node");      // { name: "node", version: undefined }
 * ```
 */
export function splitRuntimeLabel(label: string): { name: string; version: string | undefined } {
  const at = label.indexOf("@");
  return at < 0 ? { name: label, version: undefined } : { name: label.slice(0, at), version: label.slice(at + 1) };
}

/** The runtime name of a label (`bun@1.4.5` → `bun`; a plain name is its own). */
export function runtimeNameOf(label: string): string {
  return splitRuntimeLabel(label).name;
}
