import type { ServiceName } from './customer-intent.js';

/**
 * Which service a message is about, over canonical text.
 *
 * Several patterns can match one message ("banho e tosa" contains "banho" and
 * "tosa"; "tosa higiênica" contains "tosa"). A match inside a longer match is
 * dropped, then the earliest wins: the first service named is usually the one
 * asked about ("banho e hidratação" → banho).
 */
const SERVICE_PATTERNS: readonly (readonly [ServiceName, RegExp])[] = [
  ['banho e tosa', /\bbanhos? (e|com|mais) (a )?tosa\b|\btosa (e|com|mais) (o )?banho\b/g],
  ['tosa higiênica', /\btosa higienica\b|\bhigienica\b/g],
  ['hidratação', /\bhidrata\w*/g],
  ['corte de unhas', /\b(corte de unhas?|cortar (a |as )?unhas?|unhas?)\b/g],
  ['leva e traz', /\bleva e traz\b|\btaxi ?dog\b|\b(busca|buscam|buscar|buscaria|buscariam|pega|pegam|pegar|leva|levam|levar) [a-z ]{0,25}\bem casa\b|\btransporte\b/g],
  ['vacina', /\b(vacin\w*|v8|v10|v4|v5|antirrabica)\b/g],
  ['vermífugo', /\bvermifug\w*/g],
  ['castração', /\b(castra\w*)\b/g],
  ['exame', /\bexames?\b/g],
  ['consulta', /\b(consultas?|veterinari[oa]s?|clinico geral|atendimento veterinario)\b/g],
  ['hotel', /\b(hotel|hotelzinho|hospedagem|hospedar)\b/g],
  ['creche', /\b(creche|daycare|day care)\b/g],
  ['tosa', /\b(tosa|tosar|tosinha|tosagem)\b/g],
  ['banho', /\b(banho|banhos|banhar|banhozinho)\b/g],
];

interface Hit {
  readonly service: ServiceName;
  readonly start: number;
  readonly end: number;
}

export function extractService(text: string): ServiceName | undefined {
  const hits: Hit[] = [];
  for (const [service, pattern] of SERVICE_PATTERNS) {
    for (const m of text.matchAll(pattern)) hits.push({ service, start: m.index, end: m.index + m[0].length });
  }
  const outer = hits.filter(
    (h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start),
  );
  outer.sort((a, b) => a.start - b.start);
  return outer[0]?.service;
}

/** A regex fragment (one group) matching any service word, for rules such as "quero + serviço". */
export const SERVICE_WORD =
  '(banhos?|banhar|banhozinho|tosa|tosar|tosinha|hidratacao|hidratar|consultas?|vacinas?|vacinar|vacinacao|vermifug\\w*|castra\\w*|exames?|hotel|hotelzinho|creche|unhas?|leva e traz|taxi dog)';
