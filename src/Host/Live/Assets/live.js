// The live sweep page: renders the server's snapshots (Server-Sent Events, at most one a second). Every string from the
// sweep goes in as text (textContent), never as markup.
"use strict";

const $ = id => document.getElementById(id);
let snapshot = null;
let figureVersion = -1;
let openDetail = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

const percent = x => (x * 100).toFixed(1) + " %";
const time = iso => iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "";

function render(s) {
  snapshot = s;
  $("sweep-id").textContent = s.sweepId;
  $("profile").textContent = s.profile ? `(${s.profile})` : "";
  const warning = $("data-warning");
  warning.hidden = !s.dataWarning;
  warning.textContent = s.dataWarning || "";
  const share = s.stepsTotal ? s.stepsDone / s.stepsTotal : 1;
  $("progress-bar").style.width = (share * 100).toFixed(2) + "%";
  const parts = [`${s.stepsDone}/${s.stepsTotal} steps (${(share * 100).toFixed(1)} %)`];
  if (s.finished) parts.push("finished");
  if (s.startedAt) parts.push(`started ${time(s.startedAt)}`);
  if (s.elapsed) parts.push(`watched for ${s.elapsed}`);
  if (s.eta) parts.push(`ETA ${s.eta}`);
  $("progress-text").textContent = parts.join(" · ");
  $("progress-text").dataset.stepsDone = s.stepsDone;
  $("plan").textContent = s.plan;
  $("folder").textContent = "folder " + s.folder;
  const journal = $("journal");
  journal.className = s.journal.available ? "" : "down";
  journal.textContent = s.journal.available
    ? `journal ${s.journal.description}: available`
    : `journal ${s.journal.description}: unavailable since ${time(s.journal.unavailableSince)} (${s.journal.reason || "no answer"}); retrying`;
  $("failures").replaceChildren(...s.failures.map(f => el("li", { text: f })));
  $("updated").textContent = time(s.updatedAt);
  $("mode").textContent = s.readOnly ? "watching a sweep run elsewhere (sweep view)" : "served by the running sweep";
  renderProblems(s);
  renderNodes(s);
  if (!$("figures").hidden) refreshFigures(s);
  $("compare-tab").hidden = !s.compareWith;
  $("compare-with").textContent = s.compareWith ? `A: this sweep (as recorded so far) · B: ${s.compareWith}` : "";
  if (!$("compare").hidden) refreshCompare(s);
  if (openDetail) showDetail(openDetail.problem, openDetail.repetition, false);
}

function renderProblems(s) {
  const legend = el("div", { class: "legend" },
    ...[["recorded", "recorded"], ["trained", "trained, similarity pending"], ["running", "running"], ["queued", "queued"], ["failed", "failed"], ["abandoned", "not run (repetition failed)"]]
      .map(([state, label]) => el("span", {}, el("i", { class: state }), label)));
  const blocks = s.problems.map(p => {
    const head = el("div", { class: "problem-head" },
      el("h2", { text: p.display }),
      el("span", { text: `dense ${p.denseAccuracy != null ? percent(p.denseAccuracy) : "–"} (${p.denseState})` }),
      el("span", { text: `${p.stepsDone}/${p.stepsTotal} steps` }),
      p.imagesPerSecond ? el("span", { text: `${Math.round(p.imagesPerSecond)} img/s` }) : null);
    const table = el("table", { class: "grid", "data-problem": p.problem });
    const header = el("tr", {}, el("th", { class: "rep", text: "rep \\ it" }));
    for (let i = 0; i <= p.iterations; i++) header.append(el("th", { text: i === 0 ? "D" : String(i) }));
    table.append(header);
    for (const row of p.rows) {
      const tr = el("tr", {}, el("th", { class: "rep", text: String(row.repetition) }));
      row.cells.forEach((state, i) => {
        const td = el("td", { class: `cell ${state}${row.attempts > 0 && state === "recorded" ? " retried" : ""}`, "data-state": state, "data-iteration": String(i) });
        td.title = `${p.display} repetition ${row.repetition} ${i === 0 ? "dense" : "iteration " + i}: ${state}` +
          (row.running && state === "running" ? ` (${row.running})` : "") + (row.attempts ? `; ${row.attempts} failed attempt(s)` : "") + (row.failure ? `; ${row.failure}` : "");
        td.addEventListener("click", () => showDetail(p.problem, row.repetition, true));
        tr.append(td);
      });
      table.append(tr);
    }
    return el("div", { class: "problem" }, head, table);
  });
  $("problems").replaceChildren(legend, ...blocks);
}

