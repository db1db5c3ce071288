/**
 * A moment as people in the city read it: in the city's time zone (a city setting, default
 * Asia/Shanghai), to the minute, 「2026年12月6日 14:05」 in Chinese and "6 December 2026, 14:05"
 * in English. The machine-readable instant (ISO, UTC) stays in `datetime` attributes and JSON.
 */
import { englishDate } from './period-label';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: string;
  minute: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(instant: Date, timeZone: string): LocalParts {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: (parts.hour ?? '00').padStart(2, '0'),
    minute: (parts.minute ?? '00').padStart(2, '0'),
  };
}

/** An ISO instant in the city's time zone; the ISO text itself when it is not a date. */
export function localTime(iso: string, timeZone: string = DEFAULT_TIME_ZONE): { zh: string; en: string } {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return { zh: iso, en: iso };
  const p = partsOf(instant, timeZone);
  return {
    zh: `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}`,
    en: `${englishDate(p.year, p.month, p.day)}, ${p.hour}:${p.minute}`,
  };
}

/** The calendar date of an instant in the city's time zone: 「2026年12月6日」 / "6 December 2026". */
export function localDate(iso: string, timeZone: string = DEFAULT_TIME_ZONE): { zh: string; en: string } {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return { zh: iso, en: iso };
  const p = partsOf(instant, timeZone);
  return { zh: `${p.year}年${p.month}月${p.day}日`, en: englishDate(p.year, p.month, p.day) };
}

/** Whether the runtime knows the zone (a city setting is checked with this). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
