import type { Hono } from 'hono';
import { z } from 'zod';
import type { WebDeps, WebEnv } from '../context.ts';
import { intParam, parseIsoDay } from '../format.ts';
import { errorPage, renderPage } from '../layout.ts';
import { applyMatchFix } from '../loaders/show-match.ts';
import { loadShowsPage } from '../loaders/shows.ts';
import { keptQuery, type ShowFilters } from '../shows-query.ts';
import { field, validForm, validQuery } from '../validate.ts';
import { idPart } from '../views/shows.ts';
import { showsView } from '../views/shows-page.ts';
import { registerShowAlertRoutes } from './show-alerts.ts';

const showsQuery = z
  .object({
    place: field,
    from: field,
    to: field,
    genre: field,
    known: field,
    page: field,
    dismissed: field,
    fix_event: field,
    fix_performer: field,
    fix_ok: field,
    fix_text: field,
  })
  .transform((q) => {
    const filters: ShowFilters = {
      place: q.place || undefined,
      from: parseIsoDay(q.from),
      to: parseIsoDay(q.to),
      genre: q.genre?.trim().slice(0, 60) || undefined,
      known: q.known === '1',
      page: intParam(q.page, 1, 1, 10_000),
    };
    // Reversed dates: say so, as the dashboard does, and show from today instead.
    let problem: string | undefined;
    if (filters.from && filters.to && filters.from > filters.to) {
      problem = `The range ${filters.from} … ${filters.to} ends before it starts; showing upcoming shows from today.`;
      filters.from = undefined;
      filters.to = undefined;
    }
    const result =
      q.fix_event && q.fix_performer && q.fix_text
        ? {
            eventKey: q.fix_event,
            performer: q.fix_performer,
            ok: q.fix_ok === '1',
            text: q.fix_text.slice(0, 300),
          }
        : undefined;
    const dismissed = q.dismissed && /^\d+$/.test(q.dismissed) ? Number(q.dismissed) : null;
    return { filters, problem, back: keptQuery(q), result, dismissed };
  });

const matchForm = z
  .object({ performer: field, candidate: field, link: field, back: field, event: field })
  .transform((f) => ({
    fix: {
      performer: (f.performer ?? '').trim(),
      candidate: (f.candidate ?? '').trim(),
      link: (f.link ?? '').trim(),
    },
    back: keptQuery(new URLSearchParams(f.back ?? '')),
    eventKey: f.event ?? '',
  }));

/**
 * Shows: the upcoming shows per place with the signed-in account's play counts, each
 * match's explanation, and a form to correct a match. Places and matches are shared by
 * every account of this encore (one household's server); plays and badges are per account.
 */
export function registerShowsRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/shows', validQuery(showsQuery), async (c) => {
    const { filters, problem, back, result, dismissed } = c.req.valid('query');
    const page = await loadShowsPage(deps, c.get('user')!, filters);
    const fix = { csrf: c.get('session')!.csrfToken, back, result };
    const body = showsView(page, { filters, fix, dismissed, ...(problem ? { problem } : {}) });
    return c.html(renderPage(c, deps, { title: 'Shows', active: 'shows', body }));
  });

  registerShowAlertRoutes(app, deps, keptQuery);

  app.post('/shows/match', validForm(matchForm), async (c) => {
    const { fix, back, eventKey } = c.req.valid('form');
    const outcome = await applyMatchFix(deps, c.get('user')!, fix);
    if (!outcome) return errorPage(c, deps, 404, 'Not found', ['encore has no decision for this performer.']);
    // Back to the same page and show, with the outcome next to the form that was used.
    const q = new URLSearchParams(back);
    q.set('fix_event', eventKey);
    q.set('fix_performer', fix.performer);
    q.set('fix_ok', outcome.ok ? '1' : '0');
    q.set('fix_text', outcome.text);
    return c.redirect(`/shows?${q.toString()}#show-${idPart(eventKey)}`, 303);
  });
}
