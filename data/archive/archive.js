// Instant offline search in a Farewell archive's index.html. The index of
// titles and message text comes from search-index.js (window.FAREWELL_INDEX,
// one [title, text] pair per table row, in row order), so it works from
// file:// with no network access at all.
// SPDX-License-Identifier: GPL-3.0-or-later
(function () {
  'use strict';

  var input = document.getElementById('search');
  var status = document.getElementById('status');
  var noResults = document.getElementById('no-results');
  var table = document.getElementById('conversations');
  var index = window.FAREWELL_INDEX || [];
  if (!input || !table)
    return;

  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-i]'));

  // Case- and accent-insensitive matching: "cafe" finds "Café", "istanbul" finds "İstanbul".
  function fold(s) {
    s = String(s || '').toLowerCase();
    if (s.normalize)
      s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return s.replace(/\u0131/g, 'i');
  }

  var haystacks = null;  // folded lazily on the first search
  function prepare() {
    if (haystacks)
      return;
    haystacks = rows.map(function (row) {
      var entry = index[Number(row.getAttribute('data-i'))];
      return entry ? fold(entry[0] + '\n' + entry[1]) : fold(row.textContent);
    });
  }

  var pending = 0;
  function search() {
    pending = 0;
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;

    if (words.length)
      prepare();
    for (var i = 0; i < rows.length; i++) {
      var match = true;
      for (var w = 0; w < words.length && match; w++)
        match = haystacks[i].indexOf(words[w]) !== -1;
      rows[i].hidden = !match;
      if (match)
        shown++;
    }

    if (noResults)
      noResults.hidden = shown !== 0;
    if (status)
      status.textContent = words.length ? shown + ' / ' + rows.length : '';
    try {
      history.replaceState(null, '', words.length ? '#q=' + encodeURIComponent(input.value) : '#');
    } catch (e) {
      // Some browsers refuse this for file:// pages; the search still works.
    }
  }

  input.addEventListener('input', function () {
    // Large archives: search at most every 120 ms while typing.
    if (!pending)
      pending = setTimeout(search, rows.length > 5000 ? 120 : 0);
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      input.value = '';
      search();
    }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    }
  });

  var m = /^#q=(.*)$/.exec(location.hash);
  if (m) {
    try { input.value = decodeURIComponent(m[1]); } catch (e) { /* ignore a damaged hash */ }
    search();
  }
})();
