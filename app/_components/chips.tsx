import { contrastChips, type Contrast } from '@/lib/gallery/contrast';

const STYLE = {
  time: 'border-accent/30 bg-accent/5 text-accent',
  field: 'border-rule bg-white text-stone-700',
  similarity: 'border-stone-800 bg-stone-800 text-paper',
};

/**
 * Chips that explain why a pair is surprising; hovering a chip shows the full reason. `maxReasons`
 * keeps the first (most telling) reasons on small cards; the similarity chip is always shown.
 */
export function ContrastChips({ contrast, maxReasons = Number.POSITIVE_INFINITY }: { contrast: Contrast; maxReasons?: number }) {
  const chips = contrastChips(contrast);
  const reasons = chips.filter((chip) => chip.kind !== 'similarity').slice(0, maxReasons);
  const similarity = chips.filter((chip) => chip.kind === 'similarity');
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Why this pair is surprising">
      {[...reasons, ...similarity].map((chip) => (
        <li key={chip.label} title={chip.detail} className={`max-w-full truncate rounded-full border px-3 py-1 text-xs ${STYLE[chip.kind]}`}>
          {chip.label}
        </li>
      ))}
    </ul>
  );
}
