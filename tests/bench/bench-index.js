#!/usr/bin/env node
// bench-index.js — how fast an archive's index.html opens and searches in
// headless Chromium, from file:// (see README.md, "The archive's index").
//
//   tests/bench/bench-index.js ARCHIVE [--runs 5] [--words python,garden,…]
//
// First screen: from the start of navigation to the rows drawn (the
// `fw-list` mark archive.js sets), each run in a fresh tab. Search: a query
// typed one key at a time in a fresh tab, each keystroke timed from the
// input event to the results drawn (what FW.search() resolves), and to the
// first passage shown ("-": none to show). Targets (medians): first screen
// < 1000 ms, every keystroke < 200 ms; and no request other than file://.
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const path = require('path');
const { Browser, findChromium } = require('../archive/cdp.js');

const args = process.argv.slice(2);
const archive = path.resolve(args[0] || '');
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(option('--runs', 5));
const queries = option('--words', 'python function,garden,der,meeting notes').split(',');
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const chromium = findChromium();
  if (!chromium || !args[0]) {
    console.error('usage: bench-index.js ARCHIVE (needs chromium)');
    process.exit(2);
  }
  const url = 'file://' + archive + '/index.html';
  const browser = new Browser(chromium);
  const first = [], paint = [];
  const keys = {};
  let foreign = 0, rows = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const page = await browser.page(1280, 900);
      await page.goto(url);
      const m = await page.eval(`({ list: performance.getEntriesByName('fw-list')[0].startTime,
        fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0,
        rows: document.querySelectorAll('#conversations tbody tr').length })`);
      first.push(m.list);
      paint.push(m.fcp);
      rows = m.rows;
      foreign += page.requests.filter((u) => !u.startsWith('file://')).length;
      await page.close();
    }
    for (const query of queries) {
      keys[query] = [];
      for (let r = 0; r < Math.max(1, Math.floor(runs / 2)); r++) {
        const page = await browser.page(1280, 900);
        await page.goto(url);
        await page.eval('new Promise(r => setTimeout(r, 300))');  // a person looks before typing
        for (let k = 1; k <= query.length; k++) {
          const t = await page.eval(`(() => {
            const input = document.getElementById('search'), t0 = performance.now();
            input.value = ${JSON.stringify(query.slice(0, k))};
            return FW.search().then(() => {
              const results = performance.now() - t0;
              return new Promise((resolve) => {
                const done = (found) => resolve([results, found ? performance.now() - t0 : null, document.querySelectorAll('#conversations tbody tr').length]);
                const wait = (n) => document.querySelector('a.snippet') ? done(true) : n > 100 ? done(false) : setTimeout(() => wait(n + 1), 5);
                wait(0);
              });
            });
          })()`);
          (keys[query][k - 1] = keys[query][k - 1] || []).push(t);
        }
        foreign += page.requests.filter((u) => !u.startsWith('file://')).length;
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }

  console.log(`index.html of ${archive}: ${rows} rows drawn first`);
  console.log(`first screen (rows drawn): median ${median(first).toFixed(0)} ms, max ${Math.max(...first).toFixed(0)} ms` +
              ` (first paint median ${median(paint).toFixed(0)} ms), ${runs} runs`);
  let worst = 0, worstMedian = 0;
  for (const query of queries) {
    const line = keys[query].map((samples, k) => {
      const results = median(samples.map((s) => s[0]));
      const passages = samples.every((s) => s[1] !== null) ? median(samples.map((s) => s[1])).toFixed(0) : '-';
      worst = Math.max(worst, ...samples.map((s) => s[0]));
      worstMedian = Math.max(worstMedian, results);
      return `${JSON.stringify(query.slice(0, k + 1))} ${results.toFixed(0)}/${passages} ms (${samples[0][2]})`;
    });
    console.log('search, results/passage (rows): ' + line.join(', '));
  }
  console.log(`slowest keystroke to results: median ${worstMedian.toFixed(0)} ms, slowest sample ${worst.toFixed(0)} ms; ` +
              `requests other than file://: ${foreign}`);
  const ok = median(first) < 1000 && worstMedian < 200 && foreign === 0;
  console.log(ok ? 'targets met' : 'TARGETS MISSED');
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
