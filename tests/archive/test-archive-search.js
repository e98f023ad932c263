// test-archive-search.js — the pure parts of the archive's search
// (data/archive/archive.js) run in node: folding, the words of a query, the
// word file a word is in (as fw-archive-index.c computes it) and the passage
// shown with its matches marked. The page itself is tested in Chromium
// (test-archive-browser.js).
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const fs = require('fs');
const vm = require('vm');
const assert = require('assert');

const context = {
  window: {},
  document: { getElementById() { return null; } },
};
vm.runInNewContext(fs.readFileSync(process.argv[2], 'utf8'), context);
const FW = context.window.FW;

// Case and accents do not matter, nor the Turkish dotted/dotless i.
assert.strictEqual(FW.fold('Café İstanbul ılık'), 'cafe istanbul ilik');
// Words as the index has them: letters and digits, folded, at most 32 letters.
assert.deepStrictEqual(Array.from(FW.queryWords('  Helm-ROLLBACK, v2 ')), ['helm', 'rollback', 'v2']);
assert.strictEqual(FW.queryWords('x'.repeat(40))[0].length, 32);
assert.deepStrictEqual(Array.from(FW.queryWords('日本語のテキスト')), ['日本語のテキスト']);
// The word file: (first letter × 31 + second letter) mod 128, by code point.
assert.strictEqual(FW.bucket('ab'), (97 * 31 + 98) % 128);
assert.strictEqual(FW.bucket('a'), (97 * 31) % 128);
assert.strictEqual(FW.bucket('😀x'), (0x1f600 * 31 + 120) % 128);
// The passage: the words marked where a word starts, HTML escaped.
assert.strictEqual(FW.passage('Roll back with <helm> rollback.', ['rollback']),
                   'Roll back with &lt;helm&gt; <mark>rollback</mark>.');
assert.strictEqual(FW.passage('Un café à İstanbul', ['cafe', 'istan']),
                   'Un <mark>café</mark> à <mark>İstan</mark>bul');
// Not inside a word; nothing to show when nothing matches.
assert.strictEqual(FW.passage('scaffold', ['caf']), '');
// A long text: cut around the first match.
const long = 'word '.repeat(100) + 'needle ' + 'word '.repeat(100);
const shown = FW.passage(long, ['needle']);
assert.ok(shown.startsWith('…') && shown.endsWith('…') && shown.includes('<mark>needle</mark>'), shown);
assert.ok(shown.length < 300, shown);
console.log('archive search: all checks passed');
