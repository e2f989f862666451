import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeResultsSection } from '../../results-file';
import { markdownTable, mergeRows, QUALITY_SECTION, readRows, type Row } from '../results-table';

const row = (model: string, settings: string, map: string): Row => ({
  model,
  version: 'v1',
  settings,
  'mAP@[.5:.95]': map,
  'mAP@0.5': '50.0',
  'AR@100': '40.0',
  'mAP small': '5.0',
  'AR small': '7.0',
  detections: '100',
  'images/s': '10.0',
});

describe('the Quality (coco128) section of bench/RESULTS.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'results-table-'));
  const path = join(dir, 'RESULTS.md');
  afterEach(() => rmSync(path, { force: true }));

  it('when a second run evaluates another model, then the first model keeps its row and the section is written once', () => {
    writeFileSync(path, '# Benchmark results\n\n## Detection\n\nfigures\n');
    writeResultsSection(
      path,
      QUALITY_SECTION,
      markdownTable(mergeRows(readRows(path), [row('ssd', 'defaults', '34.8')])),
    );
    const fresh = [row('yolox', 'defaults', '30.0'), row('ssd', 'NMS_IOU_THRESHOLD=0.5', '34.4')];
    writeResultsSection(path, QUALITY_SECTION, markdownTable(mergeRows(readRows(path), fresh)));
    const text = readFileSync(path, 'utf8');
    expect(text.match(/## Quality \(coco128\)/g)).toHaveLength(1);
    expect(text).toContain('## Detection\n\nfigures');
    expect(readRows(path).map((r) => [r.model, r.settings, r['mAP@[.5:.95]']])).toEqual([
      ['ssd', 'defaults', '34.8'],
      ['yolox', 'defaults', '30.0'],
      ['ssd', 'NMS_IOU_THRESHOLD=0.5', '34.4'],
    ]);
  });

  it('when a model is evaluated again, then its row is replaced, not repeated', () => {
    writeResultsSection(path, QUALITY_SECTION, markdownTable([row('ssd', 'defaults', '33.3')]));
    writeResultsSection(
      path,
      QUALITY_SECTION,
      markdownTable(mergeRows(readRows(path), [row('ssd', 'defaults', '34.8')])),
    );
    expect(readRows(path).map((r) => r['mAP@[.5:.95]'])).toEqual(['34.8']);
  });
});
