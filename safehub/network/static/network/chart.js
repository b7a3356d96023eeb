// Draws the network chart from the page's own data (json_script: what the server drew
// for this viewer, no more). Selecting a person or thing expands it: the page is asked
// again with it added, so the tables, the withheld counts and the audit follow.
// A file, not an inline script: the CSP allows scripts from this site only.

const data = JSON.parse(document.getElementById("network-data").textContent);
const container = document.getElementById("network-chart");
const tip = document.getElementById("network-tip");

const TYPE_COLOURS = {
  co_offending: "#d4351c",
  victim_suspect: "#942514",
  peer: "#1d70b8",
  co_present: "#505a5f",
  relationship: "#912b88",
  associate: "#6f72af",
  family: "#b1b4b6",
  uses: "#00703c",
  seen_with: "#f47738",
  lives_at: "#b1b4b6",
  frequents: "#85994b",
  at: "#85994b",
};

// Cytoscape injects a <style> for its container unless one with this id exists; the CSP
// forbids inline styles, so the rule lives in safehub.css and this marks it present.
const marker = document.createElement("meta");
marker.id = "__________cytoscape_stylesheet";
document.head.append(marker);

const started = performance.now();
const chart = window.cytoscape({
  container,
  elements: data.elements,
  maxZoom: 2, // a chart of two or three nodes is not blown up to fill the frame
  style: [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-size": 10,
        "text-wrap": "ellipsis",
        "text-max-width": 120,
        "background-color": "#b1b4b6",
        shape: "round-rectangle",
        width: 18,
        height: 18,
      },
    },
    { selector: 'node[kind = "person"]', style: { shape: "ellipse", "background-color": "#505a5f", width: 24, height: 24 } },
    { selector: "node[?young]", style: { "background-color": "#1d70b8" } },
    { selector: "node[?suspect]", style: { "background-color": "#d4351c", shape: "diamond", width: 28, height: 28 } },
    { selector: "node[?focus]", style: { "border-width": 4, "border-color": "#0b0c0c" } },
    {
      selector: "edge",
      style: {
        width: "mapData(weight, 1, 10, 1, 6)",
        "line-color": (edge) => TYPE_COLOURS[edge.data("type")] || "#505a5f",
        "curve-style": "straight",
      },
    },
    { selector: 'edge[grading = "tentative"], edge[grading = "unconfirmed"]', style: { "line-style": "dashed" } },
    { selector: ":selected", style: { "overlay-opacity": 0.2 } },
  ],
  layout: {
    name: data.elements.nodes.length > 100 ? "concentric" : "cose",
    animate: false,
    randomize: false,
    concentric: (node) => (node.data("focus") ? 3 : node.data("kind") === "person" ? 2 : 1),
    levelWidth: () => 1,
    nodeDimensionsIncludeLabels: true,
  },
});
// The page's tests reach the drawing through its container (there is no global).
container.chart = chart;
container.dataset.drawnMs = String(Math.round(performance.now() - started));
container.dataset.nodes = String(chart.nodes().length);
container.dataset.ready = "true";

function provenance(edge) {
  const lines = edge.data("provenance").map((p) => {
    const reference = p.reference ? ` ${p.reference}` : "";
    const on = p.on ? `, ${p.on}` : "";
    return `${p.agency}${reference}: ${p.what}${on}`;
  });
  const when = edge.data("first") ? ` (${edge.data("first")} to ${edge.data("last")})` : "";
  const facts = edge.data("weight") === 1 ? "1 fact" : `${edge.data("weight")} facts`;
  return [`${edge.data("type").replaceAll("_", " ")}, ${facts}${when}`, ...lines];
}

function show(lines, event) {
  tip.replaceChildren(
    ...lines.map((line) => {
      const p = document.createElement("p");
      p.className = "govuk-body-s app-network__tip-line";
      p.textContent = line;
      return p;
    }),
  );
  tip.hidden = false;
  const box = container.getBoundingClientRect();
  tip.style.left = `${Math.min(event.renderedPosition.x + 12, box.width - 260)}px`;
  tip.style.top = `${event.renderedPosition.y + 12}px`;
}

chart.on("mouseover", "edge", (event) => show(provenance(event.target), event));
chart.on("mouseover", "node", (event) => show([event.target.data("label")], event));
chart.on("mouseout", "edge, node", () => {
  tip.hidden = true;
});

chart.on("tap", "node", (event) => {
  const node = event.target;
  if (node.data("focus")) {
    return;
  }
  const url = new URL(window.location.href);
  url.searchParams.append("expand", node.id());
  window.location.assign(url.toString());
});
