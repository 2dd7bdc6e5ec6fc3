// The key signing the session cookie: the `session.secret` setting (or SESSION_SECRET in the environment),
// else a random one made on the first start and kept in var/session-secret beside the settings file.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from 'ziggurat';

/** The file keeping the made secret, under the settings file's folder (`here`). */
export function secretFile(here: string): string {
  return join(here, 'var', 'session-secret');
}

function madeSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret in `file`, made first when there is none (by one process: the others read it). */
function keptSecret(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  // Written whole under another name, then linked into place: link() fails when the file exists, so
  // when several workers start at once one secret wins and nobody reads a half-written file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${madeSecret()}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The settings with a `session.secret`: the one given, else the one kept in var/session-secret (made on
 * the first start), so that sessions and their CSRF tokens outlive a restart and every worker of the
 * machine shares them. Without a settings file (`here`, as in the tests) a random one for this process.
 * Several machines must share one secret: set SESSION_SECRET on each.
 * @example const config = new Configurator({ settings: withSessionSecret(settings) });
 */
export function withSessionSecret(settings: Settings): Settings {
  const given = settings['session.secret'];
  if (given !== undefined && given !== null && given !== '') return settings;
  const here = settings.here;
  const secret = typeof here === 'string' && here !== '' ? keptSecret(secretFile(here)) : madeSecret();
  return { ...settings, 'session.secret': secret };
}
