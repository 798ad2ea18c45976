/** Durations shown to customers the way Brazilians write them: '45 min', '1h', '1h30'. */
export function formatDurationPtBr(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError(`Invalid duration: ${minutes}`);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
}
