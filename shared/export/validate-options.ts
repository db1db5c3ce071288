/** Limits of one validation run. Defaults suit a county's monthly export and a Lambda's memory. */
export interface ValidateOptions {
  /** Errors kept in the result; the rest are only counted (`errorCount`). Default 100. */
  maxErrors: number;
  /** Warnings kept in the result. Default 100. */
  maxWarnings: number;
  /** Largest single field, in bytes. Default 1 MiB. */
  maxFieldBytes: number;
  /** Largest record (one CSV row, all its fields), in bytes. Default 1 MiB. */
  maxRecordBytes: number;
  /**
   * Largest file, in bytes. Reading stops as soon as this is passed. Default 512 MiB: a
   * 1M-line export is about 170 MB, and a Lambda streams, so size costs time, not memory.
   */
  maxFileBytes: number;
  /**
   * Most detail rows (totals and blank rows not counted). Default 10,000,000: ten times the
   * largest export measured (docs/benchmark.md); a city lowers it to what its function allows.
   */
  maxRows: number;
  /**
   * Most groups (unit, project, fund type) in one file. Default 200,000: each group becomes an
   * item held in memory and written to one partition; about 1.3M exhaust a 1 GB function.
   */
  maxGroupsPerFile: number;
}

export const MIB = 1024 * 1024;

export const DEFAULT_VALIDATE_OPTIONS: Readonly<ValidateOptions> = Object.freeze({
  maxErrors: 100,
  maxWarnings: 100,
  maxFieldBytes: MIB,
  maxRecordBytes: MIB,
  maxFileBytes: 512 * MIB,
  maxRows: 10_000_000,
  maxGroupsPerFile: 200_000,
});

/** Fills in defaults and drops nonsense (non-positive or non-finite limits fall back to the default). */
export function resolveValidateOptions(options: Partial<ValidateOptions> | undefined): ValidateOptions {
  const resolved = { ...DEFAULT_VALIDATE_OPTIONS };
  if (options !== undefined) {
    for (const key of Object.keys(resolved) as (keyof ValidateOptions)[]) {
      const value = options[key];
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) resolved[key] = Math.floor(value);
    }
  }
  return resolved;
}

/** "1 MiB", "512 MiB", "300 KiB", "12 bytes": limits as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
