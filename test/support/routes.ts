import type { INestApplication } from '@nestjs/common';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Every route the running app answers, as `METHOD /path`, read from Express's own router so that
 * nothing registered can be missed (Nest controllers, Swagger, the console). Middleware bound to
 * routes shows up as extra layers with the same path; those collapse here.
 */
export function registeredRoutes(app: INestApplication): string[] {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
  const routes = new Set<string>();
  for (const layer of router.stack) {
    if (!layer.route) continue;
    const methods = Object.keys(layer.route.methods);
    // app.all(): every verb Node knows, listed once.
    if (methods.length > 20) {
      routes.add(`ALL ${layer.route.path}`);
      continue;
    }
    for (const method of methods) {
      routes.add(`${method.toUpperCase()} ${layer.route.path}`);
    }
  }
  return [...routes].sort();
}
