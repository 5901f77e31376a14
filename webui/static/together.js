// Soft presence on the unit page: while someone types, the server hears about it (at most
// every 30 s) and the page shows who else is working on the unit. Never a lock.
"use strict";

(function () {
  const PING_EVERY = 30000;
  const REFRESH_EVERY = 60000;  // the server forgets a page silent for 2.5 of these (presence.py)

  function token() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function setup() {
    const line = document.getElementById("presence");
    const box = document.getElementById("translation");
    if (!line || !box) return;
    let lastPing = 0;

    function show(names) {
      line.textContent = "";
      for (const name of names) {
        const template = line.dataset.template || "{name}";
        const [before, after] = template.split("{name}");
        const who = document.createElement("bdi");
        who.textContent = name;
        line.append(before, who, (after || "") + " ");
      }
    }

    async function tell(body) {
      try {
        const response = await fetch(line.dataset.api, {
          method: "POST",
          credentials: "same-origin",
          keepalive: true,
          headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
          body: JSON.stringify(body),
        });
        if (response.ok) show((await response.json()).working || []);
      } catch (error) {
        // Presence is only a hint: a failed ping changes nothing.
      }
    }

    box.addEventListener("input", function () {
      const now = Date.now();
      if (now - lastPing > PING_EVERY) {
        lastPing = now;
        tell({});
      }
    });
    window.setInterval(function () {
      if (lastPing && Date.now() - lastPing < 5 * 60000) tell({});
    }, REFRESH_EVERY);
    window.addEventListener("pagehide", function () {
      if (lastPing) tell({ left: true });
    });
  }

  document.addEventListener("DOMContentLoaded", setup);
})();
