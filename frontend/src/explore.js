// The explorer (issue 15): the organisation as it stood on a date, what changed, and the evidence
// behind every node and edge. The server computes every date's state (GET /api/explore/timeline:
// the union graph, the months and each month's state, made by the same rule as `tmb mandates
// --at`); this module only shows and hides what a state names, on positions laid out once over
// the union graph, so nothing moves from one month to the next.
import cytoscape from "cytoscape";
import { t, language } from "./i18n.js";
import { savedViewHtml } from "./saved.js";

const KINDS = ["body", "seat", "person", "organisation"];
// a month per STEP_MS while playing: the whole programme (34 months) in about 7 s
const STEP_MS = 200;
const COLOURS = { body: "#8250df", seat: "#9a6700", person: "#1a7f37", organisation: "#0969da" };

let ctx = null;         // helpers from main.js: api, el, table, showError, onDate
let data = null;        // the timeline
let cy = null;
let index = 0;
let timer = null;
let selected = null;
let depth = 0;
const shownKinds = new Set(KINDS);
const nodeInfo = new Map();
const evidenceCache = new Map(); // id -> promise of /api/explore/evidence/{id} (also filled on hover)
const sourceCache = new Map();   // "section|snippet" -> /api/source's answer
let sourceShown = null;          // a section opened on its own (from an analysis row), or null
let loading = null;
let fitted = false;
const metrics = { redraw: [], lastEvidence: null, lastPanel: null, play: null };

export function initExplorer(context) {
  ctx = context;
  const $ = (s) => document.querySelector(s);
  $("#ex-slider").addEventListener("input", (e) => setIndex(Number(e.target.value), true));
  $("#ex-play").addEventListener("click", () => (timer ? pause() : play()));
  $("#ex-prev").addEventListener("click", () => setIndex(Math.max(index - 1, 0), true));
  $("#ex-next").addEventListener("click", () => setIndex(Math.min(index + 1, data.months.length - 1), true));
  for (const box of document.querySelectorAll("#ex-filters input")) {
    box.addEventListener("change", () => {
      if (box.checked) shownKinds.add(box.value); else shownKinds.delete(box.value);
      draw();
      ctx.save();
    });
  }
  $("#ex-depth").addEventListener("change", (e) => { depth = Number(e.target.value); draw(); ctx.save(); });
  $("#ex-find-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("#ex-find").value.trim().toLowerCase();
    if (!text) return;
    const hit = [...nodeInfo.values()].find((n) => n.id === text || n.name_en.toLowerCase() === text || n.name_sv.toLowerCase() === text)
      || [...nodeInfo.values()].find((n) => `${n.id} ${n.name_en} ${n.name_sv}`.toLowerCase().includes(text));
    if (hit) select(hit.id, true);
    else $("#ex-find-status").textContent = `“${$("#ex-find").value}”: —`;
  });
  $("#ex-compare-form").addEventListener("submit", (e) => { e.preventDefault(); compare(); });
  $("#ex-save").addEventListener("click", saveView);
  document.addEventListener("tmb-language", () => { if (data) { relabel(); draw(); if (selected) showEvidence(selected); } });
  window.tmbExplorer = {
    drawn, ego: egoIds, select: (id) => select(id, true), setIndex: (i) => setIndex(i, true), metrics,
    months: () => data?.months ?? [], state: () => data?.states[index], ready: () => loading, cy: () => cy,
  };
}

// The explorer's part of the page state (the URL), and back.
export function explorerState() {
  if (!data) return {};
  return {
    date: data.months[index],
    node: selected || undefined,
    source: (!selected && sourceShown?.section) || undefined,
    snippet: (!selected && sourceShown?.snippet) || undefined,
    depth: depth || undefined,
    hide: KINDS.filter((k) => !shownKinds.has(k)).join(",") || undefined,
  };
}

