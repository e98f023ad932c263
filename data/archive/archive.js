// The index of a Farewell archive: the list of conversations (newest first,
// sortable, filtered), the charts of the years with ChatGPT, and search.
// Works from file:// with no network request: every file it needs is in
// the archive and comes through a <script> element.
//
//  search/list.js   FW.list(rows, groups, stats), loaded with the page
//                   row: [time, title, model, messages, href, flags, group]
//                   flags: 1 archived, 2 starred, 4 untitled
//  search/w<N>.js   FW.words(N, {word: [row, message, …]}), words whose first
//                   two letters fall in file N; loaded for a query's words;
//                   each row after the first is the difference from the last
//  search/t<N>.js   FW.text(N, [[[anchor, text], …], …]), the text of
//                   conversations N*CHUNK…; loaded for the results shown
// The writer is src/core/export/fw-search-index.c: keep the two in step.
// SPDX-License-Identifier: GPL-3.0-or-later
(function () {
  'use strict';

  var WORD_FILES = 128, CHUNK = 50, MAX_WORD_CHARS = 32, PAGE = 100;
  var FW = window.FW = window.FW || {};

  // Case- and accent-insensitive: "cafe" finds "Café", "istanbul" finds "İstanbul".
  function fold(s) {
    s = String(s || '').toLowerCase();
    if (s.normalize)
      s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return s.replace(/\u0131/g, 'i');
  }
  var wordRe = /[\p{L}\p{M}\p{N}]+/gu;
  // The words of a query, folded, as the index has them.
  function words(s) {
    return (fold(s).match(wordRe) || []).map(function (w) {
      return Array.from(w).slice(0, MAX_WORD_CHARS).join('');
    });
  }
  function bucket(word) {
    var a = word.codePointAt(0);
    var rest = word.slice(a > 0xffff ? 2 : 1);
    var b = rest ? rest.codePointAt(0) : 0;
    return (a * 31 + b) % WORD_FILES;
  }
  function escape(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // Where the words of @query start in @text, as [start, end] pairs of
  // @text's own indices (accents and case ignored, each word a prefix).
  function matches(text, query) {
    var folded = '', map = [], found = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i), ch = String.fromCodePoint(cp);
      var f = fold(ch);
      for (var k = 0; k < f.length; k++)
        map.push(i);
      folded += f;
      i += ch.length;
    }
    map.push(text.length);
    query.forEach(function (w) {
      var at = 0;
      while ((at = folded.indexOf(w, at)) !== -1) {
        var before = at > 0 ? folded[at - 1] : ' ';
        if (!/[\p{L}\p{M}\p{N}]/u.test(before))
          found.push([map[at], map[at + w.length]]);
        at += w.length;
      }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    return found;
  }

  // A passage of @text around its first match, the matches marked.
  function passage(text, query) {
    var found = matches(text, query);
    if (!found.length)
      return '';
    var start = Math.max(0, found[0][0] - 60), end = Math.min(text.length, start + 220);
    while (start > 0 && !/\s/.test(text[start - 1]) && found[0][0] - start < 80)
      start--;
    var out = start > 0 ? '…' : '', at = start;
    found.forEach(function (m) {
      if (m[0] < at || m[1] > end)
        return;
      out += escape(text.slice(at, m[0])) + '<mark>' + escape(text.slice(m[0], m[1])) + '</mark>';
      at = m[1];
    });
    return out + escape(text.slice(at, end)) + (end < text.length ? '…' : '');
  }

  FW.fold = fold;
  FW.queryWords = words;
  FW.bucket = bucket;
  FW.passage = passage;

  // Loading the index's files on demand, each once.
  var loaded = { w: {}, t: {} }, waiting = {};
  function load(kind, n) {
    var key = kind + n;
    if (loaded[kind][n])
      return Promise.resolve(loaded[kind][n]);
    if (!waiting[key])
      waiting[key] = new Promise(function (resolve) {
        var script = document.createElement('script');
        script.src = 'search/' + key + '.js';
        script.onload = script.onerror = function () {
          loaded[kind][n] = loaded[kind][n] || (kind === 'w' ? {} : []);
          resolve(loaded[kind][n]);
        };
        document.head.appendChild(script);
      });
    return waiting[key];
  }
  FW.words = function (n, data) { loaded.w[n] = data; };
  FW.text = function (n, data) { loaded.t[n] = data; };

  var body = document.getElementById('conversations');
  var input = document.getElementById('search');
  if (!body || !input) {
    FW.list = function () {};
    return;
  }
  var tbody = body.tBodies[0];
  var status = document.getElementById('status');
  var noResults = document.getElementById('no-results');
  var more = document.getElementById('more');
  var filter = document.getElementById('filter');
  var groupSelect = document.getElementById('group');

  var rows = [], groups = [], stats = null, titles = null;
  var sort = { key: 'date', dir: -1 };
  var view = [], shown = 0, hits = null, query = [], generation = 0;

  function foldTitles() {
    if (!titles)
      titles = rows.map(function (r) { return fold(r[1]); });
  }

  var collator = window.Intl ? new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }) : null;
  function compare(a, b) {
    var ra = rows[a], rb = rows[b], d;
    if (sort.key === 'title')
      d = collator ? collator.compare(ra[1], rb[1]) : (ra[1] < rb[1] ? -1 : ra[1] > rb[1]);
    else if (sort.key === 'count')
      d = ra[3] - rb[3];
    else
      d = ra[0] - rb[0];
    return (d || a - b) * sort.dir;
  }

  function date(t) {
    return t > 0 ? new Date(t * 1000).toISOString().slice(0, 10) : '';
  }

  function rowHtml(i) {
    var r = rows[i], hit = hits && hits.get(i), href = r[4];
    var badges = '';
    if (r[5] & 2)
      badges += ' <span class="badge star" title="' + escape(tbody.dataset.starred) + '">★<span class="sr">' + escape(tbody.dataset.starred) + '</span></span>';
    if (r[5] & 1)
      badges += ' <span class="badge">' + escape(tbody.dataset.archived) + '</span>';
    if (r[6] >= 0 && groups[r[6]])
      badges += ' <span class="badge group">' + escape(groups[r[6]][1]) + '</span>';
    var snippet = '';
    if (hit && hit.passage)
      snippet = '<a class="snippet" href="' + escape(href + '#' + hit.anchor) + '">' + hit.passage + '</a>';
    return '<tr data-i="' + i + '"' + (r[5] & 4 ? ' class="untitled"' : '') + '><td class="date">' + date(r[0]) +
      '</td><td class="title"><a href="' + escape(href) + '">' + escape(r[1]) + '</a>' + badges + snippet +
      '</td><td class="model">' + escape(r[2]) + '</td><td class="count">' + r[3] + '</td></tr>';
  }

  function renderMore() {
    var end = Math.min(view.length, shown + PAGE), html = '';
    for (var i = shown; i < end; i++)
      html += rowHtml(view[i]);
    tbody.insertAdjacentHTML('beforeend', html);
    var first = shown;
    shown = end;
    more.hidden = shown >= view.length;
    if (hits)
      fillPassages(first, end, generation);
  }

  function render() {
    tbody.textContent = '';
    shown = 0;
    renderMore();
    noResults.hidden = view.length !== 0;
    status.textContent = view.length === rows.length ? '' : view.length + ' / ' + rows.length;
  }

  // The passages of the results from @from to @to, once their text is loaded.
  function fillPassages(from, to, gen) {
    var chunks = {};
    for (var i = from; i < to; i++) {
      var hit = hits.get(view[i]);
      if (hit && hit.message >= 0 && hit.passage === undefined)
        chunks[Math.floor(view[i] / CHUNK)] = true;
    }
    Object.keys(chunks).forEach(function (n) {
      load('t', n).then(function (chunk) {
        if (gen !== generation)
          return;
        for (var i = from; i < to && i < view.length; i++) {
          var row = view[i], hit = hits.get(row);
          if (!hit || Math.floor(row / CHUNK) !== Number(n) || hit.passage !== undefined)
            continue;
          var messages = chunk[row % CHUNK] || [], message = messages[hit.message];
          hit.passage = message ? passage(message[1], query) : '';
          hit.anchor = message ? message[0] : '';
          var tr = tbody.querySelector('tr[data-i="' + row + '"]');
          if (tr && hit.passage)
            tr.outerHTML = rowHtml(row);
        }
      });
    });
  }

  function filtered(i) {
    var r = rows[i], f = filter.value, g = groupSelect.value;
    if (f === 'starred' && !(r[5] & 2))
      return false;
    if (f === 'archived' && !(r[5] & 1))
      return false;
    if (g !== '' && String(r[6]) !== g)
      return false;
    return !hits || hits.has(i);
  }

  // Every row in the order chosen, sorted once for every query after.
  var order = null;
  function update() {
    if (!order) {
      order = [];
      for (var i = 0; i < rows.length; i++)
        order.push(i);
      order.sort(compare);
    }
    view = order.filter(filtered);
    render();
  }

  // The conversations with a word starting with @w in their text (the
  // message where it first is) or in their title (-1), kept for the next
  // keystrokes.
  var memo = new Map();
  function matching(w, file) {
    var key = (file ? 't' : 'n') + w;
    if (memo.has(key))
      return memo.get(key);
    var found = new Map();
    if (file) {
      for (var word in file) {
        if (word.lastIndexOf(w, 0) !== 0)
          continue;
        var list = file[word], row = 0;
        for (var k = 0; k < list.length; k += 2) {
          row += list[k];
          if (!found.has(row) || found.get(row) > list[k + 1])
            found.set(row, list[k + 1]);
        }
      }
    }
    for (var i = 0; i < titles.length; i++)
      if (!found.has(i) && titles[i].indexOf(w) !== -1)
        found.set(i, -1);
    if (memo.size > 64)
      memo.clear();
    memo.set(key, found);
    return found;
  }

  // Every word must be in the title or the text; the first message with
  // the first word is the one shown.
  function search() {
    var gen = ++generation;
    var text = input.value;
    query = words(text);
    try {
      history.replaceState(null, '', query.length ? '#q=' + encodeURIComponent(text) : '#');
    } catch (e) {
      // Some browsers refuse this for file:// pages; the search still works.
    }
    if (!query.length) {
      hits = null;
      update();
      return Promise.resolve();
    }
    foldTitles();
    var long = query.filter(function (w) { return w.length >= 2; });
    return Promise.all(long.map(function (w) { return load('w', bucket(w)); })).then(function (files) {
      if (gen !== generation)
        return;
      var found = query.map(function (w) {
        var index = long.indexOf(w);
        return matching(w, index >= 0 ? files[index] : null);
      });
      // Every word: start from the fewest matches.
      var bySize = found.slice().sort(function (a, b) { return a.size - b.size; });
      var result = new Map();
      bySize[0].forEach(function (message, row) {
        for (var k = 1; k < bySize.length; k++)
          if (!bySize[k].has(row))
            return;
        // The message shown is the first word's.
        var first = found[0].get(row);
        for (var f = 1; first < 0 && f < found.length; f++)
          first = found[f].get(row);
        result.set(row, { message: first });
      });
      hits = result;
      update();
    });
  }
  FW.search = search;

  // Charts: inline SVG, coloured by the style sheet.
  function svgBars(id, labels, series, tickEvery) {
    var W = 320, H = 90, pad = 16, n = labels.length, bw = (W - 32) / Math.max(n, 1);
    var max = 1, i, s;
    for (i = 0; i < n; i++) {
      var total = 0;
      for (s = 0; s < series.length; s++)
        total += series[s].stack ? series[s].values[i] : 0;
      max = Math.max(max, total);
      for (s = 0; s < series.length; s++)
        if (!series[s].stack)
          max = Math.max(max, series[s].values[i]);
    }
    var out = '<svg viewBox="0 0 ' + W + ' ' + (H + pad) + '" role="img" aria-labelledby="c-' + id + '"><title>';
    out += escape(labels.map(function (l, i) {
      return l + ': ' + series.map(function (s) { return s.values[i]; }).join(' / ');
    }).join(', ')) + '</title>';
    out += '<text class="axis" x="0" y="9">' + max + '</text><line class="grid" x1="30" x2="' + W + '" y1="' + 4 + '" y2="4"/>';
    out += '<line class="grid" x1="30" x2="' + W + '" y1="' + H + '" y2="' + H + '"/>';
    for (i = 0; i < n; i++) {
      var x = 32 + i * bw, y = H;
      for (s = 0; s < series.length; s++) {
        var v = series[s].values[i], h = v / max * (H - 4);
        if (!v)
          continue;
        if (series[s].stack) {
          y -= h;
          out += '<rect class="' + series[s].cls + '" x="' + (x + 0.5).toFixed(1) + '" y="' + y.toFixed(1) + '" width="' + Math.max(bw - 1, 0.6).toFixed(1) + '" height="' + h.toFixed(1) + '"/>';
        } else {
          out += '<rect class="' + series[s].cls + '" x="' + (x + 0.5).toFixed(1) + '" y="' + (H - h).toFixed(1) + '" width="' + Math.max(bw - 1, 0.6).toFixed(1) + '" height="' + h.toFixed(1) + '"/>';
        }
      }
      if (tickEvery(i))
        out += '<text class="axis" x="' + x.toFixed(1) + '" y="' + (H + 12) + '">' + escape(labels[i]) + '</text>';
    }
    return out + '</svg>';
  }

  function legend(items) {
    return '<ul class="legend">' + items.map(function (it) {
      return '<li><span class="swatch ' + it[0] + '"></span>' + escape(it[1]) + '</li>';
    }).join('') + '</ul>';
  }

  function drawCharts() {
    if (!stats || drawCharts.done)
      return;
    drawCharts.done = true;
    var months = stats.months || [], labels = months.map(function (m) { return m.month; });
    var yearly = function (i) { return labels[i].slice(5) === '01' || i === 0; };
    var chart = function (name) { return document.querySelector('[data-chart="' + name + '"]'); };

    chart('messages').innerHTML = svgBars('messages', labels, [
      { cls: 's1', values: months.map(function (m) { return m.messages; }) },
      { cls: 's0', values: months.map(function (m) { return m.sent; }) }], yearly);
    chart('conversations').innerHTML = svgBars('conversations', labels, [
      { cls: 's0', values: months.map(function (m) { return m.conversations; }) }], yearly);

    var totals = {};
    months.forEach(function (m) { for (var k in m.models) totals[k] = (totals[k] || 0) + m.models[k]; });
    var top = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || (a < b ? -1 : 1); }).slice(0, 5);
    var other = Object.keys(totals).length > top.length;
    var series = top.map(function (name, s) {
      return { cls: 's' + s, stack: true, values: months.map(function (m) { return m.models[name] || 0; }) };
    });
    if (other)
      series.push({ cls: 's5', stack: true, values: months.map(function (m) {
        var rest = 0;
        for (var k in m.models) if (top.indexOf(k) < 0) rest += m.models[k];
        return rest;
      }) });
    chart('models').innerHTML = svgBars('models', labels, series, yearly) +
      legend(top.map(function (name, s) { return ['s' + s, name]; }).concat(other ? [['s5', '…']] : []));

    var hours = [];
    for (var h = 0; h < 24; h++)
      hours.push(String(h));
    chart('hours').innerHTML = svgBars('hours', hours, [{ cls: 's0', values: stats.hours || [] }],
                                       function (i) { return i % 3 === 0; });
    var days = [];
    for (var d = 0; d < 7; d++) {
      var day = new Date(Date.UTC(2024, 0, 1 + d));  // a Monday
      days.push(window.Intl ? day.toLocaleDateString(undefined, { weekday: 'short', timeZone: 'UTC' }) : String(d + 1));
    }
    chart('weekdays').innerHTML = svgBars('weekdays', days, [{ cls: 's0', values: stats.weekdays || [] }],
                                          function () { return true; });
  }

  FW.list = function (r, g, s) {
    rows = r;
    groups = g || [];
    stats = s;
    if (groups.length) {
      groups.forEach(function (group, i) {
        var option = document.createElement('option');
        option.value = String(i);
        option.textContent = group[1];
        groupSelect.appendChild(option);
      });
      groupSelect.hidden = false;
    }
    var years = document.getElementById('years');
    if (years) {
      years.addEventListener('toggle', drawCharts);
      if (window.innerWidth >= 700)
        years.open = true;
    }
    var m = /^#q=(.*)$/.exec(location.hash);
    if (m) {
      try { input.value = decodeURIComponent(m[1]); } catch (e) { /* a damaged hash */ }
      search();
    } else {
      update();
    }
    // The first screen is there (the benchmark measures up to here).
    if (window.performance && performance.mark)
      performance.mark('fw-list');
    // Ready for the first keystroke: fold the titles once the page is shown.
    setTimeout(foldTitles, 50);
  };

  input.addEventListener('input', search);
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      input.value = '';
      search();
    }
  });
  document.addEventListener('keydown', function (event) {
    var t = event.target && event.target.tagName;
    if (event.key === '/' && document.activeElement !== input && t !== 'INPUT' && t !== 'SELECT' && t !== 'TEXTAREA') {
      event.preventDefault();
      input.focus();
    }
  });
  filter.addEventListener('change', update);
  groupSelect.addEventListener('change', update);
  Array.prototype.forEach.call(body.tHead.querySelectorAll('button[data-sort]'), function (button) {
    button.addEventListener('click', function () {
      var key = button.dataset.sort;
      sort.dir = sort.key === key ? -sort.dir : (key === 'title' ? 1 : -1);
      sort.key = key;
      order = null;
      Array.prototype.forEach.call(body.tHead.querySelectorAll('th'), function (th) {
        th.removeAttribute('aria-sort');
      });
      button.parentNode.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
      update();
    });
  });
  more.querySelector('button').addEventListener('click', renderMore);
  if (window.IntersectionObserver)
    new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; }) && shown < view.length)
        renderMore();
    }, { rootMargin: '400px' }).observe(more);
})();
