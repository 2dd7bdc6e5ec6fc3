// A module of view classes for the scan tests: defaults on the class, one view per method.
import { inject, injectable, Request, viewConfig, viewDefaults } from '../../../lib/index.js';

@injectable()
@viewDefaults({ routeName: 'items', renderer: 'json' })
export class ItemViews {
  constructor(@inject(Request) private readonly request: Request) {}

  @viewConfig({ requestMethod: 'GET' })
  list() {
    return { items: ['a', 'b'], path: this.request.path };
  }

  @viewConfig({ requestMethod: 'POST' })
  create() {
    return { created: true };
  }
}

/** Exported but not declared: scanning the module skips it. */
export class NotAView {}

export const notAClass = 42;
