// Progressive enhancement for the review UI: saves through a local outbox and the JSON API,
// Ctrl+Enter to mark translated and move on, conflict resolution, job progress, pages that
// open offline (service worker). Without JavaScript the forms post normally.
//
// The outbox: every save from the unit page is first written to localStorage, then sent; it
// leaves the outbox only when the server has answered it. Sending resumes on `online`, when
// the page is shown again and on retries with backoff, in order, each save with the revision
// it was based on. Every string shown comes from the page (#ui-strings), in the interface
// language.
"use strict";

const STRINGS = (function () {
  const block = document.getElementById("ui-strings");
  try { return block ? JSON.parse(block.textContent) : {}; } catch (error) { return {}; }
})();

// STRINGS[key] with its %(name)s placeholders filled in.
function t(key, params) {
  const text = typeof STRINGS[key] === "string" ? STRINGS[key] : key;
  return text.replace(/%\((\w+)\)s/g, function (whole, name) {
    return params && name in params ? String(params[name]) : whole;
  });
}

function label(kind, value) {
  const names = STRINGS[kind] || {};
  return names[value] || value;
}

function currentUser() {
  return document.body.dataset.user || "";
}

// ---- local storage -----------------------------------------------------------------------

const OUTBOX_KEY = "statements.outbox.v1";
const TYPED_KEY = "statements.typed.v1";
const DONE_KEY = "statements.done.v1";  // what the last save did, for the page it opens
const NOTES_KEY = "statements.notes.v1";  // comments and proposals written, until sent
const LEASE_KEY = "statements.outbox.lease";
const USER_KEY = "statements.user";

function readJSON(key, fallback) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? JSON.parse(raw) : fallback;
  } catch (error) {
    return fallback;
  }
}

function writeJSON(key, value) {
  window.localStorage.setItem(key, JSON.stringify(value));
}

const Outbox = {
  all() {
    const items = readJSON(OUTBOX_KEY, []);
    return Array.isArray(items) ? items.sort((a, b) => a.seq - b.seq) : [];
  },
  get(key) {
    return this.all().find((item) => item.key === key) || null;
  },
  // Throws when the storage is full or disabled: the caller then sends directly.
  put(entry) {
    const items = this.all().filter((item) => item.key !== entry.key);
    const last = items.reduce((max, item) => Math.max(max, item.seq), 0);
    entry.seq = Math.max(Date.now(), last + 1);
    items.push(entry);
    writeJSON(OUTBOX_KEY, items);
    changed();
    return entry;
  },
  update(key, seq, fields) {
    const items = this.all();
    const item = items.find((i) => i.key === key && i.seq === seq);
    if (!item) return null;
    Object.assign(item, fields);
    writeJSON(OUTBOX_KEY, items);
    changed();
    return item;
  },
  remove(key, seq) {
    const items = this.all();
    const kept = items.filter((item) => !(item.key === key && (seq === undefined || item.seq === seq)));
    if (kept.length !== items.length) {
      writeJSON(OUTBOX_KEY, kept);
      changed();
    }
  },
};

const Typed = {
  get(key) { return readJSON(TYPED_KEY, {})[key] || null; },
  set(key, value) {
    const all = readJSON(TYPED_KEY, {});
    if (value) all[key] = value; else delete all[key];
    try { writeJSON(TYPED_KEY, all); } catch (error) { /* full: the outbox matters more */ }
  },
};

const listeners = [];
function changed() { for (const listener of listeners) listener(); }
window.addEventListener("storage", function (event) {
  if (event.key === OUTBOX_KEY || event.key === null) changed();
});

// ---- sending -----------------------------------------------------------------------------

const RETRY_SECONDS = [1, 2, 4, 8, 15, 30, 60];
const SEND_TIMEOUT_MS = 20000;
let attempt = 0;
let retryTimer = null;
let flushing = null;
let flushAgain = false;
const acknowledged = new Map();  // key → the server's answer, for the page that is open

