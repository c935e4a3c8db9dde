/**
 * Our own shapes for what the Met's sources describe. Everything outside lib/met works with these,
 * never with CSV column names or Collection API field names.
 */

/** One artwork's normalised metadata, from a MetObjects.csv row or a Collection API record. */
export interface MetObject {
  id: number; // the Met's Object ID
  /** True or false as the source states it; null when the source leaves it empty (treated as not public domain). */
  publicDomain: boolean | null;
  accessionNumber: string;
  title: string;
  /** The first listed artist, for display. */
  artist: string;
  /** Every listed artist in source order (the CSV joins several with "|"); empty when none is named. */
  artists: string[];
  culture: string;
  department: string;
  classification: string;
  objectName: string;
  medium: string;
  portfolio: string;
  dateText: string;
  /** Calendar years, negative for BCE, beginYear <= endYear; null when no usable year is given. */
  beginYear: number | null;
  endYear: number | null;
  linkResource: string;
}

/** A Collection API object record: the metadata plus its image paths relative to the CDN's CRDImages. */
export interface MetApiObject {
  object: MetObject;
  /** Path of the `original` rendition, or null when the API lists no image. */
  primaryImagePath: string | null;
  /** Path of the `web-large` rendition, or null. */
  primaryImageSmallPath: string | null;
}

/** The raw text fields the normaliser reads, keyed by our names. */
export interface RawObjectFields {
  objectId: string;
  isPublicDomain: string;
  accessionNumber: string;
  title: string;
  artist: string;
  culture: string;
  department: string;
  classification: string;
  objectName: string;
  medium: string;
  portfolio: string;
  dateText: string;
  beginYear: string;
  endYear: string;
  linkResource: string;
}
