import { contrastChips, type Contrast } from '@/lib/gallery/contrast';

const STYLE = {
  time: 'border-accent/30 bg-accent/5 text-accent',
  field: 'border-rule bg-white text-stone-700',
  similarity: 'border-stone-800 bg-stone-800 text-paper',
};

/** Chips that explain why a pair is surprising; hovering a chip shows the full reason. */
export function ContrastChips({ contrast }: { contrast: Contrast }) {
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Why this pair is surprising">
      {contrastChips(contrast).map((chip) => (
        <li key={chip.label} title={chip.detail} className={`rounded-full border px-3 py-1 text-xs ${STYLE[chip.kind]}`}>
          {chip.label}
        </li>
      ))}
    </ul>
  );
}
