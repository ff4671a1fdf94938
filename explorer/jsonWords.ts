import type { Json } from '../model/index.ts';
import type { WordReader, WordWriter } from './words.ts';

/**
 * A JSON value as words, for the algorithm's opaque `memory` in a packed state: a tag, then the
 * value. Object keys are written sorted, so two memories equal as JSON values get the same words
 * whatever order their fields were set in (the canonical key has always merged them), and decoding
 * gives the fields in sorted order. Integers that fit 32 bits take one word; any other number is
 * written as the two words of its IEEE double, so every number comes back exactly.
 */
const tag = { null: 0, false: 1, true: 2, int: 3, double: 4, string: 5, array: 6, object: 7 } as const;

const double = new Float64Array(1);
const doubleWords = new Int32Array(double.buffer);

export function writeJson(out: WordWriter, value: Json): void {
  if (value === null) out.int(tag.null, 'a JSON tag');
  else if (value === false) out.int(tag.false, 'a JSON tag');
  else if (value === true) out.int(tag.true, 'a JSON tag');
  else if (typeof value === 'number') writeNumber(out, value);
  else if (typeof value === 'string') {
    out.int(tag.string, 'a JSON tag');
    out.string(value);
  } else if (Array.isArray(value)) {
    out.int(tag.array, 'a JSON tag');
    out.int(value.length, 'a JSON array length');
    for (const item of value) writeJson(out, item);
  } else {
    const object = value as { readonly [key: string]: Json };
    const keys = Object.keys(object).sort();
    out.int(tag.object, 'a JSON tag');
    out.int(keys.length, 'a JSON object size');
    for (const key of keys) {
      out.string(key);
      writeJson(out, object[key] as Json);
    }
  }
}

function writeNumber(out: WordWriter, value: number): void {
  if ((value | 0) === value && !Object.is(value, -0)) {
    out.int(tag.int, 'a JSON tag');
    out.int(value, 'a JSON integer');
    return;
  }
  double[0] = value;
  out.int(tag.double, 'a JSON tag');
  out.int(doubleWords[0] as number, 'a double word');
  out.int(doubleWords[1] as number, 'a double word');
}

export function readJson(input: WordReader): Json {
  const kind = input.int();
  switch (kind) {
    case tag.null:
      return null;
    case tag.false:
      return false;
    case tag.true:
      return true;
    case tag.int:
      return input.int();
    case tag.double:
      doubleWords[0] = input.int();
      doubleWords[1] = input.int();
      return double[0] as number;
    case tag.string:
      return input.string();
    case tag.array: {
      const length = input.int();
      const out: Json[] = [];
      for (let i = 0; i < length; i++) out.push(readJson(input));
      return out;
    }
    case tag.object: {
      const size = input.int();
      const out: { [key: string]: Json } = {};
      for (let i = 0; i < size; i++) {
        const key = input.string();
        // As JSON.parse does: a "__proto__" field is an own property, not the prototype.
        Object.defineProperty(out, key, { value: readJson(input), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new Error(`stormcheck internal error: packed JSON tag ${kind} is unknown`);
  }
}
