// Unit tests of reading the note form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_NOTE_LENGTH } from '../../src/models/notes.js';
import { readNoteForm } from '../../src/views/note-form.js';

describe('readNoteForm', () => {
  it('trims the text', () => {
    assert.deepEqual(readNoteForm({ text: '  Buy tea \n' }), { text: 'Buy tea', errors: [] });
  });

  it('requires some text', () => {
    for (const body of [{ text: '   ' }, {}, { text: ['a', 'b'] }, undefined, 'text=a']) {
      assert.deepEqual(readNoteForm(body).errors, ['Write something first.'], JSON.stringify(body));
    }
  });

  it('refuses a note longer than the column', () => {
    assert.equal(readNoteForm({ text: 'x'.repeat(MAX_NOTE_LENGTH) }).errors.length, 0);
    assert.deepEqual(readNoteForm({ text: 'x'.repeat(MAX_NOTE_LENGTH + 1) }).errors, [
      `A note holds at most ${MAX_NOTE_LENGTH} characters.`,
    ]);
  });
});
