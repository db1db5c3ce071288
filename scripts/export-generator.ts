/**
 * A large, deterministic, realistic single-period treasury export, for benchmarks (`budget
 * validate`, `npm run bench`): about N/20 aggregation groups (unit × project) unless a group
 * count is given (a fixed count shows that memory depends on the groups, not on the rows),
 * Chinese headers, unit and project names, a mix of fund and expenditure types, and one
 * amount in ten written the way Excel writes it with a thousands format (quoted "1,234.56"),
 * so the quoted-field path is exercised too. A group's detail lines are spread over the whole
 * file (row i belongs to group i mod G), as in an export sorted by voucher, so nothing can be
 * summed and written before the end.
 *
 * Streams to disk: generating 1M rows needs no more memory than generating 10. The same
 * arguments always give the same bytes.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { ExpenditureType, FundType, ProjectLevel } from '../shared/domain-types';

export const EXPORT_HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出';
export const EXPORT_PERIOD = { year: 2021, month: 12 } as const;

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
export const FUNCTION_CODES = [
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

/** The shape of one generated export: how many rows, groups and units. */
export interface ExportShape {
  rows: number;
  groups: number;
  units: number;
  projectsPerUnit: number;
}

/** `units` fixes the unit count (200 units × 1,000 projects = 200,000 groups); by default about √G / 2. */
export function exportShape(rows: number, groups?: number, unitCount?: number): ExportShape {
  const groupCount = groups ?? Math.max(1, Math.ceil(rows / 20));
  const units = unitCount ?? Math.max(3, Math.ceil(Math.sqrt(groupCount) / 2));
  return { rows, groups: groupCount, units, projectsPerUnit: Math.ceil(groupCount / units) };
}

/** What every detail line of group `g` shares. */
export interface GeneratedGroup {
  unitCode: string;
  unitName: string;
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  fundType: FundType;
  expenditureType: ExpenditureType;
}

function unitName(u: number): string {
  const town = TOWNS[u % TOWNS.length];
  const kind = UNIT_KINDS[Math.floor(u / TOWNS.length) % UNIT_KINDS.length];
  const series = TOWNS.length * UNIT_KINDS.length;
  return `乐昌市${town}${kind}${u >= series ? Math.floor(u / series) : ''}`;
}

function projectName(p: number): string {
  return `${PROJECT_THEMES[p % PROJECT_THEMES.length]}（第${Math.floor(p / PROJECT_THEMES.length) + 1}批）`;
}

export function generatedGroup(shape: ExportShape, g: number): GeneratedGroup {
  const u = g % shape.units;
  const p = Math.floor(g / shape.units) % shape.projectsPerUnit;
  const basic = p % 10 === 9;
  const fund: FundType = p % 8 === 7 ? '政府性基金预算' : '一般公共预算';
  return {
    unitCode: `1${String(u).padStart(5, '0')}`,
    unitName: unitName(u),
    projectCode: `440281${basic ? 'J' : fund === '一般公共预算' ? 'A' : 'B'}${String(p).padStart(6, '0')}`,
    projectName: basic ? `人员经费${p}` : projectName(p),
    projectLevel: p % 7 === 3 ? '二级' : '一级',
    fundType: fund,
    expenditureType: basic ? '基本支出' : '项目支出',
  };
}

/** The function code of row `i` (0-based, header excluded). */
export const functionCodeOfRow = (i: number): string =>
  FUNCTION_CODES[(i >> 3) % FUNCTION_CODES.length] ?? '';

/** Writes the export (of `period`, 2021-12 by default) to `path`; resolves with its size in bytes. */
export async function writeExport(
  path: string,
  shape: ExportShape,
  exportPeriod: { year: number; month: number } = EXPORT_PERIOD,
): Promise<number> {
  const random = prng(20211231);
  const money = (maxYuan: number): string => {
    const fen = Math.floor(random() * maxYuan * 100);
    const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    if (random() < 0.1) return `"${text.replace(/\B(?=(\d{3})+\.)/g, ',')}"`;
    return text;
  };

  const out = createWriteStream(path);
  out.write(`${EXPORT_HEADER}\n`);
  const period = [String(exportPeriod.year), String(exportPeriod.month)];
  let buffer = '';
  for (let i = 0; i < shape.rows; i++) {
    const group = generatedGroup(shape, i % shape.groups);
    const line = [
      ...period,
      group.unitCode,
      group.unitName,
      group.projectCode,
      group.projectName,
      group.projectLevel,
      group.fundType,
      functionCodeOfRow(i),
      group.expenditureType,
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
  return out.bytesWritten;
}