export async function openExplorer(values = {}) {
  if (!loading) loading = load();
  await loading;
  for (const k of KINDS) shownKinds.add(k);
  for (const k of (values.hide || "").split(",")) shownKinds.delete(k);
  for (const box of document.querySelectorAll("#ex-filters input")) box.checked = shownKinds.has(box.value);
  depth = Number(values.depth) || 0;
  document.querySelector("#ex-depth").value = String(depth);
  const at = values.date ? data.months.findIndex((m) => m >= values.date.slice(0, 7) + "-01") : -1;
  const wanted = values.date ? (at === -1 ? data.months.length - 1 : at) : index;
  // any node of the graph (an analysis row links activities and goals too, which are not drawn)
  if (values.node) { selected = values.node; sourceShown = null; }
  else if (values.source) { selected = null; sourceShown = { section: values.source, snippet: values.snippet || "" }; }
  cy.resize();
  if (!fitted) { cy.fit(undefined, 20); fitted = true; }
  setIndex(wanted, false);
  if (!performance.getEntriesByName("tmb-explore-ready").length) performance.mark("tmb-explore-ready");
  if (selected) showEvidence(selected);
  else if (sourceShown) showSectionOnly(sourceShown);
}

async function load() {
  data = await ctx.api("/api/explore/timeline");
  const $ = (s) => document.querySelector(s);
  const slider = $("#ex-slider");
  slider.max = String(data.months.length - 1);
  index = data.months.length - 1;
  for (const n of data.elements.nodes) nodeInfo.set(n.id, n);
  $("#ex-find-list").replaceChildren(...data.elements.nodes.map((n) => ctx.el("option", { value: n.name_en }, n.id)));
  const [from, to] = [$("#ex-compare-form").elements.from, $("#ex-compare-form").elements.to];
  for (const input of [from, to]) { input.min = data.period[0]; input.max = data.period[1]; }
  from.value = data.months[0];
  to.value = data.months[data.months.length - 1];
  cy = cytoscape({
    container: $("#explore-graph"),
    elements: [
      ...data.elements.nodes.map((n) => ({
        data: { id: n.id, kind: n.kind, name: n.name_en, parent: n.parent || undefined },
        position: n.position ? { x: n.position[0], y: n.position[1] } : undefined,
      })),
      ...data.elements.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, type: e.type, role: e.role } })),
    ],
    style: STYLE,
    layout: { name: "preset" },
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
  });
  relabel();
  layoutOnce();
  cy.on("tap", "node, edge", (e) => select(e.target.id(), false));
  // the evidence is asked for as the pointer comes near, so the click finds it here
  cy.on("mouseover", "node, edge", (e) => { evidenceFor(e.target.id()).catch(() => {}); });
  // a new window size fits the drawing again (a zoom, not a move: the positions stay)
  let resizing = null;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(() => { cy.resize(); cy.fit(undefined, 20); }, 100); });
}

// The positions come with the timeline (computed once on the server over the union of every
// date's graph): no layout ever runs here, a step only shows and hides, so nothing moves.
function layoutOnce() {
  cy.fit(undefined, 20);
}

function relabel() {
  const key = language() === "sv" ? "name_sv" : "name_en";
  cy.batch(() => cy.nodes().forEach((n) => {
    const full = nodeInfo.get(n.id())[key];
    n.data("name", full.length > 42 ? `${full.slice(0, 41)}…` : full);
  }));
}

function setIndex(i, push) {
  index = Math.max(0, Math.min(i, data.months.length - 1));
  const slider = document.querySelector("#ex-slider");
  slider.value = String(index);
  slider.setAttribute("aria-valuetext", data.months[index]);
  draw();
  ctx.onDate(data.months[index]);
  if (push !== undefined) ctx.save(push);
}

function play() {
  const button = document.querySelector("#ex-play");
  button.textContent = t("ex.pause");
  button.setAttribute("aria-pressed", "true");
  if (index >= data.months.length - 1) setIndex(0);
  const started = performance.now();
  const step = () => {
    if (index >= data.months.length - 1) {
      metrics.play = performance.now() - started;
      pause();
      ctx.save();
      return;
    }
    setIndex(index + 1);
    timer = setTimeout(step, STEP_MS);
  };
  timer = setTimeout(step, STEP_MS);
}

function pause() {
  clearTimeout(timer);
  timer = null;
  const button = document.querySelector("#ex-play");
  button.textContent = t("ex.play");
  button.setAttribute("aria-pressed", "false");
}

// ------------------------------------------------------------------------------ drawing one date

