/**
 * (a) The parse floor: csv-parse alone, streaming the export from disk into array rows and
 * counting them — no validation, no aggregation, nothing kept. What reading a CSV costs at
 * the least with the project's CSV library.
 *
 *   node parse-floor.mjs <file>
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { watchPeakRss } from './peak-rss';
import { reportToParent } from './phase-result';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: parse-floor.ts <file>');

const peak = watchPeakRss();
const started = performance.now();
let records = 0;
const parser = createReadStream(file).pipe(parse({ bom: true }));
for await (const _record of parser) records++;
const seconds = (performance.now() - started) / 1000;
peak.stop();

await reportToParent({ seconds, peakRssBytes: peak.bytes(), details: { rows: records - 1 } });
