// Forks _worker.js (the compiled test/redis/_worker.ts) as a real child process and talks to it
// over IPC. Children exit when the parent goes away (IPC disconnect), so a crashed test run
// leaves no process behind.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientKind } from './_redis.js';

/** What a worker is asked: an `op` and its arguments (the `id` is added by `request`). */
export type WorkerRequest = { op: string } & Record<string, unknown>;

/** An event a worker reported on its own ({ event: 'handled' | 'error' | 'unhandled' | 'started', … }). */
export type WorkerEvent = { event: string } & Record<string, unknown>;

export interface Worker {
  /** A label for messages (the Redis client kind of the Redis workers). */
  readonly kind: string;
  readonly pid: number;
  readonly events: WorkerEvent[];
  /** Sends a request and resolves with the worker's answer. */
  request<T = Record<string, unknown>>(r: WorkerRequest): Promise<T>;
  /** Sends a request whose answer is never awaited (the worker will be killed). */
  fire(r: WorkerRequest): void;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const WORKER = fileURLToPath(new URL('./_worker.js', import.meta.url));
let nextId = 0;

export async function spawnWorker(kind: ClientKind, env: { redisPort: number; platformUrl?: string; victim?: boolean }): Promise<Worker> {
  return forkWorker(WORKER, kind, {
    WXMP_REDIS_KIND: kind,
    WXMP_REDIS_PORT: String(env.redisPort),
    ...(env.platformUrl ? { WXMP_PLATFORM_URL: env.platformUrl } : {}),
    ...(env.victim ? { WXMP_VICTIM: '1' } : {}),
  });
}

/** Forks any worker module that speaks the same IPC protocol (`started` event, `{ id, … }` answers). */
export async function forkWorker(file: string, kind: string, env: Record<string, string>): Promise<Worker> {
  const child: ChildProcess = fork(file, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const events: WorkerEvent[] = [];
  const waiting = new Map<number, (m: Record<string, unknown>) => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (m: Record<string, unknown>) => {
    if (typeof m.id === 'number') {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    } else events.push(m as WorkerEvent);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker (${kind}) did not start within 30 s`)), 30_000);
    child.on('message', (m: Record<string, unknown>) => {
      if (m.event === 'started') {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker (${kind}) exited with ${code} before starting`));
    });
  });
  const post = (r: WorkerRequest, id: number): void => void child.send({ ...r, id });
  return {
    kind,
    pid: child.pid as number,
    events,
    request: <T>(r: WorkerRequest) =>
      new Promise<T>((resolve) => {
        const id = ++nextId;
        waiting.set(id, (m) => resolve(m as T));
        post(r, id);
      }),
    fire: (r) => post(r, ++nextId),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The events of `kind` across workers. */
export function eventsOf(workers: readonly Worker[], kind: string): WorkerEvent[] {
  return workers.flatMap((w) => w.events.filter((e) => e.event === kind));
}
