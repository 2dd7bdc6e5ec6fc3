// The form of a POST, PUT or PATCH view on the browsable page, made from its body schema: one input
// per property of simple type; anything else (or no object schema) is typed as JSON in a textarea.
import type { JSONSchema } from '../schema/types.js';
import { escapeHtml } from './escape.js';

/** One form of the page: a method and the fields its body schema asks for. */
export interface BrowsableForm {
  readonly method: string;
  /** The form's inputs (HTML), made at commit. */
  readonly fields: string;
}

type Schema = Readonly<Record<string, unknown>>;

function attributes(pairs: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(pairs)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`))
    .join('');
}

function selectField(name: string, options: readonly unknown[], required: boolean): string {
  const choices = options.map((option) => `<option>${escapeHtml(String(option))}</option>`).join('');
  return `<select${attributes({ name, 'data-field': true, 'data-type': 'string', required })}>${choices}</select>`;
}

const STRING_INPUTS: Readonly<Record<string, string>> = { email: 'email', uri: 'url', date: 'date' };

/** The string values a property may take (`enum`, or TypeBox's union of literals), or null. */
function choicesOf(schema: Schema): readonly string[] | null {
  if (Array.isArray(schema.enum)) return schema.enum.every((v) => typeof v === 'string') ? schema.enum : null;
  const options = schema.anyOf ?? schema.oneOf;
  if (!Array.isArray(options) || options.length === 0) return null;
  const values = options.map((option: Schema) => option?.const);
  return values.every((value) => typeof value === 'string') ? (values as string[]) : null;
}

/** The input of one property, by its JSON Schema type. */
function inputFor(name: string, schema: Schema, required: boolean): string {
  const type = schema.type;
  const choices = choicesOf(schema);
  if (choices !== null) return selectField(name, choices, required);
  const common = { name, 'data-field': true, required };
  if (type === 'boolean')
    return `<input${attributes({ ...common, type: 'checkbox', 'data-type': 'boolean', required: false })}>`;
  if (type === 'integer' || type === 'number') {
    const step = type === 'integer' ? 1 : 'any';
    const range = { min: schema.minimum as number | undefined, max: schema.maximum as number | undefined };
    return `<input${attributes({ ...common, type: 'number', step, ...range, 'data-type': type })}>`;
  }
  if (type === 'string') {
    const input = STRING_INPUTS[String(schema.format)] ?? 'text';
    const lengths = {
      minlength: schema.minLength as number | undefined,
      maxlength: schema.maxLength as number | undefined,
    };
    return `<input${attributes({ ...common, type: input, ...lengths, 'data-type': 'string' })}>`;
  }
  return `<textarea${attributes({ ...common, rows: 3, 'data-type': 'json', placeholder: 'JSON' })}></textarea>`;
}

/** The fields for a body schema: labelled inputs for an object's properties, else one JSON textarea. */
export function formFields(body: JSONSchema | undefined): string {
  const schema = (body ?? {}) as Schema;
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (schema.type !== 'object' || properties === undefined || typeof properties !== 'object') {
    return `<label>Body (JSON)<textarea${attributes({ name: 'body', rows: 6, 'data-type': 'raw' })}></textarea></label>`;
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties)
    .map(([name, property]) => {
      const title = typeof property.title === 'string' ? property.title : name;
      return `<label>${escapeHtml(title)}${inputFor(name, property ?? {}, required.has(name))}</label>`;
    })
    .join('\n');
}
