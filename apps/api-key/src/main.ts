import { parseArgs } from 'node:util';
import { loadConfig, webhookOptionsOf } from '@app/config';
import { tenantWebhookSecret } from '@app/jobs';
import { loadOrCreateSecret } from '@app/storage';
import { ApiKeyFile, ApiKeyFileError, ApiKeyInfo } from '@app/tenants';

const USAGE = `Usage:
  npm run api-key -- create --tenant NAME [--label TEXT]   create a key; it is printed once, on the last line
  npm run api-key -- list                                   list keys (ids, tenants, labels; never the keys)
  npm run api-key -- revoke ID                              revoke a key; the API refuses it from its next request
  npm run api-key -- webhook-secret --tenant NAME           print the secret the tenant's webhooks are signed with
The file is API_KEYS_FILE (default DATA_DIR/api-keys).`;

class UsageError extends Error {}

function describe(info: ApiKeyInfo): string {
  const label = info.label !== undefined ? ` label=${JSON.stringify(info.label)}` : '';
  const state = info.revokedAt ? `revoked ${info.revokedAt}` : 'active';
  return `${info.id}  tenant=${info.tenant}${label}  created ${info.createdAt}  ${state}`;
}

function run(argv: string[], out: (line: string) => void): void {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) throw new UsageError('');
  const file = new ApiKeyFile(loadConfig().auth.apiKeysFile);

  if (command === 'create') {
    if (!values.tenant) throw new UsageError('create needs --tenant NAME');
    if (rest.length > 0) throw new UsageError(`create takes no arguments besides its options, got ${rest.join(' ')}`);
    const { key, info } = file.create({ tenant: values.tenant, label: values.label });
    out(`Created API key ${info.id} for tenant ${info.tenant} in ${file.path}.`);
    out('Send it in the x-api-key header. It is shown only now: only its SHA-256 is stored.');
    out(key);
    return;
  }
  if (command === 'webhook-secret') {
    if (!values.tenant) throw new UsageError('webhook-secret needs --tenant NAME');
    const { signingSecret, secretDir } = webhookOptionsOf(loadConfig());
    // The same master secret as the API and the worker: configured, or the one kept in DATA_DIR (made if none yet).
    const master = signingSecret ?? (secretDir && loadOrCreateSecret(secretDir, 'webhook-secret'));
    if (!master) throw new Error('no WEBHOOK_SIGNING_SECRET is configured: webhooks are off');
    out(tenantWebhookSecret(master, values.tenant));
    return;
  }
  if (values.tenant !== undefined || values.label !== undefined)
    throw new UsageError(`--tenant and --label belong to create and webhook-secret, not ${command}`);
  if (command === 'list') {
    if (rest.length > 0) throw new UsageError('list takes no arguments');
    const keys = file.list();
    if (keys.length === 0) out(`No API keys in ${file.path}: the API is open (on loopback, or with AUTH=none).`);
    for (const info of keys) out(describe(info));
    return;
  }
  if (command === 'revoke') {
    if (rest.length !== 1) throw new UsageError('revoke needs exactly one key ID');
    const info = file.revoke(rest[0]);
    out(`Revoked ${describe(info)}`);
    return;
  }
  throw new UsageError(`unknown command ${command}`);
}

try {
  run(process.argv.slice(2), (line) => console.log(line));
} catch (error) {
  if (error instanceof UsageError || String(error?.code).startsWith('ERR_PARSE_ARGS')) {
    if (error.message) console.error(`api-key: ${error.message}`);
    console.error(USAGE);
    process.exit(2);
  }
  console.error(`api-key: ${error instanceof ApiKeyFileError ? error.message : (error.message ?? error)}`);
  process.exit(1);
}
