import { describe, expect, it } from 'vitest';

import { imagePathFromUrl, imageUrl, webLargePath } from '../../lib/met/cdn';

describe('webLargePath', () => {
  it('swaps the rendition folder', () => {
    expect(webLargePath('ep/original/DT1567.jpg')).toBe('ep/web-large/DT1567.jpg');
  });

  it('keeps the file name exactly', () => {
    expect(webLargePath('gr/original/DP101660%20%2074.51.1594.jpg')).toBe('gr/web-large/DP101660%20%2074.51.1594.jpg');
    expect(webLargePath('is/original/AD-48.101.84a.JPG')).toBe('is/web-large/AD-48.101.84a.JPG');
  });

  it('rejects a path without original', () => {
    expect(() => webLargePath('ep/web-large/DT1567.jpg')).toThrow(
      'invalid image path "ep/web-large/DT1567.jpg": expected an original rendition such as "ep/original/DT1567.jpg"',
    );
  });
});

describe('imageUrl', () => {
  it('joins with one slash', () => {
    expect(imageUrl('https://images.metmuseum.org/CRDImages/', '/ep/web-large/a.jpg')).toBe(
      'https://images.metmuseum.org/CRDImages/ep/web-large/a.jpg',
    );
    expect(imageUrl('http://127.0.0.1:9/CRDImages', 'ep/web-large/a.jpg')).toBe('http://127.0.0.1:9/CRDImages/ep/web-large/a.jpg');
  });
});

describe('imagePathFromUrl', () => {
  it('strips the CDN base', () => {
    expect(imagePathFromUrl('https://images.metmuseum.org/CRDImages/es/original/LC-38_145_194a.jpg')).toBe(
      'es/original/LC-38_145_194a.jpg',
    );
  });

  it('returns null for empty or foreign URLs', () => {
    expect(imagePathFromUrl('')).toBeNull();
    expect(imagePathFromUrl(null)).toBeNull();
    expect(imagePathFromUrl('https://example.org/images/a.jpg')).toBeNull();
  });
});
