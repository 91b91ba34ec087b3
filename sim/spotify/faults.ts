/**
 * Faults on demand: queued by a test, consumed by the next matching request(s).
 * Without a `path`, a fault matches any Web API (`/v1`) request; give a path (string
 * prefix or RegExp on the full path) to aim at one endpoint or at `/accounts/api/token`.
 */
import { isApiPath, normalizeSimPath } from './paths.ts';

export type FaultKind =
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'quota_exceeded'; retryAfterSeconds: number }
  | { kind: 'server_error'; status?: 500 | 502 | 503 }
  /** Real (wall-clock) delay before the request is served normally. */
  | { kind: 'slow'; delayMs: number }
  /** 200 with the real body cut in half: not parseable JSON. */
  | { kind: 'malformed_json' }
  /** Valid JSON that breaks the documented shape (see `corruptBody`). */
  | { kind: 'unexpected_shape'; variant?: ShapeVariant }
  /** Real-world quirks, one odd item per response (see `wild-payloads.ts`). */
  | { kind: 'wild_payloads' };

export type ShapeVariant = 'null_track' | 'garbage_played_at' | 'non_object_item' | 'all';

export type FaultSpec = FaultKind & {
  path?: RegExp | string;
  method?: string;
  /** How many matching requests get this fault (default 1; `Infinity` for always). */
  times?: number;
};

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  inject(spec: FaultSpec): void {
    this.queue.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  /** Faults still waiting to fire. */
  get pending(): FaultSpec[] {
    return this.queue.map((q) => q.spec);
  }

  /** The first queued fault matching this request, consumed once. */
  take(method: string, path: string): FaultKind | undefined {
    const found = this.queue.find((q) => matches(q.spec, method, path));
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.queue = this.queue.filter((q) => q !== found);
    return found.spec;
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return isApiPath(path);
  if (spec.path instanceof RegExp) return spec.path.test(path);
  return path.startsWith(normalizeSimPath(spec.path));
}

/** Cuts a body so that no JSON parser accepts it. */
export function truncateBody(text: string): string {
  if (text.length < 4) return '{"items": [{"track": ';
  return text.slice(0, Math.floor(text.length / 2));
}

type Json = Record<string, unknown>;

/**
 * Breaks a response's shape the way real APIs occasionally do: in the first item list
 * found, a `track: null`, a `played_at: 'garbage'` and a non-object item; bodies without
 * a list get a wrong-typed `id` and lose `name`; anything else is wrapped in `{ data }`.
 */
export function corruptBody(body: unknown, variant: ShapeVariant = 'all'): unknown {
  if (body === null || typeof body !== 'object') return { item: 42, is_playing: 'yes' };
  const root = structuredClone(body) as Json;
  const items = findItemList(root);
  if (items) {
    corruptItems(items, variant);
    return root;
  }
  if ('id' in root) {
    root.id = 12345;
    delete root.name;
    return root;
  }
  return { data: root };
}

function findItemList(root: Json): unknown[] | undefined {
  if (Array.isArray(root.items)) return root.items;
  for (const value of Object.values(root)) {
    if (Array.isArray(value)) return value;
    if (value && typeof value === 'object' && Array.isArray((value as Json).items))
      return (value as Json).items as unknown[];
  }
  return undefined;
}

function corruptItems(items: unknown[], variant: ShapeVariant): void {
  const objects = items.filter((i): i is Json => !!i && typeof i === 'object');
  const first = objects[0];
  const second = objects[1] ?? first;
  if ((variant === 'null_track' || variant === 'all') && first) {
    if ('track' in first) first.track = null;
    else items[items.indexOf(first)] = null;
  }
  if ((variant === 'garbage_played_at' || variant === 'all') && second) {
    if ('played_at' in second || 'track' in second) second.played_at = 'garbage';
    else second.id = 12345;
  }
  if (variant === 'non_object_item' || variant === 'all') items.push('not-an-object');
}
