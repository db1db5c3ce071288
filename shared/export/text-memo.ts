/**
 * A pure function of a cell's text, remembered for the texts already seen: exports repeat the
 * same codes and names on most rows, so the per-cell rules (NFKC, invisible characters, code and
 * name split apart) run once per distinct value instead of once per row. The answer is always
 * the function's own, so only the time changes. Bounded: at most `limit` texts, none longer
 * than `MAX_TEXT_LENGTH` (a 150,000-character name is computed, not kept).
 */
const MAX_TEXT_LENGTH = 256;

export class TextMemo<T> {
  private readonly answers = new Map<string, T>();

  constructor(
    private readonly compute: (text: string) => T,
    private readonly limit = 8192,
  ) {}

  get(text: string): T {
    const known = this.answers.get(text);
    if (known !== undefined) return known;
    const answer = this.compute(text);
    if (this.answers.size < this.limit && text.length <= MAX_TEXT_LENGTH) this.answers.set(text, answer);
    return answer;
  }
}
