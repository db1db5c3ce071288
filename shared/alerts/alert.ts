/**
 * Alerts (docs/contract.md §5.1): short bilingual messages with a link to the site, sent to the city's
 * SNS topic (e-mail subscribers) and, in local mode, written to the outbox. Two kinds:
 * `upload-rejected` (ingest) and `new-warnings` (render).
 */
export type AlertKind = 'upload-rejected' | 'new-warnings';

export interface Alert {
  kind: AlertKind;
  city: { id: string; name: string };
  /** One line, at most 100 characters (SNS e-mail subject). */
  subject: string;
  /** The message: Chinese first, then English, each with the link. */
  text: string;
  /** Where on the site to look, absolute when the site URL is known, else site-relative. */
  link: string;
  /** The figures behind the text, for machines (the outbox JSON, SNS message attributes). */
  details: Record<string, unknown>;
}

/** SNS e-mail subjects: one line, at most 100 characters. */
export function alertSubject(text: string): string {
  const line = text.replace(/[\r\n\t]+/g, ' ').trim();
  return [...line].length <= 100 ? line : `${[...line].slice(0, 99).join('')}…`;
}

/** `path` under the site root; absolute when the root URL is known. */
export function siteLink(siteUrl: string | null, path: string): string {
  return siteUrl === null ? path : `${siteUrl.replace(/\/+$/, '')}/${path}`;
}
