/**
 * Maps the Met's free-text Medium field to a coarse material family, so that "Oil on oak panel" and
 * "Tempera on wood" count as the same kind of thing while "Oil on canvas" and "Porcelain" do not.
 */

export const MEDIUM_FAMILIES = [
  'paint',
  'works on paper',
  'photograph',
  'ceramic',
  'glass',
  'metal',
  'textile',
  'stone',
  'wood',
  'ivory/bone',
] as const;
export type MediumFamily = (typeof MEDIUM_FAMILIES)[number];

// Each pattern names the material at the start of a word, except the "-wood" suffix ("beechwood").
// The medium's family is that of the keyword found earliest in the text, because the Met names the
// main material first ("Gold, enamel; ivory" is metal). At equal positions the longer match wins, so
// "tin-glazed" beats "tin" and "woodcut" beats "wood".
const KEYWORDS: ReadonlyArray<readonly [MediumFamily, RegExp]> = [
  ['paint', /\b(oil|tempera|acrylic|fresco|distemper|encaustic|casein|gouache on vellum|painting)\b/g],
  [
    'works on paper',
    /\b(paper|watercolou?r|ink|pastel|engraving|etching|lithograph|woodcut|woodblock|mezzotint|aquatint|drawing|pencil|graphite|charcoal|chalk|crayon|vellum|parchment|card|board)\b/g,
  ],
  [
    'photograph',
    /\b(photograph|albumen|gelatin silver|daguerreotype|ambrotype|tintype|salted paper|platinum print|cyanotype|chromogenic)\b/g,
  ],
  [
    'ceramic',
    /\b(porcelain|earthenware|stoneware|terracotta|terra-cotta|ceramic|faience|majolica|maiolica|lustreware|lusterware|bone china|clay|pottery|tin[- ]glazed|lead[- ]glazed|glazed)\b/g,
  ],
  ['glass', /\b(glass|crystal)\b/g],
  [
    'metal',
    /\b(gold|silver|bronze|copper|iron|steel|brass|pewter|lead|tin|zinc|platinum|metal|enamel|enamels|silver-gilt|gilt bronze)\b/g,
  ],
  ['textile', /\b(silk|wool|cotton|linen|lace|needlework|needlepoint|tapestry|embroider\w*|velvet|felt|textile)\b/g],
  [
    'stone',
    /\b(marble|limestone|sandstone|granite|basalt|alabaster|steatite|serpentine|agate|carnelian|chalcedony|jade|jadeite|nephrite|quartz|rock crystal|lapis lazuli|plasma|jasper|onyx|obsidian|diorite|schist|stone)\b/g,
  ],
  [
    'wood',
    /(\b(oak|walnut|mahogany|pine|beech|fruitwood|ebony|maple|birch|spruce|lime|linden|poplar|cedar|bamboo|lacquer|panel)\b|wood\b)/g,
  ],
  ['ivory/bone', /\b(ivory|bone|horn|tortoiseshell|mother-of-pearl|shell|antler)\b/g],
];

/** Returns the material family of a medium, or null when no keyword matches (unknown medium). */
export function mediumFamily(medium: string): MediumFamily | null {
  const text = medium.toLowerCase();
  let best: { family: MediumFamily; index: number; length: number } | null = null;

  for (const [family, pattern] of KEYWORDS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const candidate = { family, index: match.index, length: match[0].length };
      const earlier = best === null || candidate.index < best.index;
      const longerAtSamePlace = best !== null && candidate.index === best.index && candidate.length > best.length;
      if (earlier || longerAtSamePlace) best = candidate;
    }
  }
  return best?.family ?? null;
}