function draw() {
  const started = performance.now();
  const s = data.states[index];
  const ch = s.changes || {};
  const present = new Set([...s.bodies, ...s.seats, ...s.holders, ...s.organisations]);
  const held = new Set(s.tenures);
  const began = new Set(ch.began || []);
  const joined = new Set((ch.began || []).map((m) => s.mandates.find((r) => r.membership === m)?.holder).filter(Boolean));
  const replaced = new Set((ch.replaced || []).map((r) => r.seat));
  const vacant = new Set(s.vacant);
  const formed = new Set(ch.bodies_formed || []);
  const kinds = new Set(shownKinds);
  if (s.aggregated) kinds.delete("person");
  const shown = new Set([...present].filter((id) => kinds.has(nodeInfo.get(id)?.kind)));
  const inEgo = selected && depth > 0 && shown.has(selected) ? neighbourhood(selected, depth, shown, held) : null;
  const visible = inEgo || shown;
  // a body or its parent drawn only as the frame of what is visible inside it
  const frames = new Set();
  for (const id of visible) {
    for (let p = nodeInfo.get(id).parent; p; p = nodeInfo.get(p)?.parent) if (!visible.has(p)) frames.add(p);
  }
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const id = n.id();
      n.toggleClass("off", !visible.has(id) && !frames.has(id));
      n.toggleClass("frame", frames.has(id));
      n.toggleClass("vacant", vacant.has(id));
      n.toggleClass("replaced", replaced.has(id));
      n.toggleClass("joined", joined.has(id));
      n.toggleClass("formed", formed.has(id));
      n.toggleClass("chosen", id === selected);
      if (n.data("kind") === "seat" && s.aggregated) {
        const holders = s.holder_of[id] || [];
        n.data("name", `${nodeInfo.get(id)[language() === "sv" ? "name_sv" : "name_en"]} (${holders.length})`);
      }
    });
    cy.edges().forEach((e) => {
      const ends = visible.has(e.data("source")) && visible.has(e.data("target"));
      const on = ends && (e.data("type") !== "tenure" || held.has(e.id()));
      e.toggleClass("off", !on);
      e.toggleClass("began", began.has(e.id()));
      e.toggleClass("chosen", e.id() === selected);
    });
  });
  const took = performance.now() - started;
  metrics.redraw.push(took);
  if (metrics.redraw.length > 500) metrics.redraw.shift();
  renderSide(s, visible);
}

// Nodes within `steps` links of `start` among the shown nodes: a link is a held tenure, a seat's
// organisation, or a body holding a seat or another body (the compound nesting).
function neighbourhood(start, steps, shown, held) {
  const adjacent = new Map([...shown].map((id) => [id, new Set()]));
  const link = (a, b) => { if (adjacent.has(a) && adjacent.has(b)) { adjacent.get(a).add(b); adjacent.get(b).add(a); } };
  for (const e of data.elements.edges) if (e.type !== "tenure" || held.has(e.id)) link(e.source, e.target);
  for (const id of shown) { const p = nodeInfo.get(id).parent; if (p) link(id, p); }
  let frontier = new Set([start]);
  const seen = new Set([start]);
  for (let k = 0; k < steps; k++) {
    const next = new Set();
    for (const id of frontier) for (const o of adjacent.get(id) || []) if (!seen.has(o)) { seen.add(o); next.add(o); }
    frontier = next;
  }
  return seen;
}

