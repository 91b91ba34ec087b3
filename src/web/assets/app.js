/* global document, window, fetch, Plot */
// encore's browser script: draws the charts from the JSON each page embeds, keeps the
// "now playing" box fresh. Pages work without it (tables carry the same numbers).
(function () {
  'use strict';

  var WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

  function readData(el) {
    var source = document.getElementById(el.getAttribute('data-source'));
    return source ? JSON.parse(source.textContent || 'null') : null;
  }

  function timeline(data, width) {
    var metric = data.metric === 'plays' ? 'plays' : 'minutes';
    var points = data.points.map(function (p) {
      return { period: new Date(p.period + 'T00:00:00Z'), value: p[metric] };
    });
    return Plot.plot({
      width: width,
      height: Math.max(180, Math.min(300, width * 0.4)),
      marginLeft: 48,
      x: { type: 'utc', label: null },
      y: { grid: true, label: metric === 'plays' ? 'plays' : 'minutes' },
      marks: [
        Plot.rectY(points, {
          x: 'period',
          y: 'value',
          // encore's weeks start on Monday (ISO), as the analytics buckets do.
          interval: data.bucket === 'month' ? 'month' : data.bucket === 'week' ? 'monday' : 'day',
          fill: '#127a3e',
          inset: 0.5,
          tip: true,
        }),
        Plot.ruleY([0]),
      ],
    });
  }

  function heatmap(data, width) {
    var metric = data.metric === 'plays' ? 'plays' : 'minutes';
    var cells = data.cells.map(function (c) {
      return { hour: c.hour, weekday: WEEKDAYS[c.weekday], value: c[metric] };
    });
    return Plot.plot({
      width: width,
      height: 260,
      marginLeft: 40,
      padding: 0.06,
      x: {
        label: 'hour of day',
        tickFormat: function (h) {
          return h % 3 === 0 ? String(h) : '';
        },
      },
      y: { label: null, domain: WEEKDAYS },
      // The legend is always drawn, narrower on a phone, with room for its first and last label.
      color: {
        scheme: 'greens',
        label: metric,
        legend: true,
        width: Math.min(320, width - 24),
        marginLeft: 12,
        marginRight: 12,
      },
      marks: [Plot.cell(cells, { x: 'hour', y: 'weekday', fill: 'value', inset: 0.5, tip: true })],
    });
  }

  function rankTicks(worst) {
    var step = Math.max(1, Math.ceil(worst / 6));
    var ticks = [1];
    // Multiples of the step, none crowding the 1 at the top.
    for (var t = step; t <= worst; t += step) if (t - 1 >= step * 0.75) ticks.push(t);
    return ticks;
  }

  // Rank over time (artist/album/track pages): 1 at the top; a month without a stream
  // has no rank and leaves a gap in the line.
  function rank(data, width) {
    var points = data.points.map(function (p) {
      return { period: new Date(p.period + 'T00:00:00Z'), rank: p.rank === null ? NaN : p.rank, of: p.of };
    });
    var worst = points.reduce(function (m, p) {
      return isNaN(p.rank) ? m : Math.max(m, p.rank);
    }, 1);
    return Plot.plot({
      width: width,
      height: Math.max(180, Math.min(300, width * 0.4)),
      marginLeft: 48,
      x: { type: 'utc', label: null },
      // Whole ranks only, 1 always labelled (the top is what people look for).
      y: {
        grid: true,
        reverse: true,
        domain: [1, Math.max(worst, 2)],
        ticks: rankTicks(Math.max(worst, 2)),
        tickFormat: 'd',
        label: 'rank',
      },
      marks: [
        Plot.line(points, { x: 'period', y: 'rank', stroke: '#127a3e', strokeWidth: 2 }),
        Plot.dot(points, { x: 'period', y: 'rank', fill: '#127a3e', r: 3, tip: true }),
      ],
    });
  }

  var RENDERERS = { timeline: timeline, heatmap: heatmap, rank: rank };

  function drawAll() {
    if (typeof Plot === 'undefined') return;
    var charts = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < charts.length; i++) {
      var el = charts[i];
      var render = RENDERERS[el.getAttribute('data-chart')];
      var data = readData(el);
      if (!render || !data) continue;
      var width = Math.max(280, Math.floor(el.clientWidth || 600));
      var svg = render(data, width);
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', el.getAttribute('aria-label') || 'chart');
      el.replaceChildren(svg);
    }
  }

  function nowPlaying() {
    var box = document.querySelector('[data-now-playing]');
    if (!box) return;
    var text = box.querySelector('.text');
    fetch('/api/now-playing', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (now) {
        if (!now) {
          text.textContent = 'Could not ask Spotify right now.';
          return;
        }
        box.setAttribute('data-state', now.state);
        text.textContent =
          now.state === 'playing' || now.state === 'paused'
            ? (now.state === 'paused' ? 'Paused: ' : '') + now.track + ' — ' + now.artists
            : now.state === 'unavailable'
              ? 'Unavailable: ' + now.message
              : 'Nothing playing right now.';
      })
      .catch(function () {
        text.textContent = 'Could not ask Spotify right now.';
      });
  }

  // Typing a date makes the range "Custom dates" at once, so the form shows what Apply will do.
  function linkRangeForm() {
    var form = document.querySelector('form[aria-label="Range"]');
    if (!form) return;
    var select = form.querySelector('select[name="range"]');
    var dates = form.querySelectorAll('input[type="date"]');
    for (var i = 0; i < dates.length; i++) {
      dates[i].addEventListener('change', function () {
        if (select) select.value = 'custom';
      });
    }
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(drawAll, 200);
  });

  function start() {
    drawAll();
    nowPlaying();
    linkRangeForm();
    document.documentElement.setAttribute('data-charts-ready', 'true');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
