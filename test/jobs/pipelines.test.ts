import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createScheduledTasks } from '../../src/app/scheduled-tasks.ts';
import { forwardJob } from '../../src/jobs/forward.ts';
import { PIPELINES } from '../../src/jobs/index.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('src/jobs/index.ts lists the pipelines', () => {
  it('names files that exist, one entry per job', () => {
    for (const p of PIPELINES) expect(existsSync(join('src', p.file)), p.file).toBe(true);
    const jobs = PIPELINES.map((p) => p.job);
    expect(new Set(jobs).size).toBe(jobs.length);
  });

  it("names exactly the tasks encore serve's scheduler runs", async () => {
    h = await startHarness();
    const tasks = createScheduledTasks(h.ctx, h.services, {
      forward: forwardJob(h.ctx),
      syncShows: async () => undefined,
      signal: new AbortController().signal,
    });
    const listed = [...new Set(PIPELINES.flatMap((p) => (p.task ? [p.task] : [])))].sort();
    expect(tasks.map((t) => t.name).sort()).toEqual(listed);
  });
});
