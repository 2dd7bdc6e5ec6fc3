// A settings-file app for the `ziggurat openapi` command's tests: the notes API with the file's settings.
import type { Configurator, Settings } from '../../../lib/index.js';
import { notesConfig } from './app.js';

export function main(settings: Settings): Configurator {
  return notesConfig(settings);
}
