import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { readMetObjects, type CsvItem } from '../../lib/met/csv';

const SAMPLE_CSV = 'sample/MetObjects.csv';

// The header and the first three rows of the sample; each of those rows is one line.
const [HEADER, ROW_10076, ROW_10165, ROW_10166] = readFileSync(SAMPLE_CSV, 'utf8').split('\r\n');

async function readAll(text: string): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const item of readMetObjects(Readable.from([Buffer.from(text)]), { source: 'test.csv' })) items.push(item);
  return items;
}

function summary(items: CsvItem[]) {
  return items.map((item) => (item.kind === 'object' ? `${item.row}:${item.object.id}` : `${item.row}:${item.reason}`));
}

describe('readMetObjects', () => {
  it('reads every sample row', async () => {
    const items: CsvItem[] = [];
    for await (const item of readMetObjects(createReadStream(SAMPLE_CSV))) items.push(item);

    expect(items).toHaveLength(843);
    expect(items.filter((item) => item.kind === 'error')).toEqual([]);
    // Objects 252088 and 440393 appear twice each in the sample, as rows of the real CSV can.
    expect(new Set(items.map((item) => item.kind === 'object' && item.object.id)).size).toBe(841);
  });

  it('reports a short row and goes on', async () => {
    const items = await readAll([HEADER, ROW_10076, '10999,True,short', ROW_10165, ''].join('\r\n'));
    expect(summary(items)).toEqual(['1:10076', '2:expected 54 fields, found 3', '3:10165']);
  });

  it('reports a long row', async () => {
    const items = await readAll([HEADER, `${ROW_10076},extra`, ROW_10165].join('\n'));
    expect(summary(items)).toEqual(['1:expected 54 fields, found 55', '2:10165']);
  });

  it('reports an unterminated quote', async () => {
    // The open quote runs to the next quote character, in ROW_10165, so that row is lost with it.
    const items = await readAll([HEADER, ROW_10076, '10998,True,"unterminated', ROW_10165, ROW_10166, ''].join('\n'));
    expect(items[0]).toMatchObject({ kind: 'object', row: 1 });
    expect(items[1]).toMatchObject({ kind: 'error', row: 2, reason: expect.stringMatching(/^malformed CSV: Invalid Closing Quote/) });
    expect(items.at(-1)).toMatchObject({ kind: 'object', object: { id: 10166 } });
  });

  it('reports an invalid Object ID', async () => {
    const items = await readAll([HEADER, ROW_10076.replace(',10076,', ',x76,')].join('\n'));
    expect(summary(items)).toEqual(['1:invalid Object ID "x76": expected a positive whole number']);
  });

  it('keeps quoted newlines', async () => {
    const row = ROW_10076.replace('James Topham Brady', '"James\nTopham Brady"');
    const items = await readAll([HEADER, row, ROW_10165].join('\r\n'));
    expect(items[0]).toMatchObject({ kind: 'object', object: { title: 'James\nTopham Brady' } });
    expect(summary(items)).toEqual(['1:10076', '2:10165']);
  });

  it('strips a byte order mark', async () => {
    const items = await readAll(`\uFEFF${[HEADER, ROW_10076].join('\n')}`);
    expect(summary(items)).toEqual(['1:10076']);
  });

  it('ignores unknown columns', async () => {
    const items = await readAll([`${HEADER},Provenance`, `${ROW_10076},from a dealer`].join('\n'));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'object', object: { id: 10076, title: 'James Topham Brady', medium: 'Oil on canvas' } });
  });

  it('lists every missing column', async () => {
    const header = 'Object ID,Is Public Domain,Object Number,Artist Display Name,Culture,Classification,Object Name,Medium,Portfolio,Object Date,Object Begin Date,Object End Date,Link Resource,Tags';
    await expect(readAll(`${header}\n1,True,a,b,c,d,e,f,g,h,1,2,i,j\n`)).rejects.toThrow(
      'test.csv is missing required columns "Title", "Department"; found 14 columns: "Object ID", "Is Public Domain", ' +
        '"Object Number", "Artist Display Name", "Culture", "Classification", "Object Name", "Medium", "Portfolio", ' +
        '"Object Date", "Object Begin Date", "Object End Date", "Link Resource", "Tags". ' +
        'Check that the source is the Met Open Access MetObjects.csv.',
    );
  });

  it('rejects an empty source', async () => {
    await expect(readAll('')).rejects.toThrow('test.csv is empty: expected a header row with the columns of MetObjects.csv');
  });

  it('parses dates when year columns are empty', async () => {
    // Object Date, Object Begin Date and Object End Date of ROW_10076 are "1869,1869,1869".
    const row = ROW_10076.replace(',1869,1869,1869,', ',ca. 1883,,,');
    const items = await readAll([HEADER, row].join('\n'));
    expect(items[0]).toMatchObject({ kind: 'object', object: { dateText: 'ca. 1883', beginYear: 1883, endYear: 1883 } });
  });
});
