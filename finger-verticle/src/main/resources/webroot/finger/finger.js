// Keeps the page in step with the server: each "changed" event fetches the page's data again
// through the JSON API (the same answers as the finger port) and redraws it with textContent
// only, so that no status is ever taken as markup.
"use strict";

(function () {
  const view = document.body.dataset.view;
  const live = document.getElementById("live");

  function userLink(user) {
    const link = document.createElement("a");
    link.href = "/users/" + encodeURIComponent(user);
    link.textContent = user;
    return link;
  }

  function drawList(users) {
    const body = document.querySelector("#users tbody");
    const rows = users.map(function (entry) {
      const row = document.createElement("tr");
      const name = document.createElement("td");
      if (entry.user) {
        name.appendChild(userLink(entry.user));
      }
      const status = document.createElement("td");
      status.className = "status";
      status.textContent = entry.status;
      row.append(name, status);
      return row;
    });
    body.replaceChildren.apply(body, rows);
    document.getElementById("empty").hidden = users.length > 0;
  }

  function refresh() {
    if (view === "list") {
      fetch("/api/users", { cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { drawList(data.users); } });
    } else if (view === "user") {
      const user = document.getElementById("user").textContent;
      fetch("/api/users/" + encodeURIComponent(user), { cache: "no-store" })
        .then(function (r) { return r.status === 404 ? { answer: "No such user" } : r.ok ? r.json() : null; })
        .then(function (data) { if (data) { document.getElementById("answer").textContent = data.answer; } });
    }
  }

  if (view === "list" || view === "user") {
    const events = new EventSource("/events");
    events.addEventListener("changed", refresh);
    events.onopen = function () { live.textContent = "Live: statuses set through the setter appear here."; };
    events.onerror = function () { live.textContent = "Reconnecting..."; };
    // A change made while the stream was being opened is not missed.
    events.addEventListener("open", refresh, { once: true });
  }
})();
