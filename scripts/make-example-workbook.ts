/**
 * Writes examples/lechang-2021/2021-12.xlsx: the Lechang 2021-12 export as a budget-management
 * system writes it (title with the period, 单位：万元, a two-row merged header with 年初 and
 * 调整后 budgets, code and name in one cell, 序号, a 合计 footer, a hidden first sheet), from the
 * contract-shaped 2021-12.csv next to it, so the figures stay the seed's.
 *   npx tsx scripts/make-example-workbook.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { budgetSystemWorkbook } from '../tests/support/budget-system-layout';

const directory = fileURLToPath(new URL('../examples/lechang-2021/', import.meta.url));
const csv = readFileSync(`${directory}2021-12.csv`, 'utf8');
const bytes = await budgetSystemWorkbook(csv, {
  title: '乐昌市民政局2021年1-12月预算执行情况表',
  // 临时救助 started the year at 1,200,000.00 per line and was adjusted during the year.
  initialBudgets: { '44028121A000003': '1200000.00' },
});
writeFileSync(`${directory}2021-12.xlsx`, bytes);
console.log(`wrote ${directory}2021-12.xlsx (${bytes.length} bytes)`);
