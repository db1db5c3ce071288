/** Cells named as Excel names them: column index 0 → `A`, 26 → `AA`; row 12 → `A12`. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

export function cellAddress(columnIndex: number, row: number): string {
  return `${columnLetters(columnIndex)}${row}`;
}
