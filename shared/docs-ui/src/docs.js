// The /docs page: Swagger UI on this service's own OpenAPI document, from files this service serves itself.
(function () {
  var root = document.getElementById("swagger-ui");
  var spec = root.getAttribute("data-openapi-url");
  window.ui = SwaggerUIBundle({
    url: spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    filter: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
