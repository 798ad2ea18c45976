import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';

/**
 * The owner's dashboard: static pt-BR pages and ES modules under
 * `http/dashboard/`, served as they are (no build step), plus the Socket.IO
 * browser client from node_modules under `/vendor/`. Every answer carries a
 * strict Content-Security-Policy: scripts, styles, fetches and the socket only
 * from this origin, and images also from `data:` (WhatsApp QR codes).
 */
export const DASHBOARD_DIR = fileURLToPath(new URL('./dashboard/', import.meta.url));

export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CLIENT_FILE = 'socket.io.esm.min.js';

/**
 * The Socket.IO browser bundle: socket.io-client's own dist, or the copy the
 * socket.io server package ships in `client-dist/` (a runtime dependency, so
 * an install without dev dependencies still has one).
 */
export function socketIoClientDir(): string | undefined {
  const require = createRequire(import.meta.url);
  const candidates: Array<[pkg: string, dir: string]> = [['socket.io-client', 'dist'], ['socket.io', 'client-dist']];
  for (const [pkg, dir] of candidates) {
    try {
      const full = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), dir);
      if (existsSync(path.join(full, CLIENT_FILE))) return full;
    } catch {
      // not installed: try the next one
    }
  }
  return undefined;
}

const withCsp: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  next();
};

export function dashboardRoutes(options: { dir?: string; clientDir?: string } = {}): Router {
  const dir = options.dir ?? DASHBOARD_DIR;
  const clientDir = options.clientDir ?? socketIoClientDir();
  const router = Router();

  // The page itself is never cached, so a deploy shows at once; assets revalidate by ETag.
  router.get(['/', '/index.html'], withCsp, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(dir, 'index.html'));
  });
  router.use('/assets', withCsp, express.static(path.join(dir, 'assets'), { index: false, fallthrough: true, cacheControl: true, maxAge: 0 }));
  router.get('/favicon.ico', withCsp, (_req, res) => res.sendFile(path.join(dir, 'assets', 'favicon.svg'), { headers: { 'Content-Type': 'image/svg+xml' } }));
  if (clientDir) {
    router.get(['/vendor/socket.io.esm.min.js', '/vendor/socket.io.esm.min.js.map'], withCsp, (req, res) => {
      res.sendFile(path.join(clientDir, path.basename(req.path)), { maxAge: '1d' });
    });
  }
  return router;
}
