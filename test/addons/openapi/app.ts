// A small notes API the OpenAPI tests describe: routes with schemas, documentation options, a
// permission under a security policy, a regex placeholder, a *rest route and a traversal view.
import { Type } from '@sinclair/typebox';
import openapi from '../../../addons/openapi/index.js';
import {
  ACLHelper,
  Allow,
  Configurator,
  Everyone,
  HTTPNotFound,
  type Request,
  type SecurityPolicy,
  type Settings,
} from '../../../lib/index.js';

const Note = Type.Object({ id: Type.Integer(), title: Type.String() });
const NewNote = Type.Object({ title: Type.String({ minLength: 1 }) }, { additionalProperties: false });

/** Reads need nothing; `edit` is granted to a request with `X-User: editor`. */
export const editorPolicy: SecurityPolicy = {
  identity: (request: Request) => request.headers['x-user'] ?? null,
  authenticatedUserid: (request: Request) => (request.headers['x-user'] as string | undefined) ?? null,
  permits: (request: Request, _context: unknown, permission: string) =>
    new ACLHelper().permits(
      {
        __acl__: [
          [Allow, Everyone, 'view'],
          ...(request.headers['x-user'] === 'editor' ? [[Allow, Everyone, 'edit']] : []),
        ],
      },
      [Everyone],
      permission,
    ),
  remember: () => [],
  forget: () => [],
};

export class Folder {}

/** The notes app: a Configurator, not committed, with the OpenAPI add-on included. */
export function notesConfig(settings: Settings = {}): Configurator {
  const notes = new Map([[1, { id: 1, title: 'First', secret: 'never sent' }]]);
  const config = new Configurator({
    settings: { 'openapi.title': 'Notes', 'openapi.version': '1.2.0', ...settings },
  });
  config.include(openapi);
  config.setSecurityPolicy(editorPolicy);
  config.addRoute('notes', '/notes');
  config.addRoute('note', '/notes/{id:\\d+}');
  config.addRoute('files', '/files/*path');
  config.addView(() => [...notes.values()], {
    routeName: 'notes',
    requestMethod: 'GET',
    renderer: 'json',
    summary: 'List the notes',
    tags: ['notes'],
    operationId: 'listNotes',
    schema: {
      query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: Type.Array(Note) },
    },
  });
  config.addView(
    (request) => {
      const note = { id: notes.size + 1, title: request.validated.body.title, secret: 'x' };
      notes.set(note.id, note);
      request.response.status = 201;
      return note;
    },
    {
      routeName: 'notes',
      requestMethod: 'POST',
      renderer: 'json',
      permission: 'edit',
      summary: 'Add a note',
      description: 'Editors only.',
      tags: ['notes'],
      operationId: 'addNote',
      schema: { body: NewNote, response: { 201: Note } },
    },
  );
  config.addView(
    (request) => {
      const note = notes.get(request.validated.params.id);
      if (note === undefined) throw new HTTPNotFound({ detail: 'No such note' });
      return note;
    },
    {
      routeName: 'note',
      requestMethod: 'GET',
      renderer: 'json',
      operationId: 'getNote',
      deprecated: true,
      schema: {
        params: Type.Object({ id: Type.Integer() }),
        headers: Type.Object({ 'x-trace': Type.Optional(Type.String()) }),
        response: { 200: Note, '4xx': Type.Object({ title: Type.String() }) },
      },
    },
  );
  config.addView((request: Request) => ({ path: request.matchdict.path }), {
    routeName: 'files',
    renderer: 'json',
  });
  config.addView(() => 'folder', {
    context: Folder,
    name: 'contents',
    renderer: 'string',
    summary: 'A folder',
  });
  return config;
}
