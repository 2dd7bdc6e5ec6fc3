// The home page.
import { inject, Request, viewConfig } from 'ziggurat';

/** Views of the app's own pages; the container makes one per request with the current Request. */
export class DefaultViews {
  constructor(@inject(Request) private readonly request: Request) {}

  @viewConfig({ routeName: 'home', renderer: 'home.hbs' })
  home() {
    return { project: '__PROJECT_TITLE__', path: this.request.path };
  }
}
