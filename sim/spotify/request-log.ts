/**
 * Every request the simulator served, in order. Benchmarks and tests count Spotify
 * calls from here, because quota is the scarcest thing encore has.
 */
import { isApiPath, normalizeSimPath } from './paths.ts';

export interface RequestLogEntry {
  method: string;
  /** Full path, e.g. `/v1/me/player/recently-played` or `/accounts/api/token`. */
  path: string;
  query: Record<string, string>;
  status: number;
  /** Sim-clock time the request arrived. */
  at: number;
  /** The Spotify user behind the access token, when there was one. */
  userId?: string;
}

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  /**
   * Web API calls whose path starts with `pathPrefix` (with or without `/v1`); all
   * `/v1` calls when omitted. Accounts calls count only when asked for by `/accounts`.
   */
  callCount(pathPrefix?: string, filter?: { method?: string; userId?: string; status?: number }): number {
    const prefix = pathPrefix === undefined ? undefined : normalizeSimPath(pathPrefix);
    return this.entries.filter((e) => {
      if (prefix === undefined ? !isApiPath(e.path) : !e.path.startsWith(prefix)) return false;
      if (filter?.method && e.method !== filter.method.toUpperCase()) return false;
      if (filter?.userId && e.userId !== filter.userId) return false;
      if (filter?.status !== undefined && e.status !== filter.status) return false;
      return true;
    }).length;
  }

  /** Calls per path, e.g. `{ '/v1/me/player/recently-played': 12 }`, for run reports. */
  countsByPath(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) counts[e.path] = (counts[e.path] ?? 0) + 1;
    return counts;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
