// kg view: draws the network of kg-data with vis-network and wires the legend, the filters,
// the search box, the hover tooltip, the details panel and the list of event mentions. Article
// text (labels, aliases, evidence, triggers, titles) only ever reaches the page through
// textContent, value and title: it is shown, never parsed as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function fmt(c) { return (c === null || c === undefined) ? "?" : Number(c).toFixed(2); }
  function count(n, one, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? one : (many || one + "s"));
  }

  // ------------------------------------------------------------------------------------------
  // indexes

  var nodeById = new Map();
  var edgeById = new Map();
  var factsOf = new Map();  // node id -> edges touching it
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); factsOf.set(n.id, []); });
  data.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    factsOf.get(e.from).push(e);
    if (e.to !== e.from) { factsOf.get(e.to).push(e); }
  });
  var eventsOf = new Map();  // node id -> event mentions it takes part in, on either side
  data.nodes.forEach(function (n) { eventsOf.set(n.id, []); });
  data.events.forEach(function (ev) {
    new Set(ev.sources.concat(ev.targets)).forEach(function (id) { eventsOf.get(id).push(ev); });
  });

  // ------------------------------------------------------------------------------------------
  // filters: what is shown is recomputed from this state, then the DataViews refresh

  var allClasses = data.classes.map(function (c) { return c.id; });
  var allProperties = data.properties.map(function (p) { return p.id; });
  var state = {
    classes: new Set(allClasses),
    properties: new Set(allProperties),
    document: "",
    minConfidence: 0
  };
  var shownNodes = new Set();
  var shownEdges = new Set();

  // A relation filter narrows the relations; an entity left with none of its relations is then
  // hidden too (the class filter hides entities and, with them, their relations).
  function narrowing() {
    return state.properties.size < allProperties.length || state.document !== "" ||
      state.minConfidence > 0;
  }
  function edgePasses(e) {
    var k = e.kg;
    if (!state.properties.has(k.property)) { return false; }
    if (state.document && k.documents.indexOf(state.document) < 0) { return false; }
    if (state.minConfidence > 0 &&
        (k.confidence === null || k.confidence < state.minConfidence - 1e-9)) { return false; }
    return state.classes.has(nodeById.get(e.from).kg.cls) &&
      state.classes.has(nodeById.get(e.to).kg.cls);
  }
  function compute() {
    var touched = new Set();
    shownEdges = new Set();
    data.edges.forEach(function (e) {
      if (edgePasses(e)) { shownEdges.add(e.id); touched.add(e.from); touched.add(e.to); }
    });
    var narrow = narrowing();
    shownNodes = new Set();
    data.nodes.forEach(function (n) {
      if (state.classes.has(n.kg.cls) && (!narrow || touched.has(n.id))) { shownNodes.add(n.id); }
    });
  }
  compute();

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return shownNodes.has(n.id); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) { return shownEdges.has(e.id); }});
  var container = $("kg-network");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, data.options);

  var status = $("kg-status");
  function updateStatus() {
    var text;
    if (shownNodes.size === data.nodes.length && shownEdges.size === data.edges.length) {
      text = count(data.nodes.length, "entity", "entities") + " \u00b7 " +
        count(data.edges.length, "relation");
    } else {
      text = "showing " + shownNodes.size.toLocaleString("en") + " of " +
        count(data.nodes.length, "entity", "entities") + " \u00b7 " +
        shownEdges.size.toLocaleString("en") + " of " + count(data.edges.length, "relation");
    }
    status.textContent = text;
  }
  function apply() {
    compute();
    nodeView.refresh();
    edgeView.refresh();
    updateStatus();
    refreshDetails();
  }
  var pending = false;
  function applySoon() {  // a dragged slider fires many events: one update per frame
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; apply(); });
  }

  // ------------------------------------------------------------------------------------------
  // what a node or an edge says: tooltips (short) and the details panel (everything)

  function nodeLink(id) {  // a button naming an entity, that goes to it
    var label = nodeById.get(id).kg.label;
    var link = el("button", "kg-link", label);
    link.type = "button";
    link.title = "go to " + label;
    link.addEventListener("click", function () { focusNode(id); });
    return link;
  }

  function factLine(e, from, plain) {
    var k = e.kg;
    var item = el("li", "kg-fact" + (shownEdges.has(e.id) ? "" : " kg-filtered"));
    function end(id) {
      if (id === from || plain) { return el("span", id === from ? "kg-self" : "", nodeById.get(id).kg.label); }
      return nodeLink(id);
    }
    item.appendChild(end(e.from));
    item.appendChild(document.createTextNode(" \u2014"));
    if (plain) {
      item.appendChild(el("span", "", k.label));
    } else {
      var prop = el("button", "kg-link", k.label);
      prop.type = "button";
      prop.title = "show the evidence";
      prop.addEventListener("click", function () { selectEdge(e.id); });
      item.appendChild(prop);
    }
    item.appendChild(document.createTextNode(k.symmetric ? "\u2014 " : "\u2192 "));
    item.appendChild(end(e.to));
    var meta = " \u00b7 " + fmt(k.confidence) + " \u00b7 " + count(k.evidence.length, "sentence");
    if (!shownEdges.has(e.id)) { meta += " \u00b7 hidden by the filters"; }
    item.appendChild(el("span", "kg-meta", meta));
    return item;
  }

  // An event mention on one line: type, trigger, sources -> targets (the node itself unlinked,
  // an unnamed side said so), theme; in the details panel also its evidence and source.
  function actors(ids, from, plain) {
    var span = el("span", "kg-actors");
    if (!ids.length) { span.appendChild(el("span", "kg-unnamed", "unnamed")); }
    ids.forEach(function (id, i) {
      if (i) { span.appendChild(document.createTextNode(", ")); }
      var label = nodeById.get(id).kg.label;
      span.appendChild(id === from || plain ? el("span", id === from ? "kg-self" : "", label)
        : nodeLink(id));
    });
    return span;
  }
  function eventLine(ev, from, plain) {
    var item = el("li", "kg-event");
    item.appendChild(el("span", "kg-type", ev.type));
    item.appendChild(document.createTextNode(" \u201c" + (ev.trigger || "") + "\u201d "));
    item.appendChild(actors(ev.sources, from, plain));
    item.appendChild(document.createTextNode(" \u2192 "));
    item.appendChild(actors(ev.targets, from, plain));
    if (ev.theme) { item.appendChild(el("span", "kg-theme", " \u00b7 " + ev.theme)); }
    var meta = " \u00b7 " + fmt(ev.confidence) + (ev.modality ? " \u00b7 " + ev.modality : "");
    if (ev.date) { meta += " \u00b7 " + ev.date; }
    if (ev.place) { meta += " \u00b7 in " + ev.place; }
    item.appendChild(el("span", "kg-meta", meta));
    if (!plain) {
      item.appendChild(quote(ev));
      var source = ev.document || "unknown document";
      if (ev.title) { source += " \u2014 " + ev.title; }
      item.appendChild(el("div", "kg-source", source));
    }
    return item;
  }
  function eventList(events, from, limit) {
    var list = el("ul", "kg-events");
    var shown = limit ? events.slice(0, limit) : events;
    shown.forEach(function (ev) { list.appendChild(eventLine(ev, from, Boolean(limit))); });
    return {list: list, more: events.length - shown.length};
  }

  function nodeInfo(id, limit) {
    var n = nodeById.get(id);
    var k = n.kg;
    var box = el("div", "kg-info");
    box.appendChild(el("div", "kg-kind", k.type));
    box.appendChild(el("div", "kg-name", k.label));
    if (k.aliases.length) {
      box.appendChild(el("div", "kg-alias", "also: " + k.aliases.join(" \u00b7 ")));
    }
    var facts = factsOf.get(id);
    box.appendChild(el("div", "kg-section", facts.length ? count(facts.length, "fact") : "no facts"));
    var list = el("ul", "kg-facts");
    var shown = limit ? facts.slice(0, limit) : facts;
    shown.forEach(function (e) { list.appendChild(factLine(e, id, Boolean(limit))); });
    box.appendChild(list);
    if (shown.length < facts.length) {
      box.appendChild(el("div", "kg-meta",
        "\u2026 and " + (facts.length - shown.length) + " more: click the node"));
    }
    var events = eventsOf.get(id);
    if (events.length) {
      box.appendChild(el("div", "kg-section", count(events.length, "event")));
      var listed = eventList(events, id, limit);
      box.appendChild(listed.list);
      if (listed.more) {
        box.appendChild(el("div", "kg-meta", "\u2026 and " + listed.more + " more: click the node"));
      }
    }
    box.appendChild(el("div", "kg-iri", k.iri));
    return box;
  }

  // The event mentions of one PLOVER type, or the one-sided ones, for the details panel.
  function eventsInfo(which) {
    var box = el("div", "kg-info");
    var events = data.events.filter(function (ev) {
      return which === "one-sided" ? ev.oneSided : ev.type === which;
    });
    box.appendChild(el("div", "kg-kind", which === "one-sided" ? "one-sided events" : "event type"));
    box.appendChild(el("div", "kg-name", which === "one-sided" ? "named on one side only" : which));
    box.appendChild(el("div", "kg-section", count(events.length, "event mention")));
    box.appendChild(eventList(events, null, 0).list);
    return box;
  }

  // The sentence with the words that support the fact marked (text nodes only, never markup).
  function quote(ev) {
    var box = el("div", "kg-quote");
    var sentence = ev.sentence || "", span = ev.text || "";
    var at = span ? sentence.indexOf(span) : -1;
    if (at < 0) {
      box.textContent = sentence || span || "(no evidence text)";
      return box;
    }
    box.appendChild(document.createTextNode(sentence.slice(0, at)));
    box.appendChild(el("mark", "", span));
    box.appendChild(document.createTextNode(sentence.slice(at + span.length)));
    return box;
  }

  function edgeInfo(id, limit) {
    var k = edgeById.get(id).kg;
    var box = el("div", "kg-info");
    box.appendChild(el("div", "kg-kind", k.label + " (" + k.property + ")"));
    var e = edgeById.get(id);
    var name = el("div", "kg-name");
    name.appendChild(limit ? el("span", "", k.source) : nodeLink(e.from));
    name.appendChild(document.createTextNode(k.symmetric ? " \u2014 " : " \u2192 "));
    name.appendChild(limit ? el("span", "", k.target) : nodeLink(e.to));
    box.appendChild(name);
    var meta = "confidence " + fmt(k.confidence) + (k.modality ? " \u00b7 " + k.modality : "") +
      " \u00b7 " + count(k.documents.length, "document");
    box.appendChild(el("div", "kg-meta", meta));
    var shown = limit ? k.evidence.slice(0, limit) : k.evidence;
    shown.forEach(function (ev) {
      var item = el("div", "kg-evidence");
      item.appendChild(quote(ev));
      var source = ev.document || "unknown document";
      if (ev.title) { source += " \u2014 " + ev.title; }
      source += " \u00b7 confidence " + fmt(ev.confidence);
      if (ev.modality) { source += " \u00b7 " + ev.modality; }
      item.appendChild(el("div", "kg-source", source));
      box.appendChild(item);
    });
    if (shown.length < k.evidence.length) {
      box.appendChild(el("div", "kg-meta",
        "\u2026 and " + (k.evidence.length - shown.length) + " more: click the edge"));
    }
    return box;
  }

  // hover: a tooltip next to the pointer
  var tooltip = $("kg-tooltip");
  var pointer = {x: 0, y: 0};
  function placeTooltip() {
    var width = tooltip.offsetWidth, height = tooltip.offsetHeight;
    var x = pointer.x + 14, y = pointer.y + 14;
    if (x + width > window.innerWidth - 4) { x = Math.max(4, pointer.x - width - 14); }
    if (y + height > window.innerHeight - 4) { y = Math.max(4, pointer.y - height - 14); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function showTooltip(box, params) {
    var rect = container.getBoundingClientRect();
    if (params && params.pointer && params.pointer.DOM) {
      pointer = {x: rect.left + params.pointer.DOM.x, y: rect.top + params.pointer.DOM.y};
    }
    clear(tooltip);
    tooltip.appendChild(box);
    tooltip.hidden = false;
    placeTooltip();
  }
  function hideTooltip() { tooltip.hidden = true; clear(tooltip); }
  container.addEventListener("pointermove", function (event) {
    pointer = {x: event.clientX, y: event.clientY};
    if (!tooltip.hidden) { placeTooltip(); }
  });
  container.addEventListener("pointerleave", hideTooltip);
  network.on("hoverNode", function (p) { showTooltip(nodeInfo(p.node, 6), p); });
  network.on("hoverEdge", function (p) { showTooltip(edgeInfo(p.edge, 3), p); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // click: the details panel
  var details = $("kg-details");
  var detailsBody = $("kg-details-body");
  var showing = null;  // {node: id}, {edge: id} or {events: PLOVER type or "one-sided"}
  function showDetails(what) {
    showing = what;
    clear(detailsBody);
    if (what && what.node !== undefined) { detailsBody.appendChild(nodeInfo(what.node, 0)); }
    if (what && what.edge !== undefined) { detailsBody.appendChild(edgeInfo(what.edge, 0)); }
    if (what && what.events !== undefined) { detailsBody.appendChild(eventsInfo(what.events)); }
    details.hidden = !what;
  }
  function refreshDetails() { if (showing) { showDetails(showing); } }
  network.on("click", function (p) {
    hideTooltip();
    if (p.nodes.length) { showDetails({node: p.nodes[0]}); }
    else if (p.edges.length) { showDetails({edge: p.edges[0]}); }
    else { showDetails(null); }
  });
  $("kg-details-close").addEventListener("click", function () {
    network.unselectAll();
    showDetails(null);
  });

  function selectEdge(id) {
    if (shownEdges.has(id)) { network.setSelection({nodes: [], edges: [id]}); }
    showDetails({edge: id});
  }

  // ------------------------------------------------------------------------------------------
  // search: focus and select an entity by label or alias

  var search = $("kg-search");
  var message = $("kg-search-message");
  var labels = $("kg-labels");
  var seen = new Set();
  data.nodes.map(function (n) { return n.kg.label; }).sort().forEach(function (label) {
    if (seen.has(label)) { return; }
    seen.add(label);
    var option = document.createElement("option");
    option.value = label;
    labels.appendChild(option);
  });

  function findNode(text) {
    var q = text.trim().toLowerCase();
    if (!q) { return null; }
    var tests = [
      function (k) { return k.label.toLowerCase() === q; },
      function (k) { return k.aliases.some(function (a) { return a.toLowerCase() === q; }); },
      function (k) { return k.label.toLowerCase().indexOf(q) === 0; },
      function (k) { return k.label.toLowerCase().indexOf(q) >= 0; },
      function (k) { return k.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; }); }
    ];
    for (var i = 0; i < tests.length; i++) {
      var found = data.nodes.filter(function (n) { return tests[i](n.kg); });
      if (found.length) {  // shown before hidden, then the most connected
        found.sort(function (a, b) {
          return (shownNodes.has(b.id) - shownNodes.has(a.id)) || (b.kg.degree - a.kg.degree);
        });
        return found[0].id;
      }
    }
    return null;
  }
  function say(text) { message.textContent = text || ""; message.hidden = !text; }
  function focusNode(id) {
    var k = nodeById.get(id).kg;
    showDetails({node: id});
    if (!shownNodes.has(id)) {
      say(k.label + " is hidden by the filters; reset them to see it.");
      return;
    }
    say("");
    network.selectNodes([id]);
    // vis-network animates frame by frame: with thousands of edges a frame takes tens of
    // milliseconds, so a large graph jumps to the node instead.
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.0),
      animation: data.edges.length > 1000 ? false : {duration: 300, easingFunction: "easeInOutQuad"}
    });
    window.kgFocused = id;
  }
  function runSearch() {
    var id = findNode(search.value);
    if (id === null) {
      if (search.value.trim()) { say("no entity matches \u201c" + search.value.trim() + "\u201d"); }
      return;
    }
    focusNode(id);
  }
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); runSearch(); }
  });
  search.addEventListener("input", function (event) {
    // picking a suggestion of the datalist replaces the whole text
    if (!event.inputType || event.inputType === "insertReplacementText") { runSearch(); }
    else { say(""); }
  });

  // ------------------------------------------------------------------------------------------
  // the legend and the filter controls

  function checkList(list, items, key, makeLabel) {  // key: the set of state it edits
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = item.id;
      box.checked = true;
      box.addEventListener("change", function () {
        if (box.checked) { state[key].add(item.id); } else { state[key].delete(item.id); }
        apply();
      });
      label.appendChild(box);
      makeLabel(label, item);
      label.appendChild(el("span", "kg-count", item.count.toLocaleString("en")));
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  checkList($("kg-classes"), data.classes, "classes", function (label, c) {
    var swatch = el("span", "kg-swatch", c.glyph);
    swatch.style.color = c.colour;
    label.appendChild(swatch);
    label.appendChild(el("span", "kg-name-text", c.label));
  });
  checkList($("kg-properties"), data.properties, "properties", function (label, p) {
    var name = el("span", "kg-name-text", p.label + (p.symmetric ? " \u2194" : ""));
    name.title = p.id;
    label.appendChild(name);
  });
  function setAllProperties(on) {
    document.querySelectorAll("#kg-properties input").forEach(function (box) {
      box.checked = on;
    });
    state.properties = new Set(on ? allProperties : []);
    apply();
  }
  $("kg-properties-all").addEventListener("click", function () { setAllProperties(true); });
  $("kg-properties-none").addEventListener("click", function () { setAllProperties(false); });

  var documentSelect = $("kg-document");
  data.documents.forEach(function (d) {
    var option = document.createElement("option");
    option.value = d.id;
    option.textContent = d.id + (d.title ? " \u2014 " + d.title : "") + " (" + d.count + ")";
    documentSelect.appendChild(option);
  });
  documentSelect.addEventListener("change", function () {
    state.document = documentSelect.value;
    apply();
  });

  var slider = $("kg-confidence");
  var sliderValue = $("kg-confidence-value");
  slider.addEventListener("input", function () {
    state.minConfidence = Number(slider.value);
    sliderValue.textContent = fmt(state.minConfidence);
    applySoon();
  });

  var physics = $("kg-physics");
  physics.checked = Boolean(data.physics);
  physics.addEventListener("change", function () {
    network.setOptions({physics: {enabled: physics.checked}});
  });

  $("kg-reset").addEventListener("click", function () {
    document.querySelectorAll("#kg-panel .kg-checks input").forEach(function (box) {
      box.checked = true;
    });
    state.classes = new Set(allClasses);
    state.properties = new Set(allProperties);
    state.document = documentSelect.value = "";
    state.minConfidence = 0;
    slider.value = "0";
    sliderValue.textContent = fmt(0);
    say("");
    apply();
  });

  // the event mentions by PLOVER type, and the one-sided ones: each opens its list
  function eventButton(list, which, text, n) {
    var li = el("li");
    var button = el("button", "kg-link", text);
    button.type = "button";
    button.value = which;
    button.addEventListener("click", function () { showDetails({events: which}); });
    li.appendChild(button);
    li.appendChild(el("span", "kg-count", " " + n.toLocaleString("en")));
    list.appendChild(li);
  }
  if (data.events.length) {
    var oneSided = data.events.filter(function (ev) { return ev.oneSided; }).length;
    $("kg-events-count").textContent = count(data.events.length, "event mention") + " \u00b7 " +
      oneSided.toLocaleString("en") + " one-sided";
    var typeList = $("kg-event-types");
    data.eventTypes.forEach(function (t) { eventButton(typeList, t.id, t.id, t.count); });
    if (oneSided) { eventButton(typeList, "one-sided", "one-sided", oneSided); }
    $("kg-events").hidden = false;
  }

  if (data.selection) {
    var selection = $("kg-selection");
    selection.textContent = data.selection;
    selection.hidden = false;
  }
  updateStatus();

  // ------------------------------------------------------------------------------------------
  // ready: once the layout is settled the picture stays put (and tests know when to look)

  function ready() {
    window.kgReadyAt = window.performance.now();
    window.kgReady = true;
  }
  network.once("afterDrawing", function () { window.kgDrawnAt = window.performance.now(); });
  if (data.physics && data.nodes.length) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      physics.checked = false;
      ready();
    });
  } else {
    ready();
  }
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgView = {
    nodes: nodeView, edges: edgeView, state: state, apply: apply,
    focus: focusNode, showNode: function (id) { showDetails({node: id}); }, showEdge: selectEdge,
    showEvents: function (which) { showDetails({events: which}); }
  };
})();
