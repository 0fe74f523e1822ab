// The Network tab (issue 17): every metric of `tmb analyse network` over time as a line chart,
// the Covid-19 period shaded and the widest departure marked as `tmb plot network` marks them,
// the per-body breakdown, the governance reading with links to its evidence (the explorer's
// evidence panel and source view, as the analyses' tables link), and the what-if comparison.
// Every figure comes from GET /api/network, which is `tmb analyse network -f json` plus how to
// draw it (tmb_graph/serve/network.py); nothing is computed here but positions.
import "./network.css";

const SVG = "http://www.w3.org/2000/svg";
const W = 330, H = 150, M = { l: 44, r: 12, t: 12, b: 28 };
let ctx = null;
let shown = "";  // the request drawn last ("by|body|programme")
const current = { by: "quarter", body: "" };

export function initNetwork(context) {
  ctx = context;
}

// The page's part of the address (the tab's state survives a reload or a shared link).
export function networkState() {
  return { by: current.by, nbody: current.body || undefined };
}

export async function openNetwork(values = {}) {
  if (["month", "quarter", "year"].includes(values.by)) current.by = values.by;
  if (values.nbody !== undefined) current.body = values.nbody || "";
  const key = `${current.by}|${current.body}|${ctx.programme()}`;
  if (key === shown) return;
  shown = key;
  const target = document.getElementById("network-page");
  target.setAttribute("aria-busy", "true");
  target.replaceChildren(ctx.el("p", { class: "muted" }, "measuring…"));
  const started = performance.now();
  try {
    const doc = await ctx.api("/api/network", { by: current.by, body: current.body });
    if (key !== shown) return; // another choice was made meanwhile: its answer draws
    target.replaceChildren(...render(doc));
    target.dataset.ms = String(Math.round(performance.now() - started));
  } catch (error) {
    if (key !== shown) return;
    shown = "";
    ctx.showError(target, error);
  } finally {
    target.removeAttribute("aria-busy");
  }
}

function render(doc) {
  const el = ctx.el;
  const periods = doc.tables.periods;
  const nodes = new Set(doc.nodes || []);
  const form = el("form", { class: "card inline", id: "network-form" },
    el("label", {}, "Periods ", el("select", { name: "by", id: "network-by" },
      ["month", "quarter", "year"].map((b) => el("option", { value: b, selected: b === doc.by }, b)))),
    el("label", {}, "Bodies ", el("select", { name: "body", id: "network-body" },
      el("option", { value: "" }, "the whole programme"),
      doc.bodies.map((b) => el("option", { value: b.id, selected: b.id === (doc.body || "") }, `${b.name} (${b.id})`)))),
    el("span", { class: "muted" }, "as ", el("code", {}, `tmb analyse network --by ${doc.by}${doc.body ? ` --body ${doc.body}` : ""}`)));
  form.addEventListener("change", () => {
    openNetwork({ by: form.elements.by.value, nbody: form.elements.body.value }).then(() => ctx.save(true));
  });
  const charts = doc.panels.map((panel) => el("section", { class: "net-panel" },
    el("h3", {}, panel.title),
    el("div", { class: "net-charts" }, panel.metrics.map((m) => chart(doc, periods, m)))));
  const mark = doc.mark ? el("p", { class: "muted" }, "Marked on the turnover chart: ", doc.mark.text.replace("\n", " "), ` (${doc.mark.day}).`) : null;
  const links = (date) => ({ nodes, date });
  const govRows = doc.tables.governance;
  return [
    el("h2", {}, "Collaboration measured over time"),
    el("p", { class: "title", id: "network-summary" }, doc.summary),
    form,
    el("p", { class: "muted" }, svg("svg", { width: 12, height: 12, "aria-hidden": "true" }, svg("rect", { width: 12, height: 12, fill: "#fde0dd" })), ` Shaded: ${doc.covid_label}. `,
      "Hover or focus a point for its value; every figure is also in the tables below."),
    mark,
    ...charts,
    el("h3", {}, "Per body"),
    tableOf(doc.tables.bodies, nodes, "bodies per period", null),
    el("h3", {}, "Governance form (Provan & Kenis)"),
    el("p", { class: "muted" }, "Who convenes, who holds the administrative roles, who decides — each reading with the tenures and sections it rests on (they open in the explorer's evidence panel)."),
    govRows.length ? ctx.table(Object.keys(govRows[0]), govRows, nodes, "governance per period", links(periods.length ? periods[periods.length - 1].start : "")) : el("p", { class: "muted" }, "empty"),
    el("h3", {}, "What if"),
    el("p", { class: "muted" }, "The same metrics on a perturbed copy of the graph: the widest replacement cascade removed (the person stays), and the seats of the strongest broker removed."),
    tableOf(doc.tables.whatif || [], nodes, "what-if comparison", null),
    el("details", { class: "card" }, el("summary", {}, `All figures per ${doc.by} (the periods table)`),
      tableOf(periods, nodes, "periods", null)),
  ];
}

