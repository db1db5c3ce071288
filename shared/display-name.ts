/**
 * Names as pages and sentences show them. A legal file may carry a name of 150,000 characters
 * (within the field limit); repeated in every table, sentence and chart of a page it would make
 * the page hundreds of megabytes. Pages show at most DISPLAY_NAME_CHARS characters and an
 * ellipsis; the full text stays in report.json's name fields and lines.csv.
 */
export const DISPLAY_NAME_CHARS = 200;

export function displayName(name: string, max = DISPLAY_NAME_CHARS): string {
  // Cheap test first: a string of at most `max` UTF-16 units has at most `max` characters.
  if (name.length <= max) return name;
  const chars = Array.from(name);
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('')}…`;
}
