// A subscriber class found by scanning the directory above.
import { NewResponse, subscriber } from '../../../../lib/index.js';

@subscriber(NewResponse)
export class ScannedHeader {
  handle(event: NewResponse) {
    event.response.headers.set('X-Scanned', 'yes');
  }
}
