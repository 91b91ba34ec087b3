/** Test plumbing: both concert simulators on one seeded world, a temp DuckDB file, and adapters pointed at them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConcertWorld, type ConcertWorldOptions, createConcertWorld } from '../../sim/concerts/world.ts';
import {
  type RunningSeatGeekSim,
  type StartSeatGeekSimOptions,
  startSeatGeekSim,
} from '../../sim/seatgeek/index.ts';
import {
  type RunningTicketmasterSim,
  type StartTicketmasterSimOptions,
  startTicketmasterSim,
} from '../../sim/ticketmaster/index.ts';
import { createSeatGeekSource, type SeatGeekSourceOptions } from '../../src/events/seatgeek.ts';
import { createTicketmasterSource, type TicketmasterSourceOptions } from '../../src/events/ticketmaster.ts';
import type { EventSource, FetchWindow, NormalisedEvent, Place } from '../../src/events/types.ts';
import { CallCounter } from '../../src/http/index.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { memoryLogger } from '../../src/util/logger.ts';

export const WORLD_START = Date.UTC(2026, 5, 1);
export const DAY_MS = 86_400_000;
export const TM_KEY = 'sim-ticketmaster-key';
export const SG_CLIENT = 'sim-seatgeek-client';

export const BUFFALO: Place = {
  id: 'buffalo-ny',
  name: 'Buffalo, NY',
  kind: 'point',
  lat: 42.8864,
  lon: -78.8784,
  radiusMiles: 50,
  countryCode: 'US',
};

export function window90(): FetchWindow {
  return { from: new Date(WORLD_START), to: new Date(WORLD_START + 90 * DAY_MS) };
}

export interface Harness {
  world: ConcertWorld;
  clock: ManualClock;
  counter: CallCounter;
  logger: ReturnType<typeof memoryLogger>;
  tm: RunningTicketmasterSim;
  sg: RunningSeatGeekSim;
  ticketmaster(overrides?: Partial<TicketmasterSourceOptions>): EventSource;
  seatgeek(overrides?: Partial<SeatGeekSourceOptions>): EventSource;
  close(): Promise<void>;
}

export async function startHarness(
  worldOptions: ConcertWorldOptions = {},
  simOptions: { tm?: Partial<StartTicketmasterSimOptions>; sg?: Partial<StartSeatGeekSimOptions> } = {},
): Promise<Harness> {
  const world = createConcertWorld({ seed: 11, start: WORLD_START, ...worldOptions });
  const clock = new ManualClock(WORLD_START);
  const now = () => clock.now();
  const tm = await startTicketmasterSim({ world, now, ...simOptions.tm });
  const sg = await startSeatGeekSim({ world, now, ...simOptions.sg });
  const counter = new CallCounter();
  const logger = memoryLogger();
  return {
    world,
    clock,
    counter,
    logger,
    tm,
    sg,
    ticketmaster: (overrides = {}) =>
      createTicketmasterSource({
        apiKey: TM_KEY,
        baseUrl: tm.url,
        clock,
        counter,
        logger,
        retryDelayMs: 10,
        ...overrides,
      }),
    seatgeek: (overrides = {}) =>
      createSeatGeekSource({
        clientId: SG_CLIENT,
        baseUrl: sg.url,
        clock,
        counter,
        logger,
        retryDelayMs: 10,
        ...overrides,
      }),
    close: async () => {
      await tm.close();
      await sg.close();
    },
  };
}

export async function collect(
  source: EventSource,
  place: Place,
  window: FetchWindow,
): Promise<NormalisedEvent[]> {
  const events: NormalisedEvent[] = [];
  for await (const page of source.fetchEvents(place, window)) events.push(...page.events);
  return events;
}

export interface TempDb {
  db: Db;
  close(): Promise<void>;
}

export async function openTempDb(): Promise<TempDb> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-events-'));
  const db = await openStore(join(dir, 'encore.duckdb'));
  return {
    db,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Ticketmaster query strings as the simulator saw them. */
export function tmQueries(h: Harness): Array<Record<string, string>> {
  return h.tm.state.requestLog.map((r) => r.query);
}
