// The notes as a JSON API: list, read and add notes, their schemas documented at /openapi.json and /docs.
import { Type } from '@sinclair/typebox';
import {
  exceptionViewConfig,
  HTTPError,
  HTTPNotFound,
  HTTPUnsupportedMediaType,
  type Request,
  type ValidatedRequest,
  viewConfig,
} from 'ziggurat';
import { MAX_NOTE_LENGTH, type Note, Notes } from '../models/notes.js';

/** A note as the API answers it: only these fields leave the server. */
const ApiNote = Type.Object({
  id: Type.String(),
  text: Type.String(),
  createdAt: Type.String({ description: 'When the note was added (ISO 8601)' }),
  url: Type.String({ description: "The note's URL in this API" }),
});

const list = { response: { 200: Type.Array(ApiNote) } };
const read = { params: Type.Object({ id: Type.String() }), response: { 200: ApiNote } };
const add = {
  // At least one character that is not a space, as the form asks; saved trimmed.
  body: Type.Object(
    { text: Type.String({ pattern: '\\S', maxLength: MAX_NOTE_LENGTH }) },
    { additionalProperties: false },
  ),
  response: { 201: ApiNote },
};

const JSON_BODY = /^application\/json\b/i;

function toApi(request: Request, note: Note) {
  const url = request.routePath('api_note', { params: { id: note.id } });
  return { id: note.id, text: note.text, createdAt: note.created_at, url };
}

/** The API's views; errors on its routes answer as problem documents, not the HTML 404 page. */
export class NotesApi {
  @viewConfig({
    routeName: 'api_notes',
    requestMethod: 'GET',
    renderer: 'json',
    summary: 'List the notes, newest first',
    tags: ['notes'],
    operationId: 'listNotes',
    schema: list,
  })
  async list(request: ValidatedRequest<typeof list>) {
    return (await new Notes(request.db).list()).map((note) => toApi(request, note));
  }

  /**
   * Anyone may add a note, with or without a session, so the API takes no CSRF token; it takes JSON
   * only, which a browser sends to another site only when that site allows it (CORS), so another
   * site's page cannot add notes here.
   */
  @viewConfig({
    routeName: 'api_notes',
    requestMethod: 'POST',
    renderer: 'json',
    requireCsrf: false,
    summary: 'Add a note',
    tags: ['notes'],
    operationId: 'addNote',
    schema: add,
  })
  async add(request: ValidatedRequest<typeof add>) {
    if (!JSON_BODY.test(request.headerValue('content-type') ?? '')) {
      throw new HTTPUnsupportedMediaType({ detail: 'Send the note as application/json.' });
    }
    const note = await new Notes(request.db).add(request.validated.body.text.trim());
    const answer = toApi(request, note);
    request.response.status = 201;
    request.response.headers.set('location', answer.url);
    return answer;
  }

  @viewConfig({
    routeName: 'api_note',
    requestMethod: 'GET',
    renderer: 'json',
    summary: 'Read a note',
    tags: ['notes'],
    operationId: 'getNote',
    schema: read,
  })
  async read(request: ValidatedRequest<typeof read>) {
    const note = await new Notes(request.db).find(request.validated.params.id);
    if (note === undefined)
      throw new HTTPNotFound({ detail: `There is no note ${request.validated.params.id}` });
    return toApi(request, note);
  }

  /** The API's errors as they are: problem documents for JSON clients (a route's own views come first). */
  @exceptionViewConfig(HTTPError, { routeName: 'api_notes' })
  @exceptionViewConfig(HTTPError, { routeName: 'api_note' })
  error(request: Request) {
    return request.exception as HTTPError;
  }
}
