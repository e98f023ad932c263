// test-archive-search.js — the archive's offline search (data/archive/archive.js)
// run in node against a minimal stand-in for the index.html DOM.
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const fs = require('fs');
const vm = require('vm');
const assert = require('assert');

function element(id) {
  const listeners = {};
  return {
    id, hidden: false, textContent: '', value: '', attrs: {},
    getAttribute(name) { return this.attrs[name]; },
    addEventListener(type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    dispatch(type, event) { (listeners[type] || []).forEach(fn => fn(event || {})); },
    focus() { doc.activeElement = this; },
  };
}

const titles = [['Weeknight pasta', 'tomatoes garlic basil'],
                ['Deploying the staging cluster', 'helm rollback staging'],
                ['Café in İstanbul', 'Where to drink coffee'],
                ['Pasta again', 'carbonara']];
const rows = titles.map((t, i) => { const r = element(); r.attrs['data-i'] = String(i); r.textContent = t[0]; return r; });
const search = element('search');
const status = element('status');
const noResults = element('no-results');
noResults.hidden = true;
const table = element('conversations');
table.querySelectorAll = () => rows;
const docListeners = element('document');
const doc = {
  activeElement: null,
  getElementById(id) { return { search, status, 'no-results': noResults, conversations: table }[id] || null; },
  addEventListener: docListeners.addEventListener.bind(docListeners),
};
const timers = [];
const context = {
  window: { FAREWELL_INDEX: titles }, document: doc, location: { hash: '' },
  history: { replaceState() { throw new Error('refused for file://'); } },
  setTimeout(fn) { timers.push(fn); return timers.length; },
};
vm.runInNewContext(fs.readFileSync(process.argv[2], 'utf8'), context);

function type(text) {
  search.value = text;
  search.dispatch('input');
  while (timers.length) timers.shift()();
  return rows.filter(r => !r.hidden).map(r => r.textContent);
}

assert.deepStrictEqual(type('pasta'), ['Weeknight pasta', 'Pasta again']);
assert.strictEqual(status.textContent, '2 / 4');
assert.strictEqual(noResults.hidden, true);
// Message text is searched too, every word must match, in any order.
assert.deepStrictEqual(type('ROLLBACK helm'), ['Deploying the staging cluster']);
// Accents and the Turkish dotted/dotless i do not matter.
assert.deepStrictEqual(type('cafe istanbul'), ['Café in İstanbul']);
assert.deepStrictEqual(type('nothing like this'), []);
assert.strictEqual(noResults.hidden, false);
// Escape clears the search and shows everything again.
search.dispatch('keydown', { key: 'Escape' });
assert.strictEqual(rows.filter(r => r.hidden).length, 0);
assert.strictEqual(status.textContent, '');
assert.strictEqual(noResults.hidden, true);
// "/" focuses the search field.
docListeners.dispatch('keydown', { key: '/', preventDefault() {} });
assert.strictEqual(doc.activeElement, search);
console.log('archive search: all checks passed');
