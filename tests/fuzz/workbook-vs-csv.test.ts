/**
 * Hostile input, workbooks: a generated export (export-arbitrary.ts) and the same data as an
 * .xlsx — the CSV's records as worksheet rows, plain decimal amounts as numbers the way Excel
 * holds them, every other cell as text — must get the same verdict, totals, period, row count
 * and groups. The two record sources feed one set of rules; this holds them to it.
 */
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { validateExport } from '../../shared/export';
import { type CellInput, validateWorkbook, workbookBytes } from '../support/workbooks';
import { generatedExportArb } from './export-arbitrary';

const SEED = 20_261_128;
const RUNS = Number(process.env.FUZZ_WORKBOOK_RUNS ?? 60);
let cases = 0;
let accepted = 0;

afterAll(() => {
  console.log(
    `hostile-input workbook vs CSV: ${cases} generated exports (fast-check seed ${SEED}) read as CSV and as .xlsx, ${accepted} accepted; verdicts, totals and groups identical`,
  );
});

/** The CSV's text, whatever its encoding and BOM. */
function decode(bytes: Buffer): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body[0] === 0x84 && body[1] === 0x31 && body[2] === 0x95 && body[3] === 0x33)
    return new TextDecoder('gb18030').decode(body.subarray(4));
  return isUtf8(body) ? body.toString('utf8') : new TextDecoder('gb18030').decode(body);
}

const PLAIN_DECIMAL = /^-?\d{1,12}(\.\d{1,2})?$/;

function asRows(text: string): CellInput[][] {
  const records = parse(text, {
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
  }) as string[][];
  return records.map((record, r) =>
    record.map((cell, c) => (r > 0 && c >= 10 && PLAIN_DECIMAL.test(cell) ? Number(cell) : cell)),
  );
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

describe('a workbook and the CSV of the same data', () => {
  it('give identical verdicts, totals and groups', async () => {
    await fc.assert(
      fc.asyncProperty(generatedExportArb({ minLength: 1, maxLength: 30 }), async (generated) => {
        cases++;
        const csv = await validateExport(once(generated.bytes));
        const workbook = await validateWorkbook(
          await workbookBytes([{ rows: asRows(decode(generated.bytes)) }]),
        );
        if (csv.valid) accepted++;
        expect(workbook.valid).toBe(csv.valid);
        expect(workbook.totals).toEqual(csv.totals);
        expect(workbook.period).toEqual(csv.period);
        expect(workbook.rows).toBe(csv.rows);
        expect(workbook.groups).toEqual(csv.groups);
        expect(workbook.errors.map((e) => e.code)).toEqual(csv.errors.map((e) => e.code));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 300_000);
});
