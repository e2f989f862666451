import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logDestination } from '../src/log-output';

function fakeStdout(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  Object.assign(stream, { isTTY, text: () => text });
  return stream;
}

describe('log output', () => {
  it('when stdout is a terminal, then each entry is one readable line: time, level, name, [context] message', async () => {
    const stdout = fakeStdout(true);
    createLogger('queue', 'info', stdout).info({ context: 'Startup', port: 9324 }, 'listening');
    await new Promise((r) => setImmediate(r));
    // eslint-disable-next-line no-control-regex -- strips the colours
    const line = stdout.text().replace(/\x1b\[[0-9;]*m/g, '');
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(queue\): \[Startup\] listening \{"port":9324\}\n$/);
  });

  it('when stdout is not a terminal, then no pretty stream is used and pino writes JSON lines', () => {
    expect(logDestination(fakeStdout(false))).toBeUndefined();
  });
});
