/**
 * The page's own script, plain browser JavaScript (no framework, no build step). It does what any client does:
 * POST /uploads/presign, PUT the bytes, POST /process, poll GET /jobs/{id}, then draws each box in SVG over the
 * photo (boxes are in pixels of the EXIF-oriented original, which is also how the browser shows the photo).
 * Kept free of backticks and dollar-brace so it sits in a template literal unchanged.
 */
export const DEMO_PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var POLL_MS = 700;
  var SVG = 'http://www.w3.org/2000/svg';
  var drop = document.getElementById('drop');
  var input = document.getElementById('files');
  var keyInput = document.getElementById('api-key');
  var jobsEl = document.getElementById('jobs');

  try { keyInput.value = localStorage.getItem('image-detect-api-key') || ''; } catch (e) { /* storage off */ }
  keyInput.addEventListener('change', function () {
    try { localStorage.setItem('image-detect-api-key', keyInput.value); } catch (e) { /* storage off */ }
  });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function apiHeaders(json) {
    var headers = {};
    if (json) headers['content-type'] = 'application/json';
    if (keyInput.value) headers['x-api-key'] = keyInput.value;
    return headers;
  }

  async function readAnswer(response, what) {
    var body = await response.json().catch(function () { return undefined; });
    if (!response.ok) {
      var reason = body && (body.message || body.error) ? body.message || body.error : response.statusText;
      throw new Error(what + ' failed (' + response.status + '): ' + reason);
    }
    return body;
  }

  async function upload(file) {
    var presigned = await readAnswer(
      await fetch('uploads/presign', {
        method: 'POST',
        headers: apiHeaders(true),
        body: JSON.stringify({ filename: file.name, contentType: file.type }),
      }),
      'presign ' + file.name,
    );
    await readAnswer(
      await fetch(presigned.url, { method: presigned.method, headers: presigned.headers, body: file }),
      'upload of ' + file.name,
    );
    return 's3://' + presigned.bucket + '/' + presigned.key;
  }

  function colorOf(label) {
    var hash = 0;
    for (var i = 0; i < label.length; i++) hash = (hash * 31 + label.charCodeAt(i)) % 360;
    return 'hsl(' + hash + ', 75%, 42%)';
  }

  function drawBoxes(card, image, result) {
    var svg = document.createElementNS(SVG, 'svg');
    var w = image.img.naturalWidth;
    var h = image.img.naturalHeight;
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.setAttribute('preserveAspectRatio', 'none');
    var stroke = Math.max(2, Math.round(Math.max(w, h) / 200));
    var fontSize = Math.max(12, Math.round(Math.max(w, h) / 28));
    var chips = el('div', 'chips');
    (result.detections || []).forEach(function (d) {
      var color = colorOf(d.label);
      var x1 = d.bbox[0], y1 = d.bbox[1], x2 = d.bbox[2], y2 = d.bbox[3];
      var rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('class', 'box');
      rect.setAttribute('data-label', d.label);
      rect.setAttribute('x', x1);
      rect.setAttribute('y', y1);
      rect.setAttribute('width', Math.max(1, x2 - x1));
      rect.setAttribute('height', Math.max(1, y2 - y1));
      rect.setAttribute('fill', 'none');
      rect.setAttribute('stroke', color);
      rect.setAttribute('stroke-width', stroke);
      svg.appendChild(rect);
      var text = d.label + ' ' + Math.round(d.confidence * 100) + '%';
      var labelHeight = fontSize * 1.35;
      var labelY = y1 >= labelHeight ? y1 - labelHeight : y1;
      var tag = document.createElementNS(SVG, 'rect');
      tag.setAttribute('x', x1);
      tag.setAttribute('y', labelY);
      tag.setAttribute('width', text.length * fontSize * 0.62 + fontSize * 0.6);
      tag.setAttribute('height', labelHeight);
      tag.setAttribute('fill', color);
      svg.appendChild(tag);
      var caption = document.createElementNS(SVG, 'text');
      caption.setAttribute('x', x1 + fontSize * 0.3);
      caption.setAttribute('y', labelY + fontSize * 1.05);
      caption.setAttribute('fill', '#fff');
      caption.setAttribute('font-size', fontSize);
      caption.setAttribute('font-family', 'system-ui, sans-serif');
      caption.setAttribute('font-weight', '600');
      caption.textContent = text;
      svg.appendChild(caption);
      var chip = el('span', 'chip detection', text);
      chip.setAttribute('data-label', d.label);
      chip.style.background = color;
      chips.appendChild(chip);
    });
    image.frame.appendChild(svg);
    var summary = result.error
      ? 'could not be processed: ' + result.error
      : (result.detections || []).length === 0
        ? 'nothing detected'
        : result.detections.length + ' detection(s)';
    image.caption.appendChild(el('div', result.error ? 'error' : '', summary));
    image.caption.appendChild(chips);
  }

  function setStatus(card, status, progress) {
    card.status.textContent = status;
    card.status.className = 'status ' + status;
    card.progress.value = progress;
    card.root.setAttribute('data-status', status);
  }

  function fail(card, error) {
    setStatus(card, 'FAILED', 100);
    card.root.appendChild(el('p', 'error', error.message || String(error)));
  }

  function newCard(files) {
    var root = el('article', 'job');
    var head = el('div', 'job-head');
    var status = el('span', 'status');
    var progress = el('progress');
    progress.max = 100;
    var jobId = el('span', 'job-id', files.length + ' photo(s)');
    head.appendChild(status);
    head.appendChild(progress);
    head.appendChild(jobId);
    root.appendChild(head);
    var images = el('div', 'images');
    var cardImages = files.map(function (file) {
      var figure = el('figure');
      var frame = el('div', 'frame');
      var img = el('img');
      img.alt = file.name;
      img.src = URL.createObjectURL(file);
      frame.appendChild(img);
      var caption = el('figcaption');
      caption.appendChild(el('div', 'name', file.name));
      figure.appendChild(frame);
      figure.appendChild(caption);
      images.appendChild(figure);
      return { img: img, frame: frame, caption: caption };
    });
    root.appendChild(images);
    jobsEl.insertBefore(root, jobsEl.firstChild);
    return { root: root, status: status, progress: progress, jobId: jobId, images: cardImages };
  }

  function loaded(img) {
    if (img.complete && img.naturalWidth) return Promise.resolve();
    return new Promise(function (resolve) {
      img.addEventListener('load', resolve, { once: true });
      img.addEventListener('error', resolve, { once: true });
    });
  }

  var PROGRESS = { PENDING: 55, PROCESSING: 75, COMPLETED: 100, FAILED: 100 };

  async function run(files) {
    var card = newCard(files);
    try {
      setStatus(card, 'UPLOADING', 0);
      var urls = [];
      for (var i = 0; i < files.length; i++) {
        urls.push(await upload(files[i]));
        setStatus(card, 'UPLOADING', Math.round(((i + 1) / files.length) * 45));
      }
      var submitted = await readAnswer(
        await fetch('process', {
          method: 'POST',
          headers: apiHeaders(true),
          body: JSON.stringify({ imageUrls: urls, metadata: { source: 'demo-page' } }),
        }),
        'submit',
      );
      card.jobId.textContent = 'job ' + submitted.jobId;
      card.root.setAttribute('data-job-id', submitted.jobId);
      var job;
      for (;;) {
        job = await readAnswer(
          await fetch('jobs/' + encodeURIComponent(submitted.jobId), { headers: apiHeaders(false) }),
          'job status',
        );
        setStatus(card, job.status, PROGRESS[job.status] || 50);
        if (job.status === 'COMPLETED' || job.status === 'FAILED') break;
        await new Promise(function (resolve) { setTimeout(resolve, POLL_MS); });
      }
      await Promise.all(card.images.map(function (image) { return loaded(image.img); }));
      (job.detections || []).forEach(function (result) {
        var image = card.images[result.imageIndex];
        if (image) drawBoxes(card, image, result);
      });
      if (job.status === 'FAILED' && job.error) card.root.appendChild(el('p', 'error', job.error));
    } catch (error) {
      fail(card, error);
    }
  }

  function take(fileList) {
    var files = Array.prototype.slice.call(fileList || []).filter(function (f) { return /^image\//.test(f.type); });
    if (files.length > 0) run(files);
  }

  input.addEventListener('change', function () {
    take(input.files);
    input.value = '';
  });
  ['dragenter', 'dragover'].forEach(function (type) {
    drop.addEventListener(type, function (event) {
      event.preventDefault();
      drop.classList.add('over');
    });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    drop.addEventListener(type, function (event) {
      event.preventDefault();
      drop.classList.remove('over');
    });
  });
  drop.addEventListener('drop', function (event) { take(event.dataTransfer && event.dataTransfer.files); });
})();
`;
