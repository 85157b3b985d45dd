/* Interactive choropleth of the Kreise: replaces the server-rendered SVG map (kept for
   screen readers and as the fallback without JavaScript) with Leaflet over the shipped
   boundaries. No tiles are loaded unless the installation configures a tile server. */
(function () {
  "use strict";
  function init(figure) {
    if (typeof L === "undefined") return;
    fetch(figure.getAttribute("data-choropleth"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("map data " + response.status);
        return response.json();
      })
      .then(function (data) {
        var box = document.createElement("div");
        box.className = "map-live";
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", figure.getAttribute("data-map-label") || "Map");
        var svg = figure.querySelector("svg");
        if (svg) svg.classList.add("visually-hidden");
        figure.insertBefore(box, figure.firstChild);
        var map = L.map(box, { scrollWheelZoom: false, zoomSnap: 0.25 });
        var tiles = figure.getAttribute("data-map-tiles");
        if (tiles) {
          L.tileLayer(tiles, { maxZoom: 18, attribution: figure.getAttribute("data-map-attribution") || "" }).addTo(map);
        }
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var own = feature.properties.role === "self";
            return { color: own ? "#b34700" : "#4a5560", weight: own ? 3 : 1, fillColor: feature.properties.fill, fillOpacity: 0.9 };
          },
          onEachFeature: function (feature, featureLayer) {
            var p = feature.properties;
            var label = document.createElement("span");
            label.textContent = p.name + ": " + p.text + (p.reason ? " (" + p.reason + ")" : "");
            featureLayer.bindTooltip(label, { className: "map-tooltip" });
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      })
      .catch(function () { /* keep the SVG map */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-choropleth]").forEach(init);
  });
})();