// What is drawn now (for the tests and the bench): nodes by kind and the tenures shown.
function drawn() {
  const out = { nodes: [], bodies: [], tenures: [], frames: [] };
  cy.nodes().forEach((n) => {
    if (n.hasClass("off")) return;
    if (n.hasClass("frame")) { out.frames.push(n.id()); return; }
    out.nodes.push(n.id());
    if (n.data("kind") === "body") out.bodies.push(n.id());
  });
  cy.edges().forEach((e) => {
    const ends = !e.source().hasClass("off") && !e.target().hasClass("off");
    if (!e.hasClass("off") && ends && e.data("type") === "tenure") out.tenures.push(e.id());
  });
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

function egoIds() {
  return selected && depth > 0 ? drawn().nodes : [];
}

function name(id) {
  const n = nodeInfo.get(id);
  return n ? n[language() === "sv" ? "name_sv" : "name_en"] : id;
}

function renderSide(s, visible) {
  const { el } = ctx;
  const $ = (q) => document.querySelector(q);
  $("#ex-date").textContent = s.date;
  $("#ex-counts").textContent = t("ex.counts", s);
  $("#ex-aggregated").textContent = s.aggregated ? t("ex.aggregated", s.nodes, data.max_visible) : "";
  const ch = s.changes;
  const items = [];
  if (ch) {
    const row = (cls, label, ids, describe) => ids.forEach((id) => items.push(el("li", { class: `change ${cls}`, "data-id": id },
      el("span", { class: "badge" }, label), " ", describe(id))));
    const tenure = (m) => {
      const r = s.mandates.find((x) => x.membership === m) || data.states[index - 1]?.mandates.find((x) => x.membership === m);
      return r ? el("button", { type: "button", class: "linkish", onclick: () => select(m, true) }, `${name(r.holder)} — ${name(r.seat)} (${name(r.body)})`) : m;
    };
    row("began", t("ex.began"), ch.began, tenure);
    row("ended", t("ex.ended"), ch.ended, tenure);
    (ch.replaced || []).forEach((r) => items.push(el("li", { class: "change replaced", "data-id": r.seat }, el("span", { class: "badge" }, t("ex.replaced")), " ",
      `${name(r.seat)}: ${r.before.map(name).join(", ")} → ${r.after.map(name).join(", ")}`)));
    row("vacated", t("ex.vacated"), ch.vacated, name);
    row("formed", t("ex.formed"), ch.bodies_formed, name);
    row("dissolved", t("ex.dissolved"), ch.bodies_ended, name);
  }
  $("#ex-changes").replaceChildren(items.length ? el("ul", { class: "changes" }, items)
    : el("p", { class: "muted" }, ch ? t("ex.nochanges") : t("ex.first")));
  // the organisation as a list: the keyboard's way into the graph
  const tree = [];
  const childrenOf = new Map();
  for (const id of visible) {
    const p = nodeInfo.get(id).parent;
    if (p) { if (!childrenOf.has(p)) childrenOf.set(p, []); childrenOf.get(p).push(id); }
  }
  const item = (id) => {
    const kids = (childrenOf.get(id) || []).sort();
    const holders = nodeInfo.get(id).kind === "seat" ? (s.holder_of[id] || []).filter((h) => visible.has(h)) : [];
    const vacant = s.vacant.includes(id);
    return el("li", {},
      el("button", { type: "button", class: `node-item ${nodeInfo.get(id).kind}`, "data-id": id, "aria-pressed": id === selected ? "true" : "false",
        onclick: () => select(id, false), onpointerenter: () => prefetch(id), onfocus: () => prefetch(id) }, name(id), vacant ? el("span", { class: "badge vacant" }, t("ex.vacated")) : null),
      holders.length ? el("ul", {}, holders.map((h) => el("li", {}, el("button", { type: "button", class: "node-item person", "data-id": h,
        onclick: () => select(h, false), onpointerenter: () => prefetch(h), onfocus: () => prefetch(h) }, name(h))))) : null,
      kids.length ? el("ul", {}, kids.map(item)) : null);
  };
  for (const id of [...visible].sort()) {
    const info = nodeInfo.get(id);
    if (info.kind === "body" && !(info.parent && visible.has(info.parent))) tree.push(item(id));
  }
  const focused = document.activeElement?.closest?.("#ex-tree") ? document.activeElement.dataset.id : null;
  $("#ex-tree").replaceChildren(...tree);
  if (focused) $(`#ex-tree button[data-id="${CSS.escape(focused)}"]`)?.focus(); // a keyboard user keeps their place
  $("#ex-mandates-title").textContent = `${t("ex.mandates")} ${s.date} (${s.mandates.length})`;
  const nodes = new Set(s.mandates.flatMap((r) => [r.holder, r.organisation, r.body, r.membership]));
  $("#ex-mandates").replaceChildren(ctx.table(["membership", "holder", "organisation", "body", "seat", "role", "start", "end", "sections"],
    s.mandates.map((r) => [r.membership, r.holder, r.organisation, r.body, r.seat, r.role, r.start, r.end, r.sections]), nodes, "mandates"));
}

// ------------------------------------------------------------------------------ selection and evidence

function select(id, centre) {
  const started = performance.now(); // the panel's time counts from the click
  evidenceFor(id).catch(() => {}); // asked for first: the answer travels while the graph is marked
  selected = id;
  sourceShown = null;
  const target = cy.getElementById(id);
  if (target.nonempty() && centre) cy.animate({ center: { eles: target }, duration: 0 });
  if (depth > 0) draw(); // the ego network follows the selection
  else markChosen();     // nothing else changes: only the mark moves
  ctx.save(true);
  showEvidence(id, started);
}

// The selection's mark on the drawing and in the list, without redrawing the date.
function markChosen() {
  cy.batch(() => {
    cy.$(".chosen").removeClass("chosen");
    if (selected) cy.getElementById(selected).addClass("chosen");
  });
  for (const b of document.querySelectorAll("#ex-tree button.node-item")) b.setAttribute("aria-pressed", b.dataset.id === selected ? "true" : "false");
}

// One request for the panel: the node's facts and provenance, and its first cited section with
// the snippet located (GET /api/explore/evidence/{id}); kept, so it is asked for once.
function evidenceFor(id) {
  if (!evidenceCache.has(id)) {
    const asked = ctx.api(`/api/explore/evidence/${encodeURIComponent(id)}`);
    asked.catch(() => evidenceCache.delete(id)); // a failure is asked again next time
    evidenceCache.set(id, asked);
  }
  return evidenceCache.get(id);
}

function prefetch(id) {
  evidenceFor(id).catch(() => {});
}

const sourceKey = (section, snippet) => `${section}|${snippet || ""}`;

async function showEvidence(id, started = performance.now()) {
  const { el } = ctx;
  const panel = document.querySelector("#ex-evidence");
  try {
    const n = await evidenceFor(id);
    if (selected !== id) return;
    if (n.source) sourceCache.set(sourceKey(n.source.for, n.source.snippet), n.source); // the first section came with it
    const keep = ["role", "authority", "kind", "start", "end", "status", "reason", "reasons", "org_type", "note", "start_inferred", "end_inferred", "label"];
    const facts = Object.entries(n.properties).filter(([k]) => keep.includes(k));
    const parts = [
      el("h3", { id: "ex-evidence-title", tabindex: "-1" }, n.name, " ", n.labels.map((l) => el("span", { class: "badge" }, l))),
      el("p", { class: "muted" }, el("code", {}, n.id), " · ", ctx.nodeLink(n.id, "all links")),
      el("h4", {}, t("ex.facts")),
      facts.length ? el("dl", { class: "facts" }, facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, ctx.cellText(v))])) : null,
    ];
    if (n.mandates?.rows.length) {
      const columns = ["membership", "holder", "body", "role", "start", "end"].filter((c) => n.mandates.columns.includes(c));
      parts.push(ctx.table(columns, n.mandates.rows, new Set(), "mandates"));
    }
    parts.push(el("h4", {}, t("ex.sources")));
    if (n.sources.length) {
      parts.push(el("ol", { class: "provenance" }, n.sources.map((src, i) => el("li", { "data-section": src.section },
        el("strong", {}, `§${src.section} ${src.title}`), " ",
        el("span", { class: `badge ${src.inferred ? "inferred" : "stated"}` }, src.inferred ? t("ex.inferred") : t("ex.stated")),
        src.evidence ? el("blockquote", { lang: "sv" }, `“${src.evidence}”`) : null,
        src.note ? el("p", { class: "note" }, src.note) : null,
        el("button", { type: "button", class: "small", onclick: () => showSource(src, true) }, `${t("ex.showsource")} §${src.section}`)))));
    } else {
      parts.push(el("p", { class: "muted" }, t("ex.noprov")));
    }
    parts.push(el("div", { id: "ex-source", class: "source", "aria-live": "polite" }));
    panel.replaceChildren(...parts.filter(Boolean));
    metrics.lastPanel = performance.now() - started; // facts and provenance shown; the source follows
    const first = n.sources.find((x) => x.evidence) || n.sources[0];
    if (first) await showSource(first, false);
    metrics.lastEvidence = performance.now() - started;
    panel.dataset.shown = id;
  } catch (error) {
    ctx.showError(panel, error);
  }
}

