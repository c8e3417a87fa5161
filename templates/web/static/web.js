// Says on the page when the server is gone (a polling tab would otherwise wait for ever).
document.addEventListener("htmx:sendError", function () {
  var banner = document.getElementById("verbinding");
  if (banner) { banner.hidden = false; }
});
document.addEventListener("htmx:afterRequest", function (event) {
  var banner = document.getElementById("verbinding");
  if (banner && event.detail.successful) { banner.hidden = true; }
});
