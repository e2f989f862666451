import { DEMO_PAGE_SCRIPT } from './demo-page.script';
import { DEMO_PAGE_STYLE } from './demo-page.style';

/** Inlined rather than read from disk, so the page ships with the build (and the Lambda bundle) as it is. */
export const DEMO_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Image detection demo</title>
<style>${DEMO_PAGE_STYLE}</style>
</head>
<body>
<header>
  <h1>Image detection</h1>
  <p>Drop photos: they are uploaded, processed as one job, and their boxes drawn here. <a href="docs">API docs</a></p>
</header>
<main>
  <section class="controls">
    <label id="drop" class="drop" for="files">
      <strong>Drop photos here</strong> or click to choose (JPEG, PNG, WebP, GIF, TIFF, AVIF)
      <input id="files" type="file" accept="image/*" multiple>
    </label>
    <label class="key">API key <input id="api-key" type="password" autocomplete="off" placeholder="only if the server requires one"></label>
  </section>
  <section id="jobs" aria-live="polite"></section>
</main>
<script>${DEMO_PAGE_SCRIPT}</script>
</body>
</html>
`;
