/**
 * A pet's age: "de 3 anos", "tem dois aninhos", "4 meses". Over canonical text.
 *
 * "há 2 anos", "faz 3 meses", "daqui a 2 meses" and "em 2 meses" are spans of
 * time, not ages, so a count right after them is ignored.
 */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9,
  dez: 10, onze: 11, doze: 12, treze: 13, quatorze: 14, catorze: 14, quinze: 15,
};

const COUNT = `(?<n>\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;
const NOT_AN_AGE_BEFORE = '(?<!\\b(?:ha|faz|desde|daqui a|em|por|durante|a cada|de) )';

const YEARS = new RegExp(`${NOT_AN_AGE_BEFORE}\\b${COUNT} (anos?|aninhos?)\\b`);
const MONTHS = new RegExp(`${NOT_AN_AGE_BEFORE}\\b${COUNT} (mes|meses|mesinhos?)\\b`);
/** "de 3 anos" is an age even though "de" also introduces spans ("de 2 em 2 meses"). */
const YEARS_AFTER_DE = new RegExp(`\\bde ${COUNT} (anos?|aninhos?)\\b(?! em)`);
const MONTHS_AFTER_DE = new RegExp(`\\bde ${COUNT} (mes|meses|mesinhos?)\\b(?! em)`);

function count(token: string): number {
  return NUMBER_WORDS[token] ?? Number(token);
}

export function extractAge(text: string): { years?: number; months?: number } {
  const age: { years?: number; months?: number } = {};
  const years = YEARS.exec(text) ?? YEARS_AFTER_DE.exec(text);
  if (years) {
    const n = count(years.groups!['n']!);
    if (n > 0 && n <= 30) age.years = n;
  }
  const months = MONTHS.exec(text) ?? MONTHS_AFTER_DE.exec(text);
  if (months) {
    const n = count(months.groups!['n']!);
    if (n > 0 && n < 24) age.months = n;
  }
  return age;
}
