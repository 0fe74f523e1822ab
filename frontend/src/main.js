// The workbench page: one script, no framework. State lives in the URL (so a reload or a link
// reproduces it) and the query history in localStorage. Every request goes to this server only.
import "./style.css";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching,
} from "@codemirror/language";
import { autocompletion, completionKeymap, closeBrackets } from "@codemirror/autocomplete";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { createCypherEditor } from "@neo4j-cypher/codemirror";
import "@neo4j-cypher/codemirror/css/cypher-codemirror.css";
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { initExplorer, openExplorer, explorerState } from "./explore.js";
import { initNetwork, openNetwork, networkState } from "./network.js";
import { initNational, openNational, currentProgramme, restoreProgramme } from "./national.js";
import { setLanguage, initialLanguage, language, t } from "./i18n.js";

cytoscape.use(fcose);

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
};

const state = {
  schema: null,
  library: [],
  engine: "sparql",
  texts: { sparql: "", cypher: "" },
  params: [],
  editor: null,
  cypher: null,
};

const EXAMPLES = {
  sparql: "# Work groups and who convened them\nSELECT ?body ?name ?convener WHERE {\n  ?b a tmb:Body ; tmb:kind ?kind .\n  FILTER(?kind = \"work_group\")\n}\nLIMIT 20\n",
  cypher: "// Who held a seat in a body on a day ($at)\nMATCH (p:Person)-[:HOLDS]->(m:Membership)-[:IN_BODY]->(b:Body)\nWHERE m.start_earliest <= $at AND (m.end_earliest IS NULL OR m.end_earliest > $at)\nRETURN b.id AS body, m.role AS role, p.id AS person\nORDER BY body, role\nLIMIT 50\n",
};

// ---------------------------------------------------------------------------------- the API

async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  if (currentProgramme() && SCOPED.test(path)) url.searchParams.set("programme", currentProgramme());
  const response = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw Object.assign(new Error(body.error || `HTTP ${response.status}`), body, { status: response.status });
  return body;
}

function downloadUrl(path, params, format) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  if (currentProgramme() && SCOPED.test(path)) url.searchParams.set("programme", currentProgramme());
  url.searchParams.set("format", format);
  return url.pathname + url.search;
}

// ---------------------------------------------------------------------------------- URL state

function readUrl() {
  const q = new URLSearchParams(location.search);
  return Object.fromEntries(q.entries());
}

function writeUrl(values, push = false) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const url = `${location.pathname}?${q}`;
  if (url !== location.pathname + location.search) window.history[push ? "pushState" : "replaceState"](null, "", url);
}

// ---------------------------------------------------------------------------------- tabs

const TABS = ["library", "ask", "search", "mandates", "analyses", "network", "explore", "plots", "national"];
// the routes that answer within the programme chosen in a dataset (national.js)
const SCOPED = /^\/api\/(query|library(\/|$)|mandates|analyses\/|network)/;

function showTab(name, focus = false, explore = {}) {
  for (const t of TABS) {
    const tab = $(`#tab-${t}`);
    const on = t === name;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    tab.tabIndex = on ? 0 : -1;
    $(`#panel-${t}`).hidden = !on;
  }
  if (name === "ask") ensureEditor();
  let opened = null;
  if (name === "explore") opened = openExplorer(explore).catch((error) => showError($("#ex-evidence"), error));
  if (name === "plots") renderPlots();
  if (name === "network") opened = openNetwork();
  if (name === "national") opened = openNational().catch((error) => showError($("#national-notes"), error));
  if (focus) $(`#tab-${name}`).focus();
  return opened;
}

function currentTab() {
  return TABS.find((t) => !$(`#panel-${t}`).hidden) || "library";
}

function setupTabs() {
  for (const t of TABS) {
    $(`#tab-${t}`).addEventListener("click", () => {
      showTab(t);
      saveState(true);
    });
  }
  $("nav[role=tablist]").addEventListener("keydown", (e) => {
    const shown = TABS.filter((t) => !$(`#tab-${t}`).hidden); // National only in a dataset
    const i = shown.indexOf(currentTab());
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      const next = shown[(i + (e.key === "ArrowRight" ? 1 : shown.length - 1)) % shown.length];
      showTab(next, true);
      saveState(true);
      e.preventDefault();
    }
  });
}

// ---------------------------------------------------------------------------------- results

function cellText(v) {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(cellText).join("; ");
  if (typeof v === "object") {
    if (v.id) return v.id;
    return Object.entries(v).map(([k, x]) => `${k}: ${cellText(x)}`).join("; ");
  }
  return String(v);
}

function nodeLink(id, text) {
  return el("a", { href: `?tab=search&node=${encodeURIComponent(id)}`, "data-node": id, class: "node-link" }, text ?? id);
}

