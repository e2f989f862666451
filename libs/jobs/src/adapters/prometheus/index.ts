// A separate entry point from @app/jobs: only the self-hosted and ECS processes load prom-client's series; the
// Lambda API reports through CloudWatch EMF instead.
export { Registry } from 'prom-client';
export * from './metrics-registry';
export * from './prometheus-job-metrics';
