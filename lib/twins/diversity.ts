/**
 * Builds the top list of twins greedily by score under two hard limits and one soft one: an object
 * appears in at most `maxPairsPerObject` pairs, and no visual cluster takes more than
 * `maxClusterShare` of the list. No kind of object (snuffbox, vase) should take part in more than
 * `maxKindShare` of it, unless no other pair fits. Without these limits one striking object, or one
 * family of shapes (round vessels), fills the top.
 */

export interface DiversityOptions {
  topN: number;
  maxPairsPerObject: number;
  maxClusterShare: number; // 0..1 of topN
  maxKindShare?: number; // 0..1 of topN, a soft limit; none when absent
}

export interface RankedPair {
  aId: number;
  bId: number;
  score: number;
  cluster: number;
  kinds?: readonly string[]; // object kinds of the two sides, for example ['snuffbox', 'figure']; '' = unknown
}

/**
 * Returns how many pairs one cluster may hold among the first `position` pairs of the list: the share
 * rounded down, but at least 1. Applying it at every position keeps every prefix of the list diverse
 * (the top 30 as much as the top 200), not only the list as a whole.
 */
export function clusterCapacity(position: number, maxClusterShare: number): number {
  return Math.max(1, Math.floor(position * maxClusterShare));
}

/**
 * Returns indexes into `pairs` of the top list, best first. Each position takes the best-scoring
 * remaining pair that fits both limits, so a pair held back by its cluster's share comes back once
 * the list is long enough. Ties in score keep input order, so equal input gives equal output.
 */
export function selectTopPairs(pairs: readonly RankedPair[], options: DiversityOptions): number[] {
  const order = pairs.map((_, index) => index).sort((x, y) => pairs[y].score - pairs[x].score || x - y);
  const done = new Uint8Array(order.length); // 1 once a pair is selected or can never fit
  let first = 0; // every position before this one is done
  const perObject = new Map<number, number>();
  const perCluster = new Map<number, number>();
  const perKind = new Map<string, number>();
  const selected: number[] = [];
  const objectFull = (id: number) => (perObject.get(id) ?? 0) >= options.maxPairsPerObject;
  const kindsOf = pairs.map((pair) => [...new Set(pair.kinds ?? [])].filter((kind) => kind !== ''));

  while (selected.length < options.topN) {
    const capacity = clusterCapacity(selected.length + 1, options.maxClusterShare);
    const kindCapacity = clusterCapacity(selected.length + 1, options.maxKindShare ?? 1);
    const kindsFit = (index: number) => kindsOf[index].every((kind) => (perKind.get(kind) ?? 0) < kindCapacity);
    let chosenAt = -1;
    let fallbackAt = -1; // best pair that breaks only the kind limit

    while (first < order.length && done[first]) first++;
    for (let at = first; at < order.length; at++) {
      if (done[at]) continue;
      const pair = pairs[order[at]];
      if (objectFull(pair.aId) || objectFull(pair.bId)) {
        done[at] = 1; // an object limit never loosens, so the pair is out for good
        continue;
      }
      if ((perCluster.get(pair.cluster) ?? 0) >= capacity) continue;
      if (kindsFit(order[at])) {
        chosenAt = at;
        break;
      }
      if (fallbackAt < 0) fallbackAt = at;
    }
    if (chosenAt < 0) chosenAt = fallbackAt;
    if (chosenAt < 0) break;

    done[chosenAt] = 1;
    const pair = pairs[order[chosenAt]];
    selected.push(order[chosenAt]);
    perObject.set(pair.aId, (perObject.get(pair.aId) ?? 0) + 1);
    perObject.set(pair.bId, (perObject.get(pair.bId) ?? 0) + 1);
    perCluster.set(pair.cluster, (perCluster.get(pair.cluster) ?? 0) + 1);
    for (const kind of kindsOf[order[chosenAt]]) perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
  }
  return selected;
}

export interface DiversityFigures {
  listSize: number;
  distinctObjects: number; // in the first `window` pairs
  largestClusterShare: number; // 0..1 of the first `window` pairs
  multiBoundaryShare: number; // 0..1 of the first `window` pairs crossing two or more boundaries
}

/** Measures the first `window` pairs of a top list (best first). */
export function diversityFigures(
  top: ReadonlyArray<{ aId: number; bId: number; cluster: number | null; boundaryCount: number }>,
  window = 30,
): DiversityFigures {
  const head = top.slice(0, window);
  const objects = new Set<number>();
  const clusters = new Map<number | null, number>();
  let multiBoundary = 0;
  for (const pair of head) {
    objects.add(pair.aId);
    objects.add(pair.bId);
    clusters.set(pair.cluster, (clusters.get(pair.cluster) ?? 0) + 1);
    if (pair.boundaryCount >= 2) multiBoundary++;
  }
  const largest = Math.max(0, ...clusters.values());
  return {
    listSize: top.length,
    distinctObjects: objects.size,
    largestClusterShare: head.length === 0 ? 0 : largest / head.length,
    multiBoundaryShare: head.length === 0 ? 0 : multiBoundary / head.length,
  };
}
