/**
 * Child process for memory tests: validates each workbook file named on the command line as
 * the ingest function does (a stream, `format: 'xlsx'`), then prints one JSON line with each
 * file's error codes and messages and the process's peak RSS in bytes.
 */
import { createReadStream } from 'node:fs';
import { validateExport } from '../../shared/export';

const results = [];
for (const file of process.argv.slice(2)) {
  const result = await validateExport(createReadStream(file), {}, { format: 'xlsx' });
  results.push({
    file,
    valid: result.valid,
    rows: result.rows,
    errors: result.errors.map(({ code, message }) => ({ code, message })),
  });
}
process.stdout.write(`${JSON.stringify({ results, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
