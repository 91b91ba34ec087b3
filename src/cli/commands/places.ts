import type { Command } from 'commander';
import { parsePlaceInput, placeSlug } from '../../events/places.ts';
import type { Place } from '../../events/types.ts';
import { getPlace, listPlaces, removePlace, savePlace } from '../../store/places.ts';
import { UsageError, withContext } from '../run.ts';
import { formatTable } from '../table.ts';
import { confirm } from '../confirm.ts';

interface AddOpts {
  lat?: string;
  lon?: string;
  radius?: string;
  postal?: string;
  city?: string;
  state?: string;
  country?: string;
  timeZone?: string;
  yes?: boolean;
}

/** A place by its id or by the name it was added under. */
export async function findPlace(db: Parameters<typeof getPlace>[0], wanted: string): Promise<Place> {
  const slug = (() => {
    try {
      return placeSlug(wanted);
    } catch {
      return wanted;
    }
  })();
  const place = (await getPlace(db, wanted)) ?? (await getPlace(db, slug));
  if (place) return place;
  const known = (await listPlaces(db)).map((p) => p.id);
  throw new UsageError(
    `No place "${wanted}". ${known.length ? `Your places: ${known.join(', ')}.` : 'No place added yet.'} ` +
      'Add one with `encore places add "Buffalo, NY" --lat 42.89 --lon -78.87 --radius 50mi`.',
  );
}

export function describeWhere(place: Place): string {
  switch (place.kind) {
    case 'point':
      return `${place.lat}, ${place.lon} within ${place.radiusMiles} mi`;
    case 'postal':
      return `postal code ${place.postalCode} within ${place.radiusMiles} mi`;
    case 'city':
      return `city ${place.city}${place.stateCode ? `, ${place.stateCode}` : ''}`;
    case 'state':
      return `all of ${place.stateCode}`;
  }
}

const sameWhere = (a: Place, b: Place) =>
  a.name === b.name && describeWhere(a) === describeWhere(b) && (a.timeZone ?? '') === (b.timeZone ?? '');

/**
 * A place of the same name is only replaced when the user says so (a typo in a name must
 * not silently move a place that playlists are built from). Re-adding it unchanged is fine.
 */
async function mayReplace(
  db: Parameters<typeof getPlace>[0],
  place: Place,
  yes?: boolean,
): Promise<'save' | 'same' | 'keep'> {
  const existing = await getPlace(db, place.id);
  if (!existing) return 'save';
  if (sameWhere(existing, place)) return 'same';
  const what = `"${existing.name}" (${place.id}) is ${describeWhere(existing)}`;
  const ok = await confirm(`Place ${what}. Replace it with ${describeWhere(place)}?`, {
    yes,
    refusal: `Place ${what}; not replaced. Pass --yes to replace it with ${describeWhere(place)}, or choose another name.`,
  });
  if (!ok) console.log(`Kept ${existing.id} as it was.`);
  return ok ? 'save' : 'keep';
}

/** `encore places add|list|remove`: where to look for shows. */
export function registerPlacesCommands(program: Command): void {
  const places = program.command('places').description('the places encore looks for shows around');
  places
    .command('add')
    .description(
      'add (or change) a place: coordinates with a radius, a postal code, a city with its state, or a whole US state',
    )
    .argument(
      '<name>',
      'a name, e.g. "Buffalo, NY" (also read as city + state, ZIP code, state or "lat,lon")',
    )
    .option('--lat <lat>', 'latitude, e.g. 42.89')
    .option('--lon <lon>', 'longitude, e.g. -78.87')
    .option('--radius <radius>', 'for coordinates or a postal code: e.g. 50mi or 80km (default 50mi)')
    .option('--postal <code>', 'postal (ZIP) code')
    .option('--city <city>', 'city (with --state in the US)')
    .option('--state <state>', 'state: two-letter code or name')
    .option('--country <code>', 'two-letter country code (default US)')
    .option('--time-zone <zone>', 'IANA time zone of the place, e.g. America/New_York')
    .option('--yes', 'replace a place of the same name without asking')
    .action((name: string, opts: AddOpts) =>
      withContext(async (ctx) => {
        const { yes, ...where } = opts;
        const place = parsePlaceInput(name, where);
        const decision = await mayReplace(ctx.db, place, yes);
        if (decision === 'keep') return 1;
        if (decision === 'same') return void console.log(`${place.id} is already ${describeWhere(place)}.`);
        const outcome = await savePlace(ctx.db, place, new Date(ctx.clock.now()));
        console.log(
          `${outcome === 'created' ? 'Added' : 'Updated'} ${place.id}: ${place.name} (${describeWhere(place)}).`,
        );
        if (outcome === 'created') console.log('Next: `encore shows sync` pulls its upcoming concerts.');
      }),
    );
  places
    .command('list')
    .description('your places')
    .action(() =>
      withContext(async (ctx) => {
        const all = await listPlaces(ctx.db);
        if (all.length === 0) {
          console.log(
            'No place yet. Add one with `encore places add "Buffalo, NY" --lat 42.89 --lon -78.87 --radius 50mi`.',
          );
          return;
        }
        console.log(
          formatTable(
            ['id', 'name', 'where', 'time zone'],
            all.map((p) => [p.id, p.name, describeWhere(p), p.timeZone ?? '']),
          ),
        );
      }),
    );
  places
    .command('remove')
    .description('forget a place (its shows stay in the history; playlists of it stop refreshing)')
    .argument('<place>', 'the place id or name')
    .action((wanted: string) =>
      withContext(async (ctx) => {
        const place = await findPlace(ctx.db, wanted);
        await removePlace(ctx.db, place.id);
        console.log(`Removed ${place.id} (${place.name}).`);
      }),
    );
}
