import type { Context } from 'hono';
import type { Scheduler } from '../app/scheduler.ts';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { Session } from './sessions.ts';

export interface WebDeps {
  config: Config;
  db: Db;
  services: Services;
  clock: Clock;
  logger: Logger;
  scheduler?: Scheduler;
}

/** The signed-in account as pages need it. */
export interface WebUser {
  userId: string;
  displayName: string | null;
  timeZone: string;
}

/** What the middleware puts on every request. */
export interface WebEnv {
  Variables: {
    session?: Session;
    sessionId?: string;
    user?: WebUser;
  };
}

export type WebContext = Context<WebEnv>;
