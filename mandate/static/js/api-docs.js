// Starts Swagger UI on the API documentation page (core/api_docs.html). A static file, not an
// inline script, so the page runs under the strict Content-Security-Policy; its settings come
// from the data- attributes of #swagger-ui. Writes tried from the page carry the CSRF header of
// the signed-in session, as drf-spectacular's own initialiser does.
(function () {
  "use strict";

  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var settings = {};
  try {
    settings = JSON.parse(root.getAttribute("data-settings") || "{}");
  } catch (error) {
    settings = {};
  }
  var csrfHeader = root.getAttribute("data-csrf-header");
  var csrfToken = root.getAttribute("data-csrf-token");

  function requestInterceptor(request) {
    var method = (request.method || "GET").toUpperCase();
    if (method !== "GET" && csrfHeader && csrfToken && request.credentials === "same-origin") {
      request.headers[csrfHeader] = csrfToken;
    }
    return request;
  }

  var options = Object.assign(
    {
      url: root.getAttribute("data-schema-url"),
      dom_id: "#swagger-ui",
      presets: [SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      requestInterceptor: requestInterceptor,
    },
    settings
  );
  window.ui = SwaggerUIBundle(options);
})();
