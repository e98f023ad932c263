#!/usr/bin/env node
// shoot-index.js — screenshots of an archive's index.html in headless
// Chromium, for the README (build-aux/dev screenshots):
//
//   node shoot-index.js ARCHIVE OUT-DIR [QUERY]
//
// writes archive-browser.png (light), archive-browser-dark.png,
// archive-browser-narrow.png (360 px) and archive-browser-search.png (QUERY
// typed into the search).
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const path = require('path');
const { Browser, findChromium } = require('./cdp.js');

async function main() {
  const [archive, out, query] = process.argv.slice(2);
  const chromium = findChromium();
  if (!chromium || !out) {
    console.error('usage: shoot-index.js ARCHIVE OUT-DIR [QUERY] (needs chromium)');
    process.exit(2);
  }
  const url = 'file://' + path.resolve(archive) + '/index.html';
  const browser = new Browser(chromium);
  try {
    const wide = await browser.page(1100, 900);
    await wide.goto(url);
    await wide.screenshot(path.join(out, 'archive-browser.png'));
    await wide.eval(`(() => { const i = document.getElementById('search'); i.value = ${JSON.stringify(query || 'tomato')};
      document.getElementById('years').open = false;
      return FW.search().then(() => new Promise(r => setTimeout(r, 300))); })()`);
    await wide.screenshot(path.join(out, 'archive-browser-search.png'));
    await wide.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    await wide.goto(url);
    await wide.screenshot(path.join(out, 'archive-browser-dark.png'));
    const narrow = await browser.page(360, 740);
    await narrow.goto(url);
    await narrow.screenshot(path.join(out, 'archive-browser-narrow.png'));
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
