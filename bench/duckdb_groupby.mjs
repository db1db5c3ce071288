/**
 * DuckDB's `read_csv` + `GROUP BY` of a bench export, the stretch mark of `budget validate`
 * (issue 20: at most 3× DuckDB's time): the same key (unit, project, fund type) and the three
 * amounts summed, codes as text, amounts as exact decimals (`thousands`: the quoted
 * "1,234.56"). DuckDB is not a dependency of the project: install it anywhere and name the
 * folder, e.g. `npm install --prefix /tmp/duckdb @duckdb/node-api`, then
 *
 *   node bench/duckdb_groupby.mjs export.csv /tmp/duckdb    -> prints "<rows> <groups>"
 *
 * (`npm run bench -- --validate-only --duckdb /tmp/duckdb` runs it paired with the others.)
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, folder] = process.argv.slice(2);
const require = createRequire(join(folder ?? process.cwd(), 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const amount = 'DECIMAL(18,2)';
const types = `{'单位编码': 'VARCHAR', '项目编码': 'VARCHAR', '全年预算数': '${amount}', '本月支出': '${amount}', '累计支出': '${amount}'}`;
const reader = await connection.runAndReadAll(
  `SELECT sum(n) AS rows, count(*) AS groups FROM (
     SELECT count(*) AS n, sum("全年预算数"), sum("本月支出"), sum("累计支出")
     FROM read_csv('${file.replaceAll("'", "''")}', thousands = ',', types = ${types})
     GROUP BY "单位编码", "项目编码", "资金性质")`,
);
const [rows, groups] = reader.getRows()[0];
console.log(`${rows} ${groups}`);
