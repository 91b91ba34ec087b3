/**
 * Stylised names whose symbols carry the name. Without an entry, "!!!" would normalise
 * to nothing and "P!nk" to "p nk", and neither would ever match.
 *
 * Keys are the loose form produced by `aliasKey` (NFKC, lower case, single spaces);
 * values are already in normalised form. Both sides of a comparison go through the same
 * table, so "Pink" and "P!nk" meet at "pink".
 */
const STYLISED_NAMES: ReadonlyMap<string, string> = new Map([
  ['p!nk', 'pink'],
  ['ke$ha', 'kesha'],
  ['!!!', 'chk chk chk'],
  ['a$ap rocky', 'asap rocky'],
  ['a$ap ferg', 'asap ferg'],
  ['a$ap mob', 'asap mob'],
  ['ty dolla $ign', 'ty dolla sign'],
  ['$uicideboy$', 'suicideboys'],
  ['†††', 'crosses'],
  ['✝✝✝', 'crosses'],
  ['∆', 'alt j'],
  ['¥$', 'ye and ty dolla sign'],
]);

/** The form alias keys are written in: compatibility-folded, lower case, single spaces. */
export function aliasKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The normalised spelling of a stylised name, or undefined when it has none. */
export function lookupAlias(name: string): string | undefined {
  return STYLISED_NAMES.get(aliasKey(name));
}
