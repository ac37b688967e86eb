// Shows /api/v1/openapi.json with the Swagger UI bundled in the jar; "Try it out" sends the
// console's session cookie, as the console itself does.
window.addEventListener('load', () => {
  window.SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#api-docs',
    deepLinking: true,
    withCredentials: true,
  });
});
