import { isIP } from 'node:net';
import type { RequestHandler } from 'express';
import { secretsEqual } from '../storage/api-tokens.js';
import { bearerToken } from './auth.js';
import { HttpError } from './errors.js';

/** True for 127.0.0.0/8 and ::1, IPv4-mapped forms included. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.replace(/^::ffff:/i, '');
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(address) === 6 && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(address);
}

/**
 * Who may read /metrics: with METRICS_TOKEN set, whoever presents it as a
 * bearer token (from anywhere: a Prometheus on another host); without it, only
 * this machine, since the numbers describe every shop on the node.
 */
export function metricsAccess(metricsToken: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (metricsToken) {
      const token = bearerToken(req.header('authorization'));
      if (!token || !secretsEqual(token, metricsToken)) return next(new HttpError(401, 'UNAUTHORIZED', 'Missing or invalid metrics token'));
      return next();
    }
    if (!isLoopback(req.socket.remoteAddress)) return next(new HttpError(403, 'FORBIDDEN', 'Metrics are served to this machine only unless METRICS_TOKEN is set'));
    next();
  };
}