function normalised(text) {
  return text.replace(/\r\n?/g, "\n").trim();
}

function scheduleRetry() {
  if (retryTimer) return;
  const seconds = RETRY_SECONDS[Math.min(attempt, RETRY_SECONDS.length - 1)];
  attempt += 1;
  retryTimer = window.setTimeout(function () {
    retryTimer = null;
    flush();
  }, seconds * 1000 * (0.8 + Math.random() * 0.4));
}

function retryNow() {
  attempt = 0;
  if (retryTimer) { window.clearTimeout(retryTimer); retryTimer = null; }
  flush();
}

async function request(url, options) {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), SEND_TIMEOUT_MS);
  try {
    return await fetch(url, Object.assign({ credentials: "same-origin", signal: controller.signal }, options));
  } finally {
    window.clearTimeout(timer);
  }
}

async function answer(response) {
  try { return await response.json(); } catch (error) { return {}; }
}

// Who is logged in, with a fresh CSRF token: "offline", "login" (no session) or the session.
async function probe() {
  const url = document.body.dataset.session;
  if (!url) return "login";
  let response;
  try { response = await request(url, { cache: "no-store" }); } catch (error) { return "offline"; }
  if (response.status === 401) return "login";
  if (!response.ok) return "offline";
  const data = await answer(response);
  return data.user ? data : "offline";
}

// Only one tab sends at a time (Web Locks where the browser has them, a lease otherwise).
async function exclusively(work) {
  if (navigator.locks && navigator.locks.request) {
    return navigator.locks.request("statements-outbox", work);
  }
  const mine = Math.random().toString(36).slice(2);
  const lease = readJSON(LEASE_KEY, null);
  if (lease && lease.until > Date.now() && lease.id !== mine) return null;
  writeJSON(LEASE_KEY, { id: mine, until: Date.now() + SEND_TIMEOUT_MS + 5000 });
  try { return await work(); } finally { window.localStorage.removeItem(LEASE_KEY); }
}

function flush() {
  if (flushing) { flushAgain = true; return flushing; }
  flushing = exclusively(sendAll).catch(function () { scheduleRetry(); }).finally(function () {
    flushing = null;
    if (flushAgain) { flushAgain = false; flush(); }
  });
  return flushing;
}

async function sendAll() {
  if (!Outbox.all().some((item) => item.status !== "conflict")) return;
  const session = await probe();
  if (session === "offline") { scheduleRetry(); return; }
  for (const item of Outbox.all()) {
    if (item.status === "conflict") continue;
    if (item.status === "refused" && !["login", "other_user"].includes(item.reason)) continue;
    if (session === "login") {
      Outbox.update(item.key, item.seq, { status: "refused", reason: "login" });
      continue;
    }
    if (item.user !== session.user) {
      Outbox.update(item.key, item.seq, { status: "refused", reason: "other_user" });
      continue;
    }
    if (item.status !== "waiting") Outbox.update(item.key, item.seq, { status: "waiting", reason: "" });
    if ((await send(item, session.csrf)) === "retry") { scheduleRetry(); return; }
  }
  attempt = 0;
}

async function send(item, csrf) {
  let response;
  try {
    response = await request(item.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ translation: item.translation, state: item.state, revision: item.revision }),
    });
  } catch (error) {
    return "retry";
  }
  const data = await answer(response);
  if (response.ok) { sent(item, data); return "sent"; }
  if (response.status === 409 && data.current) {
    const current = data.current;
    // An earlier attempt reached the server but its answer was lost: that is an acknowledgement.
    if (current.translation === normalised(item.translation) && current.state === item.state) {
      sent(item, { id: item.key.split("/").pop(), revision: current.revision, state: current.state });
    } else {
      Outbox.update(item.key, item.seq, { status: "conflict", current: current });
    }
    return "refused";
  }
  if (response.status >= 500 || response.status === 429 || response.status === 408) return "retry";
  const reasons = { 401: "login", 403: "forbidden", 404: "removed" };
  Outbox.update(item.key, item.seq, {
    status: "refused",
    reason: reasons[response.status] || "server",
    detail: data.error || "",
    code: response.status,
  });
  return "refused";
}

