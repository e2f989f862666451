import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchStack } from './support/launched-stack';
import { tempDataDir } from './support/test-env';

describe('npm start output, when stdout is not a terminal (a pipe, a service manager)', () => {
  const data = tempDataDir('logs');
  let stack: Awaited<ReturnType<typeof launchStack>>;

  beforeAll(async () => {
    stack = await launchStack(data.dir, undefined, { LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await stack?.stop();
    data.remove();
  });

  it('when the stack has started, then every log line of the three parts is JSON, the queue server’s included', () => {
    const [logs] = stack.stdout().split('\n─');
    const lines = logs.split('\n').filter((line) => line.trim() !== '');
    const entries = lines.map((line) => {
      expect(() => JSON.parse(line), `not a JSON line: ${line}`).not.toThrow();
      return JSON.parse(line);
    });
    expect(entries.find((e) => e.name === 'queue' && /listening on/.test(e.msg))).toBeDefined();
    expect(entries.find((e) => e.context === 'Worker' && /worker consuming/.test(e.msg))).toBeDefined();
    expect(entries.find((e) => e.context === 'Api' && /API listening on/.test(e.msg))).toBeDefined();
  });

  it('when the banner is printed, then it comes last and every part it names answers its health check', async () => {
    const out = stack.stdout().trimEnd();
    const banner = out.slice(out.lastIndexOf('Self-hosted image detection is running:'));
    expect(out.slice(out.lastIndexOf('─'.repeat(72)) + 72), 'printed after the banner').toBe('');
    expect(banner).toContain(`demo    ${stack.api}/`);
    expect(banner).toContain(`npx image-detect detect photo.jpg --server ${stack.api}`);
    const { api, queue, worker } = stack.ports;
    for (const url of [`${stack.api}/health`, `http://127.0.0.1:${queue}/health`, `http://127.0.0.1:${worker}/health`])
      expect((await fetch(url)).status, url).toBe(200);
    expect(api).toBeGreaterThan(0);
  });

  // Last: it stops the stack.
  it("when the stack is stopped right after a request, then that request's access line is written before the API exits", async () => {
    const requestId = 'answered-just-before-the-stop';
    expect((await fetch(`${stack.api}/models`, { headers: { 'x-request-id': requestId } })).status).toBe(200);
    // Within the API's 100 ms log buffer: the line is still in memory when SIGTERM comes.
    expect(await stack.stop()).toBe(0);
    const accessLine = stack
      .stdout()
      .split('\n')
      .find((line) => line.includes(requestId));
    expect(accessLine, 'the access line').toBeDefined();
    expect(JSON.parse(accessLine!)).toMatchObject({ requestId, msg: 'request completed', res: { statusCode: 200 } });
  });
});
