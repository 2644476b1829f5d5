/* The report form's location: a pin dropped on the map (tap or click; drag to move it) or the device's
   location fill the hidden lat/long fields; without script, the address field alone still works. */
(function () {
  var lat = document.getElementById("id_lat");
  var long = document.getElementById("id_long");
  var status = document.getElementById("location-status");
  var el = document.getElementById("pin-map");
  var map = null;
  var pin = null;

  function place(latitude, longitude, how) {
    lat.value = latitude.toFixed(6);
    long.value = longitude.toFixed(6);
    status.textContent = how + " The report will send this spot; drag the pin to move it.";
    if (!map) { return; }
    if (pin) { pin.setLatLng([latitude, longitude]); } else {
      pin = L.marker([latitude, longitude], { draggable: true, title: "The problem is here" }).addTo(map);
      pin.on("dragend", function () { var p = pin.getLatLng(); place(p.lat, p.lng, "Pin moved."); });
    }
  }

  if (el && window.L) {
    map = L.map(el, { scrollWheelZoom: false }).setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.long)], 13);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
    }
    map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng, "Pin dropped."); });
    if (lat.value && long.value) {  // the form came back with an error: keep the pin where it was
      place(parseFloat(lat.value), parseFloat(long.value), "");
      map.setView([parseFloat(lat.value), parseFloat(long.value)], 16);
    }
  }

  var button = document.getElementById("use-location");
  if (button) {
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = "Your browser cannot share a location: drop a pin or type an address."; return; }
      status.textContent = "Finding your location…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        place(pos.coords.latitude, pos.coords.longitude, "Location added.");
        if (map) { map.setView([pos.coords.latitude, pos.coords.longitude], 17); }
      }, function () { status.textContent = "Location not shared: drop a pin on the map or type an address instead."; });
    });
  }
})();
