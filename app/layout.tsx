import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';

import './globals.css';

export const metadata: Metadata = {
  // Share images need absolute URLs; SITE_URL is the public origin the gallery is served from.
  metadataBase: new URL(process.env.SITE_URL ?? 'http://localhost:3000'),
  title: { default: 'Met Twins', template: '%s · Met Twins' },
  description:
    'Artworks from the Metropolitan Museum of Art that look alike although their date, culture or department say they should not.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <header className="border-b border-rule bg-paper/95">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-8 gap-y-3 px-5 py-4 sm:px-8">
            <Link href="/" className="font-serif text-2xl tracking-tight">
              Met <span className="italic text-accent">Twins</span>
            </Link>
            <nav aria-label="Main" className="flex items-center gap-5 text-sm text-muted">
              <Link href="/" className="hover:text-ink">
                Twins
              </Link>
              {/* A plain link, so the router never prefetches (and so fixes) one random pick. */}
              <a href="/random" className="hover:text-ink">
                Random twin
              </a>
              <Link href="/about" className="hover:text-ink">
                About
              </Link>
            </nav>
            <form action="/search" method="get" role="search" className="ml-auto flex w-full sm:w-auto">
              <label htmlFor="site-search" className="sr-only">
                Search artworks
              </label>
              <input
                id="site-search"
                name="q"
                type="search"
                required
                maxLength={200}
                placeholder="Title, artist, culture, accession no."
                className="w-full min-w-0 rounded-l border border-rule bg-white px-3 py-2 text-sm placeholder:text-stone-400 sm:w-72"
              />
              <button type="submit" className="rounded-r border border-l-0 border-rule bg-ink px-4 text-sm text-paper hover:bg-stone-700">
                Search
              </button>
            </form>
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-5 py-10 sm:px-8">
          {children}
        </main>
        <footer className="mt-16 border-t border-rule">
          <div className="mx-auto max-w-7xl px-5 py-8 text-sm text-muted sm:px-8">
            Images and data: The Metropolitan Museum of Art, Open Access (CC0). Similarity is computed from the images
            alone; see <Link href="/about" className="underline">how it works</Link>.
          </div>
        </footer>
      </body>
    </html>
  );
}
