/* Cartable service worker: keeps copies of pages and documents for reading offline. */
(() => {
  'use strict';

  const STATIC = 'cartable-static', PAGES = 'cartable-pages', DOCS = 'cartable-documents';
  const MB = 1048576, ORIGIN = self.location.origin, ANY = { ignoreVary: true };
  const NEVER = /^\/(?:api\/|(?:signin|signout|healthz|readyz|metrics|sw\.js)(?:\/|$))/;
  const DOC = /^\/documents\/[0-9a-f-]{36}$/i;
  const PAGE = /^\/(?:(?:today|notebook|documents)(?:\/|$)|(?:entries|work|classes)\/|$)/;

  const noop = () => {};
  const type = (r) => (r.headers.get('Content-Type') || '').toLowerCase();
  const size = (r) => { const n = parseInt(r.headers.get('Content-Length'), 10); return n >= 0 ? n : -1; };
  const ok = (r) => r && r.status === 200 && r.type === 'basic' && !r.redirected;
  const isHTML = (r) => ok(r) && type(r).startsWith('text/html');
  const isAsset = (r) => ok(r) && /^(text\/(css|javascript)|application\/(javascript|json|manifest\+json)|image\/|font\/)/.test(type(r));
  const isFile = (r) => ok(r) && !type(r).startsWith('text/html') && size(r) >= 0 && size(r) <= 5 * MB;
  const cached = (name, key) => caches.open(name).then((c) => c.match(key, ANY)).catch(noop);
  const put = (name, key, r) => caches.open(name).then((c) => c.put(key, r)).catch(noop);
  const discard = (r) => { if (r && r.body) r.body.cancel().catch(noop); };

  const offlinePage = () => new Response('<!doctype html><html lang="fr"><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><title>Cartable</title>' +
    '<p>Pas de connexion. Cette page n\u2019a pas encore \u00e9t\u00e9 gard\u00e9e sur cet appareil.</p>' +
    '<p lang="en">No connection. This page has not been kept on this device yet.</p>' +
    '<p><a href="/today">Aujourd\u2019hui / Today</a></p>',
  { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });

  // Documents are stored one at a time: at most 5 MB each, 25 MB in all (by Content-Length).
  let queue = Promise.resolve();
  const storeDocument = (key, r) => (queue = queue.then(async () => {
    const cache = await caches.open(DOCS);
    let used = 0;
    for (const k of await cache.keys()) {
      const m = await cache.match(k, ANY);
      if (m) used += Math.max(size(m), 0);
    }
    if (used + size(r) <= 25 * MB) await cache.put(key, r);
    else discard(r);
  }).catch(noop));

  // Cache first: static assets (fingerprinted) and documents (immutable for an id).
  const cacheFirst = async (event, key, name, fits, store) => {
    const hit = await cached(name, key);
    if (hit) return hit;
    const r = await fetch(event.request);
    if (fits(r)) event.waitUntil(store(key, r.clone()));
    return r;
  };

  const fromPageCache = async (url) => {
    const hit = await cached(PAGES, url.href);
    if (hit || !url.search || !/^\/(today|notebook)$/.test(url.pathname)) return hit;
    return cached(PAGES, url.origin + url.pathname);
  };

  // Pages: network first; the copy kept here after 6 s or without a network; else a short notice.
  const networkFirst = (event, url) => {
    let stored;
    const network = fetch(event.request).then((r) => {
      if (isHTML(r)) stored = put(PAGES, url.href, r.clone());
      return r;
    });
    event.waitUntil(network.then(() => stored, noop));
    return new Promise((resolve) => {
      let done = false;
      const answer = (r) => { if (r && !done) { done = true; resolve(r); } };
      const timer = setTimeout(() => fromPageCache(url).then(answer), 6000);
      network.then(answer, () => fromPageCache(url).then((m) => answer(m || offlinePage())))
        .catch(() => answer(offlinePage()))
        .then(() => clearTimeout(timer));
    });
  };

  const prefetch = async (urls) => {
    for (const raw of Array.isArray(urls) ? urls.slice(0, 30) : []) {
      try {
        const url = new URL(String(raw), ORIGIN);
        url.hash = '';
        if (url.origin !== ORIGIN || !DOC.test(url.pathname) || await cached(DOCS, url.href)) continue;
        const r = await fetch(url.href, { credentials: 'same-origin' });
        if (isFile(r)) await storeDocument(url.href, r);
        else discard(r);
      } catch (e) { /* next one */ }
    }
  };

  self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));
  self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

  self.addEventListener('fetch', (event) => {
    const req = event.request;
    if (req.method !== 'GET') return;
    const url = new URL(req.url);
    url.hash = '';
    const path = url.pathname;
    if (url.origin !== ORIGIN || NEVER.test(path)) return;
    if (path.startsWith('/static/')) return event.respondWith(cacheFirst(event, url.href, STATIC, isAsset, put.bind(null, STATIC)));
    if (DOC.test(path)) return event.respondWith(cacheFirst(event, url.href, DOCS, isFile, storeDocument));
    const html = req.mode === 'navigate' || (req.headers.get('Accept') || '').includes('text/html');
    if (html && PAGE.test(path)) event.respondWith(networkFirst(event, url));
  });

  self.addEventListener('message', (event) => {
    const data = event.data || {};
    if (data.type === 'prefetch') event.waitUntil(prefetch(data.urls));
    if (data.type === 'clear') event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(DOCS)]).catch(noop));
  });
})();
