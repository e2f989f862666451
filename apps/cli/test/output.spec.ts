import { describe, expect, it } from 'vitest';
import { Progress } from '../src/output/progress';
import { renderTable } from '@app/core';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
}

describe('CLI output', () => {
  it('when stderr is a terminal, then progress is one bar redrawn in place and ended with a newline', () => {
    const { chunks, stream: s } = stream(true);
    const progress = new Progress(s, 10);
    progress.update(0.5, 'uploading a.png');
    progress.update(1, 'job x COMPLETED');
    progress.done();
    expect(chunks).toEqual([
      '\r\x1b[2K[#####-----]  50% uploading a.png',
      '\r\x1b[2K[##########] 100% job x COMPLETED',
      '\n',
    ]);
  });

  it('when stderr is not a terminal, then each new step is one plain line and repeats are dropped', () => {
    const { chunks, stream: s } = stream(false);
    const progress = new Progress(s);
    progress.update(0.6, 'job x PENDING');
    progress.update(0.6, 'job x PENDING');
    progress.update(1, 'job x COMPLETED');
    progress.done();
    expect(chunks).toEqual(['job x PENDING\n', 'job x COMPLETED\n']);
  });

  it('when a table is rendered, then columns are padded to the widest cell and numbers align right', () => {
    expect(
      renderTable(
        ['image', 'n'],
        [
          ['a.png', 1],
          ['long-name.png', 12],
        ],
      ),
    ).toBe(['image           n', '-------------  --', 'a.png           1', 'long-name.png  12'].join('\n'));
  });
});
