import { describe, expect, it } from 'vitest';
import { buildUploadKey, safeFilename } from '../src/upload-key';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;

describe('upload keys', () => {
  it('when a key is built, then it reads uploads/YYYY/MM/DD/<uuid>-<safe filename>', () => {
    const key = buildUploadKey('car-damage.jpg', new Date('2026-01-05T10:00:00Z'));
    expect(key).toMatch(new RegExp(`^uploads/2026/01/05/${UUID.source}-car-damage\\.jpg$`));
  });

  it('when the local date differs from the UTC date, then the UTC date is used', () => {
    expect(buildUploadKey('a.png', new Date('2026-03-31T23:30:00-05:00'), 'id')).toBe('uploads/2026/04/01/id-a.png');
    expect(buildUploadKey('a.png', new Date('2027-01-01T00:30:00+01:00'), 'id')).toBe('uploads/2026/12/31/id-a.png');
  });

  it('when two keys are built for the same file, then they differ', () => {
    expect(buildUploadKey('a.png')).not.toBe(buildUploadKey('a.png'));
  });

  it.each([
    ['car-damage.jpg', 'car-damage.jpg'],
    ['My Photo (1).JPG', 'My-Photo-1-.JPG'],
    ['a/b\\c.png', 'a-b-c.png'],
    ['../../etc/passwd', 'etc-passwd'],
    ['tab\tnew\nline.png', 'tab-new-line.png'],
    ['emoji 😀 cat.png', 'emoji-cat.png'],
    ['café.png', 'cafe-.png'],
    ['.hidden.png', 'hidden.png'],
    ['--x.png', 'x.png'],
    ['under_score.v2.png', 'under_score.v2.png'],
  ])('when the filename is %j, then the safe name is %j', (filename, safe) => {
    expect(safeFilename(filename)).toBe(safe);
  });

  it('when a filename has any character outside letters, digits, dot, underscore and hyphen, then none survives', () => {
    const all = Array.from({ length: 0x250 }, (_, i) => String.fromCharCode(i)).join('');
    expect(safeFilename(all)).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('when the filename is longer than 100 characters, then the safe name keeps its last 100 (the extension survives)', () => {
    const safe = safeFilename(`${'x'.repeat(300)}.jpeg`);
    expect(safe).toHaveLength(100);
    expect(safe.endsWith('.jpeg')).toBe(true);
  });

  it.each([[''], ['/'], ['...'], ['..'], ['---'], ['😀'], ['  ']])(
    'when the filename is %j, then the safe name is "upload"',
    (filename) => {
      expect(safeFilename(filename)).toBe('upload');
    },
  );

  it('when the filename is empty, then the key ends in -upload', () => {
    expect(buildUploadKey('', new Date('2026-11-28T00:00:00Z'), 'id')).toBe('uploads/2026/11/28/id-upload');
  });
});
