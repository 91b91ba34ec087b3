import { undismissedAlerts } from '../../alerts/alerts-store.ts';
import type { AlertArtist } from '../../alerts/candidates.ts';
import { distanceMiles } from '../../alerts/radius.ts';
import { alertSettingsFromConfig } from '../../alerts/run-alerts.ts';
import { type AlertThreshold, effectiveThreshold } from '../../alerts/thresholds.ts';
import type { Place } from '../../events/types.ts';
import { listUpcomingEvents, type StoredEvent } from '../../store/events.ts';
import { listPlaces } from '../../store/places.ts';
import type { WebDeps, WebUser } from '../context.ts';

/** One undismissed alert as the Shows page shows it. */
export interface OpenAlert {
  eventKey: string;
  artists: AlertArtist[];
  /** Null when the show is gone from the stored shows (pruned after it took place). */
  event: StoredEvent | null;
  /** The nearest place that listed the show, and how far the venue is from it. */
  distance: { miles: number; place: string } | null;
}

export interface AlertsBox {
  alerts: OpenAlert[];
  threshold: AlertThreshold;
  /** The account set its own threshold (`encore alerts set`), not the configured default. */
  own: boolean;
}

/** The signed-in account's undismissed alerts, with their shows and distances. */
export async function loadAlertsBox(deps: WebDeps, user: WebUser): Promise<AlertsBox> {
  const { defaults } = alertSettingsFromConfig(deps.config);
  const { threshold, own } = await effectiveThreshold(deps.db, user.userId, defaults);
  const open = await undismissedAlerts(deps.db, user.userId);
  if (!open.length) return { alerts: [], threshold, own };
  const keys = new Set(open.map((a) => a.eventKey));
  // Shows that already took place stay in the box until dismissed, so read from a day back.
  const events = (
    await listUpcomingEvents(deps.db, {
      from: new Date(deps.clock.now() - 86_400_000),
      includeCancelled: true,
    })
  ).filter((e) => keys.has(e.key));
  const byKey = new Map<string, StoredEvent>(events.map((e) => [e.key, e]));
  const places = await listPlaces(deps.db);
  const alerts = open.map((a): OpenAlert => {
    const event = byKey.get(a.eventKey) ?? null;
    return {
      eventKey: a.eventKey,
      artists: a.artists,
      event,
      distance: event ? nearest(event, places) : null,
    };
  });
  return { alerts, threshold, own };
}

function nearest(event: StoredEvent, places: Place[]): OpenAlert['distance'] {
  const { lat, lon } = event.venue;
  if (lat === null || lon === null) return null;
  const found = places
    .filter((p) => event.placeIds.includes(p.id) && p.lat !== undefined && p.lon !== undefined)
    .map((p) => ({ place: p.name, miles: distanceMiles({ lat, lon }, { lat: p.lat!, lon: p.lon! }) }))
    .sort((a, b) => a.miles - b.miles);
  return found[0] ?? null;
}
