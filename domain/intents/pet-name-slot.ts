import { isCommonPetName } from '../pet-names.js';
import { foldText } from '../text-normalization.js';
import { isPetKindWord } from './species-breed-slots.js';

/**
 * The pet's name, read from the original text because capitals matter there.
 *
 * Names are found in these places, most reliable first:
 * 1. after an explicit naming: "se chama Thor", "chamada Luna", "o nome dela é
 *    Mel" (any case — "se chama pipoca" still names the pet);
 * 2. after a booking noun and "do/da/pro/pra": "o banho do thor", "horário da
 *    Mel", "consulta pro Rex" (any case: people write names in lower case);
 * 3. a capitalised word right after a species or breed: "meu cachorro Thor",
 *    "minha yorkshire Lola";
 * 4. a capitalised word after an article or preposition, not at the start of a
 *    sentence: "a Mel é uma gata", "buscar a Luna", "para o Thor";
 * 5. in lower case, a word right after a species or breed that reads like a
 *    name rather than a verb or an adjective ("minha shih tzu luna ta
 *    fedendo", "meu gato frajola"), or a common pet name anywhere but after
 *    "de" ("a luna ta com pulga", "leva o thor") — people rarely capitalise.
 * A candidate that is a common word, a date word, a service, a species or a
 * breed is never a name ("banho de amanhã", "pro meu dog", "da Tosa").
 */

const EXPLICIT_NAMING = new Set(['chama', 'chamado', 'chamada', 'chamadinho', 'chamadinha', 'batizado', 'batizada']);

const BOOKING_NOUNS = new Set([
  'banho', 'banhos', 'tosa', 'consulta', 'consultas', 'vacina', 'vacinas', 'vacinacao', 'hidratacao', 'horario',
  'horarios', 'agendamento', 'hora', 'carteirinha', 'carteira', 'castracao', 'exame', 'exames', 'retorno', 'vermifugo',
  'remedio', 'atendimento', 'reserva', 'hotel', 'creche',
]);
const AFTER_BOOKING_NOUN = new Set(['do', 'da', 'pro', 'pra', 'para', 'pelo', 'pela', 'dele', 'dela']);
const ARTICLE = new Set(['o', 'a']);

const BEFORE_CAPITALISED_NAME = new Set(['pro', 'pra', 'para', 'o', 'a', 'do', 'da', 'no', 'na', 'pelo', 'pela']);

/** Folded words that can follow the cue positions above without being names. */
const NOT_A_NAME = new Set(
  (
    // articles, pronouns, possessives, determiners
    'o a os as um uma uns umas meu minha meus minhas seu sua seus suas nosso nossa dele dela deles delas ele ela eles elas ' +
    'voce voces vc vcs mim gente senhor senhora este esta esse essa isso isto aquele aquela aquilo outro outra mesmo mesma ' +
    'todo toda todos todas cada algum alguma nenhum nenhuma qual quais que quem quando onde como porque ' +
    // time words
    'hoje amanha ontem agora manha tarde noite madrugada semana mes ano dia dias hora horas minutos proxima proximo ' +
    'segunda terca quarta quinta sexta sabado domingo feira fim janeiro fevereiro marco abril maio junho julho agosto ' +
    'setembro outubro novembro dezembro cedo depois antes tempo vez vezes data ' +
    // the shop and its people
    'loja clinica petshop pet pets shop casa aqui ai la recepcao atendente pessoa moca moco doutor doutora dr dra vet ' +
    'veterinario veterinaria equipe dono dona tutor tutora cliente clientes ' +
    // services, sizes and booking words
    'banho tosa consulta vacina vacinas hidratacao unha unhas hotel creche exame castracao retorno rotina emergencia urgencia ' +
    'porte tamanho raca pequeno pequena medio media grande gigante mini toy higienica completa tesoura maquina ' +
    'agendamento horario reserva vaga vagas agenda preco valor pix cartao dinheiro ' +
    'animal animais bicho bichinho bichinha filhote filhotes raca bebe nenem ' +
    // frequent words that follow "o/a" and are not names
    'sim nao ok favor obrigado obrigada parte tudo nada mais menos bom boa melhor novo nova primeira primeiro ultima ultimo ' +
    'semana mensagem lista conta nota foto endereco rua praia escola trabalho'
  ).split(' '),
);

/** Lower-case words that follow a species or breed without being names ("meu cachorro ta sujo"). */
const NOT_A_NAME_AFTER_KIND = new Set(
  (
    'e eh esta ta tah estao to tava ficou fica vai foi tem tinha precisa precisando quer queria pode de do da com sem para pra ' +
    'pro por que so ja nao sim muito mto mt mais bem mal tambem tb tbm aqui hoje amanha ontem agora sujo suja sujinho sujinha ' +
    'fedido fedida fedorento fedorenta bravo brava lindo linda fofo fofa velho velha velhinho velhinha idoso idosa novo nova ' +
    'doente castrado castrada macho femea filhote porte peludo peluda grande pequeno pequena medio media gigante preto preta ' +
    'branco branca caramelo marrom cinza malhado malhada rajado rajada tigrado tigrada ai la kkk kkkk kkkkk rs rsrs haha ' +
    'meu minha seu sua dele dela nosso nossa um uma o a os as anos ano meses mes'
  ).split(' '),
);

