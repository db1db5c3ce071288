/**
 * Printed forms of numbers, money and times: the one place every page, document, workbook,
 * alert and CLI message takes them from (docs/contract.md §5 "Printed figures"). A leaf: it
 * imports nothing above shared/money's rounding.
 */
export { DEFAULT_TIME_ZONE, isTimeZone, localDate, localTime } from './local-time';
export { formatPoints, percent, sentencePercent, settingPoints } from './percent';
export { englishDate, periodLabel } from './period-label';
export { quoteZh } from './quote';
export { formatWan, formatWanParts, wanDecimal } from './wan';
export { formatYuan, groupedYuan, InvalidYuanError, yuanToFen } from './yuan';
export { yuanAndWan } from './yuan-and-wan';
