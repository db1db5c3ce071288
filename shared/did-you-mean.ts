/**
 * The known name a mistyped one was meant to be (`alertEmail` → `alertEmails`, `lagTreshold` →
 * `lagThreshold`, `uplod` → `upload`): the closest by edit distance (insertions, deletions,
 * substitutions and swaps of neighbours, letter case ignored), if it is close enough to be a typo
 * rather than another word: at most a third of the longer name's letters, and at most 3.
 */
export function closestName(input: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    const limit = Math.min(3, Math.floor(Math.max(input.length, candidate.length) / 3));
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus transpositions of adjacent characters. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      (rows[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}

/** ` (did you mean "x"? / 是否应为 "x"？)`, or nothing when no known name is close. */
export function didYouMean(input: string, known: readonly string[]): string {
  const close = closestName(input, known);
  return close === undefined ? '' : ` (是否应为 / did you mean "${close}"?)`;
}
