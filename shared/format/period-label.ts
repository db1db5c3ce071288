const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 「2021年6月」 / "June 2021". */
export function periodLabel(period: { year: number; month: number }): { zh: string; en: string } {
  return {
    zh: `${period.year}年${period.month}月`,
    en: `${MONTHS[period.month - 1] ?? period.month} ${period.year}`,
  };
}

/** "6 December 2026" from a calendar date. */
export function englishDate(year: number, month: number, day: number): string {
  return `${day} ${MONTHS[month - 1] ?? month} ${year}`;
}