function sent(item, data) {
  acknowledged.set(item.key, data);
  // Text typed after this save (a save clears the typed copy) builds on what it saved: the
  // next save of it must not conflict with the person's own earlier one.
  const typed = Typed.get(item.key);
  if (typed && typed.user === item.user && typed.revision === item.revision) {
    Typed.set(item.key, Object.assign({}, typed, { revision: data.revision }));
  }
  const stored = Outbox.get(item.key);
  if (stored && stored.seq !== item.seq) {
    // Saved again meanwhile: the newer text now builds on what the server just accepted.
    Outbox.update(stored.key, stored.seq, { revision: data.revision });
  } else {
    Outbox.remove(item.key, item.seq);
  }
  // Refresh the offline copies of the pages that show this unit.
  for (const page of [item.page, item.list]) {
    if (page) request(page, { cache: "no-store" }).catch(function () { /* offline again */ });
  }
}

function reasonText(item) {
  if (item.reason === "login") return t("reasonLogin");
  if (item.reason === "other_user") return t("reasonOtherUser", { name: item.user });
  if (item.reason === "removed") return t("reasonRemoved");
  if (item.reason === "forbidden") return item.detail ? t("reasonForbidden") + " " + item.detail : t("reasonForbidden");
  return item.detail || t("reasonStatus", { n: item.code || "?" });
}

// ---- every page: the counter, the unit list marks, logging out ---------------------------

function setupIndicator() {
  const link = document.getElementById("outbox");
  if (!link) return;
  let waitedFor = 0;  // saves waiting at the last look: when they are gone, say they went
  let sentNote = null;
  function render() {
    const items = Outbox.all();
    const waiting = items.filter((item) => item.status === "waiting");
    const problems = items.filter((item) => item.status !== "waiting");
    const parts = [];
    if (waiting.length) parts.push(t("counter", { n: waiting.length }));
    if (problems.length) parts.push(t("counterProblem", { n: problems.length }));
    const allSent = waitedFor > 0 && !waiting.length && !problems.length;
    waitedFor = waiting.length;
    window.clearTimeout(sentNote);
    link.classList.toggle("sent", allSent);
    if (allSent) {
      parts.push(t("allSent"));
      sentNote = window.setTimeout(function () { link.hidden = true; }, 5000);
    }
    link.textContent = parts.join(" · ");
    link.hidden = parts.length === 0;
    link.classList.toggle("problem", problems.length > 0);
    const first = problems[0] || waiting[0];
    link.href = first && first.page ? first.page : "#";
  }
  listeners.push(render);
  render();
}

function setupUnitList() {
  const list = document.getElementById("unit-list");
  if (!list) return;
  const prefix = list.dataset.prefix;
  function render() {
    const byKey = new Map(Outbox.all().map((item) => [item.key, item]));
    for (const row of document.querySelectorAll("li[data-unit]")) {
      const item = byKey.get(prefix + row.dataset.unit);
      const mark = row.querySelector(".outbox-mark");
      if (!mark) continue;
      mark.hidden = !item;
      row.classList.toggle("queued", Boolean(item));
      if (!item) continue;
      const kind = item.status === "waiting" ? "waiting" : (item.status === "conflict" ? "conflict" : "problem");
      mark.className = "outbox-mark " + kind;
      mark.textContent = kind === "waiting" ? t("markWaiting") :
        (kind === "conflict" ? t("markConflict") : t("markProblem"));
      const target = row.querySelector(".target");
      if (target) { target.textContent = item.translation; target.hidden = false; }
    }
  }
  listeners.push(render);
  render();
}