// A section opened on its own, from an analysis row's `sections` cell: the source view, with the
// row's evidence highlighted where the row has one.
async function showSectionOnly(shown) {
  const { el } = ctx;
  const panel = document.querySelector("#ex-evidence");
  panel.replaceChildren(el("h3", { id: "ex-evidence-title", tabindex: "-1" }, `${t("ex.source")} §${shown.section}`),
    shown.snippet ? el("blockquote", { lang: "sv" }, `“${shown.snippet}”`) : null,
    el("div", { id: "ex-source", class: "source", "aria-live": "polite" }));
  try {
    await showSource({ section: shown.section, evidence: shown.snippet }, true);
    panel.dataset.shown = `§${shown.section}`;
  } catch (error) {
    ctx.showError(panel, error);
  }
}

async function showSource(src, focus) {
  const { el } = ctx;
  const box = document.querySelector("#ex-source");
  const section = src.section_id || src.section;
  const key = sourceKey(section, src.evidence);
  if (!sourceCache.has(key)) {
    const params = src.evidence ? { snippet: src.evidence } : {};
    sourceCache.set(key, await ctx.api(`/api/source/${encodeURIComponent(section)}`, params));
  }
  const doc = sourceCache.get(key);
  if (!doc.available) {
    box.replaceChildren(el("h4", {}, `${t("ex.source")} §${src.section}`), el("p", { class: "notice", role: "note" }, t("ex.nosource")),
      el("p", { class: "muted" }, doc.why));
    return;
  }
  const pieces = [];
  let at = 0;
  for (const [from, to] of doc.marks) {
    pieces.push(doc.text.slice(at, from), el("mark", { tabindex: "-1" }, doc.text.slice(from, to)));
    at = to;
  }
  pieces.push(doc.text.slice(at));
  const pre = el("pre", { class: "source-text", lang: "sv", tabindex: "0", "aria-label": `${t("ex.source")} §${doc.section}` }, pieces);
  box.replaceChildren(
    el("h4", {}, `${t("ex.source")} §${doc.section}`, el("span", { class: "muted" }, ` — ${doc.file}, lines ${doc.first_line}–${doc.last_line}`)),
    ...(src.evidence && !doc.marks.length ? [el("p", { class: "notice" }, t("ex.notfound"))] : []),
    pre);
  const mark = pre.querySelector("mark");
  if (mark) {
    pre.scrollTop = Math.max(mark.offsetTop - pre.offsetTop - 40, 0);
    if (focus) mark.focus();
  }
}

