/**
 * Writes a large, deterministic, realistic treasury export for benchmarking `budget validate`:
 *
 *   npx tsx scripts/generate-export.ts /tmp/big-1m.csv 1000000 [groups]
 *
 * About N/20 aggregation groups (unit × project) unless `groups` is given (a fixed count shows
 * that memory depends on the groups, not on the rows), Chinese unit and project names, a mix of
 * fund and expenditure types, and one amount in ten written the way Excel writes it with a
 * thousands format (quoted "1,234.56"), so the benchmark exercises the quoted-field path.
 * Streams to disk: generating 1M rows needs no more memory than generating 10.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const [, , outPath, rowsArg, groupsArg] = process.argv;
if (outPath === undefined) {
  process.stderr.write('usage: tsx scripts/generate-export.ts <out.csv> [rows=1000000] [groups=rows/20]\n');
  process.exit(2);
}
const rows = Number.parseInt(rowsArg ?? '1000000', 10);

/** mulberry32: tiny, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20211231);

const TOWNS = [
  '乐城',
  '北乡',
  '九峰',
  '廊田',
  '长来',
  '梅花',
  '三溪',
  '坪石',
  '黄圃',
  '五山',
  '两江',
  '沙坪',
  '云岩',
  '秀水',
  '大源',
  '庆云',
  '白石',
  '河南',
];
const UNIT_KINDS = ['民政办', '社会事务办', '敬老院', '社工站', '救助站', '儿童福利站'];
const PROJECT_THEMES = [
  '最低生活保障',
  '残疾人补贴',
  '临时救助',
  '特困人员救助供养',
  '孤儿基本生活保障',
  '养老服务补贴',
  '社会工作服务',
  '殡葬改革',
  '社区治理',
  '未成年人保护',
  '居家养老服务',
  '优抚对象补助',
];
const FUNCTION_CODES = [
  '2081901',
  '2081107',
  '2082001',
  '2082101',
  '2081001',
  '2080299',
  '2081002',
  '2296002',
  '2080201',
  '2080202',
];

const groups = groupsArg === undefined ? Math.max(1, Math.ceil(rows / 20)) : Number.parseInt(groupsArg, 10);
const unitCount = Math.max(3, Math.ceil(Math.sqrt(groups) / 2));
const projectsPerUnit = Math.ceil(groups / unitCount);

function unitName(u: number): string {
  return `乐昌市${TOWNS[u % TOWNS.length]}${UNIT_KINDS[Math.floor(u / TOWNS.length) % UNIT_KINDS.length]}${u >= TOWNS.length * UNIT_KINDS.length ? Math.floor(u / (TOWNS.length * UNIT_KINDS.length)) : ''}`;
}
function projectName(p: number): string {
  return `${PROJECT_THEMES[p % PROJECT_THEMES.length]}（第${Math.floor(p / PROJECT_THEMES.length) + 1}批）`;
}

function money(maxYuan: number): string {
  const fen = Math.floor(random() * maxYuan * 100);
  const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  if (random() < 0.1) return `"${text.replace(/\B(?=(\d{3})+\.)/g, ',')}"`;
  return text;
}

const out = createWriteStream(outPath);
out.write(
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出\n',
);

let buffer = '';
for (let i = 0; i < rows; i++) {
  const g = i % groups;
  const u = g % unitCount;
  const p = Math.floor(g / unitCount) % projectsPerUnit;
  const basic = p % 10 === 9;
  const fund = p % 8 === 7 ? '政府性基金预算' : '一般公共预算';
  const line = [
    '2021',
    '12',
    `1${String(u).padStart(5, '0')}`,
    unitName(u),
    `440281${basic ? 'J' : fund === '一般公共预算' ? 'A' : 'B'}${String(p).padStart(6, '0')}`,
    basic ? `人员经费${p}` : projectName(p),
    p % 7 === 3 ? '二级' : '一级',
    fund,
    FUNCTION_CODES[(i >> 3) % FUNCTION_CODES.length],
    basic ? '基本支出' : '项目支出',
    money(5_000_000),
    money(400_000),
    money(4_000_000),
  ].join(',');
  buffer += `${line}\n`;
  if (buffer.length > 1 << 16) {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  }
}
out.end(buffer);
await once(out, 'finish');
process.stderr.write(`wrote ${rows} rows, ${groups} groups, ${unitCount} units to ${outPath}\n`);
