// The part of Bun's test API this leg uses (bun-types is not installed; tsc only needs this).
declare module "bun:test" {
  export function test(name: string, fn: () => Promise<void>, timeoutMs?: number): void;
}
