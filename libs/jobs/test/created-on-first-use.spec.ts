import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { createdOnFirstUse } from '../src/adapters/aws/created-on-first-use';

/** Stands in for an SDK client: what matters here is when it is built, which the real ones do not tell. */
class CountedClient {
  static built = 0;
  destroyed = false;
  constructor() {
    CountedClient.built++;
  }
  send(command: string): string {
    return `sent ${command}`;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const CLIENT = Symbol('client');

@Module({})
class ClientModule {}

const moduleWith = (client: CountedClient) =>
  Test.createTestingModule({
    imports: [{ module: ClientModule, providers: [{ provide: CLIENT, useFactory: () => client }] }],
  }).compile();

describe('createdOnFirstUse', () => {
  it('when Nest starts and stops an app providing one that is never used, then it is never built', async () => {
    CountedClient.built = 0;
    const app = await moduleWith(createdOnFirstUse(() => new CountedClient()));
    await app.init();
    app.enableShutdownHooks();
    await app.close();
    expect(CountedClient.built).toBe(0);
  });

  it('when it is first used, then it is built once and calls reach it with itself as this', async () => {
    CountedClient.built = 0;
    const client = createdOnFirstUse(() => new CountedClient());
    const app = await moduleWith(client);
    await app.init();
    const provided = app.get<CountedClient>(CLIENT);
    expect(provided.send('a')).toBe('sent a');
    expect(provided.send('b')).toBe('sent b');
    expect(CountedClient.built).toBe(1);
    provided.destroy();
    expect(provided.destroyed).toBe(true);
    await app.close();
  });
});