// An analysis row's links: a node to the explorer's evidence panel for it (on the analysis' date),
// a section to the explorer's source view with the row's evidence highlighted.
function evidenceLink(id, date) {
  const q = new URLSearchParams({ tab: "explore", node: id });
  if (date) q.set("date", date);
  return el("a", { href: `?${q}`, "data-evidence": id, "data-date": date || null, class: "evidence-link" }, id);
}

function sourceLink(section, snippet) {
  const q = new URLSearchParams({ tab: "explore", source: section });
  if (snippet) q.set("snippet", snippet);
  return el("a", { href: `?${q}`, "data-source": section, "data-snippet": snippet || null, class: "source-link",
    "aria-label": `source §${section}` }, `§${section}`);
}

function evidenceCell(v, column, row, links) {
  const items = Array.isArray(v) ? v : [v];
  if (!items.length || !items.every((x) => typeof x === "string")) return cellText(v);
  const one = column === "sections"
    ? (x) => sourceLink(x, typeof row.evidence === "string" ? row.evidence : "")
    : (x) => (links.nodes.has(x) ? evidenceLink(x, links.date) : x);
  if (column !== "sections" && !items.some((x) => links.nodes.has(x))) return cellText(v);
  return items.flatMap((x, i) => (i ? ["; ", one(x)] : [one(x)]));
}

function cell(v, nodes) {
  if (v && typeof v === "object" && !Array.isArray(v) && typeof v.id === "string" && nodes.has(v.id)) return nodeLink(v.id);
  if (typeof v === "string") {
    const local = /^https?:\/\//.test(v) ? v.split(/[/#]/).pop() : v;
    if (nodes.has(local)) return nodeLink(local, v);
  }
  return cellText(v);
}

// A table whose columns sort on click (and on Enter/Space: the headers are buttons). With
// `links` ({nodes, date}: an analysis' table) ids link to their evidence and sections to the source.
function table(columns, rows, nodes = new Set(), caption = null, links = null) {
  const data = rows.map((r) => (Array.isArray(r) ? r : columns.map((c) => r[c])));
  const tbody = el("tbody");
  let order = { col: -1, dir: 1 };
  const render = (v, i, r) => {
    if (!links) return cell(v, nodes);
    return evidenceCell(v, columns[i], Object.fromEntries(columns.map((c, k) => [c, r[k]])), links);
  };
  const fill = () => {
    tbody.replaceChildren(...data.map((r) => el("tr", {}, r.map((v, i) => el("td", {}, render(v, i, r))))));
  };
  const head = el("tr", {}, columns.map((c, i) => {
    const th = el("th", { scope: "col", "aria-sort": "none" });
    const button = el("button", { type: "button", class: "sort" }, c);
    button.addEventListener("click", () => {
      order = { col: i, dir: order.col === i ? -order.dir : 1 };
      data.sort((a, b) => compare(a[i], b[i]) * order.dir);
      for (const other of head.children) other.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", order.dir > 0 ? "ascending" : "descending");
      fill();
    });
    th.append(button);
    return th;
  }));
  fill();
  const t = el("table", { class: "data" }, caption ? el("caption", {}, caption) : null, el("thead", {}, head), tbody);
  return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption || "results" }, t);
}

function compare(a, b) {
  const x = cellText(a), y = cellText(b);
  const nx = Number(x), ny = Number(y);
  if (x !== "" && y !== "" && !Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
  return x.localeCompare(y, "sv");
}

const COLOURS = {
  Organisation: "#1f6feb", Body: "#8250df", Person: "#2da44e", Post: "#bf8700", Membership: "#cf222e",
  Activity: "#0a7d8c", Goal: "#9a6700", TargetGroup: "#6e7781", IdealLayer: "#953800", Observation: "#57606a",
};

function drawGraph(container, graph) {
  const elements = [
    ...graph.nodes.map((n) => ({ data: { id: n.id, name: n.name.length > 40 ? `${n.name.slice(0, 39)}…` : n.name, label: n.label } })),
    ...graph.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, type: e.type } })),
  ];
  const cy = cytoscape({
    container,
    elements,
    style: [
      { selector: "node", style: {
        label: "data(name)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120, "text-valign": "bottom",
        "background-color": (n) => COLOURS[n.data("label")] || "#57606a", width: 18, height: 18, color: "#1f2328",
      } },
      { selector: "edge", style: {
        width: 1.2, "line-color": "#afb8c1", "target-arrow-color": "#afb8c1", "target-arrow-shape": "triangle",
        "curve-style": "bezier", label: "data(type)", "font-size": 8, color: "#57606a", "text-rotation": "autorotate",
      } },
    ],
    layout: { name: graph.nodes.length > 1 ? "fcose" : "grid", animate: false, randomize: true, nodeRepulsion: 45000, idealEdgeLength: 160, nodeSeparation: 120, padding: 30 },
    wheelSensitivity: 0.3,
  });
  cy.on("tap", "node", (e) => openNode(e.target.id()));
  window.tmbGraph = cy;
  return cy;
}

