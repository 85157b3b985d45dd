/* Interactive map: replaces the server-rendered SVG map (which stays the fallback
   without JavaScript) with a Leaflet map of the same GeoJSON. No tiles are loaded
   unless the installation configures a tile server (TEILHABE_MAP_TILE_URL). */
(function () {
  "use strict";
  function init(figure) {
    if (typeof L === "undefined") return;
    var url = figure.getAttribute("data-map-geojson");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
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
        // Keep the SVG for screen readers' description; hide it visually.
        if (svg) svg.classList.add("visually-hidden");
        figure.insertBefore(box, figure.firstChild);
        var map = L.map(box, { scrollWheelZoom: false, attributionControl: true, zoomSnap: 0.25 });
        var tiles = figure.getAttribute("data-map-tiles");
        if (tiles) {
          L.tileLayer(tiles, { maxZoom: 18, attribution: figure.getAttribute("data-map-attribution") || "" }).addTo(map);
        }
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var own = feature.properties.role === "self";
            return {
              color: own ? "#ffffff" : "#0b5563",
              weight: own ? 2 : 1,
              fillColor: own ? "#0b5563" : "#b9d6db",
              fillOpacity: own ? 0.85 : 0.7
            };
          },
          onEachFeature: function (feature, featureLayer) {
            // Names stay on the map (as on the SVG fallback), not only on hover.
            featureLayer.bindTooltip(feature.properties.name, {
              className: "map-tooltip", permanent: true, direction: "center", opacity: 0.9
            });
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      })
      .catch(function () { /* keep the SVG map */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-map-geojson]").forEach(init);
  });
})();
