// The home page: the notes, newest first, and the form adding one.
import { HTTPSeeOther, inject, Request, viewConfig } from 'ziggurat';
import { MAX_NOTE_LENGTH, type Note, Notes } from '../models/notes.js';
import { type NoteForm, readNoteForm } from './note-form.js';

/** Views of the app's own pages; the container makes one per request with the current Request. */
export class DefaultViews {
  constructor(@inject(Request) private readonly request: Request) {}

  @viewConfig({ routeName: 'home', requestMethod: 'GET', renderer: 'home.hbs' })
  async home() {
    return this.#page({ text: '', errors: [] });
  }

  /** Add a note, then redirect (303) to the list; a bad form is shown again with a 400. */
  @viewConfig({ routeName: 'home', requestMethod: 'POST', renderer: 'home.hbs' })
  async add() {
    const form = readNoteForm(this.request.body);
    if (form.errors.length > 0) {
      this.request.response.status = 400;
      return this.#page(form);
    }
    await new Notes(this.request.db).add(form.text);
    return new HTTPSeeOther(this.request.routePath('home'));
  }

  async #page(form: NoteForm) {
    const notes = await new Notes(this.request.db).list();
    return {
      project: '__PROJECT_TITLE__',
      notes: notes.map(noteValues),
      form,
      maxLength: MAX_NOTE_LENGTH,
      action: this.request.routePath('home'),
    };
  }
}

function noteValues(note: Note) {
  return { text: note.text, createdAt: note.created_at, date: note.created_at.slice(0, 10) };
}
