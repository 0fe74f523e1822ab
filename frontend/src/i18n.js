// The interface in English and Swedish. Static texts carry data-i18n="key" in index.html; scripts
// call t(key). The node names come from the graph itself (name / name_en), not from here.
const TEXTS = {
  en: {
    "tab.library": "Library", "tab.ask": "Ask", "tab.search": "Search", "tab.mandates": "Mandates",
    "tab.analyses": "Analyses", "tab.explore": "Explore", "tab.plots": "Plots", "tab.network": "Network",
    "search.placeholder": "Find an organisation, body, person, seat, activity, goal…", "search.button": "Search",
    "lang.switch": "På svenska", "lang.label": "Language",
    "ex.date": "Date", "ex.play": "Play", "ex.pause": "Pause", "ex.prev": "Previous month", "ex.next": "Next month",
    "ex.filters": "Show", "ex.body": "Bodies", "ex.seat": "Seats", "ex.person": "Persons", "ex.organisation": "Organisations",
    "ex.find": "Find in the organisation", "ex.ego": "Ego network depth", "ex.ego.off": "off (whole organisation)",
    "ex.compare": "Compare two dates", "ex.from": "From", "ex.to": "To", "ex.compare.run": "Compare",
    "ex.save": "Save view", "ex.changes": "Changes since the previous month", "ex.nochanges": "No changes since the previous month.",
    "ex.first": "The first month of the programme.", "ex.mandates": "Mandates held on",
    "ex.began": "began", "ex.ended": "ended", "ex.replaced": "replaced", "ex.vacated": "seat vacant", "ex.filled": "seat filled",
    "ex.formed": "body formed", "ex.dissolved": "body ended",
    "ex.counts": (s) => `${s.bodies.length} bodies, ${s.seats.length} seats (${s.vacant.length} vacant), ${s.tenures.length} tenures held`,
    "ex.aggregated": (n, max) => `${n} nodes: over ${max}, persons are folded into their seats (the seat names its holders).`,
    "ex.evidence": "Evidence", "ex.evidence.hint": "Choose a node or an edge (click it, or pick it in the list) to see its facts and where the source says so.",
    "ex.facts": "Facts", "ex.sources": "Provenance", "ex.stated": "stated", "ex.inferred": "inferred",
    "ex.showsource": "Show in source", "ex.source": "Source text", "ex.nosource": "The source text is not installed here: the section and snippet above are what the graph records.",
    "ex.notfound": "The snippet was not found verbatim in this section.", "ex.list": "Organisation on this date (keyboard)",
    "ex.noprov": "No section of the source is recorded for this.",
    "col.section": "section", "col.title": "title", "col.evidence": "evidence", "col.how": "stated or inferred", "col.note": "note",
    "plots.title": "Plots (as `tmb plot`)",
    "programme.label": "Programme", "programme.all": "all programmes",
    "programme.chosen": (name) => `Chosen: ${name}. Library, Ask, Mandates and Analyses now answer within it.`,
    "build.dataset": (n, counties, period) => `${n} programmes in ${counties} ${counties === 1 ? "county" : "counties"}${period ? `, ${period}` : ""}`,
    "programme.unknown": (name) => `This dataset has no programme “${name}” (the address names it): showing all programmes. Choose one in the Programme list.`,
    "programme.none": (name) => `The address asks for programme “${name}”, but this build holds one programme only: showing it.`,
  },
  sv: {
    "tab.library": "Frågebibliotek", "tab.ask": "Fråga", "tab.search": "Sök", "tab.mandates": "Mandat",
    "tab.analyses": "Analyser", "tab.explore": "Utforska", "tab.plots": "Diagram", "tab.network": "Nätverk",
    "search.placeholder": "Sök organisation, organ, person, plats, aktivitet, mål…", "search.button": "Sök",
    "lang.switch": "In English", "lang.label": "Språk",
    "ex.date": "Datum", "ex.play": "Spela", "ex.pause": "Paus", "ex.prev": "Föregående månad", "ex.next": "Nästa månad",
    "ex.filters": "Visa", "ex.body": "Organ", "ex.seat": "Platser", "ex.person": "Personer", "ex.organisation": "Organisationer",
    "ex.find": "Hitta i organisationen", "ex.ego": "Egonätverkets djup", "ex.ego.off": "av (hela organisationen)",
    "ex.compare": "Jämför två datum", "ex.from": "Från", "ex.to": "Till", "ex.compare.run": "Jämför",
    "ex.save": "Spara vyn", "ex.changes": "Förändringar sedan föregående månad", "ex.nochanges": "Inga förändringar sedan föregående månad.",
    "ex.first": "Programmets första månad.", "ex.mandates": "Mandat innehavda den",
    "ex.began": "började", "ex.ended": "slutade", "ex.replaced": "ersatt", "ex.vacated": "plats vakant", "ex.filled": "plats tillsatt",
    "ex.formed": "organ bildat", "ex.dissolved": "organ upphört",
    "ex.counts": (s) => `${s.bodies.length} organ, ${s.seats.length} platser (${s.vacant.length} vakanta), ${s.tenures.length} uppdrag innehavda`,
    "ex.aggregated": (n, max) => `${n} noder: över ${max}, personerna visas i sina platser (platsen namnger innehavarna).`,
    "ex.evidence": "Belägg", "ex.evidence.hint": "Välj en nod eller kant (klicka, eller välj i listan) för att se fakta och var källan säger det.",
    "ex.facts": "Fakta", "ex.sources": "Proveniens", "ex.stated": "uttalat", "ex.inferred": "slutsats",
    "ex.showsource": "Visa i källan", "ex.source": "Källtext", "ex.nosource": "Källtexten finns inte installerad här: avsnittet och utdraget ovan är vad grafen anger.",
    "ex.notfound": "Utdraget hittades inte ordagrant i avsnittet.", "ex.list": "Organisationen detta datum (tangentbord)",
    "ex.noprov": "Inget avsnitt i källan är angivet för detta.",
    "col.section": "avsnitt", "col.title": "rubrik", "col.evidence": "belägg", "col.how": "uttalat eller slutsats", "col.note": "anmärkning",
    "plots.title": "Diagram (som `tmb plot`)",
    "programme.label": "Program", "programme.all": "alla program",
    "programme.chosen": (name) => `Valt: ${name}. Frågebibliotek, Fråga, Mandat och Analyser svarar nu inom programmet.`,
    "build.dataset": (n, counties, period) => `${n} program i ${counties} län${period ? `, ${period}` : ""}`,
    "programme.unknown": (name) => `Datamängden har inget program ”${name}” (adressen anger det): alla program visas. Välj ett i listan Program.`,
    "programme.none": (name) => `Adressen anger programmet ”${name}”, men bygget har bara ett program: det visas.`,
  },
};

let lang = "en";

export function language() {
  return lang;
}

export function t(key, ...args) {
  const value = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}

// Set the language and translate every element marked data-i18n (text) or data-i18n-placeholder.
export function setLanguage(next) {
  lang = next === "sv" ? "sv" : "en";
  document.documentElement.lang = lang;
  const other = document.querySelector("#lang-switch");
  if (other) other.lang = lang === "sv" ? "en" : "sv"; // the switch is written in the other language
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  try { localStorage.setItem("tmb-lang", lang); } catch { /* private mode: the URL still carries it */ }
  document.dispatchEvent(new CustomEvent("tmb-language", { detail: lang }));
}

export function initialLanguage() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (fromUrl) return fromUrl === "sv" ? "sv" : "en";
  try { return localStorage.getItem("tmb-lang") === "sv" ? "sv" : "en"; } catch { return "en"; }
}
