// The report form's "Use my location" button: fills the hidden lat/long fields from the device.
document.getElementById("use-location")?.addEventListener("click", function () {
  var status = document.getElementById("location-status");
  if (!navigator.geolocation) { status.textContent = "Your browser cannot share a location."; return; }
  navigator.geolocation.getCurrentPosition(function (pos) {
    document.getElementById("id_lat").value = pos.coords.latitude.toFixed(6);
    document.getElementById("id_long").value = pos.coords.longitude.toFixed(6);
    status.textContent = "Location added.";
  }, function () { status.textContent = "Location not shared: type an address instead."; });
});
