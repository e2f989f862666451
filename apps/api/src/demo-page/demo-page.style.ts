export const DEMO_PAGE_STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #f4f6fa; }
body { margin: 0; }
header { padding: 20px 32px 8px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #5a6275; }
header a { color: #2f6fde; margin-left: 8px; }
main { padding: 8px 32px 32px; }
.controls { display: flex; gap: 16px; align-items: stretch; flex-wrap: wrap; margin-bottom: 20px; }
.drop { flex: 1 1 420px; display: block; border: 2px dashed #9aa6bf; border-radius: 10px; padding: 22px;
  text-align: center; background: #fff; cursor: pointer; color: #5a6275; }
.drop strong { color: #1d2330; }
.drop.over { border-color: #2f6fde; background: #eef4ff; }
.drop input { display: none; }
.key { display: flex; flex-direction: column; gap: 6px; font-size: 13px; color: #5a6275; justify-content: center; }
.key input { padding: 8px 10px; border: 1px solid #c5ccda; border-radius: 6px; width: 240px; font: inherit; }
.job { background: #fff; border-radius: 10px; box-shadow: 0 1px 3px rgba(20, 30, 60, .12); padding: 16px 20px;
  margin-bottom: 18px; }
.job-head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.job-id { font-family: ui-monospace, Menlo, monospace; font-size: 12px; color: #5a6275; }
.status { font-weight: 600; font-size: 13px; padding: 2px 10px; border-radius: 999px; background: #e6e9f0; }
.status.COMPLETED { background: #dcf5e3; color: #17692f; }
.status.FAILED { background: #fde2e0; color: #a1251b; }
.status.PROCESSING, .status.PENDING, .status.UPLOADING { background: #e3ecff; color: #244f9e; }
progress { flex: 1 1 200px; height: 8px; accent-color: #2f6fde; }
.error { color: #a1251b; margin: 8px 0 0; }
.images { display: flex; flex-wrap: wrap; gap: 18px; margin-top: 14px; }
figure { margin: 0; width: 420px; max-width: 100%; }
.frame { position: relative; line-height: 0; border-radius: 6px; overflow: hidden; background: #e6e9f0; }
.frame img { width: 100%; height: auto; display: block; }
.frame svg { position: absolute; inset: 0; width: 100%; height: 100%; }
figcaption { font-size: 13px; margin-top: 8px; line-height: 1.5; }
figcaption .name { font-weight: 600; word-break: break-all; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
.chip { font-size: 12px; padding: 1px 8px; border-radius: 999px; color: #fff; }
`;
