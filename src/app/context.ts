import { type Config, loadConfig } from '../config/config.ts';
import type { Db } from '../store/db.ts';
import type { Services } from './services-type.ts';
import { openStore } from '../store/open.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { createLogger, type Logger } from '../util/logger.ts';
import { createProgress, type Progress } from '../util/progress.ts';

/**
 * What a command needs, built once per process: configuration, the database, a logger,
 * a clock and a progress factory. Commands receive it; nothing is a global singleton.
 */
export interface AppContext {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  progress(): Progress;
  close(): Promise<void>;
  /**
   * Set when `encore serve` lends its context to a command a CLI sent it (src/control/):
   * the services it runs, which createServices hands out instead of starting a second set.
   */
  services?: Services;
}

export interface ContextOptions {
  config?: Config;
  clock?: Clock;
  logger?: Logger;
}

export async function openAppContext(options: ContextOptions = {}): Promise<AppContext> {
  const config = options.config ?? loadConfig();
  const logger =
    options.logger ??
    createLogger({ level: config.log.level, json: config.log.format === 'json', demo: config.demo });
  for (const warning of config.warnings ?? []) logger.warn(warning);
  const db = await openStore(config.dbPath);
  return {
    config,
    db,
    logger,
    clock: options.clock ?? systemClock,
    progress: () => createProgress(),
    close: () => db.close(),
  };
}
