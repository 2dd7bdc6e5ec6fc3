// What a directive implementation needs from the configurator that called it.

import type { CallSite } from '../declarative/call-site.js';
import type { Discriminator, IncludeStep } from './actions.js';
import type { Registry } from './registry.js';
import type { ConfigState } from './state.js';

/** The calling configurator's view of the configuration, with the directive's call site. */
export interface ConfigContext {
  readonly registry: Registry;
  readonly state: ConfigState;
  readonly routePrefix: string;
  readonly includePath: readonly IncludeStep[];
  readonly site: CallSite;
  /** Record an action; it runs at commit in phase `order` (default: routes and views). */
  record(discriminator: Discriminator, run: () => void | Promise<void>, order?: number): void;
}
