// The request a schema'd view receives is typed from its schema: `npm run typecheck` compiles this
// file, so each `@ts-expect-error` below proves that a wrong field access is a type error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Static, Type } from '@sinclair/typebox';
import { type Configurator, type Request, type ValidatedRequest, viewConfig } from '../../../lib/index.js';

/** Compiles only when `value` has exactly type `T` (both ways assignable). */
function exactly<T>() {
  return <V extends T>(value: V & (T extends V ? unknown : never)) => value;
}

const Page = Type.Object({ title: Type.String(), draft: Type.Optional(Type.Boolean()) });
const schema = {
  body: Page,
  query: Type.Object({ page: Type.Integer() }),
  params: Type.Object({ id: Type.Integer() }),
};

function typeChecks(config: Configurator): void {
  config.addView(
    (request) => {
      exactly<string>()(request.validated.body.title);
      exactly<boolean | undefined>()(request.validated.body.draft);
      exactly<number>()(request.validated.query.page);
      exactly<number>()(request.validated.params.id);
      // A part without a schema is undefined.
      exactly<undefined>()(request.validated.headers);
      // @ts-expect-error: the body schema has no `nope`
      request.validated.body.nope;
      // @ts-expect-error: title is a string
      const n: number = request.validated.body.title;
      // The rest of the request is still a Request.
      return { path: request.path, n };
    },
    { routeName: 'pages', renderer: 'json', schema },
  );
  config.addView(
    (request) => {
      // @ts-expect-error: no query schema, so no query to read
      request.validated.query.page;
      return {};
    },
    { schema: { body: Page } },
  );
  // A plain JSON Schema object validates, but types nothing.
  config.addView((request) => exactly<unknown>()(request.validated.body), {
    schema: { body: { type: 'object' } },
  });
  // Views typed with the plain Request, and view classes, are taken as before.
  config.addView((request: Request) => request.validated.body, { schema });
  config.addView(
    class {
      call() {
        return {};
      }
    },
    { schema },
  );
  // A view typed for another schema is refused.
  const other = { body: Type.Object({ count: Type.Number() }) };
  const countView = (request: ValidatedRequest<typeof other>) => request.validated.body.count;
  // @ts-expect-error: the view expects a body with `count`, the schema gives `title`
  config.addView(countView, { schema });
  exactly<{ title: string; draft?: boolean }>()({} as Static<typeof Page>);
}

class Pages {
  @viewConfig({ routeName: 'pages', renderer: 'json', schema })
  create(request: ValidatedRequest<typeof schema>) {
    // @ts-expect-error: the params schema has no `slug`
    request.validated.params.slug;
    return { title: request.validated.body.title };
  }
}

describe('view schemas: types', () => {
  it('compiles (the checks are in the type checker)', () => {
    assert.equal(typeof typeChecks, 'function');
    assert.equal(typeof Pages, 'function');
  });
});
