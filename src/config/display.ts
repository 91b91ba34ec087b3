/**
 * The optional keys `encore doctor` lists as set or not, with what each is for and where to
 * get it. Only whether a key is set leaves this module, never its value.
 */
import type { Config } from './config.ts';
import { SETTINGS_HELP, type SettingHelp } from './schema.ts';

export interface SettingForDisplay {
  name: string;
  set: boolean;
  help: SettingHelp;
}

// In the order of SETTINGS_HELP, which the doctor has always printed.
const OPTIONAL_KEYS: ReadonlyArray<readonly [string, (config: Config) => string | undefined]> = [
  ['ENCORE_JOB_SECRET', (c) => c.jobSecret],
  ['TICKETMASTER_API_KEY', (c) => c.events.ticketmaster.apiKey],
  ['SEATGEEK_CLIENT_ID', (c) => c.events.seatgeek.clientId],
  ['SETLISTFM_API_KEY', (c) => c.events.setlistfm.apiKey],
];

export function settingsForDisplay(config: Config): SettingForDisplay[] {
  return OPTIONAL_KEYS.map(([name, read]) => ({
    name,
    set: Boolean(read(config)),
    help: SETTINGS_HELP[name]!,
  }));
}
