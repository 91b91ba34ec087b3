import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AppContext } from '../../app/context.ts';
import { getMatch, listMatches, type MatchRow } from '../../store/matches.ts';
import { commandUser } from '../user.ts';
import { UsageError, withContext } from '../run.ts';
import { formatTable } from '../table.ts';

// The matcher (fuzzball) and the Spotify runtime load inside the actions that use them.

function artistCell(row: MatchRow): string {
  if (row.method === 'split') return `(split: ${(row.partKeys ?? []).join(' + ')})`;
  return row.artistId ? `${row.artistName ?? '?'} (${row.artistId})` : '—';
}

function explain(row: MatchRow, parts: MatchRow[]): string {
  const lines = [
    `performer: ${row.performerName}`,
    `artist:    ${row.artistId ? `${row.artistName} — https://open.spotify.com/artist/${row.artistId}` : 'none (unmatched)'}`,
    `method:    ${row.method}${row.manual ? ' (manual override: never recomputed)' : ''}, score ${row.score}`,
    `why:       ${row.reason}`,
  ];
  if (row.runnerUp)
    lines.push(`runner-up: ${row.runnerUp.name} (${row.runnerUp.id}), score ${row.runnerUp.score}`);
  if (row.tribute) lines.push('tribute:   yes — billed as a tribute or cover act');
  if (row.candidates?.length)
    lines.push(`searched:  ${row.candidates.map((c) => `${c.name} (${c.id})`).join(', ')}`);
  lines.push(
    `decided:   ${row.decidedAt instanceof Date ? row.decidedAt.toISOString() : String(row.decidedAt)} (matcher v${row.matcherVersion})`,
  );
  for (const part of parts)
    lines.push(
      '',
      ...explain(part, [])
        .split('\n')
        .map((l) => `  ${l}`),
    );
  return lines.join('\n');
}

/** `encore match list|explain|set|evaluate`: see, explain and fix performer → artist matches. */
export function registerMatchCommands(program: Command): void {
  const match = program
    .command('match')
    .description('see, explain and fix how performers are matched to Spotify artists');
  registerList(match);
  registerExplain(match);
  registerSet(match);
  registerEvaluate(match);
}

function registerList(match: Command): void {
  match
    .command('list')
    .description('every stored decision (or only the unmatched ones)')
    .option('--unmatched', 'only performers without an artist')
    .action((opts: { unmatched?: boolean }) =>
      withContext(async (ctx) => {
        const rows = await listMatches(ctx.db, { unmatched: opts.unmatched });
        if (rows.length === 0) {
          console.log(
            opts.unmatched ? 'No unmatched performers.' : 'No decisions yet: run `encore shows sync`.',
          );
          return;
        }
        console.log(
          formatTable(
            ['performer', 'artist', 'method', 'score', 'runner-up'],
            rows.map((r) => [
              r.performerName,
              artistCell(r),
              r.manual ? 'manual' : r.method,
              Math.round(r.score),
              r.runnerUp?.name,
            ]),
          ),
        );
        if (opts.unmatched)
          console.log('\nFix one with: encore match set "<performer>" <spotify artist URL | none>');
      }),
    );
}

function registerExplain(match: Command): void {
  match
    .command('explain')
    .description('why a performer was matched (or not) the way it was')
    .argument('<performer>', 'as billed')
    .action((performer: string) =>
      withContext(async (ctx) => {
        const { performerKey } = await import('../../matching/index.ts');
        const row = await getMatch(ctx.db, performerKey(performer));
        if (!row) throw new UsageError(`No decision for "${performer}" yet. See \`encore match list\`.`);
        const parts: MatchRow[] = [];
        for (const key of row.method === 'split' ? (row.partKeys ?? []) : []) {
          const part = await getMatch(ctx.db, key);
          if (part) parts.push(part);
        }
        console.log(explain(row, parts));
      }),
    );
}

function registerSet(match: Command): void {
  match
    .command('set')
    .description('decide by hand; wins over the matcher for good')
    .argument('<performer>', 'as billed')
    .argument('<artist>', 'Spotify artist URL, URI, or none')
    .option('--user <user>', 'the account used to check the artist exists')
    .action((performer: string, target: string, opts: { user?: string }) =>
      withContext(async (ctx) => {
        const { parseArtistTarget, setManualMatch } = await import('../../shows/manual-match.ts');
        const id = parseArtistTarget(target);
        const artist = id ? await spotifyArtist(ctx, id, opts.user) : null;
        const row = await setManualMatch(ctx.db, performer, artist, new Date(ctx.clock.now()));
        console.log(
          `"${row.performerName}" → ${artist ? `${artist.name} (${artist.id})` : 'none'} (manual).`,
        );
      }),
    );
}

/** The artist as Spotify names it, so that a typo in the id is caught before it is stored. */
async function spotifyArtist(
  ctx: AppContext,
  id: string,
  wantedUser: string | undefined,
): Promise<{ id: string; name: string }> {
  const user = await commandUser(ctx, wantedUser);
  const { createServices } = await import('../../app/services.ts');
  const services = await createServices(ctx);
  try {
    const found = await services.spotify.client.artist(user.user_id, id);
    if (!found) throw new UsageError(`Spotify has no artist ${id}.`);
    return { id: found.id, name: found.name };
  } finally {
    await services.close();
  }
}

function registerEvaluate(match: Command): void {
  match
    .command('evaluate')
    .description('score the matcher on labelled cases (JSONL) next to the original partial_ratio > 80 rule')
    .argument(
      '<cases>',
      'a .jsonl file: {performer, source_genre, spotify_link, candidates, expected} per line',
    )
    .option('--failures', 'list the cases the matcher got wrong')
    .action((file: string, opts: { failures?: boolean }) => withContext(() => evaluate(file, opts)));
}

async function evaluate(file: string, opts: { failures?: boolean }): Promise<void> {
  const { evaluateCases, formatEvaluationLine, formatFamilyLine, parseCasesJsonl } =
    await import('../../matching/index.ts');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${file}.`);
  }
  const cases = parseCasesJsonl(text);
  if (cases.length === 0) throw new UsageError(`${file} holds no cases.`);
  const result = evaluateCases(cases);
  if (opts.failures) {
    for (const f of result.failures)
      console.log(
        `${f.kind}: "${f.performer}" expected ${f.expected ?? 'none'}, got ${f.got?.name ?? 'none'} (${f.method})`,
      );
  } else if (result.failures.length) {
    console.log(
      `${result.failures.length} case(s) decided differently from the label (--failures lists them)`,
    );
  }
  console.log(formatFamilyLine(result));
  console.log(formatEvaluationLine(result));
}
