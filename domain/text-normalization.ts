/**
 * Folds free text the way Brazilian customers type it on a phone: case and
 * accents vary ("Amanhã", "amanha", "AMANHÃ"), so matching happens on a
 * lower-case, accent-free form. `ç` folds to `c` because NFD splits it too.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}
