import v8 from 'node:v8';
import vm from 'node:vm';

/** global.gc without restarting node: the flag is set at run time and gc taken from a fresh context. */
export function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** This process's heap and RSS after three full collections, each after a turn of the event loop. */
export async function settledHeap(gc: () => void): Promise<{ heapUsed: number; rss: number }> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, rss: usage.rss };
}
