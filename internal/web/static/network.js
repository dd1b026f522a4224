// newsgraph network: a force layout on canvas for every .graph element,
// fed by /api/network. Scroll zooms, dragging the background pans,
// dragging a node moves it, clicking a node opens its entity page.
// No dependencies; text is drawn on the canvas or set with textContent.
(function () {
  "use strict";
  var colours = { PER: "#2f6fb3", ORG: "#b5562c", LOC: "#3b8a4e", MISC: "#7a5aa6" };

  function status(box, msg) {
    var s = box.querySelector(".status");
    if (!s) {
      s = document.createElement("div");
      s.className = "status";
      box.appendChild(s);
    }
    s.textContent = msg;
    s.hidden = !msg;
  }

  function entityURL(id) { return "/entities/" + encodeURIComponent(id); }

  function fillList(list, nodes) {
    if (!list) return;
    nodes.slice().sort(function (a, b) { return b.mentions - a.mentions; }).forEach(function (n) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "chip t-" + (colours[n.type] ? n.type.toLowerCase() : "other");
      a.href = entityURL(n.id);
      a.textContent = n.name;
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function Graph(box, data) {
    var canvas = box.querySelector("canvas");
    var ctx = canvas.getContext("2d");
    var byID = {};
    var nodes = data.nodes.map(function (n, i) {
      var a = i * 2.399963; // golden angle spiral: a stable, spread start
      var r = 12 * Math.sqrt(i + 1);
      var o = { id: n.id, name: n.name, type: n.type, mentions: n.mentions,
        x: r * Math.cos(a), y: r * Math.sin(a), vx: 0, vy: 0, fixed: false };
      o.r = 5 + Math.min(18, 2.2 * Math.sqrt(n.mentions || 1));
      byID[n.id] = o;
      return o;
    });
    var centre = box.getAttribute("data-entity");
    var edges = [];
    var maxW = 1;
    data.edges.forEach(function (e) {
      var s = byID[e.from], t = byID[e.to];
      if (!s || !t || s === t) return;
      edges.push({ s: s, t: t, kind: e.kind, w: e.weight });
      maxW = Math.max(maxW, e.weight);
    });
    // A dense graph is a hairball: keep the strongest edges, quoted-about
    // first, about two per node.
    var keep = Math.max(40, 2 * nodes.length);
    if (edges.length > keep) {
      edges.sort(function (a, b) {
        return (b.kind === "quoted_about") - (a.kind === "quoted_about") || b.w - a.w;
      });
      box.setAttribute("data-hidden-edges", String(edges.length - keep));
      edges = edges.slice(0, keep);
    }
    if (centre && byID[centre]) { byID[centre].x = 0; byID[centre].y = 0; }

    var view = { k: 1, x: 0, y: 0, user: false }; // screen = world * k + (x, y)
    var alpha = 1, hover = null, drag = null, frame = 0, w = 0, h = 0;

    function resize() {
      var dpr = window.devicePixelRatio || 1;
      w = box.clientWidth; h = box.clientHeight;
      canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      if (!view.user) fit();
      draw();
    }

    // fit zooms and centres the view on the whole graph, until the user
    // zooms or pans themselves.
    function fit() {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      nodes.forEach(function (n) {
        x0 = Math.min(x0, n.x - n.r - 40); x1 = Math.max(x1, n.x + n.r + 40);
        y0 = Math.min(y0, n.y - n.r - 10); y1 = Math.max(y1, n.y + n.r + 24);
      });
      if (!isFinite(x0) || !w || !h) return;
      var k = Math.max(0.2, Math.min(2, Math.min(w / (x1 - x0), h / (y1 - y0))));
      view.k = k;
      view.x = w / 2 - (x0 + x1) / 2 * k;
      view.y = h / 2 - (y0 + y1) / 2 * k;
    }

    function tick() {
      var i, j, a, b, dx, dy, d2, d, f;
      for (i = 0; i < nodes.length; i++) {
        a = nodes[i];
        for (j = i + 1; j < nodes.length; j++) {
          b = nodes[j];
          dx = b.x - a.x; dy = b.y - a.y;
          d2 = dx * dx + dy * dy + 0.01;
          f = 2000 / d2;
          d = Math.sqrt(d2);
          a.vx -= f * dx / d; a.vy -= f * dy / d;
          b.vx += f * dx / d; b.vy += f * dy / d;
        }
        a.vx -= a.x * 0.004; a.vy -= a.y * 0.004; // gravity to the centre
      }
      edges.forEach(function (e) {
        dx = e.t.x - e.s.x; dy = e.t.y - e.s.y;
        d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var rest = 70 + e.s.r + e.t.r;
        f = (d - rest) * 0.01 * (0.3 + e.w / maxW);
        e.s.vx += f * dx / d; e.s.vy += f * dy / d;
        e.t.vx -= f * dx / d; e.t.vy -= f * dy / d;
      });
      nodes.forEach(function (n) {
        if (n.fixed) { n.vx = n.vy = 0; return; }
        n.vx *= 0.6; n.vy *= 0.6;
        n.x += Math.max(-20, Math.min(20, n.vx * alpha));
        n.y += Math.max(-20, Math.min(20, n.vy * alpha));
      });
      alpha *= 0.975;
    }

    function draw() {
      ctx.clearRect(0, 0, w, h);
      ctx.save();
      ctx.translate(view.x, view.y);
      ctx.scale(view.k, view.k);
      edges.forEach(function (e) {
        var on = hover && (e.s === hover || e.t === hover);
        ctx.strokeStyle = e.kind === "quoted_about" ? "rgba(242,177,52," + (on ? 1 : 0.75) + ")" : "rgba(140,150,165," + (on ? 0.9 : 0.45) + ")";
        ctx.lineWidth = (1 + 3 * e.w / maxW) / view.k * (on ? 1.6 : 1);
        ctx.beginPath(); ctx.moveTo(e.s.x, e.s.y); ctx.lineTo(e.t.x, e.t.y); ctx.stroke();
        if (e.kind === "quoted_about") arrow(e);
      });
      nodes.forEach(function (n) {
        ctx.beginPath();
        ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
        ctx.fillStyle = colours[n.type] || "#6b7280";
        ctx.fill();
        ctx.lineWidth = (n.id === centre || n === hover ? 3 : 1.5) / view.k;
        ctx.strokeStyle = n.id === centre ? "#f2b134" : "#fff";
        ctx.stroke();
      });
      ctx.font = (12 / view.k) + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      nodes.forEach(function (n) {
        if (nodes.length > 40 && n.r < 9 && n !== hover && view.k < 1.5) return;
        var label = n.name.length > 28 ? n.name.slice(0, 27) + "…" : n.name;
        ctx.lineWidth = 3 / view.k; ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(label, n.x, n.y + n.r + 2 / view.k);
        ctx.fillStyle = "#1d2430";
        ctx.fillText(label, n.x, n.y + n.r + 2 / view.k);
      });
      ctx.restore();
    }

    function arrow(e) {
      var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / d, uy = dy / d, tipX = e.t.x - ux * (e.t.r + 2), tipY = e.t.y - uy * (e.t.r + 2);
      var s = 8 / view.k;
      ctx.fillStyle = "rgba(242,177,52,0.9)";
      ctx.beginPath();
      ctx.moveTo(tipX, tipY);
      ctx.lineTo(tipX - ux * s - uy * s * 0.5, tipY - uy * s + ux * s * 0.5);
      ctx.lineTo(tipX - ux * s + uy * s * 0.5, tipY - uy * s - ux * s * 0.5);
      ctx.fill();
    }

    function loop() {
      frame = 0;
      tick();
      if (!view.user) fit();
      draw();
      if (alpha > 0.02 || drag) frame = requestAnimationFrame(loop);
      else box.setAttribute("data-settled", "1");
    }
    function wake() {
      alpha = Math.max(alpha, 0.3);
      box.removeAttribute("data-settled");
      if (!frame) frame = requestAnimationFrame(loop);
    }

    function world(ev) {
      var r = canvas.getBoundingClientRect();
      return { x: (ev.clientX - r.left - view.x) / view.k, y: (ev.clientY - r.top - view.y) / view.k,
        sx: ev.clientX - r.left, sy: ev.clientY - r.top };
    }
    function nodeAt(p) {
      for (var i = nodes.length - 1; i >= 0; i--) {
        var n = nodes[i], dx = n.x - p.x, dy = n.y - p.y;
        if (dx * dx + dy * dy <= (n.r + 3 / view.k) * (n.r + 3 / view.k)) return n;
      }
      return null;
    }

    canvas.addEventListener("pointerdown", function (ev) {
      var p = world(ev), n = nodeAt(p);
      drag = { node: n, sx: p.sx, sy: p.sy, vx: view.x, vy: view.y, moved: false };
      view.user = true;
      if (n) { n.fixed = true; }
      canvas.setPointerCapture(ev.pointerId);
      canvas.classList.add("dragging");
    });
    canvas.addEventListener("pointermove", function (ev) {
      var p = world(ev);
      if (!drag) {
        var n = nodeAt(p);
        if (n !== hover) { hover = n; canvas.title = n ? n.name + " (" + n.type + ")" : ""; canvas.style.cursor = n ? "pointer" : ""; draw(); }
        return;
      }
      if (Math.abs(p.sx - drag.sx) + Math.abs(p.sy - drag.sy) > 4) drag.moved = true;
      if (drag.node) { drag.node.x = p.x; drag.node.y = p.y; wake(); }
      else { view.user = true; view.x = drag.vx + p.sx - drag.sx; view.y = drag.vy + p.sy - drag.sy; draw(); }
    });
    canvas.addEventListener("pointerup", function () {
      if (!drag) return;
      var d = drag;
      drag = null;
      canvas.classList.remove("dragging");
      if (d.node) {
        d.node.fixed = false;
        if (!d.moved) { window.location.href = entityURL(d.node.id); }
      }
    });
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      view.user = true;
      var p = world(ev);
      var k = Math.max(0.2, Math.min(5, view.k * Math.exp(-ev.deltaY * 0.0015)));
      view.x = p.sx - p.x * k; view.y = p.sy - p.y * k; view.k = k;
      draw();
    }, { passive: false });
    window.addEventListener("resize", resize);

    // nodePosition gives a node's place in the window, for tests and tools.
    box.nodePosition = function (id) {
      var n = byID[id], r = canvas.getBoundingClientRect();
      return n ? { x: r.left + view.x + n.x * view.k, y: r.top + view.y + n.y * view.k, id: n.id, name: n.name } : null;
    };
    box.firstNode = nodes[0].id;

    // Settle most of the layout before the first frame, then animate the rest.
    for (var i = 0; i < 200; i++) tick();
    resize();
    wake();
  }

  document.querySelectorAll(".graph").forEach(function (box) {
    var params = new URLSearchParams();
    var entity = box.getAttribute("data-entity");
    if (entity) params.set("entity", entity);
    params.set("max_nodes", box.getAttribute("data-max-nodes") || "50");
    status(box, "Loading…");
    fetch("/api/network?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.error || r.statusText);
          return body;
        });
      })
      .then(function (data) {
        if (!data.nodes.length) { status(box, "No connections yet."); return; }
        status(box, "");
        box.setAttribute("data-nodes", String(data.nodes.length));
        new Graph(box, data);
        fillList(document.querySelector(".graph-list"), data.nodes);
      })
      .catch(function (err) { status(box, "Could not load the network: " + err.message); });
  });
})();
