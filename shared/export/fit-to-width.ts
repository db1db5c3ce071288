/**
 * A worksheet row padded with empty cells (or cut) to the header's width. A worksheet stores only
 * the cells that hold something, so a row whose last cells are blank (偏差原因 on a met
 * indicator, an empty 备注) ends early: in a grid that is blank cells, not a ragged row.
 */
export function fitToWidth(record: string[], width: number): string[] {
  if (record.length > width) return record.slice(0, width);
  while (record.length < width) record.push('');
  return record;
}
