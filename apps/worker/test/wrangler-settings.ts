// Splits proxy settings into wrangler `--var`s and secrets (passed through a private env file), the
// way a deployment splits wrangler.jsonc vars from `wrangler secret put`.

/** Settings that are secrets in wrangler.jsonc (`secrets.required`). */
export const SECRET_NAMES = new Set([
  "EXTEND_API_KEY",
  "PROXY_CLIENTS",
  "JWT_SECRET",
  "JWT_PUBLIC_KEY",
  "WEBHOOK_SECRET",
]);

/** `{ vars, secrets }` for startWranglerDev. */
export function splitSettings(settings: Record<string, string>): {
  vars: Record<string, string>;
  secrets: Record<string, string>;
} {
  const vars: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings)) (SECRET_NAMES.has(key) ? secrets : vars)[key] = value;
  return { vars, secrets };
}
