// The moderation desk: held comments (with emails: staff only), approve, reject, delete. New held comments
// appear by themselves: the queue is read again every few seconds.
'use strict';

(() => {
  const { el, api, time } = Pulse;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const queue = document.getElementById('queue');
  const status = document.getElementById('queue-status');
  const shown = new Map();
  let first = true;

  function say(text) {
    status.textContent = text;
  }

  async function act(comment, item, action) {
    const path = action === 'delete' ? `/api/comments/${comment.id}` : `/api/moderation/comments/${comment.id}/${action}`;
    item.querySelectorAll('button').forEach((button) => { button.disabled = true; });
    try {
      await api(path, { method: action === 'delete' ? 'DELETE' : 'POST', headers: { 'X-CSRF-Token': token } });
      const next = item.nextElementSibling || item.previousElementSibling;
      item.remove();
      shown.delete(comment.id);
      say(`${action === 'approve' ? 'Approved' : action === 'reject' ? 'Rejected' : 'Deleted'}: the comment by ${comment.authorName}.`);
      const target = next && next.querySelector('button');
      if (target) target.focus();
      document.getElementById('queue-empty').hidden = shown.size > 0;
    } catch (problem) {
      item.querySelectorAll('button').forEach((button) => { button.disabled = false; });
      say(problem.status === 401 ? 'Your session has ended: sign in again.' : (problem.detail || 'That did not work; try again.'));
    }
  }

  function entry(comment) {
    const item = el('li', { class: 'held-comment', 'data-id': String(comment.id), 'aria-labelledby': `held-${comment.id}` },
      el('p', { class: 'meta', id: `held-${comment.id}` },
        el('span', { class: 'author', text: comment.authorName }), ' ',
        el('span', { class: 'email', text: `<${comment.email}>` }), ' on ',
        el('a', { href: '/articles/' + encodeURIComponent(comment.articleSlug), text: comment.articleSlug }), ' · ',
        el('time', { datetime: comment.createdAt, text: time(comment.createdAt) })),
      el('p', { class: 'body', text: comment.body }));
    item.append(el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'approve', text: 'Approve', onclick: () => act(comment, item, 'approve') }),
      el('button', { type: 'button', class: 'reject', text: 'Reject', onclick: () => act(comment, item, 'reject') }),
      el('button', { type: 'button', class: 'delete', text: 'Delete', onclick: () => act(comment, item, 'delete') })));
    return item;
  }

  async function load() {
    let page;
    try {
      page = await api('/api/moderation/comments?status=PENDING&limit=100');
    } catch (problem) {
      say(problem.status === 401 ? 'Your session has ended: sign in again.' : 'The queue could not be loaded; retrying.');
      return;
    }
    const ids = new Set(page.items.map((comment) => comment.id));
    for (const [id, item] of shown) {
      if (!ids.has(id)) {
        item.remove();
        shown.delete(id);
      }
    }
    let added = 0;
    for (const comment of page.items) {
      if (!shown.has(comment.id)) {
        const item = entry(comment);
        queue.append(item);
        shown.set(comment.id, item);
        added++;
      }
    }
    if (!first && added > 0) say(`${added} new comment${added === 1 ? '' : 's'} waiting.`);
    first = false;
    document.getElementById('queue-empty').hidden = shown.size > 0;
  }

  load();
  setInterval(load, 5000);
})();
