// Starts Swagger UI on the server's own OpenAPI document. Everything is served by emporion:
// no request leaves the server (validatorUrl: null turns off the online validator badge).
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'none',
    filter: true,
    displayOperationId: true,
    displayRequestDuration: true,
    persistAuthorization: true,
    showExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
