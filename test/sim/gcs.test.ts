import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningGcsSim, startGcsSim } from '../../sim/gcs/index.ts';
import { gcsStatus } from '../../src/cloud/gcs-errors.ts';

const statusOf = (p: Promise<unknown>) => p.then(() => 200, gcsStatus);

let sim: RunningGcsSim;
let storage: Storage;

beforeAll(async () => {
  sim = await startGcsSim({ buckets: ['encore-test'] });
  storage = new Storage({
    apiEndpoint: sim.url,
    projectId: 'encore-sim',
    retryOptions: { maxRetries: 2, retryDelayMultiplier: 1.1, totalTimeout: 20, maxRetryDelay: 2 },
  });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.state.buckets.set('encore-test', new Map());
  sim.state.faults.length = 0;
  sim.state.denied.clear();
  sim.state.requests.length = 0;
});

const bucket = () => storage.bucket('encore-test');

describe('Cloud Storage simulator through @google-cloud/storage', () => {
  it('answers bucket get and 404 for a missing bucket', async () => {
    const [exists] = await bucket().exists();
    expect(exists).toBe(true);
    const [missing] = await storage.bucket('no-such-bucket').exists();
    expect(missing).toBe(false);
    await expect(storage.bucket('no-such-bucket').getMetadata()).rejects.toMatchObject({ code: 404 });
  });

  it('round-trips a multipart upload with metadata, checksums validated by the client', async () => {
    const file = bucket().file('dir/one.csv');
    await file.save('a,b\n1,2\n', {
      resumable: false,
      contentType: 'text/csv',
      metadata: { metadata: { k: 'v' } },
    });
    const [meta] = await file.getMetadata();
    expect(meta).toMatchObject({
      name: 'dir/one.csv',
      contentType: 'text/csv',
      size: '8',
      metadata: { k: 'v' },
    });
    const [data] = await file.download();
    expect(data.toString()).toBe('a,b\n1,2\n');
    expect(sim.state.requests.some((r) => r.query.uploadType === 'multipart')).toBe(true);
  });

  it('takes a resumable upload in several chunks (308 then final)', async () => {
    const payload = Buffer.alloc(600 * 1024, 7);
    payload.write('encore', 0);
    const file = bucket().file('big.bin');
    await file.save(payload, { resumable: true, chunkSize: 256 * 1024 });
    const [data] = await file.download();
    expect(data.equals(payload)).toBe(true);
    const puts = sim.state.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.status)).toEqual([308, 308, 200]);
  });

  it('takes a single-request resumable upload', async () => {
    await bucket().file('small.txt').save('hello', { resumable: true });
    const [data] = await bucket().file('small.txt').download();
    expect(data.toString()).toBe('hello');
  });

  it('takes a media upload', async () => {
    const res = await fetch(`${sim.url}/upload/storage/v1/b/encore-test/o?uploadType=media&name=raw.txt`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'raw',
    });
    expect(res.status).toBe(200);
    const [data] = await bucket().file('raw.txt').download();
    expect(data.toString()).toBe('raw');
  });

  it('lists with a prefix across pages', async () => {
    for (const name of ['a/1', 'a/2', 'a/3', 'b/1'])
      await bucket().file(name).save(name, { resumable: false });
    const [first, next] = await bucket().getFiles({ prefix: 'a/', maxResults: 2, autoPaginate: false });
    expect(first.map((f) => f.name)).toEqual(['a/1', 'a/2']);
    expect(next).toMatchObject({ pageToken: expect.any(String) });
    const [rest] = await bucket().getFiles({ ...next, autoPaginate: false });
    expect(rest.map((f) => f.name)).toEqual(['a/3']);
    const [all] = await bucket().getFiles({ prefix: 'a/' });
    expect(all).toHaveLength(3);
  });

  it('deletes, then 404s on metadata and download', async () => {
    const file = bucket().file('gone.txt');
    await file.save('x', { resumable: false });
    await file.delete();
    await expect(file.getMetadata()).rejects.toMatchObject({ code: 404 });
    await expect(file.download()).rejects.toMatchObject({ code: 404 });
    await expect(file.delete()).rejects.toMatchObject({ code: 404 });
  });

  it('applies ifGenerationMatch / ifGenerationNotMatch with 412', async () => {
    const file = bucket().file('state.duckdb');
    await file.save('v1', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    await expect(
      file.save('again', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
    ).rejects.toMatchObject({ code: 412 });
    const [meta] = await file.getMetadata();
    const generation = Number(meta.generation);
    await file.save('v2', { resumable: false, preconditionOpts: { ifGenerationMatch: generation } });
    expect(
      await statusOf(
        file.save('stale', { resumable: true, preconditionOpts: { ifGenerationMatch: generation } }),
      ),
    ).toBe(412);
    await expect(file.getMetadata({ ifGenerationNotMatch: generation + 999 })).resolves.toBeDefined();
    const [now] = await file.getMetadata();
    await expect(file.getMetadata({ ifGenerationNotMatch: Number(now.generation) })).rejects.toMatchObject({
      code: 412,
    });
    const [data] = await file.download();
    expect(data.toString()).toBe('v2');
  });

  it('answers 403 for a denied bucket', async () => {
    sim.state.deny('encore-test');
    await expect(bucket().file('x').download()).rejects.toMatchObject({ code: 403 });
    await expect(bucket().file('x').save('y', { resumable: false })).rejects.toMatchObject({ code: 403 });
  });

  it('injects 5xx: the status reaches the caller, and the fault ends when used up', async () => {
    await bucket().file('r.txt').save('ok', { resumable: false });
    sim.state.failNext(20, 500);
    expect(await statusOf(bucket().file('r.txt').getMetadata())).toBe(500);
    sim.state.faults.length = 0;
    sim.state.failNext(1, 503);
    expect(await statusOf(bucket().file('r.txt').download())).toBe(503);
    const [data] = await bucket().file('r.txt').download();
    expect(data.toString()).toBe('ok');
  });
});
