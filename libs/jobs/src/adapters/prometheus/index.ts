// A separate entry point from @app/jobs, for the processes that serve /metrics (the API server, the worker); the
// Lambda API bundles it but creates no registry: it reports through CloudWatch EMF lines instead.
export { Registry } from 'prom-client';
export * from './metrics-registry';
export * from './prometheus-job-metrics';
