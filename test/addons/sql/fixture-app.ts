// A settings-file app for the migrate command's tests: includes the SQL add-on with the file's settings.
import * as sql from '../../../addons/sql/index.js';
import { Configurator, type Settings } from '../../../lib/index.js';

export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings });
  config.include(sql);
  return config;
}
