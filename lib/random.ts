/**
 * mulberry32: a small seeded 32-bit generator returning floats in [0, 1). It is enough where results
 * must only be reproducible (shard shuffles, k-means seeding, generated weights and test data), not
 * statistically strong.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns reproducible standard normal samples: mulberry32 uniforms through the Box-Muller transform. */
export function seededNormal(seed: number): () => number {
  const random = seededRandom(seed);
  const uniform = () => random() + 0.5 / 4294967296; // in (0, 1), never 0, so the logarithm is finite
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
