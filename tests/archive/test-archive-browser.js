// test-archive-browser.js — the archive's index.html in headless Chromium,
// opened from file:// as people open it: newest first, sorting, filters,
// search with its passages, the untitled and long-title cases, "/", and no
// network request at all. Skipped (77) where Chromium is not installed.
// (shoot-index.js takes the README's screenshots.)
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Browser, findChromium } = require('./cdp.js');

const chromium = findChromium();
if (!chromium) {
  console.log('Chromium is not installed: skipped');
  process.exit(77);
}

// One conversation of the export: a question and its answer.
let serial = 0;
function conversation(title, day, question, answer, extra) {
  const id = 'c0ffee' + String(++serial).padStart(2, '0') + '-0000-4000-8000-00000000000' + (serial % 10);
  const t = Date.UTC(2024, 0, 1) / 1000 + day * 86400 + 9 * 3600;
  const node = (nid, parent, children, message) => ({ id: nid, parent, children, message });
  const message = (mid, role, text, time, model) => ({
    id: mid, author: { role }, create_time: time, status: 'finished_successfully',
    content: { content_type: 'text', parts: [text] }, metadata: model ? { model_slug: model } : {},
  });
  return Object.assign({
    id, conversation_id: id, title, create_time: t, update_time: t + 60, current_node: 'a' + serial,
    default_model_slug: 'gpt-4o',
    mapping: {
      ['r' + serial]: node('r' + serial, null, ['q' + serial], null),
      ['q' + serial]: node('q' + serial, 'r' + serial, ['a' + serial], message('q' + serial, 'user', question, t)),
      ['a' + serial]: node('a' + serial, 'q' + serial, [], message('a' + serial, 'assistant', answer, t + 30, 'gpt-4o')),
    },
  }, extra || {});
}

const longWord = 'Supercalifragilisticexpialidocious'.repeat(4);
const conversations = [
  conversation('Sourdough starter', 10, 'My starter will not rise.', 'Feed it twice a day with rye flour.'),
  conversation('Puffins', 20, 'Where do puffins nest?', 'Puffins nest in burrows on grassy cliffs, far from rats.',
               { is_starred: true }),
  conversation(null, 30, 'A question without a title', 'An answer about lighthouses.'),
  conversation(longWord, 40, 'One very long word', 'It fits.'),
  conversation('Old tax questions', 50, 'Deductions for a home office?', 'Keep the receipts.', { is_archived: true }),
  conversation('Garden plan', 60, 'Plan the beds', 'Tomatoes by the south wall.',
               { gizmo_id: 'g-p-67d2c8a7b5e88191a3fd6a6b2ee8b2d0', gizmo_type: 'snorlax' }),
  conversation('Recipe helper', 70, 'A soup with leeks', 'Leek and potato soup, with puffin-shaped croutons.',
               { gizmo_id: 'g-Ab12Cd34Ef', gizmo_type: 'gpt' }),
];

// Older ones, so that the search's text comes in more than one file.
for (let i = 0; i < 60; i++)
  conversations.push(conversation('Older question ' + i, 0, 'Question number ' + i, 'Answer number ' + i));
const total = conversations.length;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'farewell-browser-'));
const exportDir = path.join(tmp, 'export');
const archive = path.join(tmp, 'archive');
fs.mkdirSync(exportDir);
fs.writeFileSync(path.join(exportDir, 'conversations.json'), JSON.stringify(conversations));
execFileSync(process.env.FAREWELL_BIN || 'farewell', ['--convert', exportDir, '--output', archive],
             { stdio: 'ignore', env: Object.assign({}, process.env, { TZ: 'UTC' }) });
const url = 'file://' + archive + '/index.html';