// ------------------------------------------------------------------------------ compare, save

async function compare() {
  const { el } = ctx;
  const f = document.querySelector("#ex-compare-form").elements;
  const target = document.querySelector("#ex-compare-result");
  try {
    const d = await ctx.api("/api/explore/compare", { from: f.from.value, to: f.to.value });
    const tenure = (m) => {
      const r = d.rows[m];
      return el("li", { "data-tenure": m }, el("button", { type: "button", class: "linkish", onclick: () => select(m, true) },
        r ? `${name(r.holder)} — ${name(r.seat)} (${name(r.body)}, ${r.role})` : m), " ", el("code", { class: "muted" }, m));
    };
    const section = (key, list) => [el("h4", {}, `${t(`ex.${key}`)} (${list.length})`),
      list.length ? el("ul", { "data-list": key }, list) : el("p", { class: "muted" }, "—")];
    target.replaceChildren(
      el("p", { role: "status" }, `${d.from} → ${d.to}`),
      ...section("began", d.began.map(tenure)),
      ...section("ended", d.ended.map(tenure)),
      ...section("replaced", d.replaced.map((r) => el("li", { "data-seat": r.seat }, `${name(r.seat)}: ${r.before.map(name).join(", ")} → ${r.after.map(name).join(", ")}`))),
      ...section("vacated", d.vacated.map((s) => el("li", { "data-seat": s }, name(s)))),
      ...section("formed", d.bodies_formed.map((b) => el("li", {}, name(b)))),
      ...section("dissolved", d.bodies_ended.map((b) => el("li", {}, name(b)))),
    );
  } catch (error) {
    ctx.showError(target, error);
  }
}

