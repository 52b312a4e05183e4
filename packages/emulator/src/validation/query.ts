import { badRequest } from "../errors.js";

/** A query value, treating an empty string as absent. */
export function queryValue(url: URL, name: string): string | undefined {
  const value = url.searchParams.get(name);
  return value === null || value === "" ? undefined : value;
}

/** An enum query value; 400 naming the parameter and listing the accepted values. */
export function queryEnum<T extends string>(url: URL, name: string, allowed: readonly T[]): T | undefined {
  const value = queryValue(url, name);
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw badRequest(`${name} must be one of ${allowed.join(", ")}`);
  return value as T;
}

/** A boolean flag (`true`/`false`); 400 naming the parameter otherwise. */
export function queryFlag(url: URL, name: string): boolean {
  const value = queryValue(url, name);
  if (value === undefined) return false;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw badRequest(`${name} must be true or false`);
}

/** `maxPageSize`: integer 1–1000, default 10. */
export function queryPageSize(url: URL): number {
  const value = url.searchParams.get("maxPageSize");
  if (value === null) return 10;
  if (!/^\d+$/.test(value.trim())) throw badRequest("maxPageSize must be an integer from 1 to 1000");
  const size = Number(value);
  if (size < 1 || size > 1000) throw badRequest("maxPageSize must be an integer from 1 to 1000");
  return size;
}
