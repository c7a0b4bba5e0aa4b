/* Cartable: service worker, offline banner, answer drafts, live counters.
   Messages come from data attributes written (and localized) by the server. */
(() => {
  'use strict';

  const doc = document, nav = navigator;
  const noop = () => {};
  const byId = (id) => doc.getElementById(id);
  const attr = (el, name) => (el && el.getAttribute(name)) || '';
  const toInt = (v) => { const n = Math.floor(Number(v)); return n > 0 && isFinite(n) ? n : 0; };
  const onLoad = (fn) => { if (doc.readyState === 'complete') fn(); else addEventListener('load', fn); };
  const safely = (fn) => { try { return fn(); } catch (e) { /* never break the page */ } };

  function setupServiceWorker() {
    const signedOut = attr(doc.body, 'data-signed-in') === 'false';
    // Someone signed out (maybe on a shared computer): forget their pages, never their drafts.
    if (signedOut && 'caches' in window) {
      ['cartable-pages', 'cartable-documents'].forEach((name) => caches.delete(name).catch(noop));
    }
    if (!('serviceWorker' in nav)) return;
    const sw = nav.serviceWorker;
    if (signedOut && sw.controller) sw.controller.postMessage({ type: 'clear' });
    onLoad(() => safely(() => sw.register('/sw.js', { scope: '/' }).catch(noop)));
    if (signedOut) return;
    let sent = false;
    const prefetch = () => safely(() => {
      if (sent || !sw.controller) return;
      sent = true;
      const urls = [];
      for (const a of doc.querySelectorAll('a[data-offline][href]')) {
        const u = safely(() => new URL(a.href, location.href));
        const path = u && u.pathname + u.search;
        if (u && u.origin === location.origin && !urls.includes(path) && urls.length < 30) urls.push(path);
      }
      if (urls.length) sw.controller.postMessage({ type: 'prefetch', urls });
    });
    if (sw.controller) prefetch();
    else sw.addEventListener('controllerchange', prefetch);
  }

  function setupBanner() {
    const banner = byId('offline-banner');
    if (!banner) return;
    let seq = 0;
    const show = (offline) => {
      if (offline) banner.textContent = attr(banner, 'data-msg');
      banner.hidden = !offline;
    };
    const check = () => {
      const mine = ++seq;
      if (nav.onLine === false) return show(true);
      fetch('/healthz', { cache: 'no-store', credentials: 'same-origin' })
        .then((res) => !res.ok, () => true)
        .then((offline) => { if (mine === seq) show(offline); });
    };
    check();
    addEventListener('online', check);
    addEventListener('offline', () => { seq++; show(true); });
  }

  function setupDrafts() {
    const form = byId('answer-form'), area = byId('answer-text');
    if (!form || !area) return;
    const status = byId('draft-status');
    const url = attr(form, 'data-draft-url'), key = attr(form, 'data-draft-key');
    const revInput = form.querySelector('input[name="revision"]');
    let lang = doc.documentElement.lang || undefined;
    if (!safely(() => new Date().toLocaleTimeString(lang))) lang = undefined;

    const serverRev = toInt(form.getAttribute('data-revision'));
    let rev = serverRev, text = area.value; // the latest committed text and its revision
    let mode = 'on';      // or 'signedOut' (local only), 'done' (handed in), 'posted'
    let dirty = false;    // `rev` not acknowledged by the server
    let failed = false;   // the last attempt failed: offline
    let rejected = null;  // text refused by the server (4xx), not resent
    let sticky = false;   // keep the "restored" message until the pupil types
    let busy = false, pending = false, sentRev = -1;
    let conflicts = 0, backoff = 0, retryTimer = 0, pauseTimer = 0, throttleTimer = 0;

    const show = (msg) => { if (status && msg && status.textContent !== msg) status.textContent = msg; };
    const say = (name, date) => {
      if (sticky && (name === 'saving' || name === 'saved')) return;
      // Only the "restored" message is kept; once another one replaced it (offline), "saved" may show again.
      if (name !== 'restored') sticky = false;
      const time = safely(() => (date || new Date()).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })) || '';
      show(attr(status, 'data-msg-' + name).split('{time}').join(time));
    };
    const store = (fn) => safely(() => key ? fn(localStorage) : null);
    // The local copy, and the form's revision kept newer than anything sent.
    const writeLocal = (synced) => {
      if (revInput) revInput.value = String(rev + 1);
      store((s) => s.setItem(key, JSON.stringify({ text, revision: rev, at: Date.now(), synced })));
    };
    const clearRetry = () => { clearTimeout(retryTimer); retryTimer = 0; };

    function commit() {
      clearTimeout(pauseTimer); clearTimeout(throttleTimer);
      pauseTimer = throttleTimer = 0;
      pending = false;
      if (area.value === text) return;
      text = area.value;
      rev += 1;
      dirty = true;
      sticky = false;
      writeLocal(false);
      // When a request can start now, "saving/saved" follows instead.
      if (failed || mode !== 'on' || !url) say('local');
    }

    function retry(after) {
      failed = true;
      say('offline');
      if (retryTimer || mode !== 'on') return;
      backoff = Math.min(backoff * 2 || 2000, 30000);
      const seconds = parseInt(after, 10);
      const wait = Math.max(backoff * (0.8 + Math.random() * 0.4), seconds >= 0 ? Math.min(seconds, 300) * 1000 : 0);
      retryTimer = setTimeout(() => { retryTimer = 0; send(false); }, wait);
    }

    function send(keepalive) {
      if (mode !== 'on' || !url || !dirty || text === rejected) return;
      if (keepalive ? sentRev === rev && !failed : busy || retryTimer) return;
      const myRev = rev, myText = text;
      const body = JSON.stringify({ text: myText, revision: myRev });
      const opts = { method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body };
      let timer = 0, savingTimer = 0;
      if (keepalive && body.length < 60000) {
        opts.keepalive = true;
      } else {
        keepalive = false;
        busy = true;
        savingTimer = setTimeout(() => say('saving'), 1000);
        const ctl = window.AbortController && new AbortController();
        if (ctl) { opts.signal = ctl.signal; timer = setTimeout(() => ctl.abort(), 20000); }
      }
      sentRev = myRev;
      fetch(url, opts)
        .then((res) => res.json().then(null, noop).then((data) => ({ res, data: data || {} })))
        .then(null, noop)
        .then((answer) => {
          clearTimeout(timer); clearTimeout(savingTimer);
          if (!keepalive) busy = false;
          safely(() => handle(answer, myRev, myText));
          if (!busy && !retryTimer) send(false);
        });
    }

    function handle(answer, myRev, myText) {
      if (!answer) return retry(null); // network failure or timeout
      const { res, data } = answer;
      const err = data.error || {};
      const code = res.redirected ? 401 : res.status;
      if (code >= 200 && code < 300) {
        failed = false; backoff = 0; conflicts = 0;
        const ack = toInt(data.revision) || myRev;
        if (ack >= rev) { rev = ack; dirty = false; writeLocal(true); }
        const at = new Date(data.savedAt);
        say('saved', isNaN(at.getTime()) ? null : at);
      } else if (code === 409 && err.code === 'stale_revision') {
        // Newer on the server (another tab, a late request): the text typed here wins.
        const current = toInt(err.currentRevision);
        if (current >= rev || myRev === rev) rev = Math.max(rev, current) + 1;
        writeLocal(false);
        if (++conflicts > 3) { conflicts = 0; retry(null); }
      } else if (code === 409 && err.code === 'already_handed_in') {
        mode = 'done';
        dirty = false;
        clearRetry(); clearTimeout(pauseTimer); clearTimeout(throttleTimer);
        store((s) => s.removeItem(key));
        show(err.message);
      } else if (code === 401) {
        mode = 'signedOut';
        failed = false;
        say('offline');
      } else if (code === 429 || code >= 500) {
        retry(res.headers.get('Retry-After'));
      } else {
        failed = false; backoff = 0;
        rejected = myText;
        if (err.message) show(err.message); else say('local');
      }
    }

    function leave() {
      if (mode === 'done' || mode === 'posted') return;
      if (pending) commit();
      if (dirty) { writeLocal(false); send(true); }
    }

    // A copy the server never acknowledged comes back; one it already holds goes.
    const local = store((s) => JSON.parse(s.getItem(key)));
    if (local && typeof local.text === 'string') {
      const localRev = toInt(local.revision);
      if (localRev <= serverRev) {
        store((s) => s.removeItem(key));
      } else {
        rev = localRev;
        if (local.text !== area.value) {
          // Synced yet newer than the page: this page is an older copy, read offline.
          area.value = text = local.text;
          dirty = local.synced !== true;
          say('restored');
          sticky = true;
        }
      }
    }
    if (revInput) revInput.value = String(rev + 1);
    send(false);

    const later = () => { commit(); send(false); };
    area.addEventListener('input', () => {
      if (mode === 'done' || mode === 'posted') return;
      pending = true;
      clearTimeout(pauseTimer);
      pauseTimer = setTimeout(later, 600);
      if (!throttleTimer) throttleTimer = setTimeout(later, 3000);
    });

    form.addEventListener('submit', (event) => {
      if (mode === 'done') return;
      if (pending) commit();
      writeLocal(!dirty);
      clearRetry();
      if (failed || nav.onLine === false) {
        // Offline: the text is safe here; hand in when the connection is back.
        event.preventDefault();
        say('offline');
        send(false);
      } else {
        mode = 'posted';
      }
    });

    addEventListener('online', () => { clearRetry(); send(false); });
    addEventListener('pagehide', leave);
    doc.addEventListener('visibilitychange', () => { if (doc.visibilityState === 'hidden') leave(); });
    addEventListener('pageshow', (event) => {
      if (event.persisted && mode === 'posted') { mode = 'on'; send(false); }
    });
  }

  // "Copy the link" buttons: <button data-copy="input-id">; the input stays selectable by hand without script.
  function setupCopy() {
    doc.querySelectorAll('button[data-copy]').forEach((button) => {
      button.addEventListener('click', () => {
        const input = doc.getElementById(button.dataset.copy);
        if (!input) return;
        input.select();
        if (navigator.clipboard) navigator.clipboard.writeText(input.value).catch(() => doc.execCommand('copy'));
        else doc.execCommand('copy');
      });
    });
  }

  // Activation letters: the print button (without script, the browser's own menu prints them the same).
  function setupPrint() {
    doc.querySelectorAll('button[data-print]').forEach((button) => {
      button.addEventListener('click', () => window.print());
    });
  }

  // Live updates: the unread counter in the menu follows the event stream, and a page whose content changed says
  // so. Without script, or without the stream, the counters in the page stay right as of its loading.
  function setupLive() {
    if (attr(doc.body, 'data-signed-in') !== 'true' || !('EventSource' in window)) return;
    const link = doc.querySelector('nav.main a[href="/messages"]');
    const live = byId('live-notice');
    const setCount = (n) => {
      if (!link) return;
      let badge = link.querySelector('.badge');
      if (n > 0) {
        if (!badge) {
          badge = doc.createElement('span');
          badge.className = 'badge';
          link.append(' ', badge);
        }
        badge.textContent = String(n);
        const label = attr(link, 'data-unread').replace('{count}', String(n));
        badge.title = label;
        badge.setAttribute('aria-label', label);
      } else if (badge) {
        badge.remove();
      }
      const here = byId('unread-here');
      if (here) here.textContent = String(n);
    };
    const tell = (key) => {
      if (!live) return;
      live.textContent = attr(live, key);
      live.hidden = false;
    };
    let source = null, delay = 5000;
    const open = () => {
      source = new EventSource('/events');
      // In the person's quiet hours the node sends `unread-quiet`: the counter follows, no notice shows.
      const unread = (e, quiet) => {
        delay = 5000;
        if (e.data === '?') {
          fetch('/messages/unread', { cache: 'no-store', credentials: 'same-origin' })
            .then((r) => r.json()).then((j) => setCount(toInt(j.unread)), noop);
        } else {
          const before = link ? toInt((link.querySelector('.badge') || {}).textContent) : 0;
          const n = toInt(e.data);
          setCount(n);
          if (!quiet && n > before && location.pathname.startsWith('/messages')) tell('data-messages');
        }
      };
      source.addEventListener('unread', (e) => unread(e, false));
      source.addEventListener('unread-quiet', (e) => unread(e, true));
      ['class', 'timetable'].forEach((name) => source.addEventListener(name, () => tell('data-changed')));
      source.addEventListener('messaging', () => { if (location.pathname.startsWith('/messages')) tell('data-changed'); });
      source.addEventListener('banner', () => tell('data-changed'));
      source.addEventListener('announcement', () => tell('data-announcement'));
      source.onerror = () => {
        // The node refused or lost the stream (busy, restarting): come back slowly, never in a storm.
        if (source.readyState === EventSource.CLOSED) {
          source = null;
          setTimeout(open, delay + Math.random() * delay);
          delay = Math.min(delay * 2, 300000);
        }
      };
    };
    open();
  }

  safely(setupServiceWorker);
  safely(setupLive);
  safely(setupBanner);
  safely(setupDrafts);
  safely(setupCopy);
  safely(setupPrint);
})();
