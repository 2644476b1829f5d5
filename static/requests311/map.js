/* Map of the listed requests (Leaflet from static/; tiles from the configured URL, none when empty).
   Points far from the rest (an imported request placed in another country) are left off so the map fits
   the city; with no point to show the map is hidden rather than an empty grey box. */
(function () {
  var el = document.getElementById("map");
  if (el && window.L) {
    var points = Array.prototype.slice.call(document.querySelectorAll("[data-lat]")).map(function (p) {
      return { lat: parseFloat(p.dataset.lat), long: parseFloat(p.dataset.long), title: p.dataset.title || "", url: p.dataset.url || "" };
    }).filter(function (p) { return isFinite(p.lat) && isFinite(p.long); });
    var median = function (values) { var s = values.slice().sort(function (a, b) { return a - b; }); return s[Math.floor(s.length / 2)]; };
    if (points.length > 2) {
      var midLat = median(points.map(function (p) { return p.lat; }));
      var midLong = median(points.map(function (p) { return p.long; }));
      points = points.filter(function (p) { return Math.abs(p.lat - midLat) < 1 && Math.abs(p.long - midLong) < 1; });
    }
    if (!points.length) {
      el.hidden = true;
    } else {
      var map = L.map(el, { scrollWheelZoom: false });
      if (el.dataset.tiles) {
        L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
      }
      points.forEach(function (p) {
        var marker = L.marker([p.lat, p.long], { title: p.title }).addTo(map);
        if (p.url) {
          var link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.title || "See this request";
          marker.bindPopup(link);
        }
      });
      map.fitBounds(points.map(function (p) { return [p.lat, p.long]; }), { maxZoom: 16, padding: [20, 20] });
    }
  }
  var near = document.getElementById("near-me");
  var nearStatus = document.getElementById("near-me-status");
  if (near) {
    near.addEventListener("click", function () {
      if (!navigator.geolocation) { nearStatus.textContent = "Your browser cannot share a location: filter by service or date instead."; return; }
      nearStatus.textContent = "Finding your location…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("f-lat").value = pos.coords.latitude.toFixed(6);
        document.getElementById("f-long").value = pos.coords.longitude.toFixed(6);
        near.form.submit();
      }, function () {
        nearStatus.textContent = "Location not shared, so nothing was filtered: allow it in your browser, or filter by service or date.";
      });
    });
  }
})();
