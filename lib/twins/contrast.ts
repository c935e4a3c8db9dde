/**
 * Compares the metadata of two artworks: how far apart in time, and which catalogue boundaries
 * (department, culture, classification, object name, medium family) the pair crosses. Unknown values
 * never count as a contrast, because a missing field is no evidence about the object.
 */
import { culturesDiffer } from './culture';
import { mediumFamily } from './medium';
import type { CurationObject } from './types';

export interface Contrast {
  yearsApart: number | null; // distance between date midpoints in years; null when either date is unknown
  crossesDepartment: boolean;
  crossesCulture: boolean;
  crossesClassification: boolean;
  crossesObjectName: boolean;
  crossesMedium: boolean;
  /** Boundaries crossed, counting a time gap of at least `farYears` as one. */
  boundaryCount: number;
  /** Human-readable reasons, most telling first, for example "3,900 years apart". */
  reasons: string[];
}

export interface ContrastOptions {
  farYears: number; // a gap this large counts as a boundary and gets a reason
}

export const DEFAULT_CONTRAST_OPTIONS: ContrastOptions = { farYears: 100 };

type Dated = Pick<CurationObject, 'beginYear' | 'endYear'>;

/** Returns the midpoint of an object's date range in years, using whichever end is known. */
export function dateMidpoint(object: Dated): number | null {
  const { beginYear, endYear } = object;
  if (beginYear !== null && endYear !== null) return (beginYear + endYear) / 2;
  return beginYear ?? endYear ?? null;
}

/** Returns the whole number of years between two objects' date midpoints, or null if either is unknown. */
export function yearsApart(a: Dated, b: Dated): number | null {
  const left = dateMidpoint(a);
  const right = dateMidpoint(b);
  if (left === null || right === null) return null;
  return Math.round(Math.abs(left - right));
}

/** Returns the top-level classification: "Paintings-Panels" and "Paintings" both give "paintings". */
export function classificationGroup(classification: string): string {
  return (classification.split(/[-|]/)[0] ?? '').trim().toLowerCase();
}

/** Returns the head of an object name: "Painting, miniature" gives "painting". */
export function objectNameGroup(objectName: string): string {
  return (objectName.split(/[,;(]/)[0] ?? '').trim().toLowerCase();
}

// Curation compares millions of pairs but only tens of thousands of distinct strings, so the
// regex-heavy normalisations run once per distinct value.
const mediumCache = new Map<string, ReturnType<typeof mediumFamily>>();
function cachedMediumFamily(medium: string) {
  let family = mediumCache.get(medium);
  if (family === undefined) {
    family = mediumFamily(medium);
    mediumCache.set(medium, family);
  }
  return family;
}

function differ(left: string, right: string): boolean {
  return left !== '' && right !== '' && left !== right;
}

/** Compares two artworks and lists the contrasts as reasons. */
export function compareObjects(
  a: CurationObject,
  b: CurationObject,
  options: ContrastOptions = DEFAULT_CONTRAST_OPTIONS,
): Contrast {
  const gap = yearsApart(a, b);
  const mediumA = cachedMediumFamily(a.medium);
  const mediumB = cachedMediumFamily(b.medium);

  const crossesDepartment = differ(a.department.trim(), b.department.trim());
  const crossesCulture = culturesDiffer(a.culture, b.culture);
  const crossesClassification = differ(classificationGroup(a.classification), classificationGroup(b.classification));
  const crossesObjectName = differ(objectNameGroup(a.objectName), objectNameGroup(b.objectName));
  const crossesMedium = mediumA !== null && mediumB !== null && mediumA !== mediumB;
  const far = gap !== null && gap >= options.farYears;

  const reasons: string[] = [];
  if (far) reasons.push(`${gap.toLocaleString('en-US')} years apart`);
  if (crossesCulture) reasons.push(`different culture: ${a.culture.trim()} vs ${b.culture.trim()}`);
  if (crossesDepartment) reasons.push(`different department: ${a.department.trim()} vs ${b.department.trim()}`);
  if (crossesMedium) reasons.push(`different medium: ${mediumA} vs ${mediumB}`);
  if (crossesObjectName) reasons.push(`different object: ${a.objectName.trim()} vs ${b.objectName.trim()}`);
  if (crossesClassification) {
    reasons.push(`different classification: ${a.classification.trim()} vs ${b.classification.trim()}`);
  }

  const crossings = [crossesDepartment, crossesCulture, crossesClassification, crossesObjectName, crossesMedium];
  const boundaryCount = crossings.filter(Boolean).length + (far ? 1 : 0);
  return {
    yearsApart: gap,
    crossesDepartment,
    crossesCulture,
    crossesClassification,
    crossesObjectName,
    crossesMedium,
    boundaryCount,
    reasons,
  };
}
