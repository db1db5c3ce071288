/**
 * The subjects of a period that reached a level they were never announced at (docs/contract.md
 * §5.1), gathered as they come: units and projects from the figures, lines while they stream
 * past. A first render may see 200,000 lines at a warning level, so it keeps, of each fresh
 * subject, only its announcement key (to record) and its kind (to count); the subjects themselves
 * only for the first few, which the alert names.
 */
import { ALERT_SUBJECT_LIMIT, announcementKey, type WarningSubject } from './new-warnings-alert';

export interface FreshCounts {
  units: number;
  projects: number;
  lines: number;
}

const countOf = { unit: 'units', project: 'projects', line: 'lines' } as const;

export class FreshWarnings {
  /** Every fresh subject's announcement key, in the order added. */
  readonly keys: string[] = [];
  /** The first `ALERT_SUBJECT_LIMIT` fresh subjects, in the order added. */
  readonly shown: WarningSubject[] = [];
  readonly counts: FreshCounts = { units: 0, projects: 0, lines: 0 };

  /** `announced(key)`: whether the ledger holds that announcement key for the period. */
  constructor(private readonly announced: (key: string) => boolean) {}

  add(subject: WarningSubject): void {
    const key = announcementKey(subject);
    if (this.announced(key)) return;
    this.keys.push(key);
    this.counts[countOf[subject.kind]]++;
    if (this.shown.length < ALERT_SUBJECT_LIMIT) this.shown.push(subject);
  }

  get size(): number {
    return this.keys.length;
  }

  /** `this`'s subjects, then `later`'s: one collection, as if they had been added in that order. */
  followedBy(later: FreshWarnings): FreshWarnings {
    const both = new FreshWarnings(this.announced);
    both.keys.push(...this.keys, ...later.keys);
    both.shown.push(...[...this.shown, ...later.shown].slice(0, ALERT_SUBJECT_LIMIT));
    for (const kind of Object.values(countOf)) both.counts[kind] = this.counts[kind] + later.counts[kind];
    return both;
  }
}
