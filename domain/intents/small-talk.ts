/**
 * Greetings, thanks, goodbyes and laughter, shared by the customer and owner
 * classifiers. They are low-value intents: a message that also asks for
 * something ("bom dia! quero marcar banho") is about that something, so callers
 * give these the lowest weights. Patterns read canonical text (see
 * text-normalize.ts): folded, abbreviations expanded, "oiii" already "oi".
 */

/** "oi", "oie", "olá", "eae", "bom dia", "boa tarde", "tudo bem?", "salve". */
export const GREETING =
  /\b(oi+e?|oin|ola+|ole|opa|eae|eai|e ai|iae|iai|salve|hey|hi|hello|alo|bom dia|boa tarde|boa noite|boas|tudo bem|tudo bom|tudo certo|tudo tranquilo|como vai|fala ai)\b/;

/** Thanks, including the affectionate and slangy ones ("vlw", "tamo junto"). */
export const THANKS = /\b(obrigad[oa]s?|muito obrigad[oa]|valeu+|grat[oa]|agradec\w*|gratidao|thanks|thank you|tamo junto|agradecid[oa])\b/;

/** Goodbyes; "valeu, até mais" is thanks and goodbye in one. */
export const FAREWELL = /\b(tchau+|ate mais|ate logo|ate breve|ate a proxima|falou|beijos?|abracos?|bom fim de semana|boa semana|fica com deus|fique com deus)\b/;

/** A message that is only laughter: "kkkkk", "hahaha", "rsrs", "kkk rsrs". */
export const LAUGHTER_ONLY = /^(?:k|ha|he|hi|rs|lol| )+$/;
