// Run a command against the app of a settings file, closing the app (and its add-ons) afterwards.
import { resolve } from 'node:path';
import { loadApp } from '../config/app-loader.js';
import type { CliIO, LoadedApp } from './command.js';

/** Load the app quietly (no request logs on the command's output), run `fn`, then close the app. */
export async function withApp<T = number>(
  file: string,
  io: CliIO,
  fn: (loaded: LoadedApp) => Promise<T>,
): Promise<T> {
  const loaded = await loadApp(resolve(io.cwd, file), { env: io.env, logger: false });
  try {
    return await fn(loaded);
  } finally {
    await loaded.close();
  }
}
