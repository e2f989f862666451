import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry of its own per app, with Node's process metrics (CPU, memory, event-loop lag) labelled by the app's
 * name: the API and the worker can share one Prometheus job and still be told apart.
 */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
