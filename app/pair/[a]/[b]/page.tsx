import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, permanentRedirect } from 'next/navigation';

import { ArtworkDetails, ArtworkImage } from '@/app/_components/artwork';
import { ContrastChips } from '@/app/_components/chips';
import { CopyLinkButton } from '@/app/_components/copy-link';
import { galleryDb, galleryIndex } from '@/lib/gallery/data';
import { similarityOf } from '@/lib/gallery/neighbours';
import type { Artwork } from '@/lib/gallery/objects';
import { getPair, type TwinPair } from '@/lib/gallery/pairs';
import { parseObjectId } from '@/lib/gallery/params';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ a: string; b: string }> };

/** Loads the pair named by the URL, or null when either id is malformed, equal or unknown. */
async function pairFromParams(params: Props['params']): Promise<{ pair: TwinPair; canonical: boolean } | null> {
  const { a, b } = await params;
  const first = parseObjectId(a);
  const second = parseObjectId(b);
  if (first === null || second === null || first === second) return null;

  const index = galleryIndex();
  const pair = getPair(galleryDb(), first, second, () => (index ? similarityOf(index, first, second) : null));
  return pair ? { pair, canonical: first < second } : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await pairFromParams(params);
  if (!loaded) return { title: 'Pair not found' };

  const { a, b } = loaded.pair;
  const title = `${a.title} × ${b.title}`;
  const description = `${a.dateText || 'Undated'}, ${a.department} — ${b.dateText || 'undated'}, ${b.department}. Two artworks from the Met that look alike.`;
  return { title, description, openGraph: { title, description }, twitter: { card: 'summary_large_image', title, description } };
}

function Details({ label, artwork }: { label: string; artwork: Artwork }) {
  return (
    <section aria-label={label} className="min-w-0 space-y-5">
      <div className="space-y-1">
        <p className="text-xs uppercase tracking-wider text-muted">{artwork.department}</p>
        <h2 className="font-serif text-2xl leading-snug">
          <Link href={`/object/${artwork.id}`} className="hover:underline">
            {artwork.title}
          </Link>
        </h2>
      </div>
      <ArtworkDetails artwork={artwork} />
      <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
        <Link href={`/object/${artwork.id}`} className="text-accent underline-offset-4 hover:underline">
          Its neighbours →
        </Link>
        <a href={artwork.metUrl} className="text-accent underline-offset-4 hover:underline" rel="noopener">
          On metmuseum.org ↗
        </a>
      </div>
    </section>
  );
}

export default async function PairPage({ params }: Props) {
  const loaded = await pairFromParams(params);
  if (!loaded) notFound();

  const { pair, canonical } = loaded;
  // One URL per unordered pair, so shares and caches of /pair/b/a and /pair/a/b agree.
  if (!canonical) permanentRedirect(`/pair/${pair.a.id}/${pair.b.id}`);

  return (
    <div className="space-y-10">
      <header className="space-y-4">
        <p className="text-xs uppercase tracking-wider text-muted">{pair.stored ? 'Curated twin' : 'Pair'}</p>
        <h1 className="font-serif text-3xl leading-tight sm:text-4xl">
          {pair.a.title} <span className="text-muted">×</span> {pair.b.title}
        </h1>
        <ContrastChips contrast={pair.contrast} />
        {pair.contrast.similarity === null ? (
          <p className="text-sm text-muted">At least one of these artworks is not in the vector index, so their similarity is unknown.</p>
        ) : null}
        <CopyLinkButton />
      </header>
      {/* The images stay side by side at every width: the comparison is the point of the page. */}
      <div className="grid grid-cols-2 gap-3 sm:gap-8 md:gap-12">
        <ArtworkImage artwork={pair.a} size="large" priority />
        <ArtworkImage artwork={pair.b} size="large" priority />
      </div>
      <div className="grid gap-10 md:grid-cols-2 md:gap-12">
        <Details label="First artwork" artwork={pair.a} />
        <Details label="Second artwork" artwork={pair.b} />
      </div>
    </div>
  );
}
