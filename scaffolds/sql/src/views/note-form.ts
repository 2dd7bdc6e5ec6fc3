// Reading and checking the form that adds a note.
import { MAX_NOTE_LENGTH } from '../models/notes.js';

/** What a submitted note form holds, trimmed, and what is wrong with it. */
export interface NoteForm {
  text: string;
  errors: string[];
}

/**
 * Read the `text` field (required, at most MAX_NOTE_LENGTH characters) of a form post.
 * @example readNoteForm({ text: ' Buy tea ' }) // { text: 'Buy tea', errors: [] }
 */
export function readNoteForm(body: unknown): NoteForm {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).text : undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const errors: string[] = [];
  if (text === '') errors.push('Write something first.');
  if (text.length > MAX_NOTE_LENGTH) errors.push(`A note holds at most ${MAX_NOTE_LENGTH} characters.`);
  return { text, errors };
}
