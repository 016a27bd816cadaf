import { SaxesParser } from 'saxes';
import { ImportInputError } from './import-input-error.js';
import { InvalidUtf8, type XmlInput } from './xml-input.js';

/** One element of a record, with its text (CDATA included) and its child elements. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** The line it starts on, for messages. */
  line: number;
}

export interface RecordShape {
  /** The root element the format has. */
  root: string;
  /** Roots of other formats, with what to say when the file has one of them. */
  otherRoots: Record<string, string>;
  /** Whether an element (by name, and depth under the document: the root is 0) is a record. */
  isRecord(name: string, depth: number): boolean;
}

/**
 * A record, and the records it sits in (still open, so holding only what came before it: a
 * WordPress comment sees its item's id and link, which WXR writes before the comments).
 */
export type RecordHandler = (record: XmlElement, enclosing: readonly XmlElement[]) => void | Promise<void>;

/** The most text one element may hold: no comment is near this; a file with more is damaged or hostile. */
export const MAX_ELEMENT_TEXT = 1_000_000;

/**
 * Streams `input` through saxes, giving each record element, whole, to `onRecord`; everything
 * outside records is dropped as it goes, so memory holds one record at a time. A DTD is refused
 * (an export never has one, and its entities are how XML bombs work); saxes itself expands no
 * entity but the five predefined ones and character references.
 */
export async function readRecords(
  input: XmlInput,
  shape: RecordShape,
  onRecord: RecordHandler,
): Promise<void> {
  const parser = new SaxesParser({ position: true });
  const ready: { record: XmlElement; enclosing: XmlElement[] }[] = [];
  /** Open elements inside records (null for open elements outside any record). */
  const stack: (XmlElement | null)[] = [];
  const openRecords: XmlElement[] = [];
  let depth = -1;
  let sawRoot = false;
  let failure: ImportInputError | undefined;
  const fail = (message: string): never => {
    failure ??= new ImportInputError(`line ${parser.line}: ${message}`);
    throw failure;
  };

  parser.on('error', (error) =>
    fail(`malformed XML: ${error.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '')}`),
  );
  parser.on('doctype', () =>
    fail(
      'the file declares a DTD (<!DOCTYPE …>), which no export has; refused (entity expansion is how XML bombs work)',
    ),
  );
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 0) {
      sawRoot = true;
      if (tag.name !== shape.root) {
        const hint = shape.otherRoots[tag.name];
        fail(
          hint ??
            `the root element is <${tag.name}>, not <${shape.root}>: this is not the export this command reads`,
        );
      }
    }
    const parent = stack.at(-1) ?? null;
    let element: XmlElement | null = null;
    if (shape.isRecord(tag.name, depth) || parent) {
      element = {
        name: tag.name,
        attributes: tag.attributes as Record<string, string>,
        children: [],
        text: '',
        line: parser.line,
      };
      if (shape.isRecord(tag.name, depth)) openRecords.push(element);
      else parent!.children.push(element);
    }
    stack.push(element);
  });
  const addText = (text: string) => {
    const element = stack.at(-1);
    if (!element) return;
    if (element.text.length + text.length > MAX_ELEMENT_TEXT) {
      fail(
        `<${element.name}> (from line ${element.line}) holds more than ${MAX_ELEMENT_TEXT.toLocaleString('en')} characters; no comment is that long: is the file damaged?`,
      );
    }
    element.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const element = stack.pop();
    depth--;
    if (element && element === openRecords.at(-1)) {
      openRecords.pop();
      ready.push({ record: element, enclosing: [...openRecords] });
    }
  });

  try {
    for await (const chunk of input.chunks()) {
      parser.write(chunk);
      for (const { record, enclosing } of ready.splice(0)) await onRecord(record, enclosing);
    }
    parser.close();
  } catch (error) {
    if (error instanceof InvalidUtf8) throw new ImportInputError(`line ${parser.line}: ${error.message}`);
    throw failure ?? error;
  }
  if (!sawRoot) throw new ImportInputError(`the file holds no XML element (is it empty?)`);
  for (const { record, enclosing } of ready.splice(0)) await onRecord(record, enclosing);
}

/** The first child named `name`, or undefined. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

/** The trimmed text of the first child named `name`; '' when there is none. */
export function childText(element: XmlElement, name: string): string {
  return child(element, name)?.text.trim() ?? '';
}
