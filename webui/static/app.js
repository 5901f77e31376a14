// Progressive enhancement for the review UI: saves through the JSON API, Ctrl+Enter to
// mark translated and move on, conflict resolution, job progress. Without JavaScript the
// forms post normally.
"use strict";

// Every string this script shows comes from the page, in the interface language.
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

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

function setupUnit() {
  const unit = document.getElementById("unit");
  if (!unit) return;
  const form = document.getElementById("save-form");
  const box = document.getElementById("translation");
  const revision = document.getElementById("revision");
  const message = document.getElementById("message");
  const conflict = document.getElementById("conflict");
  const stateBadge = document.getElementById("state");
  let lastState = "translated";

  function say(text, error) {
    message.textContent = text;
    message.classList.toggle("error", Boolean(error));
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
          name: finding.accepted.by, date: finding.accepted.date, reason: finding.accepted.reason,
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

  async function save(state) {
    lastState = state;
    say(t("saving"));
    let response;
    try {
      response = await fetch(unit.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ translation: box.value, state: state, revision: revision.value }),
      });
    } catch (error) {
      say(t("offline"), true);
      return;
    }
    let data = {};
    try { data = await response.json(); } catch (error) { data = {}; }
    if (response.ok) {
      revision.value = data.revision;
      for (const input of document.querySelectorAll('form.accept input[name="revision"]')) {
        input.value = data.revision;
      }
      stateBadge.textContent = label("states", data.state);
      stateBadge.className = "badge " + data.state;
      conflict.hidden = true;
      const blocked = showFindings(data.findings);
      if (blocked) {
        say(t("savedBlocked"), true);
      } else if (state === "draft") {
        say(t("savedDraft"));
      } else {
        say(t("saved"));
        window.location.assign(unit.dataset.next);
      }
      return;
    }
    if (response.status === 409 && data.current) {
      document.getElementById("theirs").textContent = data.current.translation;
      conflict.dataset.revision = data.current.revision;
      conflict.dataset.translation = data.current.translation;
      conflict.hidden = false;
      say(t("conflict"), true);
      return;
    }
    say(t("failed", { error: data.error || t("httpError", { status: response.status }) }), true);
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
    revision.value = conflict.dataset.revision;
    save(lastState);
  });
  document.getElementById("take-theirs").addEventListener("click", function () {
    revision.value = conflict.dataset.revision;
    box.value = conflict.dataset.translation;
    conflict.hidden = true;
    say(t("theirsInBox"));
  });
  const use = document.getElementById("use-suggestion");
  if (use) {
    use.addEventListener("click", function () {
      box.value = document.getElementById("suggestion").textContent;
      box.focus();
    });
  }
}

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

// The Ctrl+Enter hint only where there is a keyboard (not on phones and tablets).
function setupKeyboardHints() {
  const fine = window.matchMedia("(hover: hover) and (pointer: fine)").matches;
  for (const hint of document.querySelectorAll(".keyboard-only")) hint.hidden = !fine;
}

document.addEventListener("DOMContentLoaded", function () {
  setupUnit();
  setupJob();
  setupCopy();
  setupKeyboardHints();
});
