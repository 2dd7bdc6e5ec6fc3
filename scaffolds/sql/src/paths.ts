// Where the app's templates, static files and migrations are: two levels up from the compiled dist/src/.

/** The Handlebars templates (partials/ holds the layout). */
export const TEMPLATES = new URL('../../templates/', import.meta.url);

/** The static files, served under /static/. */
export const STATIC = new URL('../../static/', import.meta.url);

/** The migrations (plain .js files), used when the settings do not name `sql.migrations`. */
export const MIGRATIONS = new URL('../../migrations/', import.meta.url);
