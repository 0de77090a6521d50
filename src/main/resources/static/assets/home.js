// The front page: the stories, newest first, and the trending board, live.
'use strict';

(() => {
  const { el, api, number } = Pulse;
  const stories = document.getElementById('stories');
  const more = document.getElementById('more');
  let cursor = null;

  async function loadStories() {
    const page = await api('/api/articles?limit=20' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    for (const article of page.items) {
      stories.append(el('li', {},
        el('p', { class: 'section', text: article.section || '' }),
        el('a', { href: '/articles/' + article.slug, text: article.title }),
        el('p', { class: 'quiet', text: article.summary || '' }),
        el('small', { class: 'quiet', text: number(article.stats.views) + ' views · '
          + number(article.stats.comments) + ' comments' })));
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
  }

  function showTrending(board) {
    const list = document.getElementById('trending');
    list.replaceChildren(...board.items.map((item) => el('li', {},
      el('a', { href: '/articles/' + item.slug, text: item.title }),
      item.viral ? ' ' : null,
      item.viral ? el('span', { class: 'badge', text: 'Viral' }) : null,
      el('span', { class: 'figures', text: 'score ' + item.score.toFixed(1) + ' · velocity ' + item.velocity.toFixed(1) + '×' }))));
    document.getElementById('trending-empty').hidden = board.items.length > 0;
  }

  more.addEventListener('click', loadStories);
  loadStories().catch(() => stories.append(el('li', { class: 'quiet', text: 'Stories could not be loaded.' })));

  const trending = new EventSource('/api/trending/stream?limit=10');
  trending.addEventListener('trending', (event) => showTrending(JSON.parse(event.data)));
  trending.addEventListener('open', () => { document.getElementById('trending-live').hidden = false; });
  trending.addEventListener('error', () => { document.getElementById('trending-live').hidden = true; });
})();
