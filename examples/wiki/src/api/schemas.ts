// The JSON API's schemas (TypeBox): what requests must hold, and the only fields answers carry.
import { Type } from '@sinclair/typebox';
import { WIKIWORD_PATTERN } from '../wikiwords.js';

const PageName = Type.String({ pattern: WIKIWORD_PATTERN, description: 'A WikiWord, such as FrontPage' });

const pageFields = {
  name: Type.String(),
  /** The page in the API. */
  url: Type.String({ description: "The page's URL in this API" }),
  /** The page for people. */
  pageUrl: Type.String({ description: "The page's URL on the wiki" }),
  author: Type.Union([Type.String(), Type.Null()], { description: 'Who saved the page last' }),
  updatedAt: Type.String({ description: 'When the page was saved last (ISO 8601); send it back to update' }),
};

/** A page in the list: no text. */
export const PageSummary = Type.Object(pageFields);

/** A page with its text. */
export const Page = Type.Object({
  ...pageFields,
  body: Type.String({ description: 'The text, WikiWords and all' }),
});

/** The page named in the URL. */
export const PageParams = Type.Object({ pagename: Type.String() });

/** Adding a page. */
export const NewPage = Type.Object({ name: PageName, body: Type.String() }, { additionalProperties: false });

/** Saving a page's text; `updatedAt`, when sent, must be the page's (else someone saved it since: 409). */
export const PageUpdate = Type.Object(
  {
    body: Type.String(),
    updatedAt: Type.Optional(Type.String({ description: 'The updatedAt read before editing' })),
  },
  { additionalProperties: false },
);

/** Who is logged in, and the CSRF token every POST, PUT and DELETE must send (`X-CSRF-Token`). */
export const SessionState = Type.Object({
  user: Type.Union([Type.String(), Type.Null()]),
  csrfToken: Type.String(),
});

/** Logging in. */
export const Credentials = Type.Object(
  { username: Type.String(), password: Type.String() },
  { additionalProperties: false },
);
