// Text folded the way German and Dutch users compare words: what duplicates are matched by and what search finds.

/**
 * Case, accents and the spellings German and Dutch users treat as one folded away: Müller = Muller = Mueller,
 * ß = ss, æ = ae, ø = o, the Dutch ij = y; invisible format characters (soft hyphens, zero-width joiners) dropped.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/ij/g, 'y')
    .replace(/([aou])e/g, '$1');
}
