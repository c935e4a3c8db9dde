import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { checkUpload, MAX_UPLOAD_BYTES, MESSAGES, readImageField, UploadError } from '@/lib/search/upload';

async function rejection(promise: Promise<unknown>): Promise<UploadError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
}

function solid(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 80, b: 40 } } });
}

describe('checkUpload', () => {
  it('accepts each supported format', async () => {
    for (const format of ['jpeg', 'png', 'webp', 'gif'] as const) {
      const bytes = await solid(40, 30).toFormat(format).toBuffer();
      expect(await checkUpload(bytes)).toEqual({ format, width: 40, height: 30 });
    }
  });

  it('rejects too many pixels', async () => {
    // A flat PNG compresses to a few kilobytes, so only the header says how big it is.
    const bytes = await solid(10_000, 5_001).png({ compressionLevel: 9 }).toBuffer();
    const error = await rejection(checkUpload(bytes));
    expect(error.status).toBe(413);
    expect(error.code).toBe('image_too_large');
    expect(error.message).toBe('The image is 10000 × 5001 pixels (50.01 megapixels); the limit is 50 megapixels. Resize it and upload it again.');
  });

  it('rejects more than 10 MB', async () => {
    const png = await solid(8, 8).png().toBuffer();
    const bytes = Buffer.concat([png, Buffer.alloc(MAX_UPLOAD_BYTES + 1 - png.length)]);
    const error = await rejection(checkUpload(bytes));
    expect(error.status).toBe(413);
    expect(error.message).toBe('The image is 10.0 MB; the limit is 10 MB. Resize or recompress it and upload it again.');
  });

  it('rejects a text file', async () => {
    const error = await rejection(checkUpload(Buffer.from('title,artist\nVase,Unknown\n')));
    expect(error.status).toBe(400);
    expect(error.code).toBe('unsupported_image');
    expect(error.message).toBe('The file is not a supported image (found text); upload a JPEG, PNG, WebP or GIF.');
  });

  it('rejects a TIFF', async () => {
    const bytes = await solid(16, 16).tiff().toBuffer();
    const error = await rejection(checkUpload(bytes));
    expect(error.status).toBe(400);
    expect(error.message).toBe('The file is not a supported image (found a TIFF image); upload a JPEG, PNG, WebP or GIF.');
  });

  it('rejects a BMP', async () => {
    // BITMAPFILEHEADER: "BM", then the file size; sharp cannot write BMP, so the header is enough here.
    const bytes = Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]);
    const error = await rejection(checkUpload(bytes));
    expect(error.message).toBe('The file is not a supported image (found a BMP image); upload a JPEG, PNG, WebP or GIF.');
  });

  it('rejects an SVG', async () => {
    const error = await rejection(checkUpload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')));
    expect(error.message).toBe('The file is not a supported image (found an SVG or XML document); upload a JPEG, PNG, WebP or GIF.');
  });

  it('rejects an empty file', async () => {
    const error = await rejection(checkUpload(new Uint8Array(0)));
    expect(error.message).toBe('The file is not a supported image (found an empty file); upload a JPEG, PNG, WebP or GIF.');
  });

  it('rejects a truncated PNG', async () => {
    const png = await solid(8, 8).png().toBuffer();
    const error = await rejection(checkUpload(png.subarray(0, 12)));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_image');
    expect(error.message).toBe(MESSAGES.unreadable('png'));
    expect(error.message).toBe('The file starts like a PNG image but could not be read; it may be truncated or damaged.');
  });
});

function multipart(field: string, bytes: Uint8Array, type = 'image/png'): Request {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type }), 'upload');
  return new Request('http://127.0.0.1/api/search/image', { method: 'POST', body: form });
}

describe('readImageField', () => {
  it('returns the image bytes', async () => {
    const png = await solid(8, 8).png().toBuffer();
    expect(Buffer.from(await readImageField(multipart('image', png))).equals(png)).toBe(true);
  });

  it('rejects another field name', async () => {
    const png = await solid(8, 8).png().toBuffer();
    const error = await rejection(readImageField(multipart('photo', png)));
    expect(error.status).toBe(400);
    expect(error.message).toBe('No image received: send multipart/form-data with the picture in a field named "image".');
  });

  it('rejects a JSON body', async () => {
    const request = new Request('http://127.0.0.1/', { method: 'POST', body: '{"url":"http://example.com/a.jpg"}', headers: { 'content-type': 'application/json' } });
    const error = await rejection(readImageField(request));
    expect(error.code).toBe('missing_image');
  });

  it('stops reading past the limit', async () => {
    const error = await rejection(readImageField(multipart('image', new Uint8Array(MAX_UPLOAD_BYTES + 200_000))));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/^The image is 10\.\d MB; the limit is 10 MB\./);
  });
});
