// Where the app's templates and static files are: next to src/, two levels up from the compiled dist/src/.

/** The Handlebars templates (partials/ holds the layout). */
export const TEMPLATES = new URL('../../templates/', import.meta.url);

/** The static files, served under /static/. */
export const STATIC = new URL('../../static/', import.meta.url);
