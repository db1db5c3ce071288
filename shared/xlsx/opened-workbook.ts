/**
 * A workbook on disk opened once and read more than once (`budget validate` asks whether it is
 * an indicator file, then reads it): its directory is checked, its parts found and its styles
 * and shared strings read once, instead of once per reading (20–35 ms each time, most of it
 * before the code is warm). Each reading is capped as a reading of its own: the count of
 * inflated bytes starts again from what opening and the tables took.
 */
import { readCellStyles } from './cell-styles';
import { readSharedStrings, type SharedStrings } from './shared-strings';
import { findWorkbookParts, type WorkbookParts } from './workbook-parts';
import { GuardedZip, type ZipLimits } from './zip-guard';

export interface WorkbookTables {
  /** Number kind by style index (cell-styles.ts). */
  styles: Uint8Array;
  strings: SharedStrings;
}

export class OpenedWorkbook {
  private tablesRead: Promise<WorkbookTables> | null = null;
  /** Bytes inflated by opening (and by the tables, once read): where each reading's count starts. */
  private mark: number;

  private constructor(
    readonly path: string,
    readonly limits: ZipLimits,
    readonly zip: GuardedZip,
    readonly parts: WorkbookParts,
  ) {
    this.mark = zip.inflated;
  }

  /** Opens the workbook, throwing what a reading reports (a refused or damaged zip). */
  static async open(path: string, bytes: number, limits: ZipLimits): Promise<OpenedWorkbook> {
    const zip = await GuardedZip.open(path, bytes, limits);
    try {
      return new OpenedWorkbook(path, limits, zip, await findWorkbookParts(zip));
    } catch (error) {
      await zip.close();
      throw error;
    }
  }

  /** A reading begins: its inflated bytes are counted as if the workbook had just been opened. */
  startReading(): void {
    this.zip.rewindInflated(this.mark);
  }

  /** The styles and shared strings, read by the first reading that asks. */
  tables(): Promise<WorkbookTables> {
    this.tablesRead ??= (async () => {
      const styles = await readCellStyles(this.zip, this.parts.styles);
      const strings = await readSharedStrings(this.zip, this.parts.sharedStrings);
      this.mark = this.zip.inflated;
      return { styles, strings };
    })();
    return this.tablesRead;
  }

  close(): Promise<void> {
    return this.zip.close();
  }
}
