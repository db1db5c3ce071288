/**
 * Where else an export says its period, when it has no 年度/月份 columns: budget systems print
 * it in the title (`乐昌市民政局2021年1-12月预算执行情况表`), and people name files by it
 * (`2021-12.xlsx`, `202112.csv`, `2021年12月.xlsx`).
 */
import type { Period } from '../domain-types';

function period(year: string | undefined, month: string | undefined): Period | null {
  const y = Number.parseInt(year ?? '', 10);
  const m = Number.parseInt(month ?? '', 10);
  if (!(y >= 2000 && y <= 2100 && m >= 1 && m <= 12)) return null;
  return { year: y, month: m };
}

/** `2021年12月`, `2021年1-12月` (the last month), `2021年度1至12月`, `2021-12`, `2021/12`, `2021.12`. */
const TITLE_PATTERNS = [
  /(\d{4})\s*年(?:度)?\s*(?:\d{1,2}\s*(?:月)?\s*[-–—~～至到]\s*)?(\d{1,2})\s*月/u,
  /(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})(?!\d)/u,
];

export function periodInTitle(text: string): Period | null {
  const normalized = text.normalize('NFKC');
  for (const pattern of TITLE_PATTERNS) {
    const match = pattern.exec(normalized);
    if (match !== null) {
      const found = period(match[1], match[2]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The name without folders: `incoming/lechang/2021-12.xlsx` → `2021-12.xlsx`. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

const FILE_PATTERNS = [
  /(?<!\d)(\d{4})年(\d{1,2})月/u,
  /(?<!\d)(\d{4})[-_.](\d{1,2})(?!\d)/u,
  /(?<!\d)(\d{4})(\d{2})(?!\d)/u,
];

export function periodInFileName(path: string): Period | null {
  const name = baseName(path).normalize('NFKC');
  for (const pattern of FILE_PATTERNS) {
    const match = pattern.exec(name);
    if (match !== null) {
      const found = period(match[1], match[2]);
      if (found !== null) return found;
    }
  }
  return null;
}

export function formatPeriod({ year, month }: Period): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}
