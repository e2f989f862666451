/**
 * What a framework asks of every provider it holds, which is no use of the client: Nest's lifecycle hooks and
 * whether the value is a promise (`then`). Answered "none" without building it.
 */
const PROBES = new Set<PropertyKey>([
  'then',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * An AWS SDK client built when it is first used rather than when the app starts. Building one resolves its whole
 * configuration (region, retry and defaults modes, its HTTP handler): milliseconds of every Lambda cold start, whose
 * first request (a presign) never touches the jobs table or the queues. destroy() on one never built does nothing.
 */
export function createdOnFirstUse<Client extends { destroy(): void }>(create: () => Client): Client {
  let client: Client | undefined;
  return new Proxy({} as Client, {
    get(_, property) {
      if (!client && PROBES.has(property)) return undefined;
      if (!client && property === 'destroy') return () => undefined;
      client ??= create();
      const value: unknown = Reflect.get(client, property, client);
      return typeof value === 'function' ? value.bind(client) : value;
    },
  });
}
