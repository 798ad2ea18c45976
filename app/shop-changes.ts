import type { PatinhaActors } from '../actors/patinha-actors.js';
import type { Logger } from '../runtime/logger.js';
import { ShopChangeListener } from '../storage/shop-change-feed.js';

/**
 * Several nodes share one PostgreSQL: a shop changed through another node reloads its snapshot
 * here too, and after the listener missed news (a dropped connection) every shop reloads.
 */
export function followShopChanges(actors: PatinhaActors, connectionString: string, logger: Logger): ShopChangeListener {
  const source = actors.changeSource;
  return ShopChangeListener.start({
    connectionString,
    onChange: (change) => {
      if (change.nodeId !== source) void actors.reloadShops([change.orgId]);
    },
    onResync: () => void actors.reloadShops(),
    onError: (error) => logger.warn({ err: error }, 'shop change listener lost its connection; reconnecting'),
  });
}
