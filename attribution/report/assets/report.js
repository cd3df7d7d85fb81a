/* The HTML report's behaviour: the network picture, the tables and the outlet detail.
 *
 * Everything here is plain browser JavaScript with no third-party code. The data comes from
 * the <script type="application/json" id="report-data"> block; every piece of it reaches the
 * page through textContent or a checked href, never through innerHTML.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var NETWORK = DATA.network || { nodes: [], edges: [] };

  // ---------------------------------------------------------------- small DOM helpers

  function byId(id) {
    return document.getElementById(id);
  }

  /* el("td", {className: "num"}, child, ...): children are nodes or text (never HTML). */
  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      for (var key in props) {
        if (Object.prototype.hasOwnProperty.call(props, key)) node[key] = props[key];
      }
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(parent, child) {
    if (child === null || child === undefined) return;
    if (Array.isArray(child)) {
      child.forEach(function (c) {
        append(parent, c);
      });
    } else if (typeof child === "object" && child.nodeType) {
      parent.appendChild(child);
    } else {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }

  function fmtInt(v) {
    return v === null || v === undefined ? "–" : Number(v).toLocaleString("en");
  }

  function fmtPct(v) {
    return v === null || v === undefined ? "–" : Math.round(v * 100) + "%";
  }

  function fmtRatio(v) {
    return v === null || v === undefined ? "–" : Number(v).toFixed(2);
  }

  /* Only http(s) URLs become links: a javascript: or data: URL in the data stays text. */
  function safeHref(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.href;
    } catch (e) {
      return null;
    }
    return null;
  }

  function extLink(url, text) {
    var href = safeHref(url);
    var label = text || url || "–";
    if (!href) return el("span", null, label);
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, label);
  }

  // ---------------------------------------------------------------- colours

  // Red through amber to blue rather than to green: people who cannot tell red from green
  // (about one man in twelve) still see the two ends apart.
  var RAMP = [
    [0, [198, 40, 40]],
    [0.5, [240, 165, 0]],
    [1, [0, 114, 178]],
  ];
  var NO_DATA = "#a3a3a8";
  // Operator outlines: hues the compliance fill does not use (no red, amber or blue).
  var OPERATOR_COLOURS = [
    "#2e7d32", "#6a3d9a", "#c2185b", "#6d4c41", "#00897b",
    "#37474f", "#827717", "#8e24aa", "#ad1457", "#33691e",
  ];

  function complianceColour(v) {
    if (v === null || v === undefined || isNaN(v)) return NO_DATA;
    // Twenty-one steps: the eye cannot tell finer ones apart, and fewer colours mean fewer
    // batches to draw.
    var t = Math.round(Math.max(0, Math.min(1, v)) * 20) / 20;
    for (var i = 1; i < RAMP.length; i++) {
      if (t <= RAMP[i][0]) {
        var a = RAMP[i - 1];
        var b = RAMP[i];
        var f = (t - a[0]) / (b[0] - a[0]);
        var c = [0, 1, 2].map(function (k) {
          return Math.round(a[1][k] + (b[1][k] - a[1][k]) * f);
        });
        return "rgb(" + c[0] + "," + c[1] + "," + c[2] + ")";
      }
    }
    return NO_DATA;
  }

  // ---------------------------------------------------------------- the graph

  var publisherRows = new Map();
  (DATA.publishers || []).forEach(function (p) {
    publisherRows.set(p.domain, p);
  });
  var republisherRows = new Map();
  (DATA.republishers || []).forEach(function (r) {
    republisherRows.set(r.domain, r);
  });

  /* A node's compliance; a publisher that republishes nothing is coloured by its copies'. */
  function nodeCompliance(n) {
    if (n.compliance !== null && n.compliance !== undefined) return n.compliance;
    var row = publisherRows.get(n.id);
    return row && row.compliance !== undefined ? row.compliance : null;
  }

  var nodes = [];
  var nodeById = new Map();
  (NETWORK.nodes || []).forEach(function (n, i) {
    if (nodeById.has(n.id)) return;
    var volume = (n.articles || 0) + (n.copies || 0);
    var node = {
      data: n,
      id: n.id,
      index: i,
      volume: volume,
      compliance: nodeCompliance(n),
      colour: complianceColour(nodeCompliance(n)),
      r: 4 + 2.2 * Math.sqrt(volume),
      publisher: n.kind === "publisher" || n.kind === "both",
      x: 0, y: 0, vx: 0, vy: 0,
      out: [], inc: [], sister: [],
    };
    node.r = Math.min(node.r, 40);
    nodes.push(node);
    nodeById.set(n.id, node);
  });
  var edges = [];
  (NETWORK.edges || []).forEach(function (e) {
    var s = nodeById.get(e.source);
    var t = nodeById.get(e.target);
    if (!s || !t || s === t) return;
    var edge = {
      data: e,
      s: s,
      t: t,
      sameOperator: e.kind === "same_operator",
      colour: complianceColour(e.compliance),
    };
    edges.push(edge);
    if (edge.sameOperator) {
      s.sister.push(edge);
      t.sister.push(edge);
    } else {
      s.out.push(edge);
      t.inc.push(edge);
    }
  });

  var operators = new Map(); // operator id -> {colour, members}
  nodes.forEach(function (n) {
    var op = n.data.operator;
    if (!op) return;
    if (!operators.has(op)) {
      operators.set(op, {
        id: op,
        colour: OPERATOR_COLOURS[operators.size % OPERATOR_COLOURS.length],
        members: [],
        hull: null,
      });
    }
    operators.get(op).members.push(n);
  });

  // Deterministic pseudo-random numbers (mulberry32), so a report always looks the same.
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // ---------------------------------------------------------------- force layout
  //
  // d3-style velocity Verlet: Barnes-Hut repulsion, springs on edges, a weak pull to the
  // centre, a fixed number of iterations with a cooling schedule. Positions depend only on
  // the data and the seed, not on timing: the work is cut into chunks between frames only
  // so the page stays responsive while a few thousand nodes settle.

  var THETA2 = 0.81; // Barnes-Hut accuracy: theta 0.9, coarser (1.2) for large graphs
  var CHARGE = 40;
  var DIST_MAX2 = 600 * 600;

  function Quad(x0, y0, size) {
    this.x0 = x0;
    this.y0 = y0;
    this.size = size;
    this.kids = null;
    this.body = null;
    this.extra = null;
    this.m = 0;
    this.mx = 0;
    this.my = 0;
  }

  function childOf(q, b) {
    var h = q.size / 2;
    return (b.x >= q.x0 + h ? 1 : 0) + (b.y >= q.y0 + h ? 2 : 0);
  }

  function insert(q, b, depth) {
    for (;;) {
      q.m += b.charge;
      q.mx += b.x * b.charge;
      q.my += b.y * b.charge;
      if (q.kids) {
        q = q.kids[childOf(q, b)];
        depth++;
        continue;
      }
      if (!q.body) {
        q.body = b;
        return;
      }
      if (depth > 32) {
        // Coincident points: keep them together in one leaf instead of splitting forever.
        (q.extra || (q.extra = [])).push(b);
        return;
      }
      var h = q.size / 2;
      q.kids = [
        new Quad(q.x0, q.y0, h),
        new Quad(q.x0 + h, q.y0, h),
        new Quad(q.x0, q.y0 + h, h),
        new Quad(q.x0 + h, q.y0 + h, h),
      ];
      var old = q.body;
      q.body = null;
      var k = q.kids[childOf(q, old)];
      k.m += old.charge;
      k.mx += old.x * old.charge;
      k.my += old.y * old.charge;
      k.body = old;
      // Loop on: b goes into q's children (q's own sums are updated again, so undo them).
      q.m -= b.charge;
      q.mx -= b.x * b.charge;
      q.my -= b.y * b.charge;
    }
  }

  function buildTree() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (n.x < x0) x0 = n.x;
      if (n.y < y0) y0 = n.y;
      if (n.x > x1) x1 = n.x;
      if (n.y > y1) y1 = n.y;
    }
    var size = Math.max(x1 - x0, y1 - y0) + 1;
    var root = new Quad(x0, y0, size);
    for (var j = 0; j < nodes.length; j++) insert(root, nodes[j], 0);
    return root;
  }

  function repel(b, dx, dy, d2, m, alpha, jitter) {
    if (d2 > DIST_MAX2) return;
    if (d2 === 0) {
      dx = (jitter() - 0.5) * 1e-3;
      dy = (jitter() - 0.5) * 1e-3;
      d2 = dx * dx + dy * dy;
    }
    if (d2 < 1) d2 = Math.sqrt(d2);
    var w = (CHARGE * m * alpha) / d2;
    b.vx -= dx * w;
    b.vy -= dy * w;
  }

  var stack = []; // reused by every call: no allocation in the inner loop

  function applyRepulsion(root, b, alpha, jitter) {
    var top = 0;
    stack[top++] = root;
    while (top) {
      var q = stack[--top];
      if (q.m === 0) continue;
      if (q.kids) {
        var dx = q.mx / q.m - b.x;
        var dy = q.my / q.m - b.y;
        var d2 = dx * dx + dy * dy;
        if ((q.size * q.size) / THETA2 < d2) {
          repel(b, dx, dy, d2, q.m, alpha, jitter);
        } else {
          stack[top++] = q.kids[0];
          stack[top++] = q.kids[1];
          stack[top++] = q.kids[2];
          stack[top++] = q.kids[3];
        }
        continue;
      }
      var o = q.body;
      if (o !== b) {
        var ex = o.x - b.x;
        var ey = o.y - b.y;
        repel(b, ex, ey, ex * ex + ey * ey, o.charge, alpha, jitter);
      }
      if (q.extra) {
        for (var i = 0; i < q.extra.length; i++) {
          o = q.extra[i];
          if (o === b) continue;
          var fx = o.x - b.x;
          var fy = o.y - b.y;
          repel(b, fx, fy, fx * fx + fy * fy, o.charge, alpha, jitter);
        }
      }
    }
  }

  function Layout(seed) {
    this.jitter = rng(seed ^ 0x9e3779b9);
    var random = rng(seed);
    var n = nodes.length;
    var spread = 40 + Math.sqrt(n) * 28;
    var centres = new Map();
    function inDisc(radius) {
      var a = random() * 2 * Math.PI;
      var r = radius * Math.sqrt(random());
      return [Math.cos(a) * r, Math.sin(a) * r];
    }
    nodes.forEach(function (node) {
      node.charge = 0.6 + node.r / 8;
      var op = node.data.operator;
      var base = [0, 0];
      var radius = spread;
      if (op) {
        if (!centres.has(op)) centres.set(op, inDisc(spread));
        base = centres.get(op);
        radius = 25;
      }
      var p = inDisc(radius);
      node.x = base[0] + p[0];
      node.y = base[1] + p[1];
      node.vx = 0;
      node.vy = 0;
    });
    var degree = new Map();
    edges.forEach(function (e) {
      degree.set(e.s, (degree.get(e.s) || 0) + 1);
      degree.set(e.t, (degree.get(e.t) || 0) + 1);
    });
    this.links = edges.map(function (e) {
      var ds = degree.get(e.s);
      var dt = degree.get(e.t);
      return {
        s: e.s,
        t: e.t,
        distance: (e.sameOperator ? 18 : 45) + e.s.r + e.t.r,
        strength: (e.sameOperator ? 1.5 : 1) / Math.min(ds, dt),
        bias: ds / (ds + dt),
      };
    });
    this.iterations = n <= 300 ? 400 : n <= 1500 ? 300 : 180;
    THETA2 = n <= 1500 ? 0.81 : 1.44;
    this.done = 0;
    this.alpha = 1;
    this.decay = 1 - Math.pow(0.001, 1 / this.iterations);
  }

  Layout.prototype.step = function () {
    var alpha = this.alpha;
    var i, n;
    var root = buildTree();
    for (i = 0; i < nodes.length; i++) applyRepulsion(root, nodes[i], alpha, this.jitter);
    for (i = 0; i < this.links.length; i++) {
      var l = this.links[i];
      var x = l.t.x + l.t.vx - l.s.x - l.s.vx;
      var y = l.t.y + l.t.vy - l.s.y - l.s.vy;
      var d = Math.sqrt(x * x + y * y) || 1e-6;
      var f = ((d - l.distance) / d) * alpha * l.strength;
      x *= f;
      y *= f;
      l.t.vx -= x * l.bias;
      l.t.vy -= y * l.bias;
      l.s.vx += x * (1 - l.bias);
      l.s.vy += y * (1 - l.bias);
    }
    for (i = 0; i < nodes.length; i++) {
      n = nodes[i];
      n.vx -= n.x * 0.04 * alpha;
      n.vy -= n.y * 0.04 * alpha;
      n.vx *= 0.6;
      n.vy *= 0.6;
      n.x += n.vx;
      n.y += n.vy;
    }
    this.alpha -= this.alpha * this.decay;
    this.done++;
  };

  Layout.prototype.run = function (onProgress, onDone) {
    var self = this;
    function chunk() {
      var until = performance.now() + 30;
      while (self.done < self.iterations && performance.now() < until) self.step();
      if (self.done < self.iterations) {
        onProgress(self.done / self.iterations);
        setTimeout(chunk, 0);
      } else {
        onDone();
      }
    }
    chunk();
  };

  // ---------------------------------------------------------------- operator hulls

  function convexHull(points) {
    points.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1];
    });
    function cross(o, a, b) {
      return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
    var lower = [];
    var upper = [];
    var i;
    for (i = 0; i < points.length; i++) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], points[i]) <= 0) lower.pop();
      lower.push(points[i]);
    }
    for (i = points.length - 1; i >= 0; i--) {
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], points[i]) <= 0) upper.pop();
      upper.push(points[i]);
    }
    upper.pop();
    lower.pop();
    return lower.concat(upper);
  }

  function computeHulls() {
    operators.forEach(function (op) {
      var pts = [];
      op.members.forEach(function (n) {
        var pad = n.r + 10;
        for (var k = 0; k < 12; k++) {
          var a = (k / 12) * 2 * Math.PI;
          pts.push([n.x + Math.cos(a) * pad, n.y + Math.sin(a) * pad]);
        }
      });
      op.hull = convexHull(pts);
    });
  }

  // ---------------------------------------------------------------- the view

  var canvas = byId("network");
  var ctx = canvas.getContext("2d");
  var box = byId("canvas-box");
  var status = byId("network-status");
  var view = { k: 1, tx: 0, ty: 0, width: 0, height: 0, dpr: 1 };
  var state = { selected: null, hover: null, laidOut: false, frame: 0, labelled: new Set() };
  var drawOrder = nodes.slice().sort(function (a, b) {
    return a.r - b.r || a.index - b.index;
  });
  nodes
    .slice()
    .sort(function (a, b) {
      return b.volume - a.volume || a.index - b.index;
    })
    .slice(0, 12)
    .forEach(function (n) {
      state.labelled.add(n);
    });

  canvas.dataset.nodes = String(nodes.length);
  canvas.dataset.edges = String(edges.length);
  canvas.setAttribute(
    "aria-label",
    "Republishing network of " + nodes.length + " outlets and " + edges.length +
      " links; the list below the picture names the largest outlets."
  );

  function resize() {
    var rect = box.getBoundingClientRect();
    view.dpr = window.devicePixelRatio || 1;
    view.width = Math.max(1, rect.width);
    view.height = Math.max(1, rect.height);
    canvas.width = Math.round(view.width * view.dpr);
    canvas.height = Math.round(view.height * view.dpr);
    requestDraw();
  }

  function fit() {
    if (!nodes.length) return;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    nodes.forEach(function (n) {
      x0 = Math.min(x0, n.x - n.r);
      y0 = Math.min(y0, n.y - n.r);
      x1 = Math.max(x1, n.x + n.r);
      y1 = Math.max(y1, n.y + n.r);
    });
    var pad = 24;
    var k = Math.min((view.width - 2 * pad) / (x1 - x0 || 1), (view.height - 2 * pad) / (y1 - y0 || 1));
    view.k = Math.max(0.02, Math.min(k, 3));
    view.tx = view.width / 2 - ((x0 + x1) / 2) * view.k;
    view.ty = view.height / 2 - ((y0 + y1) / 2) * view.k;
    requestDraw();
  }

  function zoomAt(factor, sx, sy) {
    var k = Math.max(0.02, Math.min(40, view.k * factor));
    var f = k / view.k;
    view.tx = sx - (sx - view.tx) * f;
    view.ty = sy - (sy - view.ty) * f;
    view.k = k;
    requestDraw();
  }

  function toScreen(n) {
    return [n.x * view.k + view.tx, n.y * view.k + view.ty];
  }

  function requestDraw() {
    if (state.frame) return;
    state.frame = requestAnimationFrame(function () {
      state.frame = 0;
      draw();
    });
  }

  function neighbourEdges(n) {
    return n ? n.out.concat(n.inc, n.sister) : [];
  }

  function nodePath(n, grow, path) {
    var target = path || ctx;
    var r = n.r + (grow || 0);
    if (n.publisher) {
      target.rect(n.x - r, n.y - r, 2 * r, 2 * r);
    } else {
      target.moveTo(n.x + r, n.y);
      target.arc(n.x, n.y, r, 0, 2 * Math.PI);
    }
  }

  // Nodes are drawn in size tiers, smallest first, each tier as one path per fill colour and
  // one per outline: a few dozen canvas calls instead of thousands, and larger outlets still
  // lie on top of smaller ones (as the hit test assumes).
  var TIERS = [6, 10, 16, 24, Infinity];
  var BATCH = 150;

  function drawNodes(k, visible) {
    var start = 0;
    TIERS.forEach(function (limit) {
      var fills = new Map();
      var outlines = new Map();
      function flush() {
        fills.forEach(function (path, colour) {
          ctx.fillStyle = colour;
          ctx.fill(path);
        });
        outlines.forEach(function (path, colour) {
          ctx.strokeStyle = colour || "rgba(30,30,30,0.7)";
          ctx.lineWidth = (colour ? 2.5 : 0.8) / k;
          ctx.stroke(path);
        });
        fills = new Map();
        outlines = new Map();
      }
      var count = 0;
      while (start < drawOrder.length && drawOrder[start].r < limit) {
        var n = drawOrder[start++];
        if (++count % BATCH === 0) flush();
        if (!visible(n.x - n.r, n.y - n.r, n.x + n.r, n.y + n.r)) continue;
        var fill = fills.get(n.colour);
        if (!fill) fills.set(n.colour, (fill = new Path2D()));
        nodePath(n, 0, fill);
        var op = n.data.operator ? operators.get(n.data.operator) : null;
        var key = op ? op.colour : "";
        var outline = outlines.get(key);
        if (!outline) outlines.set(key, (outline = new Path2D()));
        nodePath(n, 0, outline);
      }
      flush();
    });
  }

  function draw() {
    var k = view.k;
    var dpr = view.dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fcfcfd";
    ctx.fillRect(0, 0, view.width, view.height);
    if (!state.laidOut && !state.preview) return;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * view.tx, dpr * view.ty);
    // The visible world rectangle, to skip what is off screen.
    var wx0 = -view.tx / k, wy0 = -view.ty / k;
    var wx1 = wx0 + view.width / k, wy1 = wy0 + view.height / k;
    function visible(x0, y0, x1, y1) {
      return x1 >= wx0 && x0 <= wx1 && y1 >= wy0 && y0 <= wy1;
    }

    operators.forEach(function (op) {
      if (!op.hull || op.hull.length < 3) return;
      ctx.beginPath();
      ctx.moveTo(op.hull[0][0], op.hull[0][1]);
      for (var i = 1; i < op.hull.length; i++) ctx.lineTo(op.hull[i][0], op.hull[i][1]);
      ctx.closePath();
      ctx.globalAlpha = 0.09;
      ctx.fillStyle = op.colour;
      ctx.fill();
      ctx.globalAlpha = 0.55;
      ctx.strokeStyle = op.colour;
      ctx.lineWidth = 1.2 / k;
      ctx.stroke();
    });
    ctx.globalAlpha = 1;

    // Republishing edges, batched by colour: a path of lines and one of arrowheads each,
    // flushed every BATCH segments (the rasteriser slows down on very long paths).
    var focus = state.selected || state.hover;
    var batches = new Map();
    var arrow = Math.min(7 / k, 14);
    ctx.globalAlpha = focus ? 0.18 : 0.5;
    ctx.lineWidth = 1 / k;
    function flushEdges(batch) {
      ctx.strokeStyle = batch.colour;
      ctx.fillStyle = batch.colour;
      ctx.stroke(batch.lines);
      ctx.fill(batch.heads);
      batch.lines = new Path2D();
      batch.heads = new Path2D();
      batch.n = 0;
    }
    edges.forEach(function (e) {
      if (e.sameOperator) return;
      var s = e.s, t = e.t;
      if (!visible(Math.min(s.x, t.x), Math.min(s.y, t.y), Math.max(s.x, t.x), Math.max(s.y, t.y))) return;
      var colour = e.colour;
      var batch = batches.get(colour);
      if (!batch) {
        batch = { colour: colour, lines: new Path2D(), heads: new Path2D(), n: 0 };
        batches.set(colour, batch);
      } else if (batch.n >= BATCH) {
        flushEdges(batch);
      }
      batch.n++;
      var dx = t.x - s.x, dy = t.y - s.y;
      var d = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / d, uy = dy / d;
      var tipX = t.x - ux * (t.r + 1.5 / k), tipY = t.y - uy * (t.r + 1.5 / k);
      batch.lines.moveTo(s.x + ux * s.r, s.y + uy * s.r);
      batch.lines.lineTo(tipX - ux * arrow * 0.8, tipY - uy * arrow * 0.8);
      batch.heads.moveTo(tipX, tipY);
      batch.heads.lineTo(tipX - ux * arrow - uy * arrow * 0.45, tipY - uy * arrow + ux * arrow * 0.45);
      batch.heads.lineTo(tipX - ux * arrow + uy * arrow * 0.45, tipY - uy * arrow - ux * arrow * 0.45);
      batch.heads.closePath();
    });
    batches.forEach(flushEdges);
    ctx.globalAlpha = 1;

    // Same-operator links: dashed, in the operator's colour.
    ctx.setLineDash([5 / k, 4 / k]);
    ctx.lineWidth = 1.4 / k;
    edges.forEach(function (e) {
      if (!e.sameOperator) return;
      var s = e.s, t = e.t;
      if (!visible(Math.min(s.x, t.x), Math.min(s.y, t.y), Math.max(s.x, t.x), Math.max(s.y, t.y))) return;
      var op = operators.get(e.s.data.operator) || operators.get(e.t.data.operator);
      ctx.strokeStyle = op ? op.colour : "#6a3d9a";
      ctx.beginPath();
      ctx.moveTo(e.s.x, e.s.y);
      ctx.lineTo(e.t.x, e.t.y);
      ctx.stroke();
    });
    ctx.setLineDash([]);

    // The focused outlet's links, drawn on top and darker.
    if (focus) {
      ctx.strokeStyle = "#222";
      ctx.lineWidth = 2 / k;
      neighbourEdges(focus).forEach(function (e) {
        ctx.beginPath();
        ctx.moveTo(e.s.x, e.s.y);
        ctx.lineTo(e.t.x, e.t.y);
        ctx.stroke();
      });
    }

    drawNodes(k, visible);
    [state.hover, state.selected].forEach(function (n) {
      if (!n) return;
      ctx.beginPath();
      nodePath(n, 3 / k);
      ctx.strokeStyle = n === state.selected ? "#111" : "#555";
      ctx.lineWidth = 2.5 / k;
      ctx.stroke();
    });

    // Labels in screen space so they keep their size: the largest outlets, the focused one
    // and its neighbours, and any outlet drawn large enough.
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = "12px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    var labelled = new Set();
    if (focus) {
      labelled.add(focus);
      neighbourEdges(focus).forEach(function (e) {
        labelled.add(e.s);
        labelled.add(e.t);
      });
    }
    state.labelled.forEach(function (n) {
      labelled.add(n);
    });
    if (k > 1.5) {
      for (var li = drawOrder.length - 1; li >= 0 && labelled.size < 200; li--) {
        if (drawOrder[li].r * k > 14) labelled.add(drawOrder[li]);
      }
    }
    // Greedy placement in priority order: a label that would overlap one already placed is
    // left out (its outlet is still in the panel, the tables and the list below).
    var placed = [];
    labelled.forEach(function (n) {
      var p = toScreen(n);
      if (p[0] < -50 || p[1] < -20 || p[0] > view.width + 50 || p[1] > view.height + 20) return;
      var text = String(n.data.label || n.id);
      if (text.length > 40) text = text.slice(0, 39) + "…";
      var x = p[0] + n.r * k + 4;
      var extent = [x, p[1] - 8, x + ctx.measureText(text).width, p[1] + 8];
      var clash = placed.some(function (b) {
        return extent[0] < b[2] && extent[2] > b[0] && extent[1] < b[3] && extent[3] > b[1];
      });
      if (clash && n !== focus) return;
      placed.push(extent);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(text, x, p[1]);
      ctx.fillStyle = "#1d1d1f";
      ctx.fillText(text, x, p[1]);
    });
  }

  /* The outlet under a screen point: the topmost one drawn, with a few pixels of slack. */
  function hit(sx, sy) {
    var wx = (sx - view.tx) / view.k;
    var wy = (sy - view.ty) / view.k;
    var slack = 3 / view.k;
    for (var i = drawOrder.length - 1; i >= 0; i--) {
      var n = drawOrder[i];
      var r = n.r + slack;
      var dx = wx - n.x, dy = wy - n.y;
      if (n.publisher ? Math.abs(dx) <= r && Math.abs(dy) <= r : dx * dx + dy * dy <= r * r) return n;
    }
    return null;
  }

  // ---------------------------------------------------------------- the node panel

  var panel = byId("node-panel");

  function kv(pairs) {
    var dl = el("dl", { className: "kv" });
    pairs.forEach(function (p) {
      dl.appendChild(el("dt", null, p[0]));
      dl.appendChild(el("dd", null, p[1]));
    });
    return dl;
  }

  var KIND = {
    publisher: "original publisher",
    republisher: "republisher",
    both: "publisher and republisher",
    outlet: "outlet (no copies found)",
  };

  function neighbourList(title, list, other) {
    if (!list.length) return null;
    var sorted = list.slice().sort(function (a, b) {
      return (b.data.articles || 0) - (a.data.articles || 0) || other(a).index - other(b).index;
    });
    var ul = el("ul");
    sorted.slice(0, 12).forEach(function (e) {
      var o = other(e);
      var li = el("li");
      li.appendChild(
        el("button", {
          type: "button",
          className: "linkish",
          textContent: String(o.data.label || o.id),
          onclick: function () {
            selectNode(o.id, true);
          },
        })
      );
      if (!e.sameOperator) {
        append(li, ": " + fmtInt(e.data.articles) + " articles, " + fmtInt(e.data.uncredited) +
          " uncredited, compliance " + fmtPct(e.data.compliance));
      } else if (e.data.shared) {
        append(li, ": shares " + String(e.data.shared));
      }
      ul.appendChild(li);
    });
    if (sorted.length > 12) ul.appendChild(el("li", null, "and " + (sorted.length - 12) + " more"));
    return [el("h4", null, title + " (" + list.length + ")"), ul];
  }

  function showPanel(n) {
    panel.replaceChildren();
    if (!n) {
      panel.appendChild(el("h3", { id: "node-panel-heading" }, "No outlet selected"));
      panel.appendChild(el("p", null, "Hover over or click an outlet in the picture, or pick one in “Find outlet”."));
      return;
    }
    var d = n.data;
    panel.dataset.node = n.id;
    panel.appendChild(el("h3", { id: "node-panel-heading" }, String(d.label || n.id)));
    if (String(d.label || n.id) !== n.id) panel.appendChild(el("p", { className: "domain" }, n.id));
    var pairs = [
      ["Kind", KIND[d.kind] || String(d.kind)],
      ["Pages", fmtInt(d.pages)],
      ["Articles republished", fmtInt(d.articles)],
      ["Copies of its articles", fmtInt(d.copies)],
      ["Compliance", fmtPct(n.compliance)],
    ];
    var asPublisher = publisherRows.get(n.id);
    var asRepublisher = republisherRows.get(n.id);
    if (asPublisher) {
      pairs.push(["Republishers of its articles", fmtInt(asPublisher.republishers)]);
      if (asPublisher.most_missing) pairs.push(["Its copies most often lack", String(asPublisher.most_missing)]);
    }
    if (asRepublisher) {
      pairs.push(["Credited / uncredited", fmtInt(asRepublisher.credited) + " / " + fmtInt(asRepublisher.uncredited)]);
      pairs.push(["Edited copies", fmtInt(asRepublisher.edited)]);
      if (asRepublisher.most_missing) pairs.push(["Most often lacks", String(asRepublisher.most_missing)]);
    }
    if (d.operator) pairs.push(["Operator cluster", String(d.operator)]);
    if (d.registry_id) pairs.push(["Registry id", String(d.registry_id)]);
    panel.appendChild(kv(pairs));
    append(panel, neighbourList("Republishes from", n.out, function (e) { return e.t; }));
    append(panel, neighbourList("Republished by", n.inc, function (e) { return e.s; }));
    append(panel, neighbourList("Same operator", n.sister, function (e) { return e.s === n ? e.t : e.s; }));
    panel.appendChild(
      el("p", null, el("button", {
        type: "button",
        textContent: "Show its articles",
        onclick: function () {
          showDetail(n.id, true);
        },
      }))
    );
  }

  function selectNode(id, centre) {
    var n = nodeById.get(id) || null;
    state.selected = n;
    showPanel(n);
    if (n && state.laidOut) {
      var p = toScreen(n);
      if (centre || p[0] < 0 || p[1] < 0 || p[0] > view.width || p[1] > view.height) {
        view.tx += view.width / 2 - p[0];
        view.ty += view.height / 2 - p[1];
      }
    }
    requestDraw();
    return !!n;
  }

  // ---------------------------------------------------------------- pointer and keys

  var drag = null;

  function local(ev) {
    var rect = canvas.getBoundingClientRect();
    return [ev.clientX - rect.left, ev.clientY - rect.top];
  }

  canvas.addEventListener("pointerdown", function (ev) {
    var p = local(ev);
    drag = { x: p[0], y: p[1], tx: view.tx, ty: view.ty, moved: false, id: ev.pointerId };
    canvas.setPointerCapture(ev.pointerId);
  });
  canvas.addEventListener("pointermove", function (ev) {
    var p = local(ev);
    if (drag) {
      if (Math.abs(p[0] - drag.x) + Math.abs(p[1] - drag.y) > 4) drag.moved = true;
      if (drag.moved) {
        canvas.classList.add("dragging");
        view.tx = drag.tx + p[0] - drag.x;
        view.ty = drag.ty + p[1] - drag.y;
        requestDraw();
      }
      return;
    }
    var n = state.laidOut ? hit(p[0], p[1]) : null;
    if (n !== state.hover) {
      state.hover = n;
      canvas.classList.toggle("over-node", !!n);
      showPanel(n || state.selected);
      requestDraw();
    }
  });
  canvas.addEventListener("pointerup", function (ev) {
    if (!drag) return;
    var p = local(ev);
    var wasClick = !drag.moved;
    drag = null;
    canvas.classList.remove("dragging");
    if (canvas.hasPointerCapture(ev.pointerId)) canvas.releasePointerCapture(ev.pointerId);
    if (wasClick && state.laidOut) {
      var n = hit(p[0], p[1]);
      state.selected = n;
      showPanel(n);
      requestDraw();
    }
  });
  canvas.addEventListener("pointerleave", function () {
    if (drag || !state.hover) return;
    state.hover = null;
    canvas.classList.remove("over-node");
    showPanel(state.selected);
    requestDraw();
  });
  canvas.addEventListener(
    "wheel",
    function (ev) {
      ev.preventDefault();
      var p = local(ev);
      zoomAt(Math.exp(-ev.deltaY * 0.0015), p[0], p[1]);
    },
    { passive: false }
  );
  canvas.addEventListener("keydown", function (ev) {
    var step = 60;
    var handled = true;
    if (ev.key === "ArrowLeft") view.tx += step;
    else if (ev.key === "ArrowRight") view.tx -= step;
    else if (ev.key === "ArrowUp") view.ty += step;
    else if (ev.key === "ArrowDown") view.ty -= step;
    else if (ev.key === "+" || ev.key === "=") zoomAt(1.3, view.width / 2, view.height / 2);
    else if (ev.key === "-" || ev.key === "_") zoomAt(1 / 1.3, view.width / 2, view.height / 2);
    else if (ev.key === "0") fit();
    else if (ev.key === "Escape") selectNode(null);
    else handled = false;
    if (handled) {
      ev.preventDefault();
      requestDraw();
    }
  });
  byId("zoom-in").addEventListener("click", function () {
    zoomAt(1.4, view.width / 2, view.height / 2);
  });
  byId("zoom-out").addEventListener("click", function () {
    zoomAt(1 / 1.4, view.width / 2, view.height / 2);
  });
  byId("zoom-fit").addEventListener("click", fit);
  byId("find-node").addEventListener("change", function (ev) {
    var id = outletKey(ev.target.value);
    if (nodeById.has(id)) selectNode(id, true);
  });
  if (window.ResizeObserver) new ResizeObserver(resize).observe(box);
  else window.addEventListener("resize", resize);

  // ---------------------------------------------------------------- the legend

  function buildLegend() {
    var legend = byId("legend");
    var stops = [0, 0.25, 0.5, 0.75, 1].map(function (t) {
      return complianceColour(t) + " " + t * 100 + "%";
    });
    var ramp = el("span", { className: "ramp" });
    ramp.style.background = "linear-gradient(to right, " + stops.join(", ") + ")";
    var none = el("span", { className: "swatch" });
    none.style.background = NO_DATA;
    var square = el("span", { className: "swatch square" });
    square.style.background = NO_DATA;
    var circle = el("span", { className: "swatch" });
    circle.style.background = NO_DATA;
    append(legend, [
      el("span", { className: "item" }, "Compliance 0%", ramp, "100%"),
      el("span", { className: "item" }, none, "no copies checked"),
      el("span", { className: "item" }, square, "original publisher"),
      el("span", { className: "item" }, circle, "republisher"),
      el("span", { className: "item" }, el("span", { className: "arrow" }), "→ republishes from"),
      el("span", { className: "item" }, el("span", { className: "dashed" }), "same operator (shared outline colour)"),
      el("span", { className: "item" }, "size: copies made + copies of its articles"),
    ]);
  }

  // ---------------------------------------------------------------- sortable tables

  /* A table with a caption, a filter box, headers that sort on click (buttons, so the
   * keyboard reaches them) and rows rendered a page at a time so thousands stay quick. */
  function makeTable(container, spec) {
    var rows = spec.rows.map(function (row, i) {
      var text = spec.columns
        .map(function (c) {
          var v = c.text ? c.text(row) : c.value(row);
          return v === null || v === undefined ? "" : String(v);
        })
        .join(" \u0001 ")
        .toLowerCase();
      return { row: row, index: i, text: text };
    });
    var sortState = { column: null, dir: 1 };
    var filtered = rows;
    var limit = spec.pageSize || 100;

    var filterId = container.id + "-filter";
    var input = el("input", { type: "search", id: filterId, placeholder: "filter", autocomplete: "off" });
    var count = el("span", { className: "count", role: "status" });
    container.appendChild(
      el("div", { className: "table-tools" }, el("label", { htmlFor: filterId }, "Filter"), input, count)
    );
    var table = el("table");
    table.appendChild(el("caption", null, spec.caption));
    var headRow = el("tr");
    var ths = spec.columns.map(function (c, ci) {
      var th = el("th", { scope: "col", className: c.num ? "num" : "" });
      th.setAttribute("aria-sort", "none");
      th.appendChild(
        el("button", {
          type: "button",
          className: "sort",
          textContent: c.label,
          title: "Sort by " + c.label,
          onclick: function () {
            sortBy(ci);
          },
        })
      );
      headRow.appendChild(th);
      return th;
    });
    table.appendChild(el("thead", null, headRow));
    var tbody = el("tbody");
    table.appendChild(tbody);
    container.appendChild(table);
    var more = el("p", { className: "more" });
    container.appendChild(more);

    function compare(column, dir) {
      return function (a, b) {
        var va = column.value(a.row);
        var vb = column.value(b.row);
        var na = va === null || va === undefined || va === "";
        var nb = vb === null || vb === undefined || vb === "";
        // Empty values sort last whichever the direction.
        if (na || nb) return na === nb ? a.index - b.index : na ? 1 : -1;
        var r;
        if (column.num) r = va - vb;
        else r = String(va).localeCompare(String(vb), "en", { sensitivity: "base", numeric: true });
        return r * dir || a.index - b.index;
      };
    }

    function sortBy(ci) {
      var column = spec.columns[ci];
      if (sortState.column === ci) sortState.dir = -sortState.dir;
      else {
        sortState.column = ci;
        sortState.dir = column.num ? -1 : 1;
      }
      ths.forEach(function (th, i) {
        th.setAttribute(
          "aria-sort",
          i === ci ? (sortState.dir === 1 ? "ascending" : "descending") : "none"
        );
      });
      rows.sort(compare(column, sortState.dir));
      applyFilter();
    }

    function applyFilter() {
      var q = input.value.trim().toLowerCase();
      filtered = q
        ? rows.filter(function (r) {
            return r.text.indexOf(q) !== -1;
          })
        : rows;
      render();
    }

    function render() {
      var shown = filtered.slice(0, limit);
      tbody.replaceChildren();
      shown.forEach(function (r) {
        var tr = el("tr");
        spec.columns.forEach(function (c) {
          var cell = c.render ? c.render(r.row) : c.value(r.row);
          if (cell === null || cell === undefined) cell = "–";
          tr.appendChild(el("td", { className: c.num ? "num" : "" }, cell));
        });
        tbody.appendChild(tr);
      });
      count.textContent =
        filtered.length === rows.length
          ? rows.length + " rows"
          : filtered.length + " of " + rows.length + " rows";
      more.replaceChildren();
      if (filtered.length > shown.length) {
        append(more, [
          "Showing " + shown.length + " of " + filtered.length + ". ",
          el("button", {
            type: "button",
            textContent: "Show " + Math.min(spec.pageSize || 100, filtered.length - shown.length) + " more",
            onclick: function () {
              limit += spec.pageSize || 100;
              render();
            },
          }),
        ]);
      }
    }

    input.addEventListener("input", function () {
      limit = spec.pageSize || 100;
      applyFilter();
    });
    render();
    return { sortBy: sortBy };
  }

  function outletButton(domain, label) {
    if (!domain) return "–";
    return el("button", {
      type: "button",
      className: "linkish",
      textContent: String(label || domain),
      title: "Show the articles of " + domain,
      onclick: function () {
        showDetail(domain, true);
      },
    });
  }

  function missingText(m) {
    if (!m) return "";
    return Object.keys(m)
      .filter(function (k) {
        return m[k] > 0;
      })
      .sort(function (a, b) {
        return m[b] - m[a] || (a < b ? -1 : 1);
      })
      .map(function (k) {
        return k + " " + m[k];
      })
      .join(", ");
  }

  function pctCell(v) {
    var span = el("span", null, fmtPct(v));
    if (v !== null && v !== undefined) span.className = v >= 0.8 ? "good" : v < 0.5 ? "bad" : "";
    return span;
  }

  var articleColumns = [
    { label: "Title", value: function (a) { return a.title || ""; } },
    {
      label: "Copy",
      value: function (a) { return a.copy_url; },
      render: function (a) { return extLink(a.copy_url, a.copy_domain || a.copy_url); },
    },
    {
      label: "Original",
      value: function (a) { return a.original_url || ""; },
      render: function (a) { return a.original_url ? extLink(a.original_url, a.original_domain || a.original_url) : "–"; },
    },
    { label: "Publisher", value: function (a) { return a.publisher || ""; } },
    { label: "Credited", value: function (a) { return a.credited ? "yes" : "no"; } },
    { label: "Verdict", value: function (a) { return a.verdict || ""; } },
    { label: "Containment", num: true, value: function (a) { return a.containment; }, render: function (a) { return fmtRatio(a.containment); } },
    { label: "Missing", value: function (a) { return (a.missing || []).join(", "); } },
    {
      label: "Detail",
      value: function (a) { return a.copy_domain || ""; },
      render: function (a) { return outletButton(a.copy_domain, "outlet"); },
      text: function () { return ""; },
    },
  ];

  function buildTables() {
    var tables = {};
    tables.worst = makeTable(byId("worst-table"), {
      caption: "The worst cases first: uncredited copies, then credits missing the most.",
      rows: DATA.worst || [],
      columns: articleColumns,
      pageSize: 25,
    });
    tables.publishers = makeTable(byId("publishers-table"), {
      caption: "Original publishers, with the copies of their articles found and how they were credited.",
      rows: DATA.publishers || [],
      columns: [
        { label: "Publisher", value: function (p) { return p.name || p.domain; }, render: function (p) { return outletButton(p.domain, p.name || p.domain); } },
        { label: "Domain", value: function (p) { return p.domain; } },
        { label: "Registry id", value: function (p) { return p.registry_id || ""; } },
        { label: "Copies", num: true, value: function (p) { return p.copies; }, render: function (p) { return fmtInt(p.copies); } },
        { label: "Republishers", num: true, value: function (p) { return p.republishers; }, render: function (p) { return fmtInt(p.republishers); } },
        { label: "Compliance", num: true, value: function (p) { return p.compliance; }, render: function (p) { return pctCell(p.compliance); } },
        { label: "Missing (copies)", value: function (p) { return missingText(p.missing); } },
      ],
    });
    tables.republishers = makeTable(byId("republishers-table"), {
      caption: "Republishers ranked by volume, with their compliance and what they leave out most.",
      rows: DATA.republishers || [],
      columns: [
        { label: "Outlet", value: function (r) { return r.name || r.domain; }, render: function (r) { return outletButton(r.domain, r.name || r.domain); } },
        { label: "Domain", value: function (r) { return r.domain; } },
        { label: "Articles", num: true, value: function (r) { return r.articles; }, render: function (r) { return fmtInt(r.articles); } },
        { label: "Credited", num: true, value: function (r) { return r.credited; }, render: function (r) { return fmtInt(r.credited); } },
        { label: "Uncredited", num: true, value: function (r) { return r.uncredited; }, render: function (r) { return fmtInt(r.uncredited); } },
        { label: "Edited", num: true, value: function (r) { return r.edited; }, render: function (r) { return fmtInt(r.edited); } },
        { label: "Compliance", num: true, value: function (r) { return r.compliance; }, render: function (r) { return pctCell(r.compliance); } },
        { label: "Most missing", value: function (r) { return r.most_missing || ""; } },
        { label: "Operator", value: function (r) { return r.operator || ""; } },
        { label: "Only republishes", value: function (r) { return r.only_republishes ? "yes" : "no"; } },
      ],
    });
    tables.clusters = makeTable(byId("clusters-table"), {
      caption: "Operator clusters: sister sites that share tracker or advertising ids.",
      rows: DATA.clusters || [],
      columns: [
        { label: "Operator", value: function (c) { return c.id; } },
        { label: "Outlets", num: true, value: function (c) { return (c.domains || []).length; } },
        {
          label: "Domains",
          value: function (c) { return (c.domains || []).join(", "); },
          render: function (c) {
            var out = [];
            (c.domains || []).forEach(function (d, i) {
              if (i) out.push(", ");
              out.push(outletButton(d, d));
            });
            return el("span", null, out);
          },
        },
        { label: "Shared ids", value: function (c) { return (c.shared || []).join(", "); } },
        { label: "Reason", value: function (c) { return c.reason || ""; } },
      ],
    });
    tables.articles = makeTable(byId("articles-table"), {
      caption:
        DATA.articles_total && DATA.articles_total > (DATA.articles || []).length
          ? "The first " + (DATA.articles || []).length + " of " + DATA.articles_total +
            " copies found, worst first (attribution report --outlet DOMAIN lists all of one outlet's)."
          : "Every copy found, with its credit verdict.",
      rows: DATA.articles || [],
      columns: articleColumns,
    });
    return tables;
  }

  // ---------------------------------------------------------------- outlet detail

  var articlesByCopy = new Map();
  var articlesByOriginal = new Map();
  (DATA.articles || []).forEach(function (a) {
    if (a.copy_domain) {
      if (!articlesByCopy.has(a.copy_domain)) articlesByCopy.set(a.copy_domain, []);
      articlesByCopy.get(a.copy_domain).push(a);
    }
    if (a.original_domain) {
      if (!articlesByOriginal.has(a.original_domain)) articlesByOriginal.set(a.original_domain, []);
      articlesByOriginal.get(a.original_domain).push(a);
    }
  });

  function articleCard(a) {
    var verdict = a.verdict ? String(a.verdict) : "not compared";
    var evidence = a.evidence && a.evidence.length
      ? el("ul", null, a.evidence.map(function (t) { return el("li", null, String(t)); }))
      : "none found";
    var pairs = [
      ["Copy", extLink(a.copy_url, a.copy_url)],
      ["Original", a.original_url ? extLink(a.original_url, a.original_url) : "not identified"],
      ["Publisher", a.publisher ? String(a.publisher) : "–"],
      ["Credited", a.credited ? "yes" : "no"],
      ["Verdict", verdict],
      ["Containment", fmtRatio(a.containment)],
      ["Missing", a.missing && a.missing.length ? a.missing.join(", ") : "nothing"],
      ["Credit texts found", evidence],
    ];
    if (a.diff) pairs.push(["Diff summary", el("pre", null, String(a.diff))]);
    return el("article", { className: "article" }, el("h4", null, String(a.title || a.copy_url || "untitled")), kv(pairs));
  }

  function cardList(title, list) {
    var wrap = el("div");
    wrap.appendChild(el("h4", null, title + " (" + list.length + ")"));
    if (!list.length) {
      wrap.appendChild(el("p", null, "None."));
      return wrap;
    }
    var holder = el("div");
    var more = el("p", { className: "more" });
    wrap.appendChild(holder);
    wrap.appendChild(more);
    var shown = 0;
    function next() {
      list.slice(shown, shown + 50).forEach(function (a) {
        holder.appendChild(articleCard(a));
      });
      shown = Math.min(list.length, shown + 50);
      more.replaceChildren();
      if (shown < list.length) {
        more.appendChild(el("button", { type: "button", textContent: "Show 50 more of " + (list.length - shown), onclick: next }));
      }
    }
    next();
    return wrap;
  }

  /* An outlet key from what a person types: a domain, a host with www., or a URL. */
  function outletKey(text) {
    var key = String(text).trim().toLowerCase();
    key = key.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").split(/[/?#]/)[0];
    if (!nodeById.has(key) && !articlesByCopy.has(key) && key.indexOf("www.") === 0) {
      key = key.slice(4);
    }
    return key;
  }

  function showDetail(domain, scroll) {
    var box = byId("detail");
    box.replaceChildren();
    domain = outletKey(domain);
    byId("detail-outlet").value = domain;
    var node = nodeById.get(domain);
    var copies = articlesByCopy.get(domain) || [];
    var originals = articlesByOriginal.get(domain) || [];
    if (!node && !copies.length && !originals.length) {
      box.appendChild(el("p", null, "No outlet " + domain + " in this report."));
      return;
    }
    var label = node ? String(node.data.label || domain) : domain;
    box.appendChild(el("h3", null, label === domain ? domain : label + " (" + domain + ")"));
    if (node) {
      box.appendChild(kv([
        ["Kind", KIND[node.data.kind] || String(node.data.kind)],
        ["Pages", fmtInt(node.data.pages)],
        ["Articles republished", fmtInt(node.data.articles)],
        ["Copies of its articles", fmtInt(node.data.copies)],
        ["Compliance", fmtPct(node.compliance)],
        ["Operator cluster", node.data.operator ? String(node.data.operator) : "none"],
      ]));
    }
    box.appendChild(cardList("Articles it republished", copies));
    box.appendChild(cardList("Copies of its articles elsewhere", originals));
    if (scroll) byId("outlet-detail").scrollIntoView({ block: "start" });
  }

  byId("detail-show").addEventListener("click", function () {
    var v = byId("detail-outlet").value.trim();
    if (v) showDetail(v, false);
  });
  byId("detail-outlet").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var v = byId("detail-outlet").value.trim();
      if (v) showDetail(v, false);
    }
  });

  // ---------------------------------------------------------------- start

  var options = byId("outlet-options");
  nodes.slice(0, 5000).forEach(function (n) {
    options.appendChild(el("option", { value: n.id }));
  });

  buildLegend();
  var tables = buildTables();
  resize();

  window.attributionReport = {
    selectNode: function (id) {
      return selectNode(id, false);
    },
    /* The node's centre in viewport (client) coordinates, or null. */
    nodeAt: function (id) {
      var n = nodeById.get(id);
      if (!n || !state.laidOut) return null;
      var rect = canvas.getBoundingClientRect();
      var p = toScreen(n);
      return { x: rect.left + p[0], y: rect.top + p[1], r: n.r * view.k };
    },
    showDetail: function (domain) {
      showDetail(domain, false);
    },
    fit: fit,
    tables: tables,
  };

  var layout = new Layout(20260101);
  var lastPreview = performance.now();
  status.textContent = "Laying out " + nodes.length + " outlets…";
  layout.run(
    function (progress) {
      status.textContent = "Laying out " + nodes.length + " outlets… " + Math.round(progress * 100) + "%";
      // A large graph takes seconds to settle: show it settling now and then (the picture
      // answers the mouse only once it has).
      if (performance.now() - lastPreview > 700) {
        state.preview = true;
        fit();
        lastPreview = performance.now();
      }
    },
    function () {
      state.preview = false;
      state.laidOut = true;
      computeHulls();
      resize();
      fit();
      draw();
      status.textContent = nodes.length + " outlets, " + edges.length + " links";
      // A report narrowed to one outlet opens on it.
      var scoped = DATA.scope && DATA.scope.outlet;
      if (scoped && nodeById.has(scoped)) {
        selectNode(scoped, false);
        showDetail(scoped, false);
      }
      document.body.dataset.ready = "1";
    }
  );
})();
