// "Save view": the explorer's state (date, filters, ego, positions) and every month's state as ONE
// self-contained HTML file that works offline from file://: an SVG on the explorer's positions and a
// slider that shows and hides what each month's state (computed by the server) names. Nothing in
// it is fetched; its script is inline (no server CSP applies to a file on disk).

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

export function savedViewHtml(model) {
  const json = JSON.stringify(model).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  const title = model.lang === "sv" ? "Organisationen över tid" : "The organisation over time";
  return `<!doctype html>
<html lang="${esc(model.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — Skåne tillsammans mot brott</title>
<style>
body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header { padding: 8px 16px; background: #fff; border-bottom: 1px solid #d0d7de; display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
h1 { font-size: 17px; margin: 0; }
main { display: flex; gap: 12px; padding: 10px 16px; align-items: flex-start; }
svg { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; flex: 1; height: 72vh; }
aside { flex: 0 0 360px; max-height: 74vh; overflow: auto; font-size: 13px; }
input[type=range] { width: 360px; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.muted { color: #57606a; } .badge { font-size: 11px; background: #eaeef2; border-radius: 8px; padding: 0 5px; }
table { border-collapse: collapse; font-size: 12px; } td, th { border-bottom: 1px solid #eaeef2; padding: 2px 4px; text-align: left; }
text { font-size: 9px; fill: #1f2328; paint-order: stroke; stroke: #fff; stroke-width: 2px; }
.frame-label { font-weight: bold; font-size: 10px; }
</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<label for="slider">Date</label>
<input id="slider" type="range" min="0" step="1">
<output id="date" for="slider"></output>
<button id="play" type="button">Play</button>
<span id="counts" class="muted"></span>
<span class="muted">Saved from tmb serve; positions fixed, states computed by the server (tmb mandates --at).</span>
</header>
<main>
<svg id="view" role="img" aria-label="${esc(title)}"></svg>
<aside><h2 id="changes-title">Changes</h2><ul id="changes"></ul><h2 id="mandates-title">Mandates</h2><table id="mandates"></table></aside>
</main>
<script id="model" type="application/json">${json}</script>
<script>
(function () {
  var M = JSON.parse(document.getElementById("model").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("view");
  var name = function (id) { var n = byId[id]; return n ? (M.lang === "sv" ? n.name_sv : n.name_en) : id; };
  var short = function (text, n) { return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; };
  var byId = {}; M.nodes.forEach(function (n) { byId[n.id] = n; });
  var colours = { body: "#8250df", seat: "#9a6700", person: "#1a7f37", organisation: "#0969da" };
  var shapes = {};
  var xs = [], ys = [];
  Object.keys(M.positions).forEach(function (id) { xs.push(M.positions[id][0]); ys.push(M.positions[id][1]); });
  Object.keys(M.boxes).forEach(function (id) { var b = M.boxes[id]; xs.push(b[0], b[0] + b[2]); ys.push(b[1], b[1] + b[3]); });
  var x0 = Math.min.apply(null, xs) - 40, y0 = Math.min.apply(null, ys) - 40;
  svg.setAttribute("viewBox", [x0, y0, Math.max.apply(null, xs) - x0 + 40, Math.max.apply(null, ys) - y0 + 40].join(" "));
  function make(tag, attrs, parent) { var e = document.createElementNS(NS, tag); for (var k in attrs) e.setAttribute(k, attrs[k]); parent.appendChild(e); return e; }
  var frames = make("g", {}, svg), lines = make("g", {}, svg), dots = make("g", {}, svg);
  M.nodes.forEach(function (n) {
    var g;
    if (M.boxes[n.id]) {
      var b = M.boxes[n.id];
      g = make("g", { "data-id": n.id, "class": "body" }, frames);
      make("rect", { x: b[0], y: b[1], width: b[2], height: b[3], rx: 8, fill: "#f3eefc", "fill-opacity": 0.6, stroke: "#8250df" }, g);
      make("text", { x: b[0] + b[2] / 2, y: b[1] + 12, "text-anchor": "middle", "class": "frame-label" }, g).textContent = short(name(n.id), 48);
    } else if (M.positions[n.id]) {
      var p = M.positions[n.id];
      g = make("g", { "data-id": n.id, "class": n.kind }, dots);
      if (n.kind === "seat") make("rect", { x: p[0] - 6, y: p[1] - 6, width: 12, height: 12, rx: 2, fill: colours.seat }, g);
      else make("circle", { cx: p[0], cy: p[1], r: 7, fill: colours[n.kind] || "#57606a" }, g);
      make("text", { x: p[0], y: p[1] + 17, "text-anchor": "middle" }, g).textContent = short(name(n.id), 24);
    }
    if (g) { make("title", {}, g).textContent = name(n.id) + " (" + n.kind + ")"; shapes[n.id] = g; }
  });
  var centre = function (id) { if (M.positions[id]) return M.positions[id]; var b = M.boxes[id]; return b ? [b[0] + b[2] / 2, b[1] + b[3] / 2] : null; };
  M.edges.forEach(function (e) {
    var a = centre(e.source), b = centre(e.target);
    if (!a || !b) return;
    shapes[e.id] = make("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1], "data-id": e.id, "data-type": e.type,
      stroke: e.type === "tenure" ? "#1a7f37" : "#afb8c1", "stroke-width": e.type === "tenure" ? 2 : 1, "stroke-dasharray": e.type === "tenure" ? "" : "2 3" }, lines);
  });
  var hide = {}; M.hide.forEach(function (k) { hide[k] = true; });
  var slider = document.getElementById("slider");
  slider.max = M.states.length - 1;
  function draw(i) {
    var s = M.states[i], on = {}, held = {}, began = {};
    s.bodies.concat(s.seats, s.holders, s.organisations).forEach(function (id) { if (byId[id] && !hide[byId[id].kind]) on[id] = true; });
    if (M.ego) { Object.keys(on).forEach(function (id) { if (M.ego.indexOf(id) < 0) delete on[id]; }); }
    s.tenures.forEach(function (m) { held[m] = true; });
    ((s.changes && s.changes.began) || []).forEach(function (m) { began[m] = true; });
    M.nodes.forEach(function (n) {
      var g = shapes[n.id]; if (!g) return;
      g.style.display = on[n.id] ? "" : "none";
      g.setAttribute("data-vacant", s.vacant.indexOf(n.id) >= 0 ? "true" : "false");
      var mark = g.firstChild; if (n.kind === "seat") mark.setAttribute("fill", s.vacant.indexOf(n.id) >= 0 ? "#fff" : colours.seat);
      if (n.kind === "seat") mark.setAttribute("stroke", s.vacant.indexOf(n.id) >= 0 ? "#cf222e" : "none");
    });
    M.edges.forEach(function (e) {
      var l = shapes[e.id]; if (!l) return;
      var show = on[e.source] && on[e.target] && (e.type !== "tenure" || held[e.id]);
      l.style.display = show ? "" : "none";
      l.setAttribute("stroke", began[e.id] ? "#bf8700" : (e.type === "tenure" ? "#1a7f37" : "#afb8c1"));
    });
    slider.value = i; slider.setAttribute("aria-valuetext", s.date);
    document.getElementById("date").textContent = s.date;
    document.getElementById("counts").textContent = s.bodies.length + " bodies, " + s.seats.length + " seats (" + s.vacant.length + " vacant), " + s.tenures.length + " tenures";
    var ul = document.getElementById("changes"); ul.textContent = "";
    var c = s.changes;
    if (c) {
      var add = function (label, ids, what) { ids.forEach(function (id) { var li = document.createElement("li"); li.setAttribute("data-id", id); li.innerHTML = '<span class="badge"></span> '; li.firstChild.textContent = label; li.appendChild(document.createTextNode(what(id))); ul.appendChild(li); }); };
      var tenure = function (m) { var r = s.mandates.filter(function (x) { return x[0] === m; })[0]; return r ? name(r[1]) + " — " + name(r[4]) : m; };
      add("began", c.began, tenure); add("ended", c.ended, function (m) { return m; });
      add("replaced", c.replaced.map(function (r) { return r.seat; }), name); add("seat vacant", c.vacated, name);
      add("body formed", c.bodies_formed, name); add("body ended", c.bodies_ended, name);
    }
    var t = document.getElementById("mandates"); t.textContent = "";
    var head = t.insertRow(); ["tenure", "holder", "organisation", "body", "role", "from", "to"].forEach(function (h) { var th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
    s.mandates.forEach(function (r) { var tr = t.insertRow(); tr.setAttribute("data-tenure", r[0]); [r[0], name(r[1]), name(r[2]), name(r[3]), r[5], r[6], r[7]].forEach(function (v) { tr.insertCell().textContent = v; }); });
    document.getElementById("mandates-title").textContent = "Mandates on " + s.date + " (" + s.mandates.length + ")";
  }
  slider.addEventListener("input", function () { draw(Number(slider.value)); });
  var timer = null, play = document.getElementById("play");
  play.addEventListener("click", function () {
    if (timer) { clearInterval(timer); timer = null; play.textContent = "Play"; return; }
    play.textContent = "Pause";
    if (Number(slider.value) >= M.states.length - 1) draw(0);
    timer = setInterval(function () { var i = Number(slider.value) + 1; if (i >= M.states.length) { clearInterval(timer); timer = null; play.textContent = "Play"; return; } draw(i); }, 300);
  });
  window.tmbSaved = { draw: draw, drawn: function () {
    var out = { tenures: [], bodies: [] };
    Object.keys(shapes).forEach(function (id) {
      var el = shapes[id]; if (el.style.display === "none") return;
      if (el.getAttribute("data-type") === "tenure") out.tenures.push(id);
      else if (byId[id] && byId[id].kind === "body") out.bodies.push(id);
    });
    out.tenures.sort(); out.bodies.sort(); return out;
  } };
  draw(M.index);
})();
</script>
</body>
</html>
`;
}
