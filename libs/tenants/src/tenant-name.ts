/**
 * What an operator may call a tenant: lower-case letters, digits, `-` and `_`, at most 63 characters. Tenants the
 * service derives itself (a Cognito user's `cognito:<sub>`) contain a `:`, so they can never be given to a key.
 */
export const TENANT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Why a name cannot be a tenant's, or null when it can. */
export function tenantNameProblem(name: string): string | null {
  return TENANT_NAME.test(name)
    ? null
    : `tenant "${name}" must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit`;
}
