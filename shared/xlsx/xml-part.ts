/**
 * The small parts of a workbook (relationships, workbook.xml, styles, shared strings) through
 * saxes, a streaming XML parser that checks well-formedness and expands no entity it was not
 * built with (so no "billion laughs"). Names are matched by their local part: producers write
 * `<sheet>`, `<x:sheet>` or `<ns0:sheet>` alike.
 */
import { SaxesParser } from 'saxes';
import { isInputFailure, WorkbookRefusedError } from './zip-guard';

export interface XmlHandlers {
  open?: (name: string, attributes: Readonly<Record<string, string>>) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
}

/** `x:sheet` → `sheet`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** An attribute by its local name (`r:id` → `id` when `prefixed`, where a bare `id` would not do). */
export function attribute(
  attributes: Readonly<Record<string, string>>,
  name: string,
  prefixed = false,
): string | undefined {
  if (!prefixed && name in attributes) return attributes[name];
  for (const key in attributes) {
    const colon = key.indexOf(':');
    if (colon !== -1 && key.slice(colon + 1) === name && key.slice(0, colon) !== 'xmlns')
      return attributes[key];
  }
  return undefined;
}

/** Parses one part's bytes, calling the handlers; a damaged part is `malformed`. */
export async function parseXmlPart(
  partName: string,
  bytes: AsyncIterable<Buffer>,
  handlers: XmlHandlers,
): Promise<void> {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  const { open, text, close } = handlers;
  if (open !== undefined) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes));
  if (text !== undefined) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  if (close !== undefined) parser.on('closetag', (tag) => close(localName(tag.name)));
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of bytes) parser.write(decoder.decode(chunk, { stream: true }));
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof WorkbookRefusedError || isInputFailure(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new WorkbookRefusedError('malformed', `${partName}: ${message.slice(0, 160)}`);
  }
}
