/** Every permission a client token or JWT can carry. */
export const SCOPES = [
  "runs:create",
  "runs:read",
  "runs:cancel",
  "runs:delete",
  "files:write",
  "files:read",
  "files:delete",
  "admin",
] as const;

/** One permission. `admin` grants only the cross-tenant routes (list runs, batch runs), nothing else. */
export type Scope = (typeof SCOPES)[number];

/** Type guard for a scope name coming from configuration or a JWT claim. */
export function isScope(value: unknown): value is Scope {
  return typeof value === "string" && (SCOPES as readonly string[]).includes(value);
}

/** Whether `scopes` include `required` (one scope) or any one of `required` (a list). */
export function hasScope(scopes: ReadonlySet<Scope>, required: Scope | readonly Scope[]): boolean {
  return typeof required === "string" ? scopes.has(required) : required.some((scope) => scopes.has(scope));
}
