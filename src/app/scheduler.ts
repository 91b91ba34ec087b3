import type { RunReport } from '../store/job-runs.ts';
import type { Logger } from '../util/logger.ts';

export interface ScheduledTask {
  name: string;
  run(): Promise<RunReport | void>;
  /** What a trigger (`POST /jobs/<name>`) runs, when it differs from the tick (e.g. a weekly job run now). */
  runNow?(): Promise<RunReport | void>;
}

/** What a trigger did, so `POST /jobs/<name>` can answer with the truth. */
export type TriggerResult =
  | { status: 'unknown' }
  /** The task was already running (a tick or another trigger); nothing new was started. */
  | { status: 'busy' }
  | { status: 'ran'; report?: RunReport }
  | { status: 'threw'; error: string };

export interface Scheduler {
  /** The task names: what `POST /jobs/<name>` accepts (deploy/gcp/jobs.conf schedules them). */
  readonly jobs: string[];
  stop(): Promise<void>;
  /** Runs a task now, unless it is already running. */
  trigger(name: string): Promise<TriggerResult>;
}

/**
 * The scheduler inside `encore serve`: each task is checked every `tickMs`; a task never
 * overlaps itself. Capture decides for itself which accounts are due (adaptive polling),
 * so the tick only needs to be shorter than the shortest poll interval.
 */
export function startScheduler(
  tasks: ScheduledTask[],
  /** `ticks: false` — only triggers run tasks (an external scheduler such as Cloud Scheduler drives them). */
  options: {
    tickMs: number;
    logger: Logger;
    ticks?: boolean;
    /** Every run goes through this (ENCORE_STATE_URL: one remote-state transaction per run). */
    around?: <T>(run: () => Promise<T>) => Promise<T>;
  },
): Scheduler {
  const running = new Map<string, Promise<TriggerResult>>();
  const runTask = (task: ScheduledTask, now = false): Promise<TriggerResult> => {
    const existing = running.get(task.name);
    if (existing) return existing;
    const start = () => (now && task.runNow ? task.runNow() : task.run());
    const work = (options.around ? options.around(start) : start())
      .then((report): TriggerResult => ({ status: 'ran', ...(report ? { report } : {}) }))
      .catch((error): TriggerResult => {
        options.logger.error(`scheduled ${task.name} failed`, { error: (error as Error).message });
        return { status: 'threw', error: (error as Error).message };
      })
      .finally(() => running.delete(task.name));
    running.set(task.name, work);
    return work;
  };
  const ticks = options.ticks ?? true;
  const timer = ticks
    ? setInterval(() => {
        for (const task of tasks) void runTask(task);
      }, options.tickMs)
    : undefined;
  if (ticks) for (const task of tasks) void runTask(task);
  return {
    jobs: tasks.map((task) => task.name),
    async stop() {
      if (timer) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
    async trigger(name) {
      const task = tasks.find((t) => t.name === name);
      if (!task) return { status: 'unknown' };
      if (running.has(name)) return { status: 'busy' };
      return runTask(task, true);
    },
  };
}
