// A class-level view: its call method answers.
import { viewConfig } from '../../../../lib/index.js';

@viewConfig({ routeName: 'health', renderer: 'string' })
export class Health {
  call() {
    return 'ok';
  }
}