// Show a query's answer: counts, downloads, a table, and a graph when rows hold nodes.
function showAnswer(target, answer, downloadOf) {
  const nodes = new Set((answer.graph?.nodes || []).map((n) => n.id));
  const parts = [];
  if (answer.title) {
    parts.push(el("p", { class: "title" }, answer.title, answer.sections ? el("span", { class: "muted" }, ` — §${answer.sections.join(", §")}`) : null));
  }
  const summary = `${answer.row_count} row(s)${answer.truncated ? `, first ${answer.rows.length} shown` : ""} in ${(answer.seconds * 1000).toFixed(0)} ms`;
  const downloads = el("span", { class: "downloads" }, "Download: ",
    answer.formats.map((f) => el("a", { href: downloadOf(f), download: "", class: "download" }, f)));
  parts.push(el("div", { class: "result-head" }, el("span", { class: "count", role: "status" }, summary), downloads));
  if (answer.kind === "ask") {
    parts.push(el("p", { class: "ask" }, answer.rows[0]?.[0] ? "yes (true)" : "no (false)"));
  } else if (answer.rows.length === 0) {
    parts.push(el("p", { class: "muted" }, "No rows."));
  } else {
    const tableView = table(answer.columns, answer.rows, nodes);
    if (answer.graph && answer.graph.nodes.length) {
      const graphBox = el("div", { class: "graph", role: "img", "aria-label": `graph of ${answer.graph.nodes.length} nodes` });
      const tabs = el("div", { class: "view-switch" },
        el("button", { type: "button", "aria-pressed": "true", onclick: (e) => switchView(e, tableView, graphBox) }, "Table"),
        el("button", { type: "button", "aria-pressed": "false", onclick: (e) => switchView(e, graphBox, tableView, answer.graph) }, `Graph (${answer.graph.nodes.length} nodes)`));
      graphBox.hidden = true;
      parts.push(tabs, tableView, graphBox);
    } else {
      parts.push(tableView);
    }
  }
  target.replaceChildren(...parts);
}

function switchView(e, show, hide, graph) {
  for (const b of e.target.parentElement.children) b.setAttribute("aria-pressed", b === e.target ? "true" : "false");
  show.hidden = false;
  hide.hidden = true;
  if (graph && !show.dataset.drawn) {
    show.dataset.drawn = "1";
    drawGraph(show, graph);
  }
}

