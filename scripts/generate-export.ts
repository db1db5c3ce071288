/**
 * Writes a large, deterministic, realistic treasury export for benchmarking `budget validate`
 * (the generator itself is `export-generator.ts`, shared with `npm run bench`):
 *
 *   npx tsx scripts/generate-export.ts /tmp/big-1m.csv 1000000 [groups] [units]
 *
 * About N/20 aggregation groups unless `groups` is given (a fixed count shows that memory
 * depends on the groups, not on the rows); `units` fixes the units (200000 200000 200: 200 units ×
 * 1,000 projects, the render benchmark's period).
 */
import { exportShape, writeExport } from './export-generator';

const [, , outPath, rowsArg, groupsArg, unitsArg] = process.argv;
if (outPath === undefined) {
  process.stderr.write(
    'usage: tsx scripts/generate-export.ts <out.csv> [rows=1000000] [groups=rows/20] [units]\n',
  );
  process.exit(2);
}
const shape = exportShape(
  Number.parseInt(rowsArg ?? '1000000', 10),
  groupsArg === undefined ? undefined : Number.parseInt(groupsArg, 10),
  unitsArg === undefined ? undefined : Number.parseInt(unitsArg, 10),
);
await writeExport(outPath, shape);
process.stderr.write(
  `wrote ${shape.rows} rows, ${shape.groups} groups, ${shape.units} units to ${outPath}\n`,
);
