/* Directory map: enhances the server-drawn SVG (which stays as the fallback without
   JavaScript) with a Leaflet map of the same places, loaded as GeoJSON from this
   site. Tiles are loaded only when the installation configures a tile server. */
(function () {
  "use strict";
  function init(figure) {
    if (typeof L === "undefined") return;
    var url = figure.getAttribute("data-points");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("map data " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (!data.features || !data.features.length) return;
        var box = document.createElement("div");
        box.className = "map-live directory-live";
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", figure.getAttribute("data-label") || "Map");
        var svg = figure.querySelector("svg");
        if (svg) svg.classList.add("visually-hidden");
        figure.insertBefore(box, figure.firstChild);
        var map = L.map(box, { scrollWheelZoom: false });
        var tiles = figure.getAttribute("data-tiles");
        if (tiles) {
          L.tileLayer(tiles, { maxZoom: 18, attribution: figure.getAttribute("data-attribution") || "" }).addTo(map);
        }
        var outline = figure.getAttribute("data-outline");
        var markers = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 7, color: "#ffffff", weight: 2, fillColor: "#c2410c", fillOpacity: 0.95 });
          },
          onEachFeature: function (feature, layer) {
            var link = document.createElement("a");
            link.href = feature.properties.url;
            link.textContent = feature.properties.name + (feature.properties.city ? " (" + feature.properties.city + ")" : "");
            layer.bindPopup(link);
          }
        }).addTo(map);
        var bounds = markers.getBounds();
        if (outline) {
          fetch(outline, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
            if (!geo) return;
            L.geoJSON(geo, { style: { color: "#0b5563", weight: 1.5, fillColor: "#dcecef", fillOpacity: 0.35 }, interactive: false }).addTo(map).bringToBack();
          }).catch(function () {});
        }
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
      })
      .catch(function () { /* keep the SVG map */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-points]").forEach(init);
  });
})();
