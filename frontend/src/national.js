// A dataset of programmes in the workbench: the programme selector (every library question, the
// mandates and the analyses then answer within that programme, as its own build would: the API's
// `programme` parameter) and the National tab (GET /api/national: counties → programmes → bodies,
// placed by the server as `tmb view national` places them). Clicking a programme or a county in
// the picture chooses that programme (a county: its first) — the drill-down.
import cytoscape from "cytoscape";
import { t } from "./i18n.js";

const COLOURS = { nation: "#10203f", county: "#3d6aa8", programme: "#1f3b73", bodies_grouped: "#dcebf5" };
let ctx = null;
let drawn = null;

export function currentProgramme() {
  return document.getElementById("programme-select")?.value || "";
}

// Scope the workbench to one programme ("" = the whole build) and say so.
function choose(name, save = true) {
  const select = document.getElementById("programme-select");
  select.value = name;
  document.getElementById("programme-unknown").hidden = true;
  document.getElementById("national-chosen").textContent = name ? t("programme.chosen", name) : "";
  if (!save) return; // restoring the address: the tabs answer afterwards
  ctx?.save?.(true); // the address keeps the programme (main.js saveState): reload and links keep it
  ctx?.answerAgain?.(); // what is on screen was answered within the programme chosen before
}

// The programme the address asks for (main.js restore). An unknown one is said, in the header,
// not silently dropped: the workbench then answers over the whole build.
export function restoreProgramme(name, t) {
  const select = document.getElementById("programme-select");
  const note = document.getElementById("programme-unknown");
  const known = [...select.options].some((o) => o.value === (name || ""));
  if (!name || known) {
    choose(name || "", false);
    return;
  }
  choose("", false);
  note.textContent = t(select.options.length > 1 ? "programme.unknown" : "programme.none", name);
  note.hidden = false;
}

export async function initNational(context) {
  ctx = context;
  const programmes = await ctx.api("/api/programmes");
  if (!programmes.length) return; // one programme's build: nothing to choose, no national tab
  const select = document.getElementById("programme-select");
  select.append(...programmes.map((p) => ctx.el("option", { value: p.name }, `${p.name}`)));
  select.addEventListener("change", () => choose(select.value));
  document.getElementById("programme-pick").hidden = false;
  document.getElementById("tab-national").hidden = false;
}

export async function openNational() {
  if (drawn) return drawn;
  const view = await ctx.api("/api/national");
  document.getElementById("national-notes").replaceChildren(
    ctx.el("p", {}, view.subtitle), ...view.notes.map((n) => ctx.el("p", { class: "muted" }, n)));
  const elements = [
    ...view.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, tip: n.tooltip }, position: { x: n.x, y: n.y } })),
    ...view.edges.map((e, i) => ({ data: { id: `ne${i}`, source: e.source, target: e.target } })),
  ];
  drawn = cytoscape({
    container: document.getElementById("national-graph"),
    elements,
    layout: { name: "preset", padding: 20 },
    style: [
      { selector: "node", style: {
        shape: "round-rectangle", label: "data(label)", "text-wrap": "wrap", "text-valign": "center", "font-size": 10,
        width: "label", height: "label", padding: 6, "background-color": (n) => COLOURS[n.data("kind")] || "#e5e5e5",
        color: (n) => (n.data("kind") === "bodies_grouped" ? "#1a1a1a" : "#ffffff"),
      } },
      { selector: "edge", style: { width: 1.2, "line-color": "#9fb3c8", "curve-style": "straight" } },
    ],
    wheelSensitivity: 0.3,
  });
  drawn.on("tap", "node", (e) => {
    const id = e.target.id();
    document.getElementById("national-tip").textContent = e.target.data("tip");
    if (id.startsWith("programme:") && !id.slice(10).includes(":")) choose(id.slice(10));
    else if (id.startsWith("county:") && !id.slice(7).includes(":")) {
      const first = [...document.getElementById("programme-select").options].find((o) => o.value.startsWith(`${id.slice(7)}-`));
      if (first) choose(first.value);
    }
  });
  window.tmbNational = drawn;
  return drawn;
}