function tableOf(rows, nodes, caption, links) {
  if (!rows.length) return ctx.el("p", { class: "muted" }, "empty");
  return ctx.table(Object.keys(rows[0]), rows, nodes, caption, links);
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const day = (s) => Date.parse(`${s}T00:00:00Z`);

// One metric as a line over the periods' midpoints, with its points labelled for the tests and
// for screen readers (each point: <title> and data-period/data-value).
function chart(doc, periods, metric) {
  const el = ctx.el;
  const values = periods.map((r) => r[metric.column]);
  const numbers = values.filter((v) => typeof v === "number");
  const top = Math.max(1e-9, ...numbers);
  const n = Math.max(1, periods.length);
  const x0 = M.l, x1 = W - M.r, y0 = H - M.b, y1 = M.t;
  const band = (x1 - x0) / n;
  const xOf = (i) => x0 + band * (i + 0.5);
  const yOf = (v) => y0 - (v / top) * (y0 - y1);
  const parts = [];
  // the Covid-19 period, from its first day (inside the period it falls in) to the end
  const first = periods.findIndex((r) => r.covid);
  if (first >= 0) {
    const p = periods[first];
    const frac = Math.max(0, Math.min(1, (day(doc.covid_start) - day(p.start)) / (day(p.end) - day(p.start))));
    const from = x0 + band * (first + frac);
    parts.push(svg("rect", { class: "covid", x: from, y: y1, width: x1 - from, height: y0 - y1, fill: "#fde0dd" },
      svg("title", {}, doc.covid_label)));
    parts.push(svg("text", { x: from + 3, y: y1 + 11, "font-size": 10, fill: "#9b0000" }, "Covid-19"));
  }
  parts.push(svg("line", { x1: x0, x2: x1, y1: y0, y2: y0, stroke: "#767676" }));
  parts.push(svg("line", { x1: x0, x2: x0, y1: y0, y2: y1, stroke: "#767676" }));
  parts.push(svg("text", { x: x0 - 4, y: y0, "text-anchor": "end", "font-size": 10, fill: "#333" }, "0"));
  parts.push(svg("text", { x: x0 - 4, y: y1 + 8, "text-anchor": "end", "font-size": 10, fill: "#333" }, numbers.length ? fmt(top) : "–"));
  if (periods.length) {
    parts.push(svg("text", { x: x0, y: H - 8, "font-size": 10, fill: "#333" }, periods[0].period));
    if (periods.length > 1) parts.push(svg("text", { x: x1, y: H - 8, "text-anchor": "end", "font-size": 10, fill: "#333" }, periods[periods.length - 1].period));
  }
  // the line, broken where a period has no value
  let d = "", open = false;
  values.forEach((v, i) => {
    if (typeof v !== "number") { open = false; return; }
    d += `${open ? "L" : "M"}${xOf(i).toFixed(1)},${yOf(v).toFixed(1)}`;
    open = true;
  });
  if (d) parts.push(svg("path", { d, fill: "none", stroke: metric.colour, "stroke-width": 2 }));
  if (doc.mark && doc.mark.metric === metric.column) {
    const i = periods.findIndex((r) => r.start <= doc.mark.day && doc.mark.day < r.end);
    if (i >= 0) {
      parts.push(svg("line", { class: "mark", x1: xOf(i), x2: xOf(i), y1: y0, y2: y1, stroke: "#555", "stroke-dasharray": "3 3" },
        svg("title", {}, doc.mark.text)));
    }
  }
  values.forEach((v, i) => {
    if (typeof v !== "number") return;
    parts.push(svg("circle", { class: "pt", cx: xOf(i), cy: yOf(v), r: periods.length > 40 ? 2 : 3, fill: metric.colour,
      "data-period": periods[i].period, "data-value": v }, svg("title", {}, `${periods[i].period}: ${fmt(v)}`)));
  });
  const label = `${metric.label} per ${doc.by}, ${periods.length ? `${periods[0].period} to ${periods[periods.length - 1].period}` : "no period"}`;
  return el("figure", { class: "net-chart", "data-metric": metric.column },
    svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": label }, parts),
    el("figcaption", {}, svg("svg", { width: 12, height: 12, "aria-hidden": "true" }, svg("rect", { width: 12, height: 12, fill: metric.colour })), ` ${metric.label}`));
}

function fmt(v) {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}
