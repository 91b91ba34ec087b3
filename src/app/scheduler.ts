import type { RunReport } from '../jobs/job-runs.ts';
import type { Logger } from '../util/logger.ts';

export interface ScheduledTask {
  name: string;
  run(): Promise<RunReport | void>;
  /** What a trigger (`POST /jobs/<name>`) runs, when it differs from the tick (e.g. a weekly job run now). */
  runNow?(): Promise<RunReport | void>;
}

export interface Scheduler {
  stop(): Promise<void>;
  /** Runs a task now (unless it is already running). */
  trigger(name: string): Promise<RunReport | void>;
}

/**
 * The scheduler inside `encore serve`: each task is checked every `tickMs`; a task never
 * overlaps itself. Capture decides for itself which accounts are due (adaptive polling),
 * so the tick only needs to be shorter than the shortest poll interval.
 */
export function startScheduler(
  tasks: ScheduledTask[],
  options: { tickMs: number; logger: Logger },
): Scheduler {
  const running = new Map<string, Promise<RunReport | void>>();
  const runTask = (task: ScheduledTask, now = false) => {
    const existing = running.get(task.name);
    if (existing) return existing;
    const work = (now && task.runNow ? task.runNow() : task.run())
      .catch((error) => {
        options.logger.error(`scheduled ${task.name} failed`, { error: (error as Error).message });
      })
      .finally(() => running.delete(task.name));
    running.set(task.name, work);
    return work;
  };
  const timer = setInterval(() => {
    for (const task of tasks) void runTask(task);
  }, options.tickMs);
  for (const task of tasks) void runTask(task);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
    trigger(name) {
      const task = tasks.find((t) => t.name === name);
      if (!task) return Promise.reject(new Error(`no scheduled task named ${name}`));
      return runTask(task, true);
    },
  };
}
