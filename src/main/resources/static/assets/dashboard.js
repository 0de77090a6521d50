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

  // The top of a chart's scale: 1, 2 or 5 times a power of ten, so the scale changes in steps a reader can
  // follow, and a growing minute visibly grows instead of being rescaled to the same height.
  function scaleTop(counts) {
    const max = Math.max(1, ...counts);
    const power = 10 ** Math.floor(Math.log10(max));
    return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= max);
  }

  // A line of counts, oldest first.
  function sparkline(counts, width, height, label) {
    const max = scaleTop(counts);
    const step = counts.length > 1 ? width / (counts.length - 1) : width;
    const points = counts.map((count, i) => `${(i * step).toFixed(1)},${(height - 1 - (count / max) * (height - 2)).toFixed(1)}`).join(' ');
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, class: 'sparkline' });
    chart.append(svg('polyline', { points, fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5', 'vector-effect': 'non-scaling-stroke' }));
    return chart;
  }

  function bars(counts, width, height, label) {
    const max = scaleTop(counts);
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

  const shownRows = new Map();

  function storyCell(item) {
    const story = el('td', { class: 'story' },
      el('button', { type: 'button', class: 'open-panel', text: item.title, 'data-slug': item.slug, onclick: () => openPanel(item.slug, item.title) }),
      item.section ? el('span', { class: 'section', text: item.section }) : null);
    if (item.viral) {
      const tipId = `why-${item.slug}`;
      story.append(el('span', { class: 'badge viral', tabindex: '0', 'aria-describedby': tipId, text: 'viral' }),
        el('span', { class: 'tip', role: 'tooltip', id: tipId, text: why(item) }));
    }
    return story;
  }

  // Rows are kept and updated in place, so a focused button, an open tooltip or a hovered badge stays put
  // while the figures change every second.
  function update(item) {
    let shown = shownRows.get(item.slug);
    if (!shown) {
      const cells = {
        rank: el('td', { class: 'rank' }),
        story: el('td'),
        chart: el('td', { class: 'chart-cell' }),
        reading: el('td', { class: 'figure reading' }),
        engaged: el('td', { class: 'figure engaged' }),
        velocity: el('td', { class: 'figure velocity' }),
        sources: el('td'),
      };
      const tr = el('tr', { 'data-slug': item.slug }, ...Object.values(cells));
      shown = { tr, cells, storyKey: null };
      shownRows.set(item.slug, shown);
    }
    const { cells } = shown;
    const lastMinute = item.perMinute[item.perMinute.length - 1];
    cells.rank.textContent = String(item.rank);
    const storyKey = JSON.stringify([item.title, item.section, item.viral, item.viral ? why(item) : null]);
    if (storyKey !== shown.storyKey) {
      shown.storyKey = storyKey;
      cells.story.replaceWith(cells.story = storyCell(item));
    }
    cells.chart.replaceChildren(sparkline(item.perMinute, 120, 28,
      `${number(item.viewsLastHour)} views in the last hour, ${number(lastMinute)} in the current minute`));
    cells.reading.textContent = number(item.readingNow);
    cells.engaged.textContent = number(item.engagedNow);
    cells.velocity.textContent = `×${item.velocity}`;
    cells.sources.replaceChildren(sourcesBar(item.sources));
    return shown.tr;
  }

  function show(board) {
    document.getElementById('board-live').hidden = false;
    document.getElementById('held-count').textContent = number(board.heldComments);
    const slugs = new Set(board.items.map((item) => item.slug));
    for (const [slug, shown] of shownRows) {
      if (!slugs.has(slug)) {
        shown.tr.remove();
        shownRows.delete(slug);
      }
    }
    // Appending a row that is already there moves it: the order follows the ranking.
    board.items.forEach((item) => rows.append(update(item)));
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
    shownRows.forEach((shown) => shown.tr.remove());
    shownRows.clear();
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
    const day24 = sparkline(dayViews, 600, 120, `${number(dayViews.reduce((a, b) => a + b, 0))} views in the last 24 hours`);
    // The panel's charts fill its width; the current minute stays at the right edge.
    day24.setAttribute('preserveAspectRatio', 'none');
    document.getElementById('panel-day').replaceChildren(day24);
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
  // A link may name its section (/dashboard?section=world): that board opens first.
  const wanted = new URLSearchParams(location.search).get('section');
  if (wanted) {
    sections.add(wanted);
    sectionSelect.append(el('option', { value: wanted, text: wanted }));
    sectionSelect.value = wanted;
  }
  sectionSelect.addEventListener('change', () => {
    const url = new URL(location.href);
    if (sectionSelect.value) url.searchParams.set('section', sectionSelect.value);
    else url.searchParams.delete('section');
    history.replaceState(null, '', url);
    connect();
  });
  connect();
})();
