/**
 * Normalises the Met's free-text Culture field so that two objects compare by culture, not by spelling.
 * "possibly German", "German, Meissen" and "German (?)" all become "german"; an empty result means
 * unknown, and an unknown culture never counts as a contrast.
 */

// Country names that the Met uses where other records use the adjective ("China" vs "Chinese").
const COUNTRY_TO_ADJECTIVE: Record<string, string> = {
  china: 'chinese',
  japan: 'japanese',
  korea: 'korean',
  india: 'indian',
  iran: 'iranian',
  persia: 'persian',
  egypt: 'egyptian',
  france: 'french',
  italy: 'italian',
  germany: 'german',
  spain: 'spanish',
  mexico: 'mexican',
  england: 'british',
  britain: 'british',
  english: 'british',
  'united states': 'american',
  netherlands: 'dutch',
  turkey: 'turkish',
  greece: 'greek',
};

// Qualifiers that hedge an attribution without changing the culture named.
const HEDGES = /\b(possibly|probably|perhaps|likely|attributed to|style of)\b/g;

// Compass prefixes: "South Netherlandish" and "East Greek" compare as "netherlandish" and "greek".
const COMPASS_PREFIX = /^(north|south|east|west|central|northern|southern|eastern|western|upper|lower)\s+/;

/** Returns the normalised culture, or '' when the field is empty or contains nothing usable. */
export function normalizeCulture(culture: string): string {
  let text = culture.toLowerCase().replace(/_x000d_/g, ' ');

  // Parenthesised asides such as "(American market)" or "(?)", and market notes.
  text = text.replace(/\([^)]*\)/g, ' ');
  text = text.replace(/\bfor (the )?[\p{L}\s-]*market\b/gu, ' ');
  text = text.replace(/\?/g, ' ');
  text = text.replace(HEDGES, ' ');

  // "French, Paris" and "French, Paris and German, Meissen": the first named culture is the main one.
  text = text.split(/[,;:]| and | or |\//)[0] ?? '';

  text = text.replace(/\bpeople\b/g, ' ').replace(/\s+/g, ' ').trim();
  text = text.replace(COMPASS_PREFIX, '');
  if (text === 'unknown' || text === 'unidentified') return '';
  return COUNTRY_TO_ADJECTIVE[text] ?? text;
}

// Distinct culture strings number in the thousands, so each is normalised once per process.
const normalized = new Map<string, string>();
function cachedNormalizeCulture(culture: string): string {
  let result = normalized.get(culture);
  if (result === undefined) {
    result = normalizeCulture(culture);
    normalized.set(culture, result);
  }
  return result;
}

/** Returns true only when both cultures are known and their normalised forms differ. */
export function culturesDiffer(a: string, b: string): boolean {
  const left = cachedNormalizeCulture(a);
  const right = cachedNormalizeCulture(b);
  return left !== '' && right !== '' && left !== right;
}
