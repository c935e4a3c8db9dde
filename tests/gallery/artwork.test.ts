import { describe, expect, it } from 'vitest';

import type { ObjectRow } from '@/lib/db/schema';
import { toArtwork } from '@/lib/gallery/objects';

const row: ObjectRow = {
  id: 7,
  accessionNumber: '1.2',
  title: '',
  artist: 'Meissen Manufactory| Johann Joachim Kändler |',
  culture: '',
  department: 'European Sculpture and Decorative Arts',
  classification: 'Metalwork-Gold and Platinum|Miniatures',
  objectName: 'Figure',
  medium: '',
  portfolio: '',
  dateText: '',
  beginYear: null,
  endYear: null,
  linkResource: '',
  imagePath: null,
  imageSource: null,
  status: 'failed',
  attempts: 1,
  httpStatus: 404,
  failureReason: 'http 404',
  bytes: null,
  width: null,
  height: null,
  contentHash: null,
  perceptualHash: null,
  thumbPath: null,
  updatedAt: new Date(0),
};

describe('toArtwork', () => {
  it('lists joined makers and classifications', () => {
    const artwork = toArtwork(row);
    expect(artwork.artist).toBe('Meissen Manufactory, Johann Joachim Kändler');
    expect(artwork.classification).toBe('Metalwork-Gold and Platinum, Miniatures');
  });

  it('names an untitled work and a failed image', () => {
    const artwork = toArtwork(row);
    expect(artwork.title).toBe('Untitled');
    expect(artwork.imageUrl).toBeNull();
    expect(artwork.imageFailure).toBe('http 404');
  });
});
