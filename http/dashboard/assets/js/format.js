/** pt-BR formatting and calendar arithmetic in the shop's time zone. */
const LOCALE = 'pt-BR';
const formatters = new Map();

function fmt(timeZone, options) {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, { timeZone, ...options });
    formatters.set(key, f);
  }
  return f;
}

export const time = (iso, tz) => fmt(tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
export const shortDate = (iso, tz) => fmt(tz, { weekday: 'short', day: '2-digit', month: '2-digit' }).format(new Date(iso));
export const dateTime = (iso, tz) => fmt(tz, { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

const money = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'BRL' });
export const brl = (cents) => money.format((cents ?? 0) / 100);

/** `+5511987654321` → `+55 11 98765-4321` (other countries as they are). */
export function phone(e164) {
  if (!e164) return '';
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  return m ? `+55 ${m[1]} ${m[2]}-${m[3]}` : e164;
}

export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${m % 60} min`;
  return `${Math.floor(hours / 24)} dias`;
}

/** "há 5 min", "ontem 14:02"… relative to the browser's now. */
export function ago(iso, tz) {
  if (!iso) return '';
  const diff = Date.now() - new Date(iso).getTime();
  if (diff < 45_000) return 'agora';
  if (diff < 3_600_000) return `há ${Math.round(diff / 60_000)} min`;
  if (localDate(Date.now(), tz) === localDate(iso, tz)) return time(iso, tz);
  return dateTime(iso, tz);
}

// ---- calendar days (YYYY-MM-DD) in a time zone ----

/** The shop-local calendar date of an instant. */
export function localDate(instant, tz) {
  const parts = fmt(tz, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
  const get = (t) => parts.find((p) => p.type === t).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Offset of `tz` at `epochMs`, in ms (São Paulo: -3 h). */
function offsetMs(epochMs, tz) {
  const parts = fmt(tz, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(epochMs));
  const n = (t) => Number(parts.find((p) => p.type === t).value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(epochMs / 1000) * 1000;
}

/** The instant a local day starts (00:00 in `tz`). */
export function startOfDay(date, tz) {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - offsetMs(guess, tz);
  instant = guess - offsetMs(instant, tz); // a second pass settles DST edges
  return instant;
}

/** The instant a local date and wall time ('HH:MM') name in `tz`. */
export function localToInstant(date, hhmm, tz) {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = hhmm.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let instant = guess - offsetMs(guess, tz);
  instant = guess - offsetMs(instant, tz);
  return instant;
}

export function addDays(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** The Monday of the week that holds `date`. */
export const weekStart = (date) => addDays(date, -((weekday(date) + 6) % 7));

const plain = (date, options) => new Intl.DateTimeFormat(LOCALE, { timeZone: 'UTC', ...options }).format(new Date(`${date}T12:00:00Z`));
export const longDay = (date) => plain(date, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
export const dayHeader = (date) => plain(date, { weekday: 'short', day: '2-digit', month: '2-digit' });
export const dayMonth = (date) => plain(date, { day: '2-digit', month: '2-digit' });

/** An instant as ISO 8601 (the API accepts any offset). */
export const iso = (epochMs) => new Date(epochMs).toISOString();

// ---- labels ----

export const INSTANCE_STATUS = {
  created: { label: 'Novo', tone: 'neutral' },
  connecting: { label: 'Conectando…', tone: 'warn' },
  qr: { label: 'Aguardando QR code', tone: 'warn' },
  pairing: { label: 'Aguardando código', tone: 'warn' },
  open: { label: 'Conectado', tone: 'ok' },
  reconnecting: { label: 'Reconectando', tone: 'warn' },
  logged_out: { label: 'Desconectado', tone: 'neutral' },
  replaced: { label: 'Aberto em outro lugar', tone: 'bad' },
  banned: { label: 'Bloqueado pelo WhatsApp', tone: 'bad' },
  failed: { label: 'Falhou', tone: 'bad' },
};

export const BOOKING_STATUS = {
  scheduled: { label: 'Agendado', tone: 'info' },
  confirmed: { label: 'Confirmado', tone: 'ok' },
  completed: { label: 'Concluído', tone: 'done' },
  cancelled: { label: 'Cancelado', tone: 'neutral' },
  no_show: { label: 'Não veio', tone: 'bad' },
};

export const SIZE_LABEL = { P: 'pequeno', M: 'médio', G: 'grande', GG: 'gigante' };

export const CAMPAIGN_STATUS = {
  draft: { label: 'Rascunho', tone: 'info' },
  confirmed: { label: 'Confirmada', tone: 'info' },
  sending: { label: 'Enviando', tone: 'warn' },
  completed: { label: 'Concluída', tone: 'ok' },
  cancelled: { label: 'Cancelada', tone: 'neutral' },
  stopped: { label: 'Interrompida', tone: 'bad' },
};

export const CAMPAIGN_TITLE = { reativacao: 'Campanha de reativação', promocional: 'Campanha promocional', aniversario: 'Campanha de aniversário' };

/** 0 = Sunday … 6 = Saturday; the week is shown from Monday, as Brazilian shops plan it. */
export const WEEKDAY_NAME = ['Domingo', 'Segunda-feira', 'Terça-feira', 'Quarta-feira', 'Quinta-feira', 'Sexta-feira', 'Sábado'];
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** `YYYY-MM-DD` (or the start of an ISO date-time) → `DD/MM/AAAA`. */
export function ddmmyyyy(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(date ?? ''));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(date ?? '');
}

export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** Cents → the text of a price field: 6500 → "65,00". */
export const centsToInput = (cents) => (cents / 100).toFixed(2).replace('.', ',');

/** A price typed the Brazilian way ("65", "65,5", "R$ 1.234,56", "65.50") → cents, or null. */
export function parsePriceCents(input) {
  let text = String(input ?? '').replace(/R\$|\s/g, '');
  if (!text) return null;
  if (text.includes(',')) text = text.replace(/\./g, '').replace(',', '.');
  else if (!/^\d+(\.\d{1,2})?$/.test(text)) text = text.replace(/\./g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

export const AUTHOR_LABEL = { customer: 'Cliente', bot: 'Robô', staff: 'Equipe', aurora: 'Aurora' };

/** A phone typed any Brazilian way → E.164, or null. */
export function toE164(input) {
  const raw = String(input ?? '').trim();
  const digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+')) return digits.length >= 8 ? `+${digits}` : null;
  if (digits.length === 10 || digits.length === 11) return `+55${digits}`;
  if (digits.startsWith('55') && (digits.length === 12 || digits.length === 13)) return `+${digits}`;
  return null;
}
