import pino, { DestinationStream, Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Where logs go: readable, coloured lines when stdout is a terminal (a person runs `npm start`), otherwise
 * undefined, meaning pino's own JSON lines on stdout (files, pipes, journald, CloudWatch).
 * pino-pretty is loaded only for a terminal, so a service that never has one never loads it.
 */
export function logDestination(stdout: NodeJS.WriteStream = process.stdout): DestinationStream | undefined {
  if (!stdout.isTTY) return undefined;
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty({
    destination: stdout,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // One line per entry: "[context] message", other fields inline.
    singleLine: true,
    messageFormat: '{if context}[{context}] {end}{msg}',
    ignore: 'pid,hostname,context',
    sync: true,
  });
}

/** A pino logger with that destination, for the processes that are not Nest apps (the queue server). */
export function createLogger(name: string, level: string, stdout?: NodeJS.WriteStream): Logger {
  const destination = logDestination(stdout);
  return destination ? pino({ name, level }, destination) : pino({ name, level });
}
