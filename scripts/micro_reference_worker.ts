/**
 * Worker module for the reference pools (piscina, tinypool) in `tribench micro`: the same no-op as
 * the `tribench:noop` task, so the rows compare pool overhead and nothing else.
 *
 * @module
 */

/** Does nothing and returns null (what `tribench:noop` returns). */
export default function noop(): null {
  return null;
}
