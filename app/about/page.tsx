import type { Metadata } from 'next';

import { galleryDb } from '@/lib/gallery/data';
import { SEARCH_DEPTH } from '@/lib/gallery/neighbours';
import { collectionStats } from '@/lib/gallery/objects';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'About' };

function share(part: number, whole: number): string {
  if (whole === 0) return '0%';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

export default function AboutPage() {
  const stats = collectionStats(galleryDb());
  const number = (value: number) => value.toLocaleString('en-US');
  const embedder = stats.meta.embedder ?? null;
  const embedderText = embedder?.startsWith('descriptor')
    ? 'the weight-free descriptor'
    : embedder?.startsWith('clip')
      ? 'CLIP'
      : embedder;

  return (
    <article className="mx-auto max-w-3xl space-y-10 leading-relaxed text-stone-800">
      <header className="space-y-3">
        <h1 className="font-serif text-4xl">How the twins are found</h1>
        <p className="text-lg">
          Met Twins pairs artworks that look alike although their labels say they should have nothing in common. It reads
          no labels to find them: only pixels. The labels are used afterwards, to keep the surprising matches.
        </p>
      </header>

      <section className="space-y-3" aria-labelledby="coverage">
        <h2 id="coverage" className="font-serif text-2xl">What this gallery covers</h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="coverage">
          {[
            ['Artworks discovered', number(stats.objects)],
            ['Images fetched', number(stats.fetched)],
            ['In the vector index', `${number(stats.embedded)} (${share(stats.embedded, stats.objects)})`],
            ['Curated pairs', number(stats.pairs)],
          ].map(([label, value]) => (
            <div key={label} className="rounded-sm border border-rule bg-white p-4">
              <dt className="text-xs uppercase tracking-wider text-muted">{label}</dt>
              <dd className="mt-1 font-serif text-2xl">{value}</dd>
            </div>
          ))}
        </dl>
        <p>
          Only public-domain works with an image are discovered. Of those, {number(stats.failed)} images could not be
          downloaded or decoded, and only indexed works can have neighbours. The index spans {number(stats.departments)}{' '}
          departments{embedder ? <>, and its vectors come from {embedderText} (<code className="text-sm">{embedder}</code>)</> : null}.
        </p>
      </section>

      <section className="space-y-3" aria-labelledby="method">
        <h2 id="method" className="font-serif text-2xl">Method</h2>
        <ol className="list-decimal space-y-2 pl-6">
          <li>Each image becomes a vector. With CLIP (ViT-B/32), the vector encodes what the picture shows: shapes, subjects and style as CLIP learned them from captioned web images. Without model weights, a descriptor of colour layout, colour histogram and edge orientations is used instead; it matches shape and colour, never meaning.</li>
          <li>A FAISS index finds every artwork's nearest neighbours by cosine similarity, across the whole collection at once.</li>
          <li>Pairs in which each artwork is among the other's nearest neighbours, and which cross a boundary (centuries apart, another department, culture or object type) are scored, near-duplicates are dropped, and the list is diversified so one look does not fill the page.</li>
          <li>On an artwork's page, the search runs live: the {number(SEARCH_DEPTH)} nearest artworks (or the whole index, when it is smaller) are ranked first and your filters are applied after, so every filter combination competes against the whole collection.</li>
        </ol>
      </section>

      <section className="space-y-3" aria-labelledby="limits">
        <h2 id="limits" className="font-serif text-2xl">Limits</h2>
        <ul className="list-disc space-y-2 pl-6">
          <li>Similarity is of photographs, not of objects. Museum photography shares grey studio backdrops, framing and lighting, so two unrelated objects shot the same way can score high, and a coin photographed on black can match another black-ground photograph for that reason alone.</li>
          <li>Metadata decides what counts as surprising. Dates are often ranges or guesses, culture is empty for many works, and department boundaries are administrative. “3,000 years apart” is a distance between date midpoints.</li>
          <li>A percentage is a cosine similarity between two vectors, comparable within one embedder only. It is not a probability that two works are related.</li>
          <li>Only works with an image in the Open Access set are included; works with several views are represented by their primary image.</li>
        </ul>
      </section>
    </article>
  );
}
