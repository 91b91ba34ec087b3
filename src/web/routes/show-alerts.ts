import type { Hono } from 'hono';
import { z } from 'zod';
import { dismissAlerts } from '../../alerts/alerts-store.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { errorPage } from '../layout.ts';
import { field, validForm } from '../validate.ts';

const dismissForm = z.object({ event: field, all: field, back: field }).transform((f) => ({
  event: (f.event ?? '').trim(),
  all: f.all === '1',
  back: f.back ?? '',
}));

/**
 * POST /shows/alerts/dismiss: one alert (`event`) or all of them (`all=1`), for the
 * signed-in account only; the CSRF guard has checked the form already. Back to the page
 * the form was on.
 */
export function registerShowAlertRoutes(
  app: Hono<WebEnv>,
  deps: WebDeps,
  back: (q: URLSearchParams) => string,
) {
  app.post('/shows/alerts/dismiss', validForm(dismissForm), async (c) => {
    const form = c.req.valid('form');
    if (!form.all && !form.event)
      return errorPage(c, deps, 400, 'Nothing to dismiss', ['The form did not say which alert to dismiss.']);
    const count = await dismissAlerts(
      deps.db,
      c.get('user')!.userId,
      new Date(deps.clock.now()),
      form.all ? undefined : [form.event],
    );
    const q = new URLSearchParams(back(new URLSearchParams(form.back)));
    q.set('dismissed', String(count));
    return c.redirect(`/shows?${q.toString()}`, 303);
  });
}
