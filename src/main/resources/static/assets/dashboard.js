// The editors' board: one EventSource on /api/dashboard/stream (the session cookie signs it in), each story's
// last hour as a sparkline, and a story's own panel from /api/articles/{slug}/audience.
'use strict';

(() => {
  const { el, api, number } = Pulse;
  const SVG = 'http://www.w3.org/2000/svg';
  const SOURCES = ['direct', 'internal', 'search', 'social', 'other'];
  const rows = document.getElementById('board-rows');
  const sectionSelect = document.getElementById('section');
  const sections = new Set();
  let stream = null;
  let lastTop = null;
  let openSlug = null;
  let panelTimer = null;

  function svg(tag, attributes = {}) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    return element;
  }

  // A line of counts, oldest first, scaled to its own maximum.
  function sparkline(counts, width, height, label) {
    const max = Math.max(1, ...counts);
    const step = counts.length > 1 ? width / (counts.length - 1) : width;
    const points = counts.map((count, i) => `${(i * step).toFixed(1)},${(height - 1 - (count / max) * (height - 2)).toFixed(1)}`).join(' ');
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, class: 'sparkline' });
    chart.append(svg('polyline', { points, fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5' }));
    return chart;
  }

  function bars(counts, width, height, label) {
    const max = Math.max(1, ...counts);
    const barWidth = width / counts.length;
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'bars', preserveAspectRatio: 'none' });
    counts.forEach((count, i) => {
      const h = (count / max) * (height - 1);
      chart.append(svg('rect', { x: (i * barWidth).toFixed(2), y: (height - h).toFixed(2), width: Math.max(0.5, barWidth - 0.5).toFixed(2), height: h.toFixed(2) }));
    });
    return chart;
  }

  function sourcesBar(sources) {
    const total = SOURCES.reduce((sum, name) => sum + sources[name], 0);
    const bar = el('div', { class: 'sources-bar', role: 'img', 'aria-label': SOURCES.map((name) => `${name} ${sources[name]}`).join(', ') });
    for (const name of SOURCES) {
      if (total > 0 && sources[name] > 0) {
        const part = el('span', { class: `source-${name}`, title: `${name}: ${number(sources[name])}` });
        // Through the CSSOM: the Content-Security-Policy allows no inline style attributes.
        part.style.width = `${(100 * sources[name] / total).toFixed(1)}%`;
        bar.append(part);
      }
    }
    return bar;
  }

  function why(item) {
    const w = item.why;
    const parts = [`velocity ×${w.velocity}`, `${number(Math.round(w.fastRate))}/h now vs ${number(Math.round(w.baselineRate))}/h usually`];
    if (w.zScore != null) parts.push(`z-score ${w.zScore} among live stories`);
    if (w.viralSince) parts.push(`viral since ${new Date(w.viralSince).toLocaleTimeString()}`);
    return parts.join('; ');
  }

  function row(item) {
    const lastMinute = item.perMinute[item.perMinute.length - 1];
    const story = el('td', { class: 'story' },
      el('button', { type: 'button', class: 'open-panel', text: item.title, 'data-slug': item.slug, onclick: () => openPanel(item.slug, item.title) }),
      item.section ? el('span', { class: 'section', text: item.section }) : null);
    if (item.viral) {
      const tipId = `why-${item.slug}`;
      story.append(el('span', { class: 'badge viral', tabindex: '0', 'aria-describedby': tipId, text: 'viral' }),
        el('span', { class: 'tip', role: 'tooltip', id: tipId, text: why(item) }));
    }
    return el('tr', { 'data-slug': item.slug },
      el('td', { class: 'rank', text: String(item.rank) }),
      story,
      el('td', { class: 'chart-cell' }, sparkline(item.perMinute, 120, 28,
        `${number(item.viewsLastHour)} views in the last hour, ${number(lastMinute)} in the current minute`)),
      el('td', { class: 'figure reading', text: number(item.readingNow) }),
      el('td', { class: 'figure engaged', text: number(item.engagedNow) }),
      el('td', { class: 'figure velocity', text: `×${item.velocity}` }),
      el('td', {}, sourcesBar(item.sources)));
  }

  function show(board) {
    document.getElementById('board-live').hidden = false;
    document.getElementById('held-count').textContent = number(board.heldComments);
    // Rebuilding keeps the order right; focus stays where it was if it was on a story's button.
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.slug : null;
    rows.replaceChildren(...board.items.map(row));
    if (focused) {
      const again = rows.querySelector(`button[data-slug="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
    document.getElementById('board-empty').hidden = board.items.length > 0;
    if (!sectionSelect.value) {
      for (const item of board.items) {
        if (item.section && !sections.has(item.section)) {
          sections.add(item.section);
          sectionSelect.append(el('option', { value: item.section, text: item.section }));
        }
      }
    }
    const top = board.items[0];
    const topLine = top ? `Top story: ${top.title}${top.viral ? ', going viral' : ''}.` : 'No story has readers yet.';
    if (topLine !== lastTop) {
      lastTop = topLine;
      document.getElementById('board-status').textContent = topLine;
    }
  }

  function connect() {
    if (stream) stream.close();
    const section = sectionSelect.value;
    stream = new EventSource('/api/dashboard/stream?limit=20' + (section ? '&section=' + encodeURIComponent(section) : ''));
    stream.addEventListener('board', (event) => show(JSON.parse(event.data)));
    stream.addEventListener('error', () => { document.getElementById('board-live').hidden = true; });
  }

  async function openPanel(slug, title) {
    openSlug = slug;
    const panel = document.getElementById('panel');
    panel.hidden = false;
    document.getElementById('panel-title').textContent = title;
    document.getElementById('panel-link').href = '/articles/' + encodeURIComponent(slug);
    document.getElementById('panel-title').focus();
    await refreshPanel();
    clearInterval(panelTimer);
    panelTimer = setInterval(refreshPanel, 15000);
  }

  async function refreshPanel() {
    const slug = openSlug;
    if (!slug) return;
    const [hour, day] = await Promise.all([
      api(`/api/articles/${encodeURIComponent(slug)}/audience?minutes=60`),
      api(`/api/articles/${encodeURIComponent(slug)}/audience?minutes=1440`),
    ]);
    if (slug !== openSlug) return;
    const hourViews = hour.minutes.map((m) => m.views);
    document.getElementById('panel-hour').replaceChildren(bars(hourViews, 600, 120,
      `${number(hourViews.reduce((a, b) => a + b, 0))} views in the last hour`));
    const dayViews = day.minutes.map((m) => m.views);
    document.getElementById('panel-day').replaceChildren(sparkline(dayViews, 600, 120,
      `${number(dayViews.reduce((a, b) => a + b, 0))} views in the last 24 hours`));
    document.getElementById('panel-engaged').textContent = String(hour.averageEngagedSeconds);
    document.getElementById('panel-engaged-now').textContent = number(hour.engagedNow);
    const total = SOURCES.reduce((sum, name) => sum + hour.sources[name], 0);
    document.getElementById('panel-sources').replaceChildren(...SOURCES.map((name) => el('li', {},
      el('span', { class: `swatch source-${name}` }),
      `${name}: ${number(hour.sources[name])}${total ? ` (${Math.round(100 * hour.sources[name] / total)} %)` : ''}`)));
    const referrers = document.getElementById('panel-referrers');
    referrers.replaceChildren(...hour.referrers.map((r) => el('li', { text: `${r.host} — ${number(r.views)}` })));
    if (hour.referrers.length === 0) referrers.append(el('li', { class: 'quiet', text: 'No referring site yet.' }));
  }

  document.getElementById('panel-close').addEventListener('click', () => {
    document.getElementById('panel').hidden = true;
    openSlug = null;
    clearInterval(panelTimer);
  });
  sectionSelect.addEventListener('change', connect);
  connect();
})();
