/**
 * The optional alert webhook (ENCORE_ALERT_WEBHOOK). One POST per alert, in one of three
 * shapes: `json` (encore's own, also readable by Gotify: it carries `title`/`message`),
 * `discord` (Discord wants `content`) and `ntfy` (a plain-text message to the topic URL,
 * with ntfy's Title/Click/Tags headers). Every POST has a bounded timeout, so a hanging
 * receiver can never hold up the shows sync. The URL often embeds a token (Discord,
 * Gotify), so it never appears in logs or errors.
 */
import { STREAMS_LEGEND, streamsText } from '../analytics/artist-streams.ts';
import type { AlertCandidate } from './candidates.ts';
import { formatNumber } from '../util/numbers.ts';

export const WEBHOOK_FORMATS = ['json', 'discord', 'ntfy'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
  timeoutMs: number;
}

export type DeliveryResult = { ok: true } | { ok: false; reason: string };

/** The shape of a `json` alert (documented in the README, "Alerts for loved artists"). */
export interface ShowAlertPayload {
  type: 'encore.show_alert';
  title: string;
  message: string;
  priority: number;
  user: { id: string };
  show: {
    key: string;
    name: string;
    date: string;
    time: string | null;
    venue: string;
    city: string | null;
    url: string | null;
    status: string;
  };
  artists: Array<{ id: string; name: string; plays: number; minutes: number }>;
}

export function alertText(alert: AlertCandidate): { title: string; message: string } {
  const { event } = alert.listing;
  const names = alert.artists.map((a) => a.name).join(', ');
  const where = [event.venue.name, event.venue.city].filter(Boolean).join(', ');
  const when = `${event.localDate}${event.localTime ? ` ${event.localTime}` : ''}`;
  const played = alert.artists
    .map((a) => `${a.name}: ${streamsText(a.plays)}, ${formatNumber(a.minutes)} min`)
    .join('; ');
  return {
    title: `${names} near you on ${event.localDate}`,
    message: `${event.name} — ${when} at ${where}. You streamed ${played} (${STREAMS_LEGEND}).${event.url ? ` ${event.url}` : ''}`,
  };
}

export function alertPayload(alert: AlertCandidate): ShowAlertPayload {
  const { event } = alert.listing;
  return {
    type: 'encore.show_alert',
    ...alertText(alert),
    priority: 5,
    user: { id: alert.userId },
    show: {
      key: event.key,
      name: event.name,
      date: event.localDate,
      time: event.localTime,
      venue: event.venue.name,
      city: event.venue.city,
      url: event.url,
      status: event.status,
    },
    artists: alert.artists,
  };
}

/** Non-ASCII header values as RFC 2047 words (ntfy decodes them; raw UTF-8 would not survive fetch). */
function headerValue(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

export function webhookRequest(
  alert: AlertCandidate,
  format: WebhookFormat,
): { headers: Record<string, string>; body: string } {
  if (format === 'discord') {
    const { title, message } = alertText(alert);
    // Discord rejects content over 2000 characters.
    return {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: `**${title}**\n${message}`.slice(0, 2000) }),
    };
  }
  if (format === 'ntfy') {
    const { title, message } = alertText(alert);
    const headers: Record<string, string> = {
      'content-type': 'text/plain; charset=utf-8',
      Title: headerValue(title),
      Tags: 'tickets',
    };
    if (alert.listing.event.url) headers.Click = alert.listing.event.url;
    return { headers, body: message };
  }
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertPayload(alert)) };
}

export async function deliverAlert(
  target: WebhookTarget,
  alert: AlertCandidate,
  fetchImpl: typeof fetch = fetch,
): Promise<DeliveryResult> {
  const { headers, body } = webhookRequest(alert, target.format);
  try {
    const response = await fetchImpl(target.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    // Drain the body so the connection is released; its content does not matter.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true };
    return { ok: false, reason: `the webhook answered HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError')
      return { ok: false, reason: `the webhook did not answer within ${target.timeoutMs} ms` };
    // The cause's message can quote the URL; say only what kind of failure it was.
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, reason: `the webhook could not be reached${code ? ` (${code})` : ''}` };
  }
}
