// A reader page: the story, its live counters and reactions, and live comments with the comment form.
'use strict';

(() => {
  const { el, api, number, time } = Pulse;
  const slug = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop());
  const base = '/api/articles/' + encodeURIComponent(slug);
  const list = document.getElementById('comments');
  const form = document.getElementById('comment-form');
  const shown = new Map(); // comment id -> its list item
  const authors = new Map(); // comment id -> author name, for "replying to"

  // One visitor id per browser, so a reload within 30 minutes is not a new view.
  function visitorId() {
    let id = localStorage.getItem('pulse.visitor');
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem('pulse.visitor', id);
    }
    return id;
  }

  function showArticle(article) {
    document.title = article.title + ' · Reader Pulse';
    document.getElementById('title').textContent = article.title;
    document.getElementById('section').textContent = article.section || '';
    document.getElementById('summary').textContent = article.summary || '';
    document.getElementById('updated').textContent = time(article.updatedAt || article.publishedAt);
    const source = document.getElementById('source');
    if (/^https?:\/\//.test(article.url)) source.href = article.url;
    else source.hidden = true;
    showStats(article.stats);
  }

  function showStats(stats) {
    document.getElementById('views').textContent = number(stats.views);
    document.getElementById('reading').textContent = number(stats.readingNow);
    document.getElementById('comment-count').textContent = number(stats.comments);
    document.getElementById('viral').hidden = !stats.trending.viral;
    for (const button of document.querySelectorAll('.reactions button')) {
      button.querySelector('.count').textContent = number(stats.reactions[button.dataset.kind] || 0);
    }
  }

  function addComment(comment) {
    if (shown.has(comment.id)) return;
    authors.set(comment.id, comment.authorName);
    const item = el('li', { class: comment.parentId ? 'reply' : '', id: 'comment-' + comment.id },
      el('span', { class: 'author', text: comment.authorName }), ' ',
      el('time', { class: 'quiet', datetime: comment.createdAt, text: time(comment.createdAt) }),
      comment.parentId && authors.has(comment.parentId)
        ? el('div', { class: 'quiet', text: '↪ in reply to ' + authors.get(comment.parentId) }) : null,
      el('p', { class: 'body', text: comment.body }),
      el('button', { type: 'button', class: 'reply-link', text: 'Reply', onclick: () => replyTo(comment) }));
    // A reply goes after its parent's thread; anything else at the end.
    const parent = comment.parentId && shown.get(comment.parentId);
    if (parent) {
      let last = parent;
      while (last.nextElementSibling && last.nextElementSibling.classList.contains('reply')) last = last.nextElementSibling;
      last.after(item);
    }
    else {
      list.append(item);
    }
    shown.set(comment.id, item);
    document.getElementById('no-comments').hidden = true;
  }

  function removeComment(id) {
    const item = shown.get(id);
    if (item) {
      item.remove();
      shown.delete(id);
    }
    document.getElementById('no-comments').hidden = shown.size > 0;
  }

  async function loadComments() {
    let cursor = null;
    do {
      const page = await api(base + '/comments?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      page.items.forEach(addComment);
      cursor = page.nextCursor;
    } while (cursor);
  }

  function replyTo(comment) {
    form.elements.namedItem('parentId')?.remove();
    form.append(el('input', { type: 'hidden', name: 'parentId', value: String(comment.id) }));
    document.getElementById('replying-to').textContent = comment.authorName;
    document.getElementById('replying').hidden = false;
    form.elements.namedItem('body').focus();
  }

  document.getElementById('cancel-reply').addEventListener('click', () => {
    form.elements.namedItem('parentId')?.remove();
    document.getElementById('replying').hidden = true;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = document.getElementById('form-status');
    form.querySelectorAll('.error').forEach((error) => { error.textContent = ''; });
    const data = Object.fromEntries(new FormData(form));
    if (data.parentId) data.parentId = Number(data.parentId);
    try {
      const comment = await api(base + '/comments', { method: 'POST', body: JSON.stringify(data) });
      form.elements.namedItem('body').value = '';
      if (comment.status === 'PUBLISHED') {
        addComment(comment);
        status.textContent = 'Thank you, your comment is published.';
      }
      else {
        status.textContent = 'Thank you, your comment is awaiting moderation.';
      }
    }
    catch (problem) {
      for (const [field, message] of Object.entries(problem.errors || {})) {
        const error = form.querySelector('.error[data-for="' + field + '"]');
        if (error) error.textContent = message;
      }
      status.textContent = problem.detail || 'Your comment could not be sent. Please try again.';
    }
  });

  // Reactions need a device token, as in the apps; the page asks for one the first time the reader reacts.
  async function token() {
    const stored = JSON.parse(localStorage.getItem('pulse.token') || 'null');
    if (stored && new Date(stored.expiresAt) > new Date(Date.now() + 60_000)) return stored.token;
    const issued = await api('/api/auth/device', { method: 'POST' });
    localStorage.setItem('pulse.token', JSON.stringify(issued));
    return issued.token;
  }

  function markReaction(kind) {
    for (const button of document.querySelectorAll('.reactions button')) {
      button.setAttribute('aria-pressed', String(button.dataset.kind === kind));
    }
  }

  for (const button of document.querySelectorAll('.reactions button')) {
    button.addEventListener('click', async () => {
      const mine = localStorage.getItem('pulse.reaction.' + slug);
      const headers = { Authorization: 'Bearer ' + await token() };
      if (mine === button.dataset.kind) {
        await api(base + '/reaction', { method: 'DELETE', headers });
        localStorage.removeItem('pulse.reaction.' + slug);
        markReaction(null);
      }
      else {
        await api(base + '/reaction', { method: 'PUT', headers, body: JSON.stringify({ kind: button.dataset.kind }) });
        localStorage.setItem('pulse.reaction.' + slug, button.dataset.kind);
        markReaction(button.dataset.kind);
      }
    });
  }
  markReaction(localStorage.getItem('pulse.reaction.' + slug));

  // Engaged time: a ping every 15 s while the page is visible and its reader did something within the last
  // 5 s (scrolled, typed, pointed, or has a video playing). A hidden or idle page sends nothing.
  function pingWhileEngaged() {
    let lastActive = Date.now();
    const active = () => { lastActive = Date.now(); };
    ['scroll', 'keydown', 'pointermove', 'pointerdown', 'touchstart', 'wheel'].forEach((name) =>
      window.addEventListener(name, active, { passive: true, capture: true }));
    const playing = () => Array.from(document.querySelectorAll('video, audio')).some((media) => !media.paused && !media.ended);
    setInterval(() => {
      if (document.visibilityState !== 'visible') {
        return;
      }
      if (Date.now() - lastActive > 5000 && !playing()) {
        return;
      }
      navigator.sendBeacon(base + '/pings', JSON.stringify({ visitorId: visitorId() }));
    }, 15000);
  }

  api(base).then((article) => {
    showArticle(article);
    navigator.sendBeacon(base + '/views', JSON.stringify({ visitorId: visitorId(), referrer: document.referrer || undefined }));
    pingWhileEngaged();
    // The stream opens before the list loads, so a comment published in between is not missed (ids dedupe).
    const stream = new EventSource(base + '/stream');
    stream.addEventListener('stats', (event) => showStats(JSON.parse(event.data)));
    stream.addEventListener('comment', (event) => addComment(JSON.parse(event.data)));
    stream.addEventListener('comment-removed', (event) => removeComment(JSON.parse(event.data).id));
    stream.addEventListener('reset', () => {
      shown.forEach((item) => item.remove());
      shown.clear();
      loadComments();
    });
    loadComments();
  }).catch((problem) => {
    document.getElementById('title').textContent = problem.status === 404 ? 'Story not found' : 'The story could not be loaded.';
  });
})();
