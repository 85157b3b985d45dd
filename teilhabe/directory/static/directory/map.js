/* Directory map: enhances the server-drawn SVG (which stays as the fallback without
   JavaScript) with a Leaflet map of the same places, loaded as GeoJSON from this
   site. Tiles are loaded only when the installation configures a tile server. */
(function () {
  "use strict";
  function describe(item) {
    var text = item.name;
    var where = [item.place, item.city].filter(function (part) { return part && part !== item.name; });
    return where.length ? text + " (" + where.join(", ") + ")" : text;
  }
  // A link per place at the spot (texts set as text, never as HTML).
  function popup(properties) {
    var items = properties.items || [{ name: properties.name, city: properties.city, url: properties.url }];
    if (items.length === 1) {
      var one = document.createElement("a");
      one.href = items[0].url;
      one.textContent = describe(items[0]);
      return one;
    }
    var list = document.createElement("ul");
    list.className = "map-popup-list";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = describe(item);
      entry.appendChild(link);
      list.appendChild(entry);
    });
    return list;
  }
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
            var count = feature.properties.count || 1;
            if (count < 2) {
              return L.circleMarker(latlng, { radius: 7, color: "#ffffff", weight: 2, fillColor: "#c2410c", fillOpacity: 0.95 });
            }
            // Several places at one spot: one marker with their number.
            var label = document.createElement("span");
            label.textContent = String(count);
            return L.marker(latlng, {
              icon: L.divIcon({ html: label, className: "map-count", iconSize: [28, 28] }),
              title: String(count) + ": " + feature.properties.items.map(function (item) { return item.name; }).join(", ")
            });
          },
          onEachFeature: function (feature, layer) {
            layer.bindPopup(popup(feature.properties));
          }
        }).addTo(map);
        // The server's bbox covers the whole Kreis and every marker (office map) or
        // the places found (public map).
        var bounds = data.bbox && data.bbox.length === 4
          ? L.latLngBounds([data.bbox[1], data.bbox[0]], [data.bbox[3], data.bbox[2]])
          : markers.getBounds();
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
