// Checks made once every action has run: cross references between views, routes and renderers.

import { bindRequest } from '../declarative/injection.js';
import { checkResolvable } from '../declarative/resolvable.js';
import { ConfigurationError } from '../errors.js';
import { AllowedHosts } from '../http/allowed-hosts.js';
import { applyEventStreams, checkRealtimeSettings } from '../realtime/sse-index.js';
import { asBool } from '../settings/values.js';
import { applyBrowsableApi } from './browsable-api.js';
import { applyViewDerivers } from './derivers.js';
import type { Registry } from './registry.js';
import { resolveRenderers } from './rendering.js';
import { effectivePermission } from './security.js';
import { checkSettings } from './settings-declarations.js';
import type { ConfigState } from './state.js';
import { tweenChains } from './tweens.js';
import { applyRateLimits } from './view-rate-limits.js';
import { applyViewSchemas } from './view-schemas.js';

function checkRouteNames(state: ConfigState): void {
  for (const view of [...state.views, ...state.exceptionViews]) {
    if (view.routeName === null) continue;
    const route = state.routes.get(view.routeName);
    if (route === undefined) {
      const known = [...state.routes.keys()].join(', ') || 'none';
      throw new ConfigurationError(
        `A view names route '${view.routeName}', which does not exist (routes: ${known}) at ${view.site.location}`,
      );
    }
    if (route.static) {
      throw new ConfigurationError(
        `A view names route '${view.routeName}', which only generates URLs (static or external) and never matches, at ${view.site.location}`,
      );
    }
  }
}

function checkTraversePatterns(state: ConfigState): void {
  for (const route of state.routes.values()) {
    if (route.traverse === null) continue;
    const available = new Set([...route.compiled.paramNames, route.compiled.restName]);
    const missing = route.traverse.paramNames.filter((name) => !available.has(name));
    if (missing.length > 0) {
      throw new ConfigurationError(
        `Route '${route.name}': traverse uses ${missing.join(', ')}, which its pattern lacks, at ${route.location}`,
        { code: 'ZIG_ERR_ROUTE_PATTERN' },
      );
    }
  }
}

/**
 * Every class the container will make can be made: a missing binding fails the commit. Classes made
 * once for the app are made now, so their constructors fail the commit too.
 */
function checkContainerClasses(state: ConfigState, registry: Registry): void {
  for (const entry of state.containerClasses) {
    const once = entry.make !== undefined;
    checkResolvable(registry.container, entry.cls, entry.site, entry.role, { once });
    entry.make?.();
  }
}

/** Validate and complete the committed state. Runs at the end of every commit. */
export function finalizeState(state: ConfigState, registry: Registry): void {
  bindRequest(registry.container);
  checkRouteNames(state);
  checkContainerClasses(state, registry);
  checkTraversePatterns(state);
  tweenChains(state, registry.settings); // a tween order that cannot be made fails the commit
  resolveRenderers(state, registry, state.views);
  resolveRenderers(state, registry, state.exceptionViews);
  for (const view of state.views) view.permission = effectivePermission(state, view.permission);
  applyViewDerivers(state, registry);
  applyViewSchemas(state);
  applyRateLimits(state, registry);
  applyEventStreams(state);
  checkRealtimeSettings(registry.settings);
  applyBrowsableApi(state, registry);
  state.debugAuthorization = asBool(registry.settings['ziggurat.debugAuthorization']);
  state.allowedHosts = AllowedHosts.fromSetting(registry.settings['ziggurat.allowed_hosts']);
  checkSettings(state, registry);
  state.commits++;
}
