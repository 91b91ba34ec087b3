import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The boundaries rule (eslint/boundaries.js) run on made-up files through the repository's
// own ESLint configuration, so it is the rule `npm run lint` runs.
const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'encore/boundaries').map((m) => m.message);
}

describe('the folder boundaries lint rule', () => {
  it('refuses an import against the table, and allows one it lists', async () => {
    expect(
      await problems('src/store/x.ts', "import { a } from '../app/services.ts';\nexport const b = a;\n"),
    ).toEqual(['src/store/ may not import src/app/ (see ARCHITECTURE.md, "may import")']);
    expect(
      await problems('src/jobs/x.ts', "import { a } from '../store/db.ts';\nexport const b = a;\n"),
    ).toEqual([]);
    expect(
      await problems('src/web/routes/x.ts', "import { a } from '../../cli/run.ts';\nexport const b = a;\n"),
    ).toHaveLength(1);
    expect(
      await problems('src/resolve/x.ts', "import { a } from '../jobs/run-job.ts';\nexport const b = a;\n"),
    ).toHaveLength(1);
  });

  it('lets the store take event shapes as types only', async () => {
    expect(
      await problems(
        'src/store/x.ts',
        "import type { Place } from '../events/types.ts';\nexport type P = Place;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src/store/x.ts',
        "import { Place } from '../events/types.ts';\nexport const P = Place;\n",
      ),
    ).toHaveLength(1);
  });

  it('keeps the simulators and demo mode out of production paths', async () => {
    const sim = "export const f = () => import('../../sim/spotify/index.ts');\n";
    expect(await problems('src/resolve/x.ts', sim)).toHaveLength(1);
    expect(
      await problems(
        'src/app/demo/x.ts',
        "export const f = () => import('../../../sim/spotify/index.ts');\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src/app/demo/x.ts',
        "import { a } from '../../../sim/spotify/index.ts';\nexport const b = a;\n",
      ),
    ).toHaveLength(1);
    expect(
      await problems('src/web/x.ts', "import { a } from '../app/demo/spotify.ts';\nexport const b = a;\n"),
    ).toHaveLength(1);
    expect(
      await problems('src/web/x.ts', "export const f = () => import('../app/demo/spotify.ts');\n"),
    ).toEqual([]);
  });

  it('knows every folder of src/', async () => {
    expect(
      await problems('src/newthing/x.ts', "import { a } from '../util/clock.ts';\nexport const b = a;\n"),
    ).toEqual(['src/newthing/ is not in the boundaries table (eslint/boundaries.js)']);
  });
});