function saveView() {
  const positions = {};
  const boxes = {};
  cy.nodes().forEach((n) => {
    if (n.isParent()) { const b = n.boundingBox({ includeLabels: false }); boxes[n.id()] = [b.x1, b.y1, b.w, b.h]; }
    else { const p = n.position(); positions[n.id()] = [Math.round(p.x), Math.round(p.y)]; }
  });
  // parents' boxes over every date: the union's extent, so a frame never jumps
  for (const n of data.elements.nodes) {
    if (!boxes[n.id] || !cy.getElementById(n.id).isParent()) continue;
    const kids = cy.getElementById(n.id).descendants().filter((k) => !k.isParent());
    const xs = kids.map((k) => k.position("x")), ys = kids.map((k) => k.position("y"));
    boxes[n.id] = [Math.min(...xs) - 30, Math.min(...ys) - 34, Math.max(...xs) - Math.min(...xs) + 60, Math.max(...ys) - Math.min(...ys) + 60];
  }
  const html = savedViewHtml({
    lang: language(), index, selected, depth, hide: KINDS.filter((k) => !shownKinds.has(k)),
    ego: selected && depth > 0 ? drawn().nodes : null, // the ego network as it stood on the saved date
    months: data.months, nodes: data.elements.nodes, edges: data.elements.edges, positions, boxes,
    states: data.states.map((s) => ({
      date: s.date, bodies: s.bodies, seats: s.seats, vacant: s.vacant, tenures: s.tenures, holders: s.holders,
      organisations: s.organisations, changes: s.changes && { began: s.changes.began, ended: s.changes.ended, replaced: s.changes.replaced, vacated: s.changes.vacated, bodies_formed: s.changes.bodies_formed, bodies_ended: s.changes.bodies_ended },
      mandates: s.mandates.map((r) => [r.membership, r.holder, r.organisation, r.body, r.seat, r.role, r.start, r.end]),
    })),
  });
  const blob = new Blob([html], { type: "text/html" });
  const a = ctx.el("a", { href: URL.createObjectURL(blob), download: `tmb-organisation-${data.months[index]}.html` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  metrics.savedBytes = html.length;
}

const STYLE = [
  { selector: "node", style: {
    label: "data(name)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 116, "text-valign": "bottom", "text-margin-y": 2,
    width: 14, height: 14, color: "#1f2328", "background-color": (n) => COLOURS[n.data("kind")] || "#57606a",
    "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1, "min-zoomed-font-size": 5,
  } },
  { selector: "node[kind='seat']", style: { shape: "round-rectangle", width: 12, height: 12 } },
  { selector: "node[kind='organisation']", style: { shape: "diamond", width: 16, height: 16 } },
  { selector: ":parent", style: {
    "background-color": "#f3eefc", "background-opacity": 0.6, "border-color": "#8250df", "border-width": 1.5, shape: "round-rectangle",
    "text-valign": "top", "text-halign": "center", "font-weight": "bold", "font-size": 12, padding: 12, "min-zoomed-font-size": 0, "text-max-width": 300, "text-wrap": "ellipsis",
  } },
  { selector: "edge", style: { width: 1.2, "line-color": "#8c959f", "curve-style": "straight", "target-arrow-shape": "none" } },
  { selector: "edge[type='tenure']", style: { width: 2, "line-color": "#1a7f37" } },
  { selector: "edge[type='of']", style: { "line-style": "dotted", "line-color": "#afb8c1" } },
  { selector: "edge[type='part_of']", style: { "line-style": "dashed", "line-color": "#c297ff", width: 1 } },
  { selector: ".off", style: { display: "none" } },
  { selector: ".frame", style: { "border-style": "dashed", "background-opacity": 0.15, color: "#57606a" } },
  { selector: ".vacant", style: { "background-color": "#fff", "border-width": 2, "border-color": "#cf222e", "border-style": "dashed" } },
  { selector: ".replaced", style: { "border-width": 3, "border-color": "#bc4c00" } },
  { selector: ".joined", style: { "border-width": 3, "border-color": "#bf8700" } },
  { selector: ".formed", style: { "border-width": 3, "border-color": "#bf8700" } },
  { selector: "edge.began", style: { "line-color": "#bf8700", width: 3.5 } },
  { selector: ".chosen", style: { "overlay-color": "#0969da", "overlay-opacity": 0.25, "overlay-padding": 5 } },
];
