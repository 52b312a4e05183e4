// Types for processes.mjs (used from the TypeScript tests).
export interface RunningProcess {
  pid: number;
  url: string;
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}
export declare const WORKER_DIR: string;
export declare const REPO_ROOT: string;
export declare const QUIET_ENV: Record<string, string>;
export declare function freePort(): Promise<number>;
export declare function startEmulatorCli(options: {
  apiKey: string;
  latency?: string;
  extraArgs?: string[];
}): Promise<RunningProcess>;
export declare function wranglerBin(): string;
export declare function startWranglerDev(options: {
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  config?: string;
  script?: string;
  extraArgs?: string[];
  /** Listen on this port instead of a fresh free one. */
  port?: number;
  /** wrangler's --log-level (default "warn"; "log" also prints the Worker's console.log lines). */
  logLevel?: string;
}): Promise<RunningProcess>;
export declare function waitForHttp(url: string, timeoutMs?: number, proc?: RunningProcess): Promise<void>;
export declare function denoBin(): string;
export declare function bunBin(): string;
export declare function startDeno(env: Record<string, string>): Promise<RunningProcess>;
export declare function startBun(env: Record<string, string>): Promise<RunningProcess>;