/** Verb forms and adjectives by their ending: "fedendo", "machucado", "assustada", "cheiroso". */
const VERB_OR_ADJECTIVE = /(ndo|ado|ada|ido|ida|oso|osa|ar|er|ir|ou|ava|ei)$/;

interface Word {
  readonly raw: string;
  readonly folded: string;
  readonly sentenceStart: boolean;
}

function words(original: string): Word[] {
  const out: Word[] = [];
  let sentenceStart = true;
  for (const m of original.matchAll(/\p{L}[\p{L}\p{M}'’-]*|\d+|[.!?;\n]/gu)) {
    const raw = m[0];
    if (/^[.!?;\n]$/.test(raw)) {
      sentenceStart = true;
      continue;
    }
    out.push({ raw, folded: foldText(raw), sentenceStart });
    sentenceStart = false;
  }
  return out;
}

function isPlausibleName(word: Word | undefined): word is Word {
  if (!word) return false;
  return /^[a-z]{2,}$/.test(word.folded) && !NOT_A_NAME.has(word.folded) && !isPetKindWord(word.folded);
}

function isCapitalised(raw: string): boolean {
  return /^\p{Lu}/u.test(raw);
}

/** "thor" and "THOR" become "Thor"; "McQueen" stays as written. */
export function titleCase(raw: string): string {
  const lower = raw.toLocaleLowerCase('pt-BR');
  const upper = raw.toLocaleUpperCase('pt-BR');
  if (raw !== lower && raw !== upper) return raw;
  return lower.charAt(0).toLocaleUpperCase('pt-BR') + lower.slice(1);
}

function explicitName(ws: readonly Word[]): Word | undefined {
  for (let i = 0; i < ws.length; i++) {
    if (EXPLICIT_NAMING.has(ws[i]!.folded) && isPlausibleName(ws[i + 1])) return ws[i + 1];
    // "o nome dela é Mel", "nome do meu cachorro é Thor" — but not "meu nome é Ana", the customer's own.
    if (ws[i]!.folded === 'nome' && ws[i - 1]?.folded !== 'meu' && ws[i - 1]?.folded !== 'minha') {
      for (let j = i + 1; j < Math.min(ws.length - 1, i + 6); j++) {
        if (ws[j]!.folded === 'e' || ws[j]!.folded === 'eh') {
          if (isPlausibleName(ws[j + 1])) return ws[j + 1];
          break;
        }
      }
    }
  }
  return undefined;
}

function positionalName(ws: readonly Word[], shoutedMessage: boolean): Word | undefined {
  for (let i = 1; i < ws.length; i++) {
    const prev = ws[i - 1]!;
    const word = ws[i]!;
    // 2. "banho do thor", "consulta para a Nina".
    if (BOOKING_NOUNS.has(prev.folded) && AFTER_BOOKING_NOUN.has(word.folded)) {
      const candidate = word.folded === 'para' && ARTICLE.has(ws[i + 1]?.folded ?? '') ? ws[i + 2] : ws[i + 1];
      if (isPlausibleName(candidate)) return candidate;
    }
    // 3. "meu cachorro Thor", "minha yorkshire Lola".
    if (!shoutedMessage && isPetKindWord(prev.folded) && isCapitalised(word.raw) && isPlausibleName(word)) return word;
    // 4. "a Mel", "pra Luna", "buscar o Rex".
    if (
      !shoutedMessage &&
      !word.sentenceStart &&
      BEFORE_CAPITALISED_NAME.has(prev.folded) &&
      isCapitalised(word.raw) &&
      isPlausibleName(word)
    ) {
      return word;
    }
  }
  return undefined;
}

/** 5. Lower-case names: after a species or breed, or a common pet name anywhere but after "de". */
function lowerCaseName(ws: readonly Word[]): Word | undefined {
  for (let i = 1; i < ws.length; i++) {
    const prev = ws[i - 1]!;
    const word = ws[i]!;
    if (!isPetKindWord(prev.folded) || !isPlausibleName(word) || NOT_A_NAME_AFTER_KIND.has(word.folded)) continue;
    // The kind word itself must not be the start of a longer breed ("golden retriever").
    if (isCommonPetName(word.folded) || !VERB_OR_ADJECTIVE.test(word.folded)) return word;
  }
  for (let i = 0; i < ws.length; i++) {
    const word = ws[i]!;
    if (isCommonPetName(word.folded) && ws[i - 1]?.folded !== 'de' && isPlausibleName(word)) return word;
  }
  return undefined;
}

export function extractPetName(original: string): string | undefined {
  const ws = words(original);
  const letters = original.replace(/[^\p{L}]/gu, '');
  const shouted = letters.length > 3 && letters === letters.toLocaleUpperCase('pt-BR');
  const found = explicitName(ws) ?? positionalName(ws, shouted) ?? lowerCaseName(ws);
  return found ? titleCase(found.raw) : undefined;
}
