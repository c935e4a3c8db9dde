'use client';

import { useState, type DragEvent } from 'react';

import { Notice } from '@/app/_components/notice';
import type { ApiErrorBody } from '@/lib/gallery/http';
import type { ImageSearchResult } from '@/lib/search/nearest';
import { MATCH_GRID, MatchCard } from './match-card';

type State =
  | { kind: 'idle' }
  | { kind: 'searching'; name: string }
  | { kind: 'error'; message: string }
  | { kind: 'done'; name: string; preview: string; result: ImageSearchResult };

/**
 * Drop zone and file picker for a query image. The picture goes to POST /api/search/image; a rejected
 * upload shows the server's message. `capture` lets phones offer the camera.
 */
export function ImageSearch() {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);

  async function search(file: File) {
    setState({ kind: 'searching', name: file.name });
    const form = new FormData();
    form.append('image', file);

    try {
      const response = await fetch('/api/search/image', { method: 'POST', body: form });
      const body = (await response.json().catch(() => null)) as (ImageSearchResult & Partial<ApiErrorBody>) | null;
      if (!response.ok || !body || body.error) {
        setState({ kind: 'error', message: body?.error?.message ?? `The upload failed with HTTP ${response.status}.` });
        return;
      }
      setState({ kind: 'done', name: file.name, preview: URL.createObjectURL(file), result: body });
    } catch {
      setState({ kind: 'error', message: 'The upload did not reach the server; check the connection and try again.' });
    }
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void search(file);
  }

  return (
    <section aria-labelledby="image-search" className="space-y-6">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="image-drop-zone"
        className={`flex flex-col items-start gap-3 rounded-sm border-2 border-dashed px-4 py-6 sm:flex-row sm:items-center sm:gap-6 sm:px-6 ${dragging ? 'border-ink bg-white' : 'border-rule bg-white/60'}`}
      >
        <div className="space-y-1">
          <h2 id="image-search" className="font-serif text-xl">
            Search with a picture
          </h2>
          <p className="text-sm text-muted">Choose a photo, take one with a phone, or drop one here. JPEG, PNG, WebP or GIF, up to 10 MB and 50 megapixels.</p>
        </div>
        <label className="shrink-0 cursor-pointer rounded border border-ink px-4 py-2 text-sm hover:bg-ink hover:text-paper sm:ml-auto">
          Choose a picture
          <input
            type="file"
            name="image"
            accept="image/*"
            capture="environment"
            className="sr-only"
            data-testid="image-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void search(file);
              event.target.value = '';
            }}
          />
        </label>
      </div>

      {state.kind === 'searching' ? <Notice>Searching for artworks that look like {state.name}…</Notice> : null}
      {state.kind === 'error' ? <Notice tone="error">{state.message}</Notice> : null}
      {state.kind === 'done' ? <ImageResults name={state.name} preview={state.preview} result={state.result} /> : null}
    </section>
  );
}

function ImageResults({ name, preview, result }: { name: string; preview: string; result: ImageSearchResult }) {
  if (!result.closest) return <Notice>The index is empty, so there is nothing to compare the picture with.</Notice>;

  return (
    <div className="space-y-8" data-testid="image-results">
      <div className="flex items-center gap-4">
        {/* A blob URL of the visitor's own file; it never leaves the browser again. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={preview} alt={`Your picture, ${name}`} className="h-20 w-20 rounded-sm bg-stone-200/60 object-contain" />
        <p className="text-sm text-muted">
          The artworks nearest <span className="text-ink">{name}</span>, out of {result.searched} searched.
        </p>
      </div>

      <div className="space-y-3">
        <h3 className="font-serif text-lg">Nearest artworks</h3>
        <ul className={MATCH_GRID}>
          {result.nearest.map((match) => (
            <MatchCard key={match.artwork.id} artwork={match.artwork} similarity={match.contrast.similarity ?? 0} />
          ))}
        </ul>
      </div>

      <div className="space-y-3">
        <h3 className="font-serif text-lg">Unlikely look-alikes</h3>
        <p className="max-w-3xl text-sm text-muted">
          Near your picture, yet labelled unlike the closest match, “{result.closest.artwork.title}”: chips say how they differ.
        </p>
        {result.unlikely.length === 0 ? (
          <Notice>None of the nearest artworks differs from the closest match.</Notice>
        ) : (
          <ul className={MATCH_GRID}>
            {result.unlikely.map((match) => (
              <MatchCard key={match.artwork.id} artwork={match.artwork} similarity={match.contrast.similarity ?? 0} contrast={match.contrast} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