async function clearSiteData() {
  try { window.localStorage.clear(); window.sessionStorage.clear(); } catch (error) { /* disabled */ }
  try {
    if (window.caches) {
      for (const name of await window.caches.keys()) await window.caches.delete(name);
    }
    if (navigator.serviceWorker) {
      for (const registration of await navigator.serviceWorker.getRegistrations()) {
        await registration.unregister();
      }
    }
  } catch (error) { /* the server's Clear-Site-Data header covers the rest */ }
}

function setupLogout() {
  const form = document.getElementById("logout");
  if (!form) return;
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const waiting = Outbox.all().length;
    const written = keptNotes().length;
    // A login link works once: logging out by a stray tap would lock a volunteer out.
    const question = written ? t("logoutConfirmWritten", { n: waiting + written })
      : (waiting ? t("logoutConfirm", { n: waiting }) : t("logoutConfirmPlain"));
    if (!window.confirm(question)) return;
    await clearSiteData();
    form.submit();
  });
}

// A different person logged in on this phone: the pages kept offline were the other one's.
async function forgetOtherUsersPages() {
  const user = currentUser();
  if (!user) return;
  let previous = null;
  try { previous = window.localStorage.getItem(USER_KEY); window.localStorage.setItem(USER_KEY, user); } catch (error) { return; }
  if (previous && previous !== user && window.caches) {
    for (const name of await window.caches.keys()) await window.caches.delete(name);
  }
}

// Service workers need a secure context (localhost or HTTPS); the outbox works without one.
async function setupServiceWorker() {
  const script = document.body.dataset.sw;
  if (!script || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  await forgetOtherUsersPages();
  let registration;
  try {
    registration = await navigator.serviceWorker.register(script, { scope: "/" });
  } catch (error) {
    return;
  }
  const holder = document.querySelector("[data-offline]");
  if (!holder) return;
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "cached" && event.data.manifest === holder.dataset.offline) {
      document.documentElement.dataset.offlineReady = String(event.data.count);
    }
  });
  const ready = await navigator.serviceWorker.ready;
  const worker = ready.active || registration.active;
  if (worker) worker.postMessage({ type: "cache", manifest: holder.dataset.offline });
}

// ---- the unit page -----------------------------------------------------------------------

