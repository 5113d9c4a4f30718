import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeMarkdown, plainText } from "./escape.ts";
import { splitTableRow } from "../testing/testdata/fixtures.ts";

test("plainText: one line, no control characters, no bidi overrides", () => {
  assert.equal(plainText("Intel\nXeon\r\n  Gold\t6248"), "Intel Xeon Gold 6248");
  assert.equal(plainText("\u001b[31mred\u001b[0m"), "[31mred[0m");
  assert.equal(plainText("abc\u202edef\u0007"), "abcdef");
  assert.equal(plainText("  host \u2028 name  "), "host name");
});

test("escapeMarkdown: table and inline syntax is escaped", () => {
  assert.equal(escapeMarkdown("Xeon | vCPU `kvm` <x86>"), "Xeon \\| vCPU \\`kvm\\` &lt;x86&gt;");
  assert.equal(escapeMarkdown("**b** _i_ [l](u) ~~s~~ $m$ #h"), "\\*\\*b\\*\\* \\_i\\_ \\[l\\](u) \\~\\~s\\~\\~ \\$m\\$ \\#h");
  assert.equal(escapeMarkdown("a\\|b"), "a\\\\\\|b");
  assert.equal(escapeMarkdown("&lt; & <"), "&amp;lt; &amp; &lt;");
  assert.equal(escapeMarkdown("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
});

test("escapeMarkdown: newlines cannot start a heading, list or new row", () => {
  const out = escapeMarkdown("host\n# injected\n| x | y |\n- item");
  assert.ok(!out.includes("\n"));
  assert.equal(out, "host \\# injected \\| x \\| y \\| - item");
});

test("escapeMarkdown: block starts are neutralised, versions left readable", () => {
  assert.equal(escapeMarkdown("- item"), "\\- item");
  assert.equal(escapeMarkdown("+ item"), "\\+ item");
  assert.equal(escapeMarkdown("==="), "\\===");
  assert.equal(escapeMarkdown("1. first"), "1\\. first");
  assert.equal(escapeMarkdown("2) second"), "2\\) second");
  assert.equal(escapeMarkdown("0.1.0"), "0.1.0");
  assert.equal(escapeMarkdown("6.1.0-18-amd64"), "6.1.0-18-amd64");
});

test("escapeMarkdown: a hostile value keeps a table row at its number of cells", () => {
  const hostile = ["AMD | EPYC", "a\\|b", "`|`", "x\n| y |", "|||", "\\", "end\\"];
  for (const value of hostile) {
    const row = `| name | ${escapeMarkdown(value)} | last |`;
    const cells = splitTableRow(row);
    assert.equal(cells.length, 3, `${JSON.stringify(value)} -> ${row}`);
    assert.equal(cells[2], "last");
  }
});
