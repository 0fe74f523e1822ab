"""The page's own CSS and JavaScript, inlined into every view (header, legend, tooltips, decorations)."""

PAGE_CSS = """
html, body { margin: 0; padding: 0; height: 100%; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  color: #1a1a1a; background: #ffffff; }
body { display: grid; grid-template-columns: minmax(0, 1fr) 300px; grid-template-rows: auto minmax(0, 1fr);
  height: 100vh; overflow: hidden; }
#tmb-header { grid-column: 1 / span 2; grid-row: 1; padding: 8px 14px 6px 14px; border-bottom: 1px solid #d0d0d0;
  background: #f7f7f7; }
#tmb-header h1 { font-size: 20px; margin: 0 0 2px 0; }
#tmb-header p { margin: 2px 0; font-size: 13px; color: #444; }
#tmb-header p.tmb-note { color: #8a3b00; }
body > .card { grid-column: 1; grid-row: 2; min-height: 0; height: 100%; border: 0 !important; }
#mynetwork { width: 100% !important; height: 100% !important; border: 0 !important; float: none !important; }
#tmb-legend { grid-column: 2; grid-row: 2; overflow-y: auto; border-left: 1px solid #d0d0d0; padding: 10px 12px;
  font-size: 12.5px; background: #fcfcfc; }
#tmb-legend h2 { font-size: 14px; margin: 10px 0 6px 0; }
#tmb-legend h2:first-child { margin-top: 0; }
#tmb-legend ul { list-style: none; margin: 0; padding: 0; }
#tmb-legend li { display: flex; align-items: center; gap: 8px; margin: 3px 0; line-height: 1.25; }
#tmb-legend li svg { flex: 0 0 auto; }
#tmb-legend p { margin: 6px 0; color: #444; }
#loadingBar { display: none !important; }
div.vis-tooltip { white-space: normal !important; max-width: 460px; font-family: inherit !important;
  font-size: 12.5px !important; background: #fffff4 !important; border: 1px solid #999 !important;
  padding: 6px 8px !important; box-shadow: 2px 2px 6px rgba(0,0,0,.2); }
.tmb-tip { white-space: pre-line; }
.tmb-tip b { display: block; margin-bottom: 2px; }
center:empty, center > h1:empty { display: none; }
"""

PAGE_JS = r"""
window.tmbReady = false;
function tmbTip(text) {
  var box = document.createElement('div');
  box.className = 'tmb-tip';
  var lines = String(text).split('\n');
  var head = document.createElement('b');
  head.textContent = lines.shift();
  box.appendChild(head);
  box.appendChild(document.createTextNode(lines.join('\n')));
  return box;
}
function tmbPrepare(nodes, edges) {
  var n = [];
  nodes.forEach(function (item) { if (item.tip) { n.push({id: item.id, title: tmbTip(item.tip)}); } });
  nodes.update(n);
  var e = [];
  edges.forEach(function (item) { if (item.tip) { e.push({id: item.id, title: tmbTip(item.tip)}); } });
  edges.update(e);
}
function tmbAfterDraw(network) {
  var deco = window.TMB_DECORATIONS || {bands: [], annotations: []};
  network.on('beforeDrawing', function (ctx) {
    deco.bands.forEach(function (b) {
      ctx.fillStyle = b.colour;
      ctx.fillRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
      if (b.outline) { ctx.strokeStyle = b.outline; ctx.lineWidth = 1; ctx.strokeRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0); }
    });
    deco.annotations.forEach(function (a) {
      ctx.font = (a.bold ? 'bold ' : '') + a.size + 'px "DejaVu Sans", Arial, sans-serif';
      ctx.fillStyle = a.colour;
      ctx.textAlign = a.align;
      ctx.textBaseline = 'middle';
      String(a.text).split('\n').forEach(function (line, i) { ctx.fillText(line, a.x, a.y + i * a.size * 1.25); });
    });
  });
  var done = function () {
    network.setOptions({physics: {enabled: false}});
    var held = network.body.data.nodes.getIds({filter: function (n) { return n.fixed; }});
    network.body.data.nodes.update(held.map(function (id) { return {id: id, fixed: false}; }));
    tmbFit(network, deco);
    window.tmbReady = true;
    document.body.setAttribute('data-tmb-ready', 'true');
  };
  if (window.TMB_PHYSICS) {
    network.once('stabilizationIterationsDone', done);
  } else {
    network.once('afterDrawing', done);
    network.redraw();
  }
}
function tmbFit(network, deco) {
  // fit the nodes and the painted bands and texts, which vis-network's fit() does not know about
  if (!deco.bands.length && !deco.annotations.length) { network.fit({animation: false}); return; }
  var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  var grow = function (a, b, c, d) { x0 = Math.min(x0, a); y0 = Math.min(y0, b); x1 = Math.max(x1, c); y1 = Math.max(y1, d); };
  network.body.nodeIndices.forEach(function (id) {
    var box = network.getBoundingBox(id);
    grow(box.left, box.top, box.right, box.bottom);
  });
  deco.bands.forEach(function (b) { grow(b.x0, b.y0, b.x1, b.y1); });
  deco.annotations.forEach(function (a) {
    var w = String(a.text).length * a.size * 0.58;
    var left = a.align === 'left' ? a.x : (a.align === 'right' ? a.x - w : a.x - w / 2);
    grow(left, a.y - a.size, left + w, a.y + a.size * 1.25 * String(a.text).split('\n').length);
  });
  var canvas = network.canvas.frame.canvas;
  var w = canvas.clientWidth || 800, h = canvas.clientHeight || 600;
  var scale = Math.min(w / (x1 - x0 + 40), h / (y1 - y0 + 40));
  network.moveTo({position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2}, scale: scale, animation: false});
}
function tmbCounts() {
  return {
    nodes: network.body.data.nodes.length,
    edges: network.body.data.edges.length,
    drawnNodes: network.body.nodeIndices.length,
    drawnEdges: network.body.edgeIndices.length
  };
}
"""