function setupUnit() {
  const unit = document.getElementById("unit");
  if (!unit) return;
  const key = unit.dataset.key;
  const form = document.getElementById("save-form");
  const box = document.getElementById("translation");
  const revision = document.getElementById("revision");
  const message = document.getElementById("message");
  const conflict = document.getElementById("conflict");
  const refused = document.getElementById("refused");
  const stateBadge = document.getElementById("state");
  let lastState = "translated";
  let shownSeq = null;
  let saving = false;  // save() shows its own outcome

  function say(text, error) {
    message.textContent = text;
    message.classList.toggle("error", error === true);
    message.classList.toggle("waiting", error === "waiting");
  }

  function showItem(item) {
    conflict.hidden = item.status !== "conflict";
    refused.hidden = item.status !== "refused";
    if (item.status === "waiting") {
      say(t("waiting"), "waiting");
    } else if (item.status === "conflict") {
      const current = item.current;
      document.getElementById("mine").textContent = item.translation;
      document.getElementById("theirs").textContent = current.translation;
      // A conflict kept from before saved_by was sent has the marker: "Name 2026-12-01".
      const who = current.saved_by ||
        (current.state === "approved" ? current.approved_by : current.translated_by) || "";
      document.getElementById("theirs-by").textContent = !who ? "" : current.saved_on_shown ?
        t("savedByOn", { name: who, date: current.saved_on_shown }) : t("savedBy", { name: who });
      // Saved by this same volunteer in another tab or on another phone: not "someone else".
      const self = who !== "" && who === currentUser();
      const own = [t("conflictSelfTitle"), t("otherVersion"), t("takeOther")];
      ["conflict-title", "theirs-label", "take-theirs"].forEach(function (id, index) {
        const element = document.getElementById(id);
        if (!("other" in element.dataset)) element.dataset.other = element.textContent;
        element.textContent = self ? own[index] : element.dataset.other;
      });
      say(self ? t("conflictSelf") : t("conflict"), true);
    } else {
      const reason = t("notSent", { reason: reasonText(item) });
      document.getElementById("refused-reason").textContent = reason;
      say(reason, true);
    }
  }

  // Another tab or the background sender changed the outbox: show where this unit stands.
  function render() {
    if (saving) return;
    const item = Outbox.get(key);
    if (item && item.user === currentUser()) {
      if (item.seq !== shownSeq || item.status !== "waiting") showItem(item);
      shownSeq = item.seq;
      return;
    }
    const done = acknowledged.get(key);
    if (shownSeq !== null) {
      shownSeq = null;
      conflict.hidden = true;
      refused.hidden = true;
      if (done) {
        acknowledged.delete(key);
        if (acknowledge(done)) say(blockedMessage(), true);
        else say(done.state === "draft" ? t("savedDraft") : t("saved"));
      } else {
        say("");
      }
    }
  }

  // What the page opened with: the outbox's text wins over the (possibly cached) page.
  const queued = Outbox.get(key);
  const typed = Typed.get(key);
  let restored = false;
  if (queued && queued.user === currentUser()) {
    box.value = queued.translation;
    revision.value = queued.revision;
    lastState = queued.state;
    // Typed after that save (a save clears the typed copy), so newer: shown, not lost.
    if (typed && typed.user === currentUser() && typed.text !== queued.translation) {
      box.value = typed.text;
      restored = true;
    }
  } else if (typed && typed.user === currentUser() && typed.text !== box.value) {
    box.value = typed.text;
    revision.value = typed.revision;
    restored = true;
  }
  listeners.push(render);
  render();
  let done = null;
  try {
    done = JSON.parse(window.sessionStorage.getItem(DONE_KEY) || "null");
    window.sessionStorage.removeItem(DONE_KEY);
  } catch (error) { /* storage off, or not ours */ }
  // Said only on the page the save opened (not on a unit opened later from the list).
  const forHere = done && done.to === window.location.pathname;
  if (restored) say(t("restored"));
  else if (forHere && done.say === "approvedNext") say(t("approvedNext"));
  else if (forHere && done.say === "savedNext") say(t("savedNext"));
  else if (forHere && done.say === "waitingPrevious") say(t("waitingPrevious"), "waiting");

  let typing = null;
  box.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(function () {
      Typed.set(key, { text: box.value, revision: revision.value, user: currentUser() });
    }, 300);
  });

  async function sendDirectly(state) {
    // Storage full or disabled: the old way, one attempt with the text kept on the page.
    const session = await probe();
    const item = {
      key: key, api: unit.dataset.api, user: currentUser(), translation: box.value, state: state,
      revision: revision.value, seq: 0, status: "waiting",
    };
    if (session === "offline" || session === "login") {
      say(t("notSent", { reason: t("reasonStorage") }), true);
      return null;
    }
    if ((await send(item, session.csrf)) === "sent") return acknowledged.get(key);
    say(t("notSent", { reason: t("reasonStorage") }), true);
    return null;
  }

  // The checks' findings on the text as saved; true when an error nobody accepted remains.
  function showFindings(findings) {
    const section = document.getElementById("findings");
    const list = document.getElementById("findings-list");
    list.textContent = "";
    let blocked = false;
    for (const finding of findings || []) {
      const item = document.createElement("li");
      item.className = finding.severity + (finding.accepted ? " accepted" : "");
      const strong = document.createElement("strong");
      strong.textContent = label("severities", finding.severity);
      item.append(strong, " " + finding.message);
      if (finding.accepted) {
        const note = document.createElement("span");
        note.className = "muted";
        note.textContent = " (" + t("acceptedBy", {
          name: finding.accepted.by, date: finding.accepted.shown_date || finding.accepted.date,
          reason: finding.accepted.reason,
        }) + ")";
        item.append(note);
      } else if (finding.severity === "error") {
        blocked = true;
      }
      list.append(item);
    }
    section.hidden = list.childElementCount === 0;
    return blocked;
  }

  async function save(state, chosen) {
    const pending = Outbox.get(key);
    if (!chosen && pending && pending.status === "conflict" && pending.user === currentUser()) {
      // Sent again on the old revision it would only be refused again: the choice first
      // (Keep mine then saves in the state asked for last).
      lastState = state;
      say(t("conflict"), true);
      conflict.hidden = false;
      conflict.scrollIntoView({ block: "nearest" });
      return;
    }
    saving = true;
    try { await attemptSave(state); } finally { saving = false; }
  }

  // What the server refuses whatever the connection (review.py's save_unit): said at once,
  // nothing queued, the text left in the box, where a refused save would stay "not sent".
  function refusedHere(state) {
    if (state !== "draft" && !box.value.trim()) return t("emptyNotDraft");
    if (Array.from(box.value).length > Number(box.dataset.max)) {  // characters, as Python counts
      return t("tooLong", { limit: box.dataset.maxShown });
    }
    return null;
  }

  async function attemptSave(state) {
    lastState = state;
    window.clearTimeout(typing);
    const refusal = refusedHere(state);
    if (refusal) {
      say(t("notSent", { reason: refusal }), true);
      return;
    }
    say(t("saving"));
    let entry;
    try {
      entry = Outbox.put({
        key: key,
        api: unit.dataset.api,
        page: window.location.pathname,
        list: unit.dataset.list,
        user: currentUser(),
        translation: box.value,
        state: state,
        revision: revision.value,
        status: "waiting",
        queued: new Date().toISOString(),
      });
    } catch (error) {
      const done = await sendDirectly(state);
      if (done) finish(state, done);
      return;
    }
    Typed.set(key, null);
    attempt = 0;
    await flush();
    const item = Outbox.get(key);
    if (item && item.seq === entry.seq) {
      shownSeq = item.seq;
      showItem(item);
      if (item.status === "waiting" && state !== "draft") {
        if (navigator.serviceWorker && navigator.serviceWorker.controller) {
          say(t("waitingNext"), "waiting");
          try {  // said again on the next unit, which opens at once
            window.sessionStorage.setItem(DONE_KEY, JSON.stringify({
              to: new URL(unit.dataset.next, window.location.href).pathname,
              say: "waitingPrevious",
            }));
          } catch (error) { /* storage off: the counter still says it */ }
          window.location.assign(unit.dataset.next);
        } else {
          say(t("nextNeedsConnection"), "waiting");
        }
      }
      return;
    }
    const done = acknowledged.get(key);
    if (done) finish(state, done);
  }

  // A reviewer can accept the finding on this page; a translator asks a reviewer to.
  function blockedMessage() {
    return "reviewer" in unit.dataset ? t("savedBlockedReviewer") : t("savedBlocked");
  }

  // The server's answer to a save: the new revision, the state and the checks' findings.
  function acknowledge(done) {
    revision.value = done.revision;
    for (const input of document.querySelectorAll('form.accept input[name="revision"]')) {
      input.value = done.revision;
    }
    stateBadge.textContent = label("states", done.state);
    stateBadge.className = "badge " + done.state;
    return showFindings(done.findings);
  }

  function finish(state, done) {
    acknowledged.delete(key);
    shownSeq = null;
    conflict.hidden = true;
    refused.hidden = true;
    const blocked = acknowledge(done);
    if (blocked) {
      say(blockedMessage(), true);
    } else if (state === "draft") {
      say(t("savedDraft"));
    } else {
      say(t("saved"));
      // The next unit says what became of this one (the page changes under the reviewer).
      try {
        window.sessionStorage.setItem(DONE_KEY, JSON.stringify({
          to: new URL(unit.dataset.next, window.location.href).pathname,
          say: state === "approved" ? "approvedNext" : "savedNext",
        }));
      } catch (error) { /* storage off: the unit list still shows the state */ }
      window.location.assign(unit.dataset.next);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const button = event.submitter;
    save(button && button.value ? button.value : "translated");
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save("translated");
    }
  });
  document.getElementById("keep-mine").addEventListener("click", function () {
    const item = Outbox.get(key);
    if (!item || !item.current) return;
    // Mine is what the box holds now: the text that was refused, and any edit since.
    revision.value = item.current.revision;
    if (!box.value.trim()) box.value = item.translation;
    save(lastState, true);
  });
  document.getElementById("take-theirs").addEventListener("click", function () {
    const item = Outbox.get(key);
    if (!item || !item.current) return;
    revision.value = item.current.revision;
    box.value = item.current.translation;
    Outbox.remove(key, item.seq);
    conflict.hidden = true;
    say(t("theirsInBox"));
  });
  document.getElementById("copy-mine").addEventListener("click", async function () {
    const item = Outbox.get(key);
    const text = item ? item.translation : box.value;
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      box.value = text;
      box.select();
      document.execCommand("copy");
    }
    say(t("copied"));
  });
  document.getElementById("send-again").addEventListener("click", function () {
    const item = Outbox.get(key);
    if (!item) return;
    Outbox.update(key, item.seq, { status: "waiting", reason: "", translation: box.value });
    retryNow();
  });
  document.getElementById("discard").addEventListener("click", function () {
    const item = Outbox.get(key);
    if (item && window.confirm(t("discardConfirm"))) Outbox.remove(key, item.seq);
  });
  const use = document.getElementById("use-suggestion");
  if (use) {
    use.addEventListener("click", function () {
      box.value = document.getElementById("suggestion").textContent;
      box.focus();
    });
  }
}

