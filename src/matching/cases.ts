import { z } from 'zod';
import { InputError } from '../util/errors.ts';

/**
 * Labelled matching cases, one JSON object per line:
 * `{"performer", "source_genre", "spotify_link", "candidates": [{"id","name","genres"}], "expected"}`,
 * optionally with `note`, `family` (grouped in the per-family report) and `source`.
 * `candidates` are the Spotify search results for the performer, best first;
 * `expected` is the right Spotify artist id, or null when no candidate is the performer.
 */
const spotifyArtistId = z.string().regex(/^[0-9A-Za-z]{22}$/u, 'a Spotify artist id is 22 letters or digits');

const candidateSchema = z.object({
  id: spotifyArtistId,
  name: z.string().min(1),
  genres: z.array(z.string()).optional(),
});

const caseSchema = z.object({
  performer: z.string().min(1),
  source_genre: z.string().nullable().optional(),
  spotify_link: z.string().nullable().optional(),
  candidates: z.array(candidateSchema),
  expected: spotifyArtistId.nullable(),
  note: z.string().optional(),
  /** Which kind of hard name the case stands for ("punctuation", "tribute", …): grouped in reports. */
  family: z.string().min(1).optional(),
  /** Where the billing was seen (a URL): the case is from a real listing. */
  source: z.string().min(1).optional(),
});

export type MatchCase = z.infer<typeof caseSchema>;

/** "spotify:artist:<id>" or "https://open.spotify.com/artist/<id>?…" → the id; null otherwise. */
export function spotifyArtistIdFromLink(link: string): string | null {
  const match =
    /^spotify:artist:([0-9A-Za-z]{22})$/u.exec(link.trim()) ??
    /^https?:\/\/open\.spotify\.com\/(?:intl-[a-z-]+\/)?artist\/([0-9A-Za-z]{22})(?:[/?#].*)?$/u.exec(
      link.trim(),
    );
  return match?.[1] ?? null;
}

/** A cases file line that cannot be used; the message names the line. */
export class MatchCasesError extends InputError {
  readonly code = 'match_cases';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(line)'}: ${issue.message}`)
    .join('; ');
}

function parseLine(line: string, lineNumber: number): MatchCase {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new MatchCasesError(`cases line ${lineNumber}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = caseSchema.safeParse(json);
  if (!parsed.success) throw new MatchCasesError(`cases line ${lineNumber}: ${describeIssues(parsed.error)}`);
  const link = parsed.data.spotify_link;
  if (link && spotifyArtistIdFromLink(link) === null) {
    throw new MatchCasesError(`cases line ${lineNumber}: spotify_link: not a Spotify artist link: ${link}`);
  }
  return parsed.data;
}

/** Parses a JSONL file of cases; blank lines are skipped; errors name the 1-based line. */
export function parseCasesJsonl(text: string): MatchCase[] {
  const cases: MatchCase[] = [];
  text.split(/\r?\n/u).forEach((line, index) => {
    if (line.trim() !== '') cases.push(parseLine(line, index + 1));
  });
  return cases;
}
