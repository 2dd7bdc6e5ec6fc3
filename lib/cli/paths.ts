// Where the command's own entry point is, so that reloader children and cluster workers run it.
import { fileURLToPath } from 'node:url';

/** The compiled process entry of the `ziggurat` command (main.js next to this file). */
export const MAIN_SCRIPT = fileURLToPath(new URL('./main.js', import.meta.url));