function renderNodes(s) {
  const section = $("nodes");
  if (!s.nodes) { section.replaceChildren(el("p", { class: "muted", text: "No node has joined yet (nodes.json not written)." })); return; }
  const table = el("table", { class: "nodes" }, el("tr", {}, ...["node", "devices × slots", "joined", "slots busy", "running"].map(h => el("th", { text: h }))));
  for (const n of s.nodes.nodes) {
    const running = n.running.length
      ? el("ul", {}, ...n.running.map(r => el("li", { text: `${r.problem} repetition ${r.repetition < 0 ? "dense" : r.repetition} since ${time(r.since)}${r.stage ? " — " + r.stage : ""}` })))
      : el("span", { class: "muted", text: "idle" });
    const busy = n.utilisation != null ? `${percent(n.utilisation)} over the last ${n.utilisationOver}` : "–";
    table.append(el("tr", { "data-node": n.name }, el("td", { text: n.name }), el("td", { text: `${n.devices.join(", ")} × ${n.slotsPerDevice}` }), el("td", { text: time(n.joinedAt) }),
      el("td", { text: busy }), el("td", {}, running)));
  }
  const lost = s.nodes.lost.map(l => el("li", { text: `${l.name} lost at ${time(l.at)}; ${l.assignmentsRequeued} assignment(s) back in the queue` }));
  const refused = (s.nodes.refused || []).map(r => el("li", { text: `${r.name} refused at ${time(r.at)}, ran nothing: ${r.reason}` }));
  section.replaceChildren(table, el("p", { text: `${s.nodes.queued} waiting for a free slot` }),
    lost.length ? el("ul", {}, ...lost) : el("span"), refused.length ? el("ul", { class: "refused" }, ...refused) : el("span"));
}

function refreshFigures(s) {
  if (figureVersion === s.version) return;
  figureVersion = s.version;
  const spread = $("spread").checked ? 1 : 0;
  const img = $("figure1");
  img.onerror = () => { img.hidden = true; $("figure1-none").hidden = false; };
  img.onload = () => { img.hidden = false; $("figure1-none").hidden = true; };
  img.src = `figures/figure1.svg?scale=${$("scale").value}&spread=${spread}&v=${s.version}`;
  const holder = $("figure2");
  const existing = new Map([...holder.querySelectorAll("img")].map(i => [i.dataset.metric, i]));
  for (const metric of s.metrics) {
    let image = existing.get(metric);
    if (!image) {
      image = el("img", { alt: `Figure 2 (${metric})`, "data-metric": metric });
      image.onerror = () => { image.hidden = true; };
      image.onload = () => { image.hidden = false; };
      holder.append(image);
    }
    image.src = `figures/figure2.svg?metric=${encodeURIComponent(metric)}&spread=${spread}&v=${s.version}`;
  }
}

let compareVersion = -1, compareAt = 0;
// The comparison is redrawn from everything recorded: at most every 10 s while the sweep runs.
function refreshCompare(s) {
  if (compareVersion === s.version || (compareVersion >= 0 && Date.now() - compareAt < 10000)) return;
  compareVersion = s.version;
  compareAt = Date.now();
  $("compare-frame").src = `compare?v=${s.version}`;
}

