/**
 * Finds a workbook's parts the way Excel does, by following relationships, never by guessing
 * file names: the package's `_rels/.rels` names the office document (the workbook part,
 * wherever it lives: `xl/workbook.xml`, `workbook.xml`, `content/book.xml`); the workbook's
 * own relationships name each sheet's part, the shared strings and the styles; and
 * `workbook.xml` lists the sheets in tab order with their visibility. So a workbook written by
 * LibreOffice, WPS or another system, or one whose parts were renamed, moved or swapped, reads
 * as Excel shows it. A part named but missing is a damaged workbook, not an empty one.
 */
import { attribute, parseXmlPart } from './xml-part';
import { type GuardedZip, WorkbookRefusedError, type ZipPart } from './zip-guard';

export interface SheetRef {
  name: string;
  /** `visible`, `hidden` or `veryHidden`. */
  state: string;
  /** The worksheet's part; null for a sheet that is not a worksheet (a chart sheet). */
  part: ZipPart | null;
}

export interface WorkbookParts {
  /** In the workbook's tab order. */
  sheets: SheetRef[];
  sharedStrings: ZipPart | null;
  styles: ZipPart | null;
  /** Dates count from 1904-01-01 instead of 1900 (old Mac workbooks). */
  date1904: boolean;
}

interface Relationship {
  id: string;
  /** The last segment of the relationship type (`worksheet`, `officeDocument`, …). */
  type: string;
  /** The target as a part name, resolved against the source part; null for an external target. */
  target: string | null;
}

const malformed = (detail: string) => new WorkbookRefusedError('malformed', detail);

/** Reads `_rels/.rels`, the workbook part and its relationships. */
export async function findWorkbookParts(zip: GuardedZip): Promise<WorkbookParts> {
  const packageRels = await readRelationships(zip, '');
  if (packageRels === null) throw malformed('_rels/.rels missing');
  const document = packageRels.find((rel) => rel.type === 'officeDocument' && rel.target !== null);
  if (document?.target == null) throw malformed('_rels/.rels names no workbook');
  const workbookPart = zip.part(document.target);
  if (workbookPart === undefined) throw malformed(`${document.target} missing`);
  const rels = (await readRelationships(zip, document.target)) ?? [];
  const byId = new Map(rels.map((rel) => [rel.id, rel]));
  const partOf = (rel: Relationship | undefined): ZipPart | null => {
    if (rel?.target == null) return null;
    const part = zip.part(rel.target);
    if (part === undefined) throw malformed(`${rel.target} missing`);
    return part;
  };

  const sheets: SheetRef[] = [];
  let date1904 = false;
  await parseXmlPart(workbookPart.name, zip.read(workbookPart, 'other'), {
    open(name, attributes) {
      if (name === 'workbookPr') {
        const value = attributes.date1904;
        date1904 = value === '1' || value === 'true';
      } else if (name === 'sheet') {
        const id = attribute(attributes, 'id', true);
        const rel = id === undefined ? undefined : byId.get(id);
        if (rel === undefined) throw malformed(`sheet ${attributes.name ?? ''}: no relationship`);
        sheets.push({
          name: attributes.name ?? '',
          state: attributes.state ?? 'visible',
          part: rel.type === 'worksheet' ? partOf(rel) : null,
        });
      }
    },
  });
  return {
    sheets,
    sharedStrings: partOf(rels.find((rel) => rel.type === 'sharedStrings')),
    styles: partOf(rels.find((rel) => rel.type === 'styles')),
    date1904,
  };
}

/** The relationships of `source` (`''` for the package), or null when it has none. */
async function readRelationships(zip: GuardedZip, source: string): Promise<Relationship[] | null> {
  const slash = source.lastIndexOf('/');
  const dir = source.slice(0, slash + 1);
  const relsName = `${dir}_rels/${source.slice(slash + 1)}.rels`;
  const part = zip.part(relsName);
  if (part === undefined) return null;
  const rels: Relationship[] = [];
  await parseXmlPart(part.name, zip.read(part, 'other'), {
    open(name, attributes) {
      if (name !== 'Relationship') return;
      const type = attributes.Type ?? '';
      const target = attributes.Target ?? '';
      rels.push({
        id: attributes.Id ?? '',
        type: type.slice(type.lastIndexOf('/') + 1),
        target: attributes.TargetMode === 'External' ? null : resolveTarget(dir, target),
      });
    },
  });
  return rels;
}

/** A relationship target as a part name: absolute (`/xl/x.xml`) or relative to `dir`, `..` resolved. */
export function resolveTarget(dir: string, target: string): string {
  let decoded = target.replace(/\\/g, '/');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Not percent-encoded after all: use it as written.
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : dir + decoded;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}
