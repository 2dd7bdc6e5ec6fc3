// Reading and checking the add and edit forms.

/** What a submitted form holds, trimmed, and what is wrong with it. */
export interface FormResult {
  title: string;
  body: string;
  errors: string[];
}

const MAX_TITLE = 200;
const MAX_BODY = 100_000;

function field(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

/** Read `title` (required) and `body` from a form post. */
export function readForm(body: unknown): FormResult {
  const result = { title: field(body, 'title'), body: field(body, 'body'), errors: [] as string[] };
  if (result.title === '') result.errors.push('The title is required.');
  if (result.title.length > MAX_TITLE)
    result.errors.push(`The title is longer than ${MAX_TITLE} characters.`);
  if (result.body.length > MAX_BODY) result.errors.push(`The text is longer than ${MAX_BODY} characters.`);
  return result;
}