function showError(target, error) {
  const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ""})` : "";
  target.replaceChildren(el("div", { class: "error", role: "alert" }, `${error.message}${where}`));
}

// ---------------------------------------------------------------------------------- the editors

function sparqlCompletions(context) {
  const word = context.matchBefore(/[\w:?$-]*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  const s = state.schema;
  const vars = [...new Set((context.state.doc.toString().match(/[?$]\w+/g) || []))];
  const options = [
    ...s.classes.map((c) => ({ label: c, type: "class", detail: "class" })),
    ...s.properties.map((p) => ({ label: p, type: "property", detail: "property" })),
    ...Object.keys(s.prefixes).map((p) => ({ label: `${p}:`, type: "namespace", detail: s.prefixes[p] })),
    ...["SELECT", "WHERE", "FILTER", "OPTIONAL", "ORDER BY", "GROUP BY", "DISTINCT", "LIMIT", "COUNT", "CONSTRUCT", "DESCRIBE", "ASK", "VALUES", "BIND", "UNION", "MINUS", "GROUP_CONCAT", "NOT EXISTS", "STR", "LANG"]
      .map((k) => ({ label: k, type: "keyword" })),
    ...vars.map((v) => ({ label: v, type: "variable" })),
  ];
  return { from: word.from, options, validFor: /^[\w:?$-]*$/ };
}

const theme = EditorView.theme({
  "&": { fontSize: "14px", border: "1px solid var(--line)", borderRadius: "6px", background: "#fff" },
  "&.cm-focused": { outline: "3px solid var(--focus)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--mono)", minHeight: "190px", maxHeight: "40vh" },
});

function runKey() {
  return keymap.of([{ key: "Mod-Enter", run: () => { runQuery(); return true; } }]);
}

function ensureEditor() {
  if (state.engine === "sparql") {
    if (state.cypher) { state.texts.cypher = state.cypher.codemirror.state.doc.toString(); state.cypher.destroy(); state.cypher = null; }
    if (!state.editor) {
      state.editor = new EditorView({
        parent: $("#editor"),
        state: EditorState.create({
          doc: state.texts.sparql,
          extensions: [
            runKey(), lineNumbers(), history(), drawSelection(), highlightActiveLine(), bracketMatching(), closeBrackets(),
            StreamLanguage.define(sparql), syntaxHighlighting(defaultHighlightStyle), lintGutter(),
            autocompletion({ override: [sparqlCompletions], activateOnTyping: true }),
            keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]), theme,
            EditorView.contentAttributes.of({ "aria-label": "SPARQL query" }),
            EditorView.updateListener.of((u) => { if (u.docChanged) { state.texts.sparql = u.state.doc.toString(); saveState(); } }),
          ],
        }),
      });
    }
  } else {
    if (state.editor) { state.texts.sparql = state.editor.state.doc.toString(); state.editor.destroy(); state.editor = null; }
    if (!state.cypher) {
      const { editor } = createCypherEditor($("#editor"), {
        value: state.texts.cypher,
        autofocus: false,
        lint: true,
        lineNumberFormatter: (line) => String(line),
        tabKey: false, // Tab leaves the editor (keyboard users must be able to get out)
        schema: cypherSchema(),
        preExtensions: [runKey()],
        postExtensions: [theme, lintGutter(), EditorView.contentAttributes.of({ "aria-label": "Cypher query" })],
      });
      editor.onValueChanged((value) => { state.texts.cypher = value; saveState(); });
      state.cypher = editor;
    }
  }
}

function cypherSchema() {
  const s = state.schema;
  return {
    labels: s.labels.map((l) => `:${l}`),
    relationshipTypes: s.relationshipTypes.map((t) => `:${t}`),
    propertyKeys: s.propertyKeys,
    parameters: state.params.map((p) => p.name).filter(Boolean),
    functions: ["count", "collect", "size", "coalesce", "toLower", "toUpper", "substring", "labels", "type", "keys", "head", "last", "range", "exists", "min", "max", "avg", "sum"]
      .map((name) => ({ name, signature: "" })),
  };
}

function editorView() {
  return state.engine === "sparql" ? state.editor : state.cypher?.codemirror;
}

function editorText() {
  const view = editorView();
  return view ? view.state.doc.toString() : state.texts[state.engine];
}

function setEditorText(text) {
  state.texts[state.engine] = text;
  const view = editorView();
  if (view) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

function setEngine(engine) {
  if (engine === state.engine) return;
  state.texts[state.engine] = editorText();
  state.engine = engine;
  for (const r of document.querySelectorAll("input[name=engine]")) r.checked = r.value === engine;
  if (currentTab() === "ask") ensureEditor();
}

// ---------------------------------------------------------------------------------- parameters

function renderParams() {
  const rows = state.params.map((p, i) => el("div", { class: "param-row" },
    el("label", {}, "name ", el("input", { value: p.name, "aria-label": `parameter ${i + 1} name`, size: 12,
      oninput: (e) => { p.name = e.target.value; saveState(); if (state.cypher) state.cypher.setSchema(cypherSchema()); } })),
    el("label", {}, "value ", el("input", { value: p.value, "aria-label": `parameter ${i + 1} value`, size: 28,
      oninput: (e) => { p.value = e.target.value; saveState(); } })),
    el("button", { type: "button", class: "small", "aria-label": `remove parameter ${p.name || i + 1}`,
      onclick: () => { state.params.splice(i, 1); renderParams(); saveState(); } }, "Remove")));
  $("#param-rows").replaceChildren(...rows);
}

function paramObject() {
  return Object.fromEntries(state.params.filter((p) => p.name).map((p) => [p.name, p.value]));
}

// ---------------------------------------------------------------------------------- ask

async function runQuery(push = true) {
  const text = editorText();
  const params = JSON.stringify(paramObject());
  const engine = state.engine;
  if (push) {
    saveState(true);
    addHistory({ engine, text, params: paramObject() });
  }
  const status = $("#ask-status");
  status.textContent = "running…";
  const view = editorView();
  if (view) view.dispatch(setDiagnostics(view.state, []));
  try {
    const answer = await api("/api/query", { engine, text, params });
    status.textContent = "";
    showAnswer($("#ask-result"), answer, (f) => downloadUrl("/api/query", { engine, text, params }, f));
  } catch (error) {
    status.textContent = "";
    showError($("#ask-result"), error);
    if (view && error.line) {
      const line = view.state.doc.line(Math.min(error.line, view.state.doc.lines));
      const from = Math.min(line.from + Math.max((error.column || 1) - 1, 0), line.to);
      view.dispatch(setDiagnostics(view.state, [{ from, to: Math.min(from + 1, view.state.doc.length) || from, severity: "error", message: error.message }]));
    }
  }
}

const HISTORY = "tmb-workbench-history";

function loadHistory() {
  try { return JSON.parse(localStorage.getItem(HISTORY) || "[]"); } catch { return []; }
}

function addHistory(entry) {
  const items = loadHistory().filter((h) => !(h.engine === entry.engine && h.text === entry.text && JSON.stringify(h.params) === JSON.stringify(entry.params)));
  items.unshift({ ...entry, at: new Date().toISOString() });
  localStorage.setItem(HISTORY, JSON.stringify(items.slice(0, 50)));
  renderHistory();
}

function renderHistory() {
  const items = loadHistory();
  $("#history").replaceChildren(...items.map((h) => el("li", {},
    el("button", { type: "button", class: "history-item", title: h.text, onclick: () => {
      setEngine(h.engine);
      setEditorText(h.text);
      state.params = Object.entries(h.params || {}).map(([name, value]) => ({ name, value }));
      renderParams();
      saveState(true);
      editorView()?.focus();
    } }, el("span", { class: `badge ${h.engine}` }, h.engine), " ", h.text.replace(/^\s*(#|\/\/)[^\n]*\n/gm, "").trim().slice(0, 80)))));
  if (!items.length) $("#history").replaceChildren(el("li", { class: "muted" }, "Queries you run appear here."));
}

// ---------------------------------------------------------------------------------- library

let chosenQuestion = null;

function renderLibraryList(filter = "") {
  const f = filter.toLowerCase();
  const items = state.library.filter((q) => !f || `${q.name} ${q.title_en} ${q.title_sv}`.toLowerCase().includes(f));
  $("#library-list").replaceChildren(...items.map((q) => el("li", {},
    el("button", { type: "button", class: "question", "aria-current": chosenQuestion?.name === q.name ? "true" : false,
      onclick: () => { openQuestion(q.name, {}); saveState(true); } },
    el("strong", {}, q.title_en), el("span", { class: "muted sv", lang: "sv" }, q.title_sv)))));
}

function openQuestion(name, values, engine) {
  const q = state.library.find((x) => x.name === name);
  if (!q) return;
  chosenQuestion = q;
  renderLibraryList($("#library-filter").value);
  const fields = q.params.map((p) => {
    const id = `qp-${p.name}`;
    const listId = `dl-${q.name}-${p.name}`;
    const input = el("input", {
      id, name: p.name, required: true, value: values[p.name] ?? (p.type === "date" && state.date ? state.date : p.example),
      type: p.type === "date" ? "date" : "text", list: p.suggestions.length ? listId : null, autocomplete: "off",
    });
    const hint = p.type === "id" ? `${p.label} id — type a name to see suggestions` : p.type;
    return el("div", { class: "field" },
      el("label", { for: id }, p.name, el("span", { class: "muted" }, ` (${hint})`)), input,
      p.suggestions.length ? el("datalist", { id: listId }, p.suggestions.map((s) => el("option", { value: s.value }, s.label))) : null);
  });
  const engines = q.engines.map((e, i) => el("label", {},
    el("input", { type: "radio", name: "qengine", value: e, checked: (engine ? engine === e : i === 0) }), ` ${e === "sparql" ? "SPARQL" : "Cypher"}`));
  const form = $("#library-form");
  form.replaceChildren(
    el("h2", {}, q.title_en),
    el("p", { class: "sv", lang: "sv" }, q.title_sv),
    el("p", { class: "muted" }, `Sources: §${q.sections.join(", §")} · `, el("code", {}, q.name)),
    ...fields,
    el("fieldset", { class: "engine" }, el("legend", {}, "Engine"), engines),
    el("div", { class: "actions" },
      el("button", { type: "submit", class: "primary" }, "Answer"),
      el("button", { type: "button", onclick: () => openInEditor(q) }, "Open in editor")),
  );
  form.onsubmit = (e) => { e.preventDefault(); runQuestion(); };
  form.onchange = () => saveState();
  return q;
}

function questionValues() {
  const form = $("#library-form");
  const values = {};
  for (const p of chosenQuestion?.params || []) values[p.name] = form.elements[p.name]?.value ?? "";
  const engine = form.querySelector("input[name=qengine]:checked")?.value;
  return { values, engine };
}

async function runQuestion(push = true) {
  const q = chosenQuestion;
  const { values, engine } = questionValues();
  if (push) saveState(true);
  const target = $("#library-result");
  target.replaceChildren(el("p", { class: "muted" }, "running…"));
  try {
    const answer = await api(`/api/library/${q.name}`, { engine, ...values });
    showAnswer(target, answer, (f) => downloadUrl(`/api/library/${q.name}`, { engine, ...values }, f));
  } catch (error) {
    showError(target, error);
  }
}

function openInEditor(q) {
  const { values, engine } = questionValues();
  showTab("ask");
  setEngine(engine);
  setEditorText(q.text[engine]);
  state.params = Object.entries(values).map(([name, value]) => ({ name, value }));
  renderParams();
  if (state.cypher) state.cypher.setSchema(cypherSchema());
  saveState(true);
  editorView()?.focus();
}

// ---------------------------------------------------------------------------------- search and node pages

async function search(text, push = true) {
  showTab("search");
  $("#search-box").value = text;
  $("#node-page").replaceChildren();
  if (push) saveState(true, { q: text });
  const target = $("#search-results");
  try {
    const hits = await api("/api/search", { q: text });
    target.replaceChildren(
      el("h2", {}, `${hits.length} match(es) for “${text}”`),
      hits.length ? el("ul", { class: "hits" }, hits.map((h) => el("li", {},
        nodeLink(h.id, h.name), " ", el("span", { class: "badge" }, h.kind), " ", el("code", { class: "muted" }, h.id)))) : el("p", { class: "muted" }, "Nothing has that name. Try part of a name, an abbreviation or the Swedish name."));
  } catch (error) {
    showError(target, error);
  }
}

async function openNode(id, push = true) {
  showTab("search");
  if (push) saveState(true, { node: id });
  const page = $("#node-page");
  try {
    const n = await api(`/api/node/${encodeURIComponent(id)}`);
    const nodes = new Set(n.links.map((l) => l.node));
    const props = Object.entries(n.properties).filter(([k]) => k !== "id");
    const parts = [
      el("h2", { tabindex: "-1", id: "node-title" }, n.name, " ", n.labels.map((l) => el("span", { class: "badge" }, l))),
      el("p", { class: "muted" }, el("code", {}, n.id)),
      el("h3", {}, "What it is"),
      table(["property", "value"], props.map(([k, v]) => [k, v]), nodes, "properties"),
      el("h3", {}, "Sources"),
      n.sources.length ? table(["section", "title", "evidence", "stated or inferred", "note"],
        n.sources.map((s) => [`§${s.section}`, s.title, s.evidence ? `“${s.evidence}”` : "", s.inferred ? "inferred" : "stated", s.note || ""]), nodes, "sources")
        : el("p", { class: "muted" }, "No section of the source is recorded for this node."),
    ];
    if (n.mandates && n.mandates.rows.length) {
      parts.push(el("h3", {}, "Mandates"), table(n.mandates.columns, n.mandates.rows, nodes, "mandates"));
    }
    const out = n.links.filter((l) => l.direction === "out");
    const into = n.links.filter((l) => l.direction === "in");
    const linkRows = (ls) => ls.map((l) => [l.type, { id: l.node }, l.name, l.labels.join(", "),
      Object.entries(l.properties).map(([k, v]) => `${k}: ${cellText(v)}`).join("; ")]);
    parts.push(
      el("h3", {}, `Links from it (${out.length})`),
      table(["relationship", "to", "name", "labels", "on the link (provenance)"], linkRows(out), nodes, "links from it"),
      el("h3", {}, `Links to it (${into.length})`),
      table(["relationship", "from", "name", "labels", "on the link (provenance)"], linkRows(into), nodes, "links to it"),
    );
    page.replaceChildren(...parts);
    $("#node-title").focus();
  } catch (error) {
    showError(page, error);
  }
}

// ---------------------------------------------------------------------------------- mandates and analyses

async function runMandates(values, push = true) {
  if (push) saveState(true, values);
  const target = $("#mandates-result");
  try {
    const t = await api("/api/mandates", values);
    const nodes = new Set(t.rows.flatMap((r) => [r.holder, r.organisation, r.body]).filter(Boolean));
    target.replaceChildren(
      el("div", { class: "result-head" }, el("span", { class: "count", role: "status" }, `${t.rows.length} mandate(s)`),
        el("span", { class: "downloads" }, "Download: ", ["csv", "json", "md"].map((f) => el("a", { href: downloadUrl("/api/mandates", values, f), download: "" }, f)))),
      table(t.columns, t.rows, nodes, "mandates"));
  } catch (error) {
    showError(target, error);
  }
}

async function runAnalysis(name, at, push = true) {
  if (push) saveState(true, { analysis: name, at });
  const target = $("#analyses-result");
  target.replaceChildren(el("p", { class: "muted" }, "running…"));
  try {
    const doc = await api(`/api/analyses/${name}`, { at });
    const parts = [el("p", { class: "title" }, doc.summary)];
    for (const [tname, rows] of Object.entries(doc.tables)) {
      const columns = doc.columns[tname] || (rows[0] ? Object.keys(rows[0]) : []);
      const links = { nodes: new Set(doc.nodes || []), date: at || state.date || "" };
      parts.push(el("h3", {}, tname, " ", el("a", { class: "small", href: downloadUrl(`/api/analyses/${name}`, { at, table: tname }, "csv"), download: "" }, "CSV")));
      parts.push(rows.length ? table(columns, rows, links.nodes, tname, links) : el("p", { class: "muted" }, "empty"));
    }
    target.replaceChildren(...parts);
  } catch (error) {
    showError(target, error);
  }
}

// ---------------------------------------------------------------------------------- page state

// The library's forms for the programme chosen in a dataset (GET /api/library?programme=): their
// id parameters offer that programme's nodes, the first as the example ("" = the whole build).
let libraryScope = "";
async function libraryFor(programme) {
  if (programme === libraryScope) return;
  state.library = await api("/api/library");
  libraryScope = programme;
  renderLibraryList($("#library-filter").value);
}

// Choosing another programme of a dataset answers again what the tab shows: it was answered
// within the programme chosen before (or over the whole build). The address was already saved.
async function answerAgain() {
  await libraryFor(currentProgramme()).catch(() => {}); // the forms stay as they were; the answer says why
  const tab = currentTab();
  const shown = (id) => $(id)?.querySelector(".count, table, .error") != null;
  if (tab === "library" && chosenQuestion) {
    // the open form again, its ids the new programme's (dates and other values kept)
    const { values, engine } = questionValues();
    for (const p of chosenQuestion.params) if (p.type === "id") delete values[p.name];
    const answered = shown("#library-result");
    openQuestion(chosenQuestion.name, values, engine);
    if (answered) runQuestion(false);
  } else if (tab === "ask" && shown("#ask-result")) runQuery(false);
  else if (tab === "mandates" && shown("#mandates-result")) {
    const f = $("#mandates-form");
    runMandates(Object.fromEntries(["at", "org", "body", "person"].map((k) => [k, f.elements[k].value])), false);
  } else if (tab === "analyses" && shown("#analyses-result")) {
    runAnalysis($("#analysis-select").value, $("#analyses-form").elements.at.value, false);
  }
}

function saveState(push = false, extra = {}) {
  const tab = currentTab();
  const values = { tab };
  if (tab === "ask") {
    values.engine = state.engine;
    values.q = editorText();
    const p = paramObject();
    if (Object.keys(p).length) values.p = JSON.stringify(p);
  } else if (tab === "library" && chosenQuestion) {
    const { values: v, engine } = questionValues();
    values.question = chosenQuestion.name;
    values.engine = engine;
    if (Object.keys(v).length) values.p = JSON.stringify(v);
  } else if (tab === "search") {
    const current = readUrl();
    if ("node" in extra) values.node = extra.node;
    else if ("q" in extra) values.q = extra.q;
    else { values.node = current.node; values.q = current.q; }
  } else if (tab === "mandates") {
    const f = $("#mandates-form");
    for (const k of ["at", "org", "body", "person"]) values[k] = extra[k] ?? f.elements[k].value;
  } else if (tab === "analyses") {
    values.analysis = extra.analysis ?? $("#analysis-select").value;
    values.at = extra.at ?? $("#analyses-form").elements.at.value;
  } else if (tab === "explore") {
    Object.assign(values, explorerState());
  } else if (tab === "network") {
    Object.assign(values, networkState());
  }
  if (currentProgramme()) values.programme = currentProgramme(); // a dataset's chosen programme, on every tab
  if (language() === "sv") values.lang = "sv";
  writeUrl(values, push);
}

async function restore() {
  const s = readUrl();
  restoreProgramme(s.programme, t); // first: what the tabs below ask is within it
  await libraryFor(currentProgramme()).catch(() => {}); // its forms (an error shows when asked)
  const tab = TABS.includes(s.tab) ? s.tab : "library";
  let p = {};
  try { p = s.p ? JSON.parse(s.p) : {}; } catch { p = {}; }
  if (tab === "ask") {
    state.engine = s.engine === "cypher" ? "cypher" : "sparql";
    for (const r of document.querySelectorAll("input[name=engine]")) r.checked = r.value === state.engine;
    state.texts[state.engine] = s.q ?? EXAMPLES[state.engine];
    state.params = Object.entries(p).map(([name, value]) => ({ name, value: String(value) }));
    if (!s.q && state.engine === "cypher") state.params = [{ name: "at", value: "2019-10-01" }];
    renderParams();
    showTab("ask");
  } else if (tab === "library") {
    showTab("library");
    if (s.question) openQuestion(s.question, p, s.engine);
  } else if (tab === "search") {
    showTab("search");
    if (s.node) openNode(s.node, false);
    else if (s.q) search(s.q, false);
  } else if (tab === "mandates") {
    showTab("mandates");
    const f = $("#mandates-form");
    for (const k of ["at", "org", "body", "person"]) f.elements[k].value = s[k] || "";
    if (s.at || s.org || s.body || s.person) runMandates({ at: s.at, org: s.org, body: s.body, person: s.person }, false);
  } else if (tab === "analyses") {
    showTab("analyses");
    if (s.analysis) {
      $("#analysis-select").value = s.analysis;
      $("#analyses-form").elements.at.value = s.at || "";
      runAnalysis(s.analysis, s.at, false);
    }
  } else if (tab === "explore") {
    showTab("explore");
    openExplorer(s).catch((error) => showError($("#ex-evidence"), error));
  } else if (tab === "network") {
    openNetwork(s);
    showTab("network");
  } else if (tab === "plots") {
    showTab("plots");
  } else if (tab === "national" && !$("#tab-national").hidden) {
    showTab("national");
  }
}

// ---------------------------------------------------------------------------------- plots

function renderPlots() {
  const target = $("#plots-result");
  if (target.dataset.drawn) return;
  target.dataset.drawn = "1";
  api("/api/plots").then((names) => target.replaceChildren(...names.map((n) => el("figure", { class: "plot card" },
    el("img", { src: `/api/plots/${n}.svg`, alt: `${n} plot`, loading: "lazy" }),
    el("figcaption", {}, el("strong", {}, n), " · ", el("a", { href: `/api/plots/${n}.png`, download: "" }, "PNG"), " · ",
      el("a", { href: `/api/plots/${n}.svg`, download: "" }, "SVG")))))).catch((error) => showError(target, error));
}

// The explorer's date sets the date everywhere: the mandates table, the analyses, the library forms.
function setDate(date) {
  state.date = date;
  $("#mandates-form").elements.at.value = date;
  $("#analyses-form").elements.at.value = date;
  for (const input of document.querySelectorAll("#library-form input[type=date]")) input.value = date;
}

// ---------------------------------------------------------------------------------- start

// The header names what the server loaded (GET /api/health `loaded`): one programme's name and
// period, or a dataset's programmes, counties and years.
function renderBuildTitle(loaded) {
  let title = "";
  if (loaded.kind === "dataset") title = t("build.dataset", loaded.programmes, loaded.counties.length, loaded.period);
  else title = [loaded.name, loaded.period].filter(Boolean).join(" ");
  $("#build-title").textContent = title;
  document.title = title ? `tmb workbench — ${title}` : "tmb workbench";
}

async function start() {
  const [schema, library, analyses, health] = await Promise.all(
    [api("/api/schema"), api("/api/library"), api("/api/analyses"), api("/api/health")]);
  state.schema = schema;
  state.library = library;
  state.texts = { ...EXAMPLES };
  document.addEventListener("tmb-language", () => renderBuildTitle(health.loaded));
  setLanguage(initialLanguage());
  $("#lang-switch").addEventListener("click", () => { setLanguage(language() === "sv" ? "en" : "sv"); saveState(); });
  initExplorer({ api, el, table, showError, nodeLink, cellText, onDate: setDate, save: (push = false) => { if (currentTab() === "explore") saveState(push); } });
  await initNational({ api, el, save: (push = false) => saveState(push), answerAgain });
  initNetwork({ api, el, table, showError, programme: currentProgramme, save: (push = false) => { if (currentTab() === "network") saveState(push); } });
  setupTabs();
  renderLibraryList();
  renderHistory();
  renderParams();
  $("#analysis-select").replaceChildren(...analyses.map((a) => el("option", { value: a }, a)));
  for (const [kind, listId] of [["organisation", "dl-org"], ["body", "dl-body"], ["person", "dl-person"]]) {
    const q = library.find((x) => x.params.some((p) => p.type === "id" && p.label?.toLowerCase().startsWith(kind.slice(0, 4))));
    const param = q?.params.find((p) => p.type === "id" && p.label?.toLowerCase().startsWith(kind.slice(0, 4)));
    if (param) $(`#${listId}`).replaceChildren(...param.suggestions.map((s) => el("option", { value: s.value }, s.label)));
  }
  $("#library-filter").addEventListener("input", (e) => renderLibraryList(e.target.value));
  for (const r of document.querySelectorAll("input[name=engine]")) r.addEventListener("change", () => { setEngine(r.value); saveState(true); });
  $("#run").addEventListener("click", () => runQuery());
  $("#add-param").addEventListener("click", () => { state.params.push({ name: "", value: "" }); renderParams(); $("#param-rows").lastChild?.querySelector("input")?.focus(); });
  $("#clear-history").addEventListener("click", () => { localStorage.removeItem(HISTORY); renderHistory(); });
  $("#search-form").addEventListener("submit", (e) => { e.preventDefault(); const t = $("#search-box").value.trim(); if (t) search(t); });
  $("#mandates-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target.elements;
    runMandates({ at: f.at.value, org: f.org.value, body: f.body.value, person: f.person.value });
  });
  $("#analyses-form").addEventListener("submit", (e) => { e.preventDefault(); runAnalysis($("#analysis-select").value, e.target.elements.at.value); });
  document.addEventListener("click", (e) => {
    const a = e.target.closest("a.node-link");
    if (a && !e.ctrlKey && !e.metaKey && !e.shiftKey) { e.preventDefault(); openNode(a.dataset.node); }
    // an analysis row's node or section: the explorer's evidence panel or source view, in place
    const ev = e.target.closest("a.evidence-link, a.source-link");
    if (ev && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      const d = ev.dataset;
      const values = d.evidence ? { node: d.evidence, date: d.date } : { source: d.source, snippet: d.snippet };
      // a new history entry first (the explorer replaces the current one as it opens): Back returns here
      window.history.pushState(null, "", ev.getAttribute("href") + (language() === "sv" ? "&lang=sv" : ""));
      showTab("explore", false, values)?.then(() => saveState());
    }
  });
  window.addEventListener("popstate", () => { restore(); });
  await restore();
  document.body.dataset.ready = "true";
  window.tmbReady = true;
  performance.mark("tmb-ready"); // the first page is interactive (bench/serve.py reads this)
}

start().catch((error) => {
  document.body.prepend(el("div", { class: "error", role: "alert" }, `The workbench could not start: ${error.message}`));
});
