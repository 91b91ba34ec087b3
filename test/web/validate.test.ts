import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { field, validForm, validQuery } from '../../src/web/validate.ts';

const schema = z.object({ a: field, b: field });
const app = new Hono();
app.get('/q', validQuery(schema), (c) => c.json(c.req.valid('query')));
app.post('/f', validForm(schema), (c) => c.json(c.req.valid('form')));

describe('route input through hono/validator and zod', () => {
  it('reads a repeated query key by its first value, as c.req.query() does; a missing key is undefined', async () => {
    const res = await app.request('/q?a=1&a=2');
    expect(await res.json()).toEqual({ a: '1' });
  });

  it('reads a repeated form field by its last value, as c.req.parseBody() does, and a file as missing', async () => {
    const form = new FormData();
    form.append('a', '1');
    form.append('a', '2');
    form.append('b', new Blob(['x']), 'x.txt');
    const res = await app.request('/f', { method: 'POST', body: form });
    expect(await res.json()).toEqual({ a: '2' });
    const plain = await app.request('/f', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'b=&a=x',
    });
    expect(await plain.json()).toEqual({ a: 'x', b: '' });
  });
});
