// Shared by the pages. Everything a reader wrote is inserted as text (textContent), never as HTML.
'use strict';

const Pulse = {
  /** An element with properties and children (strings become text nodes). */
  el(tag, properties = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(properties)) {
      if (name === 'class') element.className = value;
      else if (name === 'text') element.textContent = value;
      else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value);
    }
    for (const child of children) {
      if (child != null) element.append(child);
    }
    return element;
  },

  /** Calls the API; resolves to the JSON body, or rejects with the RFC 9457 problem (plus status). */
  async api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
    });
    if (response.status === 204) return null;
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw Object.assign({ status: response.status }, body);
    return body;
  },

  number(value) {
    return new Intl.NumberFormat().format(value);
  },

  time(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  },
};
