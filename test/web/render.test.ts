import { describe, expect, it } from 'vitest';
import { html } from 'hono/html';
import { jsonScript } from '../../src/web/markup.ts';
import { chooseRange } from '../../src/web/range-picker.ts';
import { loopbackTwin } from '../../src/web/routes/auth.ts';

describe('page rendering (unit)', () => {
  it('escapes every interpolated value, including attribute quotes', async () => {
    const name = `"><img src=x onerror=alert(1)>`;
    const out = String(await html`<li data-name="${name}">${name}</li>`);
    expect(out).not.toContain('<img');
    expect(out).toContain('&quot;&gt;&lt;img');
  });

  it('embeds JSON that cannot close its script element', async () => {
    const out = String(await jsonScript('d', { name: '</script><script>alert(1)</script>', amp: '&' }));
    expect(out.match(/<\/script>/g)).toHaveLength(1); // only the real end tag
    expect(JSON.parse(out.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, ''))).toEqual({
      name: '</script><script>alert(1)</script>',
      amp: '&',
    });
  });

  it('reads ranges: presets, typed dates, and a readable problem for bad ones', () => {
    const now = Date.UTC(2026, 10, 21, 10);
    const week = chooseRange({ range: '7d' }, now, 'UTC', null);
    expect([week.first, week.last, week.bucket]).toEqual(['2026-11-15', '2026-11-21', 'day']);
    const typed = chooseRange({ range: '30d', from: '2026-01-01', to: '2026-06-30' }, now, 'UTC', null);
    expect([typed.preset, typed.first, typed.last, typed.bucket]).toEqual([
      'custom',
      '2026-01-01',
      '2026-06-30',
      'week',
    ]);
    const bad = chooseRange({ range: 'custom', from: '2026-02-30', to: '2026-03-01' }, now, 'UTC', null);
    expect(bad.preset).toBe('30d');
    expect(bad.problem).toMatch(/2026-02-30/);
    const metric = chooseRange({ metric: 'minutes', bucket: 'month' }, now, 'Europe/Berlin', null);
    expect([metric.metric, metric.bucket]).toEqual(['minutes', 'month']);
  });
});

describe('sign-in host (unit)', () => {
  it('moves a sign-in started on localhost to the redirect URI host, and leaves others alone', () => {
    const redirect = 'http://127.0.0.1:8888/callback';
    expect(loopbackTwin('http://localhost:8888/login?as=demo-bob', redirect)).toBe(
      'http://127.0.0.1:8888/login?as=demo-bob',
    );
    expect(loopbackTwin('http://127.0.0.1:8888/login', redirect)).toBeUndefined();
    expect(
      loopbackTwin('http://music.example.org/login', 'https://music.example.org/callback'),
    ).toBeUndefined();
    expect(loopbackTwin('http://evil.example/login', redirect)).toBeUndefined();
  });
});
