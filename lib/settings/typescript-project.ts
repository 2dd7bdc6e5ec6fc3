// The TypeScript project a settings file belongs to: the tsconfig.json that compiles the app it names.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The `tsconfig.json` of the app a settings file belongs to: beside the settings file, or in the app's
 * root (the nearest folder above it with a `package.json`); undefined for an app without one.
 * `ziggurat serve --reload` compiles it, and a command run before the first build says to build.
 * @example findTsconfig('/home/ada/shop/development.ini') // '/home/ada/shop/tsconfig.json'
 */
export function findTsconfig(settingsFile: string): string | undefined {
  let directory = dirname(settingsFile);
  for (;;) {
    const candidate = join(directory, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (existsSync(join(directory, 'package.json')) || parent === directory) return undefined;
    directory = parent;
  }
}
