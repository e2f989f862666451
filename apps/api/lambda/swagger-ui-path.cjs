// Replaces swagger-ui-dist/absolute-path.js: in the bundle its own __dirname would be the function's root, and
// /docs would serve lambda.js itself. The UI assets are copied to swagger-ui/ next to lambda.js instead.
module.exports = () => require('node:path').join(__dirname, 'swagger-ui');