// ---- the editor's job page ---------------------------------------------------------------

function setupJob() {
  const job = document.getElementById("job");
  if (!job) return;
  const status = document.getElementById("job-status");
  const list = document.getElementById("job-languages");
  async function poll() {
    let data;
    try {
      const response = await fetch(job.dataset.api, { credentials: "same-origin" });
      data = await response.json();
    } catch (error) {
      window.setTimeout(poll, 3000);
      return;
    }
    status.textContent = "";
    const strong = document.createElement("strong");
    strong.textContent = label("jobStatuses", data.status) + " ";
    status.append(strong, data.message || "");
    list.textContent = "";
    for (const [lang, info] of Object.entries(data.languages || {})) {
      const item = document.createElement("li");
      item.textContent = t("jobLanguage", {
        language: (STRINGS.languageNames || {})[lang] || lang, done: info.done, todo: info.todo,
        new: info.translated, cached: info.cache, memory: info.memory, failed: info.failed.length,
      });
      list.append(item);
    }
    if (data.status === "starting" || data.status === "running") window.setTimeout(poll, 1000);
  }
  if (job.dataset.status === "starting" || job.dataset.status === "running") poll();
}

// "Copy link" buttons: the clipboard API where the page is a secure context (HTTPS,
// localhost), else a selected text field and execCommand (plain http on the office network).
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return false; });
  }
  const field = document.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.style.position = "fixed";
  field.style.opacity = "0";
  document.body.append(field);
  field.select();
  let done = false;
  try { done = document.execCommand("copy"); } catch (error) { done = false; }
  field.remove();
  return Promise.resolve(done);
}

