// An app that dispatches by traversal only (no routes), with a static view, as the traversal scaffold does.
import { Configurator, type Request, type Resource, type Settings } from '../../../lib/index.js';

export class Folder implements Resource {
  readonly children = new Map<string, Resource>();
  constructor(
    readonly __name__: string,
    readonly __parent__: Resource | null,
  ) {}
  __getitem__(name: string): Resource | undefined {
    return this.children.get(name);
  }
}

const ROOT = new Folder('', null);
ROOT.children.set('docs', new Folder('docs', ROOT));

/** The root factory `ziggurat routes` names. */
function makeRoot(_request: Request): Folder {
  return ROOT;
}

function listing(request: Request) {
  return { folder: (request.context as Folder).__name__ };
}

function addForm() {
  return { form: true };
}

/** The app's entry point. */
export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings });
  config.setRootFactory(makeRoot);
  config.addView(listing, { context: Folder, renderer: 'json' });
  config.addView(addForm, { context: Folder, name: 'add', requestMethod: 'POST', renderer: 'json' });
  config.addStaticView('static', new URL('../../../../test/cli/traversal-app/static/', import.meta.url));
  return config;
}
