// A separate entry point from @app/jobs, for the processes that serve /metrics (the API server, the worker); the
// Lambda API never imports it (it reports through CloudWatch EMF lines) and its bundle leaves prom-client out.
export { Registry } from 'prom-client';
export * from './metrics-registry';
export * from './prometheus-job-metrics';
// The token its job metrics are bound to, so that a Prometheus wiring needs nothing else of @app/jobs.
export { JOB_METRICS } from '../../ports/job-metrics.port';
