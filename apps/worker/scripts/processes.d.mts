// Types for processes.mjs (`@extendkit/worker/dev-server`), used from the TypeScript tests.

/** A process started by startProcess: its own process group, output captured. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: import("node:child_process").ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process and its output are done. */
  readonly exited: Promise<number | null>;
  /** stdout and stderr so far (the last 256 KiB). */
  output(): string;
  running(): boolean;
  /** Sends a signal to the process group. */
  signal(signal: NodeJS.Signals): void;
  /** Called with every chunk of output from now on. */
  onOutput(sink: (text: string) => void): void;
  /** Runs after the process (and its group) stopped, e.g. to remove its temporary files. */
  onStop(hook: () => unknown): void;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGINT to the group, SIGKILL after `graceMs` (default 5 s), then any escaped descendant. */
  stop(graceMs?: number): Promise<void>;
}

/** A server started by startWranglerDev, startDeno or startBun. */
export interface RunningProcess {
  pid: number;
  url: string;
  port: number;
  process: ManagedProcess;
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

/** A running `wrangler dev`. */
export interface WranglerDevProcess extends RunningProcess {
  /** The workerd processes of this wrangler (it runs the Worker and its dev proxy in separate ones). */
  workerdPids(): number[];
  /** The workerd that runs the Worker itself (the one with an inspector). */
  workerPid(): number | undefined;
}

export declare const WORKER_DIR: string;
export declare const REPO_ROOT: string;
export declare const QUIET_ENV: Record<string, string>;
export declare function freePort(): Promise<number>;
export declare function isPortClosed(port: number): Promise<boolean>;
export declare function signalGroup(pid: number, signal: NodeJS.Signals): void;
export declare function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** The child's whole environment (default process.env). */
  env?: NodeJS.ProcessEnv;
}): ManagedProcess;
export declare function descendants(pid: number): number[];
export declare function commandName(pid: number): string | undefined;
export declare function commandLine(pid: number): string[];
export declare function residentKiB(pid: number): number | undefined;
export declare function isAlive(pid: number): boolean;
export declare function wranglerBin(): string;
export declare function startWranglerDev(options?: {
  /** The Worker project (default apps/worker). */
  cwd?: string;
  vars?: Record<string, string>;
  /** Written to a private 0600 env file, never put on the command line. */
  secrets?: Record<string, string>;
  config?: string;
  script?: string;
  extraArgs?: string[];
  /** Listen on this port instead of a fresh free one. */
  port?: number;
  /** wrangler's --log-level (default "warn"; "log" also prints the Worker's console.log lines). */
  logLevel?: string;
  /** How long to wait for the first HTTP answer (default 90 s). */
  timeoutMs?: number;
}): Promise<WranglerDevProcess>;
export declare function waitForHttp(url: string, timeoutMs?: number, proc?: ManagedProcess): Promise<void>;
/** Waits until `proc` answers on 127.0.0.1:`port`; stops it and rethrows when it does not. */
export declare function serverWhenReady(
  proc: ManagedProcess,
  options: { port: number; timeoutMs?: number | undefined; graceMs?: number },
): Promise<RunningProcess>;
export declare function denoBin(): string;
export declare function bunBin(): string;
export declare function startDeno(env: Record<string, string>): Promise<RunningProcess>;
export declare function startBun(env: Record<string, string>): Promise<RunningProcess>;
