/**
 * A name quoted inside Chinese text. Names often carry their own quotes already
 * (“双百工程”社会工作服务站建设); quoting them again would print ““双百工程”…”, which reads as an
 * error. GB/T 15834 nests single quotes inside double ones, so inner “…” become ‘…’:
 * 乐昌市民政局“‘双百工程’社会工作服务站建设”.
 */
export function quoteZh(name: string): string {
  return `“${name.replace(/“/g, '‘').replace(/”/g, '’')}”`;
}
