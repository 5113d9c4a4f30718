/**
 * Make strings that come from the environment (CPU names, hostnames, kernel strings, labels,
 * failure reasons, paths) safe to print: in Markdown, where `|`, backticks, `<` or a newline would
 * break a table or inject markup, and in a terminal, where control characters would move the cursor
 * or recolour the screen.
 *
 * @module
 */

// Line breaks of every kind and tabs become one space; other C0/C1 controls and the bidirectional
// overrides (which can make text read differently from what it is) are dropped.
const LINE_BREAKS = /\r\n|[\r\n\t\v\f\u0085\u2028\u2029]/g;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line, without control characters, runs of spaces collapsed and ends trimmed.
 *
 * @example
 * plainText("Intel\n\u001b[31mXeon"); // "Intel [31mXeon"
 */
export function plainText(text: string): string {
  return String(text).replace(LINE_BREAKS, " ").replace(INVISIBLE, "").replace(/ {2,}/g, " ").trim();
}

// Characters that start or end Markdown inline syntax (emphasis, code, links, strikethrough, math,
// table cells, escapes, headings). `<`, `>` and `&` become entities instead, so no HTML gets through.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~#$]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Text safe anywhere inline in GitHub-flavoured Markdown, including table cells and list items:
 * one line, with every character that has a meaning in Markdown or HTML escaped, so it reads
 * exactly as given.
 *
 * @example
 * escapeMarkdown("Xeon | vCPU `kvm` <x86>"); // "Xeon \\| vCPU \\`kvm\\` &lt;x86&gt;"
 */
export function escapeMarkdown(text: string): string {
  let out = plainText(text)
    .replace(/[&<>]/g, (c) => ENTITIES[c]!)
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`);
  // At the start of a list item or paragraph these would open a nested list, a heading underline or
  // an ordered list.
  out = out.replace(/^([-+=])/, "\\$1").replace(/^(\d+)([.)])(?= |$)/, "$1\\$2");
  return out;
}
