/** The worker thread died (uncaught error, process.exit, out of memory) while it held the task. */
export class WorkerCrashedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerCrashedError';
  }
}

/** The pool was closed before the task could run. */
export class PoolClosedError extends Error {
  constructor() {
    super('the worker pool is closed');
    this.name = 'PoolClosedError';
  }
}

/** The task ran and the worker reported an error (the thread stays alive). */
export class WorkerTaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name === 'Error' ? 'WorkerTaskError' : name;
  }
}
