import { describe, expect, it } from 'vitest';

import { parseDateText } from '../../lib/met/dates';

// Real `Object Date` strings from sample/MetObjects.csv, plus the forms the Met uses elsewhere.
const CASES: [string, number, number][] = [
  ['1869', 1869, 1869],
  ['ca. 1883', 1883, 1883],
  ['possibly 1740', 1740, 1740],
  ['after 1833', 1833, 1833],
  ['by 1893', 1893, 1893],
  ['dated 1730', 1730, 1730],
  ['1494(?)', 1494, 1494],
  ['1481?', 1481, 1481],
  ['1670s', 1670, 1679],
  ['ca. 1860s', 1860, 1869],
  ['early 1840s', 1840, 1842],
  ['mid-1750s', 1753, 1756],
  ['1800s', 1800, 1899],
  ['1850–60', 1850, 1860],
  ['1901–2', 1901, 1902],
  ['ca. 1908–09', 1908, 1909],
  ['1774?–89', 1774, 1789],
  ['ca. 1900–1910', 1900, 1910],
  ['1894 or 1898', 1894, 1898],
  ['1852, 1857, or 1863', 1852, 1863],
  ['1853; converted for cartidges, ca. 1868–71', 1853, 1871],
  ['1888–97 (?), reworked 1908 (?)', 1888, 1908],
  ['19th century', 1800, 1899],
  ['1st century', 1, 99],
  ['late 19th century', 1867, 1899],
  ['mid-18th century', 1733, 1766],
  ['early 17th century', 1600, 1632],
  ['first half 19th century', 1800, 1849],
  ['second half 17th century', 1650, 1699],
  ['3rd quarter 18th century', 1750, 1774],
  ['last quarter 18th century', 1775, 1799],
  ['late 18th–early 19th century', 1767, 1832],
  ['18th–19th century', 1700, 1899],
  ['mid to late 19th century', 1833, 1899],
  ['mid- or late 1660s', 1663, 1669],
  ['mid-16th or mid-19th century', 1533, 1866],
  ['late 14th–early 15th century (before 1405)', 1367, 1432],
  ['ca. 2000 B.C.', -2000, -2000],
  ['ca. 1750 B.C.', -1750, -1750],
  ['664–332 B.C.', -664, -332],
  ['ca. 1600–1050 BCE', -1600, -1050],
  ['1550–30 B.C.', -1550, -1530],
  ['5th century BCE', -500, -401],
  ['1st century BC', -100, -1],
  ['late 4th century BCE', -333, -301],
  ['late 6th/early 5th century BCE', -533, -468],
  ['2nd–mid-1st century BCE', -200, -34],
  ['last decade of the 1st century BCE', -10, -1],
  ['ca. 1st century BCE–3rd century CE', -100, 299],
  ['2nd millennium B.C.', -2000, -1001],
  ['late 3rd millennium BCE', -2333, -2001],
  ['A.D. 1–100', 1, 100],
  ['1–1000 CE', 1, 1000],
];

describe('parseDateText', () => {
  it.each(CASES)('parses "%s"', (text, begin, end) => {
    expect(parseDateText(text)).toEqual({ begin, end });
  });

  it.each(['', 'n. d.', 'undated', 'Edo period'])('returns null for "%s"', (text) => {
    expect(parseDateText(text)).toBeNull();
  });

  it('rejects years after 2100', () => {
    expect(parseDateText('5000')).toBeNull();
  });
});