async function main() {
  const browser = new Browser(chromium);
  try {
    const page = await browser.page(1000, 900);
    await page.goto(url);
    // The titles listed, without the older ones.
    const titles = () => page.eval(`Array.from(document.querySelectorAll('#conversations tbody td.title > a:first-child')).map(a => a.textContent).filter(t => !t.startsWith('Older'))`);

    // Newest first; every conversation there, the untitled one named and linked.
    assert.deepStrictEqual(await titles(), ['Recipe helper', 'Garden plan', 'Old tax questions', longWord,
                                            'Untitled conversation', 'Puffins', 'Sourdough starter']);
    assert.match(await page.eval(`document.querySelector('tr.untitled td.title a').getAttribute('href')`),
                 /^conversations\/2024-01-31-untitled-c0ffee03\.html$/);
    // A title of one long word wraps; the other columns keep their width.
    const widths = await page.eval(`(() => { const tr = Array.from(document.querySelectorAll('tbody tr')).find(r => r.textContent.includes('Supercal'));
      return ['date', 'model', 'count'].map(c => tr.querySelector('td.' + c).getBoundingClientRect().width); })()`);
    widths.forEach((w) => assert.ok(w >= 60, 'a column squeezed to ' + w + ' px'));
    assert.ok(await page.eval(`document.documentElement.scrollWidth <= window.innerWidth`), 'the page scrolls sideways');
    // Flags and groups shown.
    assert.ok(await page.eval(`document.querySelector('tbody tr:nth-child(6) .badge.star') !== null`));
    assert.strictEqual(await page.eval(`document.querySelector('tbody tr:nth-child(3) .badge').textContent`), 'Archived');
    assert.strictEqual(await page.eval(`document.querySelector('tbody tr:nth-child(2) .badge.group').textContent`), 'Project b2d0');
    assert.strictEqual(await page.eval(`document.querySelector('tbody tr:nth-child(1) .badge.group').textContent`), 'Custom GPT 34Ef');
    // Charts drawn as inline SVG, with a text alternative.
    assert.strictEqual(await page.eval(`document.querySelectorAll('#years svg[role="img"] title').length`), 5);

    // Sorting: by title, then longest, then back to date.
    await page.eval(`document.querySelector('button[data-sort="title"]').click()`);
    assert.deepStrictEqual((await titles()).slice(0, 3), ['Garden plan', 'Old tax questions', 'Puffins']);
    assert.strictEqual(await page.eval(`document.querySelector('th.title').getAttribute('aria-sort')`), 'ascending');
    await page.eval(`document.querySelector('button[data-sort="title"]').click()`);
    assert.strictEqual((await titles())[0], 'Untitled conversation');
    await page.eval(`document.querySelector('button[data-sort="date"]').click()`);
    assert.strictEqual((await titles())[0], 'Recipe helper');
    await page.eval(`document.querySelector('button[data-sort="date"]').click()`);
    assert.strictEqual((await titles())[0], 'Sourdough starter');
    await page.eval(`document.querySelector('button[data-sort="date"]').click()`);

    // Filters: starred, archived, a project, a GPT.
    const choose = (id, value) => page.eval(`(() => { const s = document.getElementById('${id}'); s.value = '${value}'; s.dispatchEvent(new Event('change')); })()`);
    await choose('filter', 'starred');
    assert.deepStrictEqual(await titles(), ['Puffins']);
    await choose('filter', 'archived');
    assert.deepStrictEqual(await titles(), ['Old tax questions']);
    await choose('filter', '');
    assert.deepStrictEqual(await page.eval(`Array.from(document.querySelectorAll('#group option')).map(o => o.textContent)`),
                           ['All projects and GPTs', 'Project b2d0', 'Custom GPT 34Ef']);
    await choose('group', '0');
    assert.deepStrictEqual(await titles(), ['Garden plan']);
    await choose('group', '');

    // Search: the words in any order, accents and case ignored, the passage
    // with its matches marked, linked to the message.
    const search = (text) => page.eval(`(() => { const i = document.getElementById('search'); i.value = ${JSON.stringify(text)};
      return FW.search().then(() => new Promise(r => setTimeout(r, 200))); })()`);
    await search('PUFFIN');
    assert.deepStrictEqual(await titles(), ['Recipe helper', 'Puffins']);
    const snippet = await page.eval(`(() => { const a = document.querySelector('tbody tr:nth-child(2) a.snippet'); return [a.innerHTML, a.getAttribute('href')]; })()`);
    assert.match(snippet[0], /<mark>[Pp]uffin<\/mark>/);
    assert.match(snippet[1], /\.html#m-[qa]2$/);
    assert.strictEqual(await page.eval(`document.getElementById('status').textContent`), '2 / ' + total);
    await search('burrows cliffs');
    assert.deepStrictEqual(await titles(), ['Puffins']);
    assert.strictEqual(await page.eval(`document.querySelectorAll('tbody mark').length`), 2);
    await search('lighthouse');
    assert.deepStrictEqual(await titles(), ['Untitled conversation']);
    await search('supercali');
    assert.deepStrictEqual(await titles(), [longWord]);
    await search('nothing like this');
    assert.deepStrictEqual(await titles(), []);
    assert.strictEqual(await page.eval(`document.getElementById('no-results').hidden`), false);
    // In the last text file too.
    await search('number 59');
    assert.strictEqual(await page.eval(`document.querySelector('tbody a.snippet').innerHTML`), 'Question <mark>number</mark> <mark>59</mark>');
    await search('');
    assert.strictEqual((await titles()).length, 7);

    // "/" focuses the search field.
    await page.eval(`document.getElementById('search').blur()`);
    await page.send('Input.dispatchKeyEvent', { type: 'keyDown', key: '/', code: 'Slash', text: '/', windowsVirtualKeyCode: 191 });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: '/', code: 'Slash', windowsVirtualKeyCode: 191 });
    assert.strictEqual(await page.eval(`document.activeElement.id`), 'search');
    assert.strictEqual(await page.eval(`document.getElementById('search').value`), '');

    // No request but for the archive's own files.
    const foreign = page.requests.filter((u) => !u.startsWith('file://'));
    assert.deepStrictEqual(foreign, []);
    assert.ok(page.requests.some((u) => u.endsWith('/search/list.js')));

    // Dark style: the page's own colours, not the light ones.
    await page.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    await page.goto(url);
    assert.strictEqual(await page.eval(`getComputedStyle(document.body).backgroundColor`), 'rgb(30, 30, 32)');
    await page.send('Emulation.setEmulatedMedia', { features: [] });
    // 360 px wide: nothing wider than the screen.
    const narrow = await browser.page(360, 740);
    await narrow.goto(url);
    assert.ok(await narrow.eval(`document.documentElement.scrollWidth <= 360`), 'the page is wider than 360 px');
    assert.strictEqual(await narrow.eval(`document.querySelectorAll('tbody tr').length`), total);
    assert.deepStrictEqual(narrow.requests.filter((u) => !u.startsWith('file://')), []);

    // A conversation page prints without the page's navigation.
    await page.goto('file://' + archive + '/' + await page.eval(`document.querySelector('tbody tr a').getAttribute('href')`));
    await page.send('Emulation.setEmulatedMedia', { media: 'print' });
    assert.strictEqual(await page.eval(`getComputedStyle(document.querySelector('.message')).breakInside`), 'avoid');
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('archive in Chromium: all checks passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
