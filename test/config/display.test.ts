import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { settingsForDisplay } from '../../src/config/display.ts';

describe("the doctor's optional keys", () => {
  it('say which are set, in a fixed order, without their values', () => {
    const config = loadConfig({
      env: { TICKETMASTER_API_KEY: 'tm-key-never-shown-1234', ENCORE_JOB_SECRET: 'job-secret-never-shown' },
      dotenvPath: null,
      cwd: '/srv/encore',
    });
    const shown = settingsForDisplay(config);
    expect(shown.map((s) => [s.name, s.set])).toEqual([
      ['ENCORE_JOB_SECRET', true],
      ['TICKETMASTER_API_KEY', true],
      ['SEATGEEK_CLIENT_ID', false],
      ['SETLISTFM_API_KEY', false],
    ]);
    expect(shown.find((s) => s.name === 'SETLISTFM_API_KEY')!.help.where).toContain(
      'setlist.fm/settings/api',
    );
    expect(JSON.stringify(shown)).not.toMatch(/never-shown/);
  });
});