function setupCopy() {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", function () {
      const note = button.nextElementSibling;
      copyText(button.dataset.copy).then(function (done) {
        if (!note) return;
        note.textContent = done ? note.dataset.done || note.textContent : button.dataset.copy;
        note.hidden = false;
      });
    });
  }
}

// ---- comments, proposals, votes, restores: they need the server ---------------------------

// The comments and proposals this person wrote here that the server has not taken yet.
function keptNotes() {
  const kept = readJSON(NOTES_KEY, {});
  return Object.keys(kept).filter(function (name) {
    return kept[name].user === currentUser() && (kept[name].text || "").trim() !== "";
  });
}

// Sent without a connection, these forms ended on the browser's own error page, and a
// reload emptied what was written. Each is sent only once the server answers; until then
// the page says so, and what is written in them is kept on the phone until it is sent.
function setupTogether() {
  const forms = document.querySelectorAll("form[data-needs-server]");
  if (!forms.length) return;
  const here = window.location.pathname + "#";
  const kept = readJSON(NOTES_KEY, {});
  // A text sent from this page is forgotten once the server's answer says it was taken
  // (its page says so); an answer that does not (a refusal, a login page) leaves it kept.
  const taken = document.querySelector(".flash.ok") !== null;
  let forget = false;
  for (const name of Object.keys(kept)) {
    if (name.startsWith(here) && kept[name].sent) {
      if (taken) delete kept[name]; else kept[name].sent = false;
      forget = true;
    }
  }
  if (forget) { try { writeJSON(NOTES_KEY, kept); } catch (error) { /* kept as it was */ } }
  for (const form of forms) {
    const boxes = Array.from(form.querySelectorAll("textarea[id]"));
    for (const box of boxes) {
      const name = here + box.id;
      const mine = kept[name];
      if (mine && mine.user === currentUser() && mine.text && mine.text !== box.value) {
        box.value = mine.text;
      }
      box.addEventListener("input", function () {
        const all = readJSON(NOTES_KEY, {});
        all[name] = { text: box.value, user: currentUser() };
        try { writeJSON(NOTES_KEY, all); } catch (error) { /* full: the outbox matters more */ }
      });
    }
    form.addEventListener("submit", async function (event) {
      if (form.dataset.online === "1") { delete form.dataset.online; return; }
      event.preventDefault();
      if (form.dataset.asking === "1") return;  // a second tap while the server is asked
      form.dataset.asking = "1";
      const submitter = event.submitter;
      const status = form.querySelector(".form-status") || document.createElement("p");
      status.className = "form-status";
      status.setAttribute("role", "status");
      let session;
      try { session = await probe(); } finally { delete form.dataset.asking; }
      if (session === "offline" || session === "login") {
        const written = boxes.some(function (box) { return box.value.trim() !== ""; });
        status.textContent = session === "login" ? t("needsLogin")
          : written ? t("needsConnection") : t("noConnection");
        status.classList.add("error");
        form.append(status);
        return;
      }
      status.remove();
      // The page may be an offline copy: its token can be older than the session's.
      const token = form.querySelector("input[name=csrf_token]");
      if (token && session.csrf) token.value = session.csrf;
      const all = readJSON(NOTES_KEY, {});
      for (const box of boxes) {
        if (box.value.trim()) all[here + box.id] = { text: box.value, user: currentUser(), sent: true };
      }
      try { writeJSON(NOTES_KEY, all); } catch (error) { /* the page keeps it meanwhile */ }
      form.dataset.online = "1";
      if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
    });
  }
}

// The Ctrl+Enter hint only where there is a keyboard (not on phones and tablets).
function setupKeyboardHints() {
  const fine = window.matchMedia("(hover: hover) and (pointer: fine)").matches;
  for (const hint of document.querySelectorAll(".keyboard-only")) hint.hidden = !fine;
}

// A form that cannot be undone asks first: its question is on the form, in the page's language.
// The question is the form's hidden .confirm-question: page text, escaped as all page text
// is, where an attribute would have had to trust its translation not to hold a quote.
function setupConfirms() {
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    const question = form.querySelector(".confirm-question");
    form.addEventListener("submit", function (event) {
      if (question && !window.confirm(question.textContent)) event.preventDefault();
    });
  }
}

document.addEventListener("DOMContentLoaded", function () {
  setupIndicator();
  setupConfirms();
  setupUnitList();
  setupLogout();
  setupUnit();
  setupTogether();
  setupJob();
  setupServiceWorker();
  window.addEventListener("online", retryNow);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") retryNow();
  });
  if (currentUser()) flush();
  setupCopy();
  setupKeyboardHints();
});
