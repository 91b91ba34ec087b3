import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnalyticsQueryError } from '../../src/analytics/query.ts';
import { reportError, UsageError } from '../../src/cli/run.ts';
import { RemoteStateConflictError } from '../../src/cloud/remote-state.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { PlaceInputError, SourceAuthError } from '../../src/events/errors.ts';
import { ForwardAuthError } from '../../src/forward/types.ts';
import { HistoryInputError } from '../../src/history/inputs.ts';
import { ZipRefusedError } from '../../src/history/zip.ts';
import { DeferredError, HttpError } from '../../src/http/errors.ts';
import { MatchCasesError } from '../../src/matching/cases.ts';
import { RestoreError } from '../../src/ops/backup/restore.ts';
import { ArchiveError } from '../../src/ops/backup/tar.ts';
import { PlaylistInputError } from '../../src/playlists/definition.ts';
import { ShareError } from '../../src/share/links.ts';
import { ManualMatchError } from '../../src/shows/manual-match.ts';
import { ConnectError } from '../../src/spotify/connect.ts';
import { KeyError } from '../../src/spotify/token-crypto.ts';
import { ReconnectNeededError } from '../../src/spotify/token-provider.ts';
import { DatabaseLockedError } from '../../src/store/db.ts';
import { UnknownUserError } from '../../src/store/users.ts';
import { UserError } from '../../src/util/errors.ts';
import { DurationInputError } from '../../src/util/format.ts';

/** One of every user-facing error, with the family it belongs to. */
const EXAMPLES: Array<[UserError, string]> = [
  [new UsageError('--limit must be a positive whole number.'), 'input'],
  [new HistoryInputError('x'), 'input'],
  [new ZipRefusedError('x'), 'input'],
  [new PlaylistInputError('x'), 'input'],
  [new PlaceInputError('x'), 'input'],
  [new ShareError('x'), 'input'],
  [new ManualMatchError('x'), 'input'],
  [new AnalyticsQueryError('x'), 'input'],
  [new RestoreError('x'), 'input'],
  [new ArchiveError('x'), 'input'],
  [new MatchCasesError('x'), 'input'],
  [new DurationInputError('x'), 'input'],
  [new ConfigError('x', 'ENCORE_PORT'), 'setup'],
  [new KeyError('x'), 'setup'],
  [new UnknownUserError('x'), 'not_found'],
  [new ConnectError('x'), 'auth'],
  [new ReconnectNeededError('u1', 'revoked'), 'auth'],
  [new ForwardAuthError('lastfm', 'x'), 'auth'],
  [new SourceAuthError('ticketmaster', 'TICKETMASTER_API_KEY', 'x'), 'auth'],
  [new DeferredError('Spotify', '/v1/me', 'rate_limited', 0), 'retry_later'],
  [new DatabaseLockedError('/data/encore.duckdb', undefined), 'conflict'],
  [new RemoteStateConflictError('gs://b/encore.duckdb', 3), 'conflict'],
];

describe('the error model', () => {
  it('puts every user-facing error in its family, with a stable code of its own', () => {
    for (const [error, family] of EXAMPLES) {
      expect(error).toBeInstanceOf(UserError);
      expect([error.constructor.name, error.family]).toEqual([error.constructor.name, family]);
      expect(error.code).toMatch(/^[a-z_]+$/);
    }
    const codes = EXAMPLES.map(([e]) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives each family its HTTP status and exit code', () => {
    const byFamily = Object.fromEntries(EXAMPLES.map(([e]) => [e.family, [e.httpStatus, e.exitCode]]));
    expect(byFamily).toEqual({
      input: [400, 2],
      setup: [500, 2],
      not_found: [404, 2],
      auth: [403, 2],
      retry_later: [409, 3],
      conflict: [409, 2],
    });
  });

  it('keeps the names and messages the classes had', () => {
    expect(new UsageError('a').name).toBe('UsageError');
    expect(new DatabaseLockedError('/db', 'pid 7').name).toBe('DatabaseLockedError');
    expect(new DeferredError('Spotify', '/v1/me', 'quota_exceeded', 0).message).toBe(
      'Spotify quota exceeded (QUOTA_EXCEEDED) on /v1/me; paused until 1970-01-01T00:00:00.000Z',
    );
    expect(new HttpError('Spotify', '/v1/me', 500, '')).not.toBeInstanceOf(UserError);
  });
});

describe('the CLI error mapper', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exits with the family’s code, or 1 for anything else, printing the message alone', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    expect(reportError(new HistoryInputError('Nothing imported: a.zip does not exist.'))).toBe(2);
    expect(reportError(new DeferredError('Spotify', '/v1/me', 'rate_limited', 0))).toBe(3);
    expect(reportError(new ReconnectNeededError('u1', 'revoked'))).toBe(2);
    expect(reportError(new Error('disk on fire'))).toBe(1);
    expect(written[0]).toBe('encore: Nothing imported: a.zip does not exist.\n');
  });
});
