import { ImageResponse } from 'next/og';

import { galleryDb, galleryPaths } from '@/lib/gallery/data';
import { thumbnailDataUrl } from '@/lib/gallery/images';
import { getPair } from '@/lib/gallery/pairs';
import { parseObjectId } from '@/lib/gallery/params';

export const alt = 'Two artworks from the Met shown side by side';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

const PANEL = { width: 555, height: 465 };

/** Share image of a pair: both artworks side by side on the gallery's paper colour, titles below. */
export default async function Image({ params }: { params: Promise<{ a: string; b: string }> }) {
  const { a, b } = await params;
  const first = parseObjectId(a);
  const second = parseObjectId(b);
  const db = galleryDb();
  const pair = first !== null && second !== null && first !== second ? getPair(db, first, second, () => null) : undefined;
  if (!pair) return new Response('Pair not found', { status: 404 });

  const root = galleryPaths().root;
  const images = await Promise.all([pair.a, pair.b].map((artwork) => thumbnailDataUrl(db, root, artwork.id, PANEL.height)));

  return new ImageResponse(
    (
      <div style={{ display: 'flex', width: '100%', height: '100%', background: '#f7f5f0', padding: 35, gap: 10 }}>
        {[pair.a, pair.b].map((artwork, position) => (
          <div key={artwork.id} style={{ display: 'flex', flexDirection: 'column', width: PANEL.width + 10 }}>
            <div
              style={{
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                width: PANEL.width,
                height: PANEL.height,
                background: '#e7e4dc',
              }}
            >
              {images[position] ? (
                // eslint-disable-next-line @next/next/no-img-element
                <img src={images[position]} alt="" style={{ maxWidth: PANEL.width - 30, maxHeight: PANEL.height - 30, objectFit: 'contain' }} />
              ) : (
                <div style={{ display: 'flex', color: '#6b665e', fontSize: 28 }}>No image</div>
              )}
            </div>
            <div style={{ display: 'flex', marginTop: 14, fontSize: 26, color: '#1f1d1a', overflow: 'hidden', whiteSpace: 'nowrap' }}>
              {artwork.title.length > 38 ? `${artwork.title.slice(0, 37)}…` : artwork.title}
            </div>
            <div style={{ display: 'flex', fontSize: 20, color: '#6b665e' }}>
              {[artwork.dateText, artwork.culture || artwork.department].filter(Boolean).join(' · ').slice(0, 60)}
            </div>
          </div>
        ))}
      </div>
    ),
    size,
  );
}
