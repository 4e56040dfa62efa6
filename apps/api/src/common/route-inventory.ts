import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { routeDecision, type Role } from '@interdict/auth';
import { HOT_READ } from './hot-reads';

/** One HTTP route of the running app and the access decision it carries. */
export interface RouteInfo {
  method: string;
  path: string;
  controller: string;
  handler: string;
  decision: Role | 'public' | null;
  /** Marked @HotRead(): repeats of a URL it answered are served by the hot read path. */
  hot: boolean;
}

const joinPath = (...parts: string[]): string =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** Every controller route registered in the app, found through Nest's discovery (for tests and docs). */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const type = wrapper.metatype as (new (...a: unknown[]) => object) | undefined;
    if (!instance || !type) continue;
    const base = Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined;
    const bases = Array.isArray(base) ? base : [base ?? ''];
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const handler = (instance as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (sub === undefined || method === undefined) continue;
      const decision = routeDecision(reflector, handler, type);
      const hot = reflector.get<boolean | undefined>(HOT_READ, handler) === true;
      for (const b of bases) {
        for (const s of Array.isArray(sub) ? sub : [sub]) {
          routes.push({
            method: RequestMethod[method],
            path: joinPath(b, s),
            controller: type.name,
            handler: name,
            decision,
            hot,
          });
        }
      }
    }
  }
  return routes;
}
