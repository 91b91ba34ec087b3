/** The Ticketmaster simulator's state: its world, keys, limits, request log and queued faults. */
import { FaultQueue } from '../concerts/faults.ts';
import type { RequestLogEntry } from '../concerts/server.ts';
import { type ConcertWorld, setEventStatus, type WorldStatus } from '../concerts/world.ts';

export type TicketmasterFault = 'html' | 'server_error' | 'quota' | 'spike' | 'dis1035';

export interface TicketmasterSimOptions {
  world: ConcertWorld;
  apiKeys?: string[];
  /** Requests allowed in any one second before a SpikeArrest 429; 0 turns the check off. */
  spikeLimitPerSecond?: number;
  dailyQuota?: number;
  now?: () => number;
}

export interface TicketmasterSimState {
  world: ConcertWorld;
  apiKeys: Set<string>;
  spikeLimitPerSecond: number;
  dailyQuota: number;
  quotaUsed: number;
  requestLog: RequestLogEntry[];
  faults: FaultQueue<TicketmasterFault>;
  now: () => number;
  /** Changes a show's status (cancel, postpone, …) for every later request. */
  setStatus(eventId: string, status: WorldStatus): void;
}

export function createTicketmasterSimState(options: TicketmasterSimOptions): TicketmasterSimState {
  return {
    world: options.world,
    apiKeys: new Set(options.apiKeys ?? ['sim-ticketmaster-key']),
    spikeLimitPerSecond: options.spikeLimitPerSecond ?? 5,
    dailyQuota: options.dailyQuota ?? 5000,
    quotaUsed: 0,
    requestLog: [],
    faults: new FaultQueue(),
    now: options.now ?? Date.now,
    setStatus: (eventId, status) => void setEventStatus(options.world, eventId, status),
  };
}
