// Replaces swagger-ui-dist/absolute-path.js: in the bundle its own __dirname would be the function's root, and a UI
// at /docs would serve lambda.js itself. It points at swagger-ui/, which the zip does not have (Lambda serves no UI).
module.exports = () => require('node:path').join(__dirname, 'swagger-ui');
