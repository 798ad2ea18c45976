import { ApiError, messageOf } from './api.js';

/**
 * Server validation errors in pt-BR. The API answers 400 VALIDATION_FAILED
 * with `details.problems: [{ path, message }]` (request schema) or a message
 * "path: problem; path: problem" (domain rules), both in English; each form
 * names its own fields (`label(path)`), the wording of the rule is shared here.
 */
const RULES = [
  [/closes must be after opens/i, () => 'o horário de fechar precisa ser depois do de abrir'],
  [/expected 'HH:mm'/i, () => 'use o formato HH:mm'],
  [/closure must end after it starts/i, () => 'o fim precisa ser igual ou depois do início'],
  [/expected an ISO instant with offset or YYYY-MM-DD|a date YYYY-MM-DD/i, () => 'data inválida'],
  [/unknown IANA time zone|an IANA time zone/i, () => 'fuso horário desconhecido'],
  [/a phone number/i, () => 'telefone inválido (ex.: +55 11 98765-4321)'],
  [/price at least one size/i, () => 'informe duração e preço de pelo menos um porte'],
  [/Too small: expected string to have >=1 characters/i, () => 'não pode ficar em branco'],
  [/Too small: expected string to have >=(\d+) characters/i, (m) => `no mínimo ${m[1]} caracteres`],
  [/Too big: expected string to have <=(\d+) characters/i, (m) => `no máximo ${m[1]} caracteres`],
  [/Too small: expected number to be >=?(-?[\d.]+)/i, (m) => `precisa ser no mínimo ${m[1]}`],
  [/Too big: expected number to be <=?(-?[\d.]+)/i, (m) => `precisa ser no máximo ${m[1]}`],
  [/Too big: expected array to have <=(\d+) items/i, (m) => `no máximo ${m[1]} itens`],
  [/expected int/i, () => 'use um número inteiro'],
  [/expected number/i, () => 'informe um número'],
  [/Unrecognized key/i, () => 'campo não reconhecido'],
  [/at most 16 kB/i, () => 'dados demais'],
];

export function ruleText(message) {
  for (const [pattern, say] of RULES) {
    const m = pattern.exec(String(message ?? ''));
    if (m) return say(m);
  }
  return 'valor inválido';
}

/** The server's problems as `{ path, message }`, paths without the "body." prefix. */
export function problemsOf(error) {
  if (!(error instanceof ApiError)) return [];
  const listed = Array.isArray(error.details?.problems) ? error.details.problems : undefined;
  const raw = listed ?? String(error.serverMessage ?? '').replace(/^Invalid \w+:\s*/, '').split(/;\s*/).map((part) => {
    const m = /^([\w.]+):\s+(.*)$/.exec(part.trim());
    return m ? { path: m[1], message: m[2] } : { path: '', message: part };
  });
  return raw.map((p) => ({ path: String(p.path ?? '').replace(/^body\.?/, ''), message: String(p.message ?? '') }));
}

/**
 * pt-BR lines for an API error: "Sábado: o horário de fechar precisa ser
 * depois do de abrir." for validation failures, the generic message otherwise.
 */
export function explain(error, label = () => undefined) {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return [messageOf(error)];
  const lines = problemsOf(error).filter((p) => p.message).map((p) => {
    const where = p.path ? label(p.path) : undefined;
    const rule = ruleText(p.message);
    return where ? `${where}: ${rule}.` : `${capitalize(rule)}.`;
  });
  return lines.length ? [...new Set(lines)] : [messageOf(error)];
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
