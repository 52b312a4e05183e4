/**
 * Sets an own, enumerable property. Output keys come from user configs (property names, field ids, paths), and
 * a plain assignment of `__proto__` would change the object's prototype instead of adding the key.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Reads an own property only (never one inherited from Object.prototype, such as `constructor`). */
export function getOwn<T>(source: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(source, key) ? source[key] : undefined;
}
