/* Map of the listed requests (Leaflet from static/; tiles from the configured URL, none when empty). */
(function () {
  var el = document.getElementById("map");
  if (el && window.L) {
    var points = Array.prototype.slice.call(document.querySelectorAll("[data-lat]"));
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (p) {
      var ll = [parseFloat(p.dataset.lat), parseFloat(p.dataset.long)];
      bounds.push(ll);
      L.marker(ll, { title: p.dataset.title || "" }).addTo(map);
    });
    if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); } else { map.setView([0, 0], 1); }
  }
  var near = document.getElementById("near-me");
  if (near && navigator.geolocation) {
    near.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("f-lat").value = pos.coords.latitude.toFixed(6);
        document.getElementById("f-long").value = pos.coords.longitude.toFixed(6);
        near.form.submit();
      });
    });
  }
})();
