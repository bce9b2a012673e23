// The live view of the access log. Everything from the log is shown with textContent or as SVG
// attribute values set through the DOM, never parsed as markup: log lines are hostile input.
"use strict";

(function () {
  const WINDOW_SECONDS = 300;
  const SVG = "http://www.w3.org/2000/svg";
  const body = document.querySelector("#hits tbody");
  const state = document.getElementById("state");
  const pauseButton = document.getElementById("pause");
  const filterBox = document.getElementById("filter");
  const capBox = document.getElementById("cap");
  const shown = document.getElementById("shown");
  const chart = document.getElementById("chart");
  const rate = document.getElementById("rate");

  let paused = false;
  let waiting = [];
  let live = false;
  const perSecond = new Map();

  function cap() {
    const n = parseInt(capBox.value, 10);
    return Number.isFinite(n) && n >= 10 ? Math.min(n, 10000) : 500;
  }

  function cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "-" : String(text);
    td.title = td.textContent;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function timeOf(hit) {
    if (!hit.time) {
      return new Date(hit.seen).toLocaleTimeString();
    }
    const t = new Date(hit.time);
    return isNaN(t.getTime()) ? hit.time : t.toLocaleString();
  }

  function row(id, hit) {
    const tr = document.createElement("tr");
    tr.dataset.id = id;
    if (hit.unparsed !== undefined) {
      const td = cell(hit.unparsed + (hit.truncated ? " ..." : ""), "unparsed");
      td.colSpan = 8;
      tr.appendChild(td);
      tr.dataset.status = "";
      return tr;
    }
    const statusClass = hit.status >= 200 && hit.status < 600 ? "s" + Math.floor(hit.status / 100) : "";
    tr.append(cell(timeOf(hit)), cell(hit.client), cell(hit.method), cell(hit.path || hit.request),
      cell(hit.status, statusClass), cell(hit.bytes), cell(hit.referrer), cell(hit.agent));
    tr.dataset.status = String(hit.status);
    tr.dataset.path = hit.path || hit.request || "";
    return tr;
  }

  function matches(tr, text) {
    return text === "" || tr.textContent.toLowerCase().includes(text);
  }

  function show(entries) {
    const text = filterBox.value.trim().toLowerCase();
    const fragment = document.createDocumentFragment();
    for (let i = entries.length - 1; i >= 0; i--) {
      const tr = row(entries[i].id, entries[i].hit);
      if (!matches(tr, text)) {
        tr.classList.add("hidden");
      }
      fragment.appendChild(tr);
    }
    body.insertBefore(fragment, body.firstChild);
    trim();
    summarise();
  }

  function trim() {
    const keep = cap();
    while (body.rows.length > keep) {
      body.deleteRow(body.rows.length - 1);
    }
  }

  function applyFilter() {
    const text = filterBox.value.trim().toLowerCase();
    for (const tr of body.rows) {
      tr.classList.toggle("hidden", !matches(tr, text));
    }
    summarise();
  }

  function summarise() {
    const mix = new Map([["2xx", 0], ["3xx", 0], ["4xx", 0], ["5xx", 0], ["other", 0]]);
    const paths = new Map();
    let visible = 0;
    for (const tr of body.rows) {
      if (tr.classList.contains("hidden")) {
        continue;
      }
      visible++;
      const status = parseInt(tr.dataset.status, 10);
      const key = status >= 200 && status < 600 ? Math.floor(status / 100) + "xx" : "other";
      mix.set(key, mix.get(key) + 1);
      if (tr.dataset.path) {
        paths.set(tr.dataset.path, (paths.get(tr.dataset.path) || 0) + 1);
      }
    }
    const mixBody = document.querySelector("#mix tbody");
    const mixRows = [];
    for (const [name, count] of mix) {
      const tr = document.createElement("tr");
      tr.className = "mix-" + name;
      const meterCell = document.createElement("td");
      const meter = document.createElement("meter");
      meter.min = 0;
      meter.max = Math.max(visible, 1);
      meter.value = count;
      meterCell.appendChild(meter);
      tr.append(cell(name), cell(count), meterCell);
      mixRows.push(tr);
    }
    mixBody.replaceChildren.apply(mixBody, mixRows);
    const top = [...paths.entries()].sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); })
      .slice(0, 10).map(function (entry) {
        const li = document.createElement("li");
        li.textContent = entry[1] + "  " + entry[0];
        li.title = entry[0];
        return li;
      });
    const list = document.getElementById("top");
    list.replaceChildren.apply(list, top);
    shown.textContent = visible + " of " + body.rows.length + " rows shown" +
      (paused && waiting.length ? ", " + waiting.length + " new while paused" : "");
  }

  function count(hit) {
    const second = Math.floor(hit.seen / 1000);
    perSecond.set(second, (perSecond.get(second) || 0) + 1);
  }

  function drawChart() {
    const now = Math.floor(Date.now() / 1000);
    for (const second of perSecond.keys()) {
      if (second <= now - WINDOW_SECONDS) {
        perSecond.delete(second);
      }
    }
    let max = 1;
    let total = 0;
    let lastMinute = 0;
    for (const [second, n] of perSecond) {
      max = Math.max(max, n);
      total += n;
      if (second > now - 60) {
        lastMinute += n;
      }
    }
    const width = 600 / WINDOW_SECONDS;
    const height = 110;
    const shapes = [];
    for (const [second, n] of perSecond) {
      const age = now - second;
      if (age < 0 || age >= WINDOW_SECONDS) {
        continue;
      }
      const bar = document.createElementNS(SVG, "rect");
      const h = Math.max(1, Math.round(n / max * height));
      bar.setAttribute("class", "bar");
      bar.setAttribute("x", String(600 - (age + 1) * width));
      bar.setAttribute("y", String(120 - h));
      bar.setAttribute("width", String(Math.max(width - 0.2, 0.5)));
      bar.setAttribute("height", String(h));
      const tip = document.createElementNS(SVG, "title");
      tip.textContent = n + " hits at " + new Date(second * 1000).toLocaleTimeString();
      bar.appendChild(tip);
      shapes.push(bar);
    }
    const axis = document.createElementNS(SVG, "line");
    axis.setAttribute("class", "axis");
    axis.setAttribute("x1", "0");
    axis.setAttribute("x2", "600");
    axis.setAttribute("y1", "120");
    axis.setAttribute("y2", "120");
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", "4");
    label.setAttribute("y", "12");
    label.textContent = "max " + max + "/s";
    shapes.push(axis, label);
    chart.replaceChildren.apply(chart, shapes);
    chart.dataset.total = String(total);
    rate.textContent = lastMinute + " in the last minute";
  }

  function receive(event) {
    const hit = JSON.parse(event.data);
    count(hit);
    const entry = { id: event.lastEventId, hit: hit };
    if (paused) {
      waiting.push(entry);
      if (waiting.length > cap()) {
        waiting.splice(0, waiting.length - cap());
      }
      summarise();
    } else {
      pending.push(entry);
      schedule();
    }
  }

  // Hits that arrive together (the history, a burst) are drawn in one go.
  let pending = [];
  let scheduled = false;
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(function () {
        scheduled = false;
        const batch = pending;
        pending = [];
        show(batch);
        drawChart();
      });
    }
  }

  function setState(text, className) {
    state.textContent = text;
    state.className = "state " + className;
  }

  pauseButton.addEventListener("click", function () {
    paused = !paused;
    pauseButton.textContent = paused ? "Resume" : "Pause";
    if (paused) {
      setState("paused", "paused");
    } else {
      const batch = waiting;
      waiting = [];
      show(batch);
      setState(live ? "live" : "reconnecting", live ? "live" : "down");
    }
    summarise();
  });
  filterBox.addEventListener("input", applyFilter);
  capBox.addEventListener("change", function () { trim(); summarise(); });

  const events = new EventSource("/events");
  events.onmessage = receive;
  events.addEventListener("reset", function () {
    // The server restarted: what the page shows is from a previous run and starts again.
    body.replaceChildren();
    waiting = [];
    pending = [];
    perSecond.clear();
  });
  events.onopen = function () {
    live = true;
    if (!paused) {
      setState("live", "live");
    }
  };
  events.onerror = function () {
    live = false;
    if (!paused) {
      setState("reconnecting", "down");
    }
  };
  setInterval(drawChart, 1000);
  drawChart();
  summarise();
})();
