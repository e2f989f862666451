/** The little a server needs to log; pino, console and Nest loggers all fit. */
export interface SqsServerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: SqsServerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