async function showDetail(problem, repetition, open) {
  openDetail = { problem, repetition };
  const response = await fetch(`api/repetition?problem=${encodeURIComponent(problem)}&repetition=${repetition}`);
  const body = $("detail-body");
  if (!response.ok) { body.replaceChildren(el("p", { text: `no detail: ${response.status}` })); return; }
  const d = await response.json();
  const rows = d.iterations.map(it => {
    const cell = el("td", { class: "layers" });
    if (!it.layers) cell.append(el("span", { class: "muted", text: "similarity pending" }));
    else {
      const metrics = [...new Set(it.layers.flatMap(l => [...Object.keys(l.values), ...Object.keys(l.undefined)]))];
      // the intrinsic dimension (TwoNN), where the sweep measured it
      const ids = [["intrinsicDimension", "ID"], ["denseIntrinsicDimension", "dense ID"]].filter(([key]) => it.layers.some(l => l[key] != null));
      const layers = el("table", { class: "layers" }, el("tr", {}, el("th", { text: "layer" }), ...metrics.map(m => el("th", { text: m })), ...ids.map(([, label]) => el("th", { text: label }))));
      for (const l of it.layers)
        layers.append(el("tr", {}, el("td", { text: l.layer }), ...metrics.map(m => el("td", {
          text: m in l.values ? l.values[m].toFixed(3) : m in l.undefined ? "undefined" : "", title: l.undefined[m] || "" })),
          ...ids.map(([key]) => el("td", { text: l[key] != null ? l[key].toFixed(1) : "" }))));
      cell.append(layers);
    }
    return el("tr", { "data-iteration": String(it.iteration) }, el("td", { text: String(it.iteration) }), el("td", { text: percent(it.sparsity) }), el("td", { text: percent(it.testAccuracy) }), cell);
  });
  const traces = d.traceUrl ? el("a", { href: d.traceUrl, target: "_blank", rel: "noopener", text: "traces in Jaeger" }) : el("span", { text: `traces: search for tags ${d.traceSearch}` });
  body.replaceChildren(
    el("h2", { text: `${d.problem} repetition ${d.repetition}` }),
    el("p", { text: `dense accuracy ${d.denseAccuracy != null ? percent(d.denseAccuracy) : "–"}; ${d.attempts} failed attempt(s)${d.lastError ? "; last error: " + d.lastError : ""}${d.failure ? "; FAILED: " + d.failure : ""}` }),
    el("p", {}, traces),
    d.iterations.length
      ? el("table", { class: "detail" }, el("tr", {}, ...["iteration", "sparsity", "accuracy", "layers"].map(h => el("th", { text: h }))), ...rows)
      : el("p", { class: "muted", text: "No iteration recorded yet." }));
  if (open) $("detail").hidden = false;
}

function connect() {
  const badge = $("connection");
  const source = new EventSource("api/events");
  source.addEventListener("snapshot", e => { badge.textContent = "live"; badge.className = "badge live"; render(JSON.parse(e.data)); });
  source.onerror = () => { badge.textContent = "connection lost, retrying…"; badge.className = "badge lost"; };
}

document.querySelectorAll("nav button").forEach(button => button.addEventListener("click", () => {
  document.querySelectorAll("nav button").forEach(b => b.classList.toggle("active", b === button));
  document.querySelectorAll("section.view").forEach(v => v.hidden = v.id !== button.dataset.view);
  if (button.dataset.view === "figures" && snapshot) { figureVersion = -1; refreshFigures(snapshot); }
  if (button.dataset.view === "compare" && snapshot) { compareVersion = -1; refreshCompare(snapshot); }
}));
$("scale").addEventListener("change", () => { figureVersion = -1; if (snapshot) refreshFigures(snapshot); });
$("spread").addEventListener("change", () => { figureVersion = -1; if (snapshot) refreshFigures(snapshot); });
$("detail-close").addEventListener("click", () => { $("detail").hidden = true; openDetail = null; });
connect();
