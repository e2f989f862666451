import { isIP } from 'node:net';
import { AppConfig } from '@app/config';

/** Whether HOST accepts connections from this machine only. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Whether the API may serve callers without a key while API_KEYS_FILE holds none: on a loopback HOST (only this
 * machine can call), or when the operator said so with AUTH=none. Behind API Gateway the Lambda's HOST means
 * nothing, so there only AUTH=none opens it.
 */
export function openAccessAllowed(config: Pick<AppConfig, 'auth' | 'api'>, inLambda: boolean): boolean {
  return config.auth.mode === 'none' || (!inLambda && isLoopbackHost(config.api.host));
}

/** What `npm run start:api` says before listening: a reason to refuse, a warning, or nothing. */
export function startUpCheck(config: AppConfig, hasKeys: boolean): { refuse?: string; warn?: string } {
  if (hasKeys || isLoopbackHost(config.api.host)) return {};
  if (config.auth.mode === 'none') {
    return {
      warn: `WARNING: AUTH=none and no API key in ${config.auth.apiKeysFile}: anyone who reaches ${config.api.host}:${config.api.port} can submit and read every job`,
    };
  }
  return {
    refuse:
      `Refusing to listen on ${config.api.host} without authentication: ${config.auth.apiKeysFile} holds no API key. ` +
      'Create one with `npm run api-key -- create --tenant NAME`, listen on 127.0.0.1, or set AUTH=none to run open.',
  };
}
