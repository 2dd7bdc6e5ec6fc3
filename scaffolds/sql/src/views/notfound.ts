// The page for URLs that nothing answers (status 404).
import { inject, notFoundViewConfig, Request } from 'ziggurat';

/** Answers every 404 with the not-found page. */
export class NotFoundView {
  constructor(@inject(Request) private readonly request: Request) {}

  @notFoundViewConfig({ renderer: 'notfound.hbs' })
  call() {
    return { project: '__PROJECT_TITLE__', path: this.request.path };
  }
}
