'use client';

import Link from 'next/link';

/**
 * Renders the error page for failures outside user input, such as a DATA_DIR without a pipeline run.
 * Production builds hide server error messages from the browser, so the page points to the server log.
 */
export default function GalleryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-16 text-center">
      <p className="text-xs uppercase tracking-wider text-muted">Error</p>
      <h1 className="font-serif text-4xl">The gallery could not load this page</h1>
      <p className="text-stone-700">
        If you run this gallery yourself, the server log has the cause. Most often DATA_DIR does not contain a pipeline
        run yet: run <code className="text-sm">npm run pipeline</code> first.
      </p>
      {error.digest ? <p className="text-xs text-muted">Reference: {error.digest}</p> : null}
      <p className="flex justify-center gap-6 pt-2 text-sm">
        <button type="button" onClick={reset} className="text-accent underline-offset-4 hover:underline">
          Try again
        </button>
        <Link href="/" className="text-accent underline-offset-4 hover:underline">
          Back to the twins
        </Link>
      </p>
    </div>
  );
}
