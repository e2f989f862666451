import { execFile } from 'node:child_process';

export interface NodeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a built script as a user would (no TTY), with PATH and only the environment given. */
export function runNode(script: string, args: string[], env: Record<string, string> = {}): Promise<NodeRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      {
        env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
        timeout: 120_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
