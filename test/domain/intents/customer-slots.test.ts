import { expect } from 'chai';

import { parseDatePhrase } from '../../../domain/date-phrase.js';
import { extractCustomerSlots } from '../../../domain/intents/customer-slots.js';
import type { CustomerSlots } from '../../../domain/intents/customer-intent.js';
import { extractPetName, titleCase } from '../../../domain/intents/pet-name-slot.js';
import { normalizeText } from '../../../domain/intents/text-normalize.js';

function slots(text: string): CustomerSlots {
  return extractCustomerSlots(normalizeText(text));
}

function pick(text: string, ...keys: (keyof CustomerSlots)[]): Partial<CustomerSlots> {
  const all = slots(text);
  return Object.fromEntries(keys.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
}

describe('customer slots', () => {
  describe('time', () => {
    const cases: [string, string | undefined][] = [
      ['às 14h', '14:00'],
      ['9h30', '09:30'],
      ['15:30', '15:30'],
      ['as 10', '10:00'],
      ['amanhã 10', '10:00'],
      ['sexta 14h', '14:00'],
      ['14hs', '14:00'],
      ['as 10 e meia', '10:30'],
      ['meio-dia', '12:00'],
      ['às 3 da tarde', '15:00'],
      ['8 da noite', '20:00'],
      ['as 8 da manhã', '08:00'],
      // Like the date resolver: 1–6 with no "da manhã" is afternoon.
      ['às 2', '14:00'],
      ['hoje à tarde às 5', '17:00'],
      // Not times.
      ['não come há 2 dias', undefined],
      ['ele tem 3 anos', undefined],
      ['as 2 vacinas', undefined],
      ['até que horas vcs abrem', undefined],
      ['dia 12/12', undefined],
      ['tenho 2 cachorros', undefined],
    ];
    for (const [text, time] of cases) {
      it(`${JSON.stringify(text)} → ${time ?? 'no time'}`, () => expect(slots(text).time).to.equal(time));
    }
  });

  describe('date phrase and weekday', () => {
    const cases: [string, Partial<CustomerSlots>][] = [
      ['hj a tarde', { date_phrase: 'hoje à tarde' }],
      ['sexta-feira de manhã', { weekday: 'sexta', date_phrase: 'sexta de manhã' }],
      ['dia 12/12 às 14h', { date_phrase: '12/12' }],
      ['na parte da tarde', { date_phrase: 'à tarde' }],
      ['próxima segunda', { weekday: 'segunda', date_phrase: 'segunda que vem' }],
      ['quinta da semana que vem', { weekday: 'quinta', date_phrase: 'quinta da semana que vem' }],
      ['depois de amanhã cedo', { date_phrase: 'depois de amanhã de manhã' }],
      ['no fds', { date_phrase: 'fim de semana' }],
      ['dia 5 de março', { date_phrase: '5 de março' }],
      ['dia 15', { date_phrase: 'dia 15' }],
      ['amanha a noite', { date_phrase: 'amanhã à noite' }],
      // The target of a move, not its origin.
      ['mudar de sexta pra segunda', { weekday: 'segunda', date_phrase: 'segunda' }],
      // Greetings, ordinals and goodbyes are not dates.
      ['Oi, boa tarde!', {}],
      ['bom dia', {}],
      ['a segunda dose da vacina', {}],
      ['valeu, até amanhã', {}],
      ['mais tarde eu vejo', {}],
    ];
    for (const [text, expected] of cases) {
      it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => {
        expect(pick(text, 'weekday', 'date_phrase')).to.deep.equal(expected);
      });
    }

    it('writes every date phrase so the date resolver understands it', () => {
      const phrases = [
        'hj a tarde', 'sexta-feira de manhã', 'dia 12/12', 'na parte da tarde', 'próxima segunda', 'quinta da semana que vem',
        'depois de amanhã cedo', 'no fds', 'dia 5 de março', 'dia 15', 'amanha a noite', 'semana que vem', 'essa semana',
      ];
      for (const text of phrases) {
        const phrase = slots(text).date_phrase!;
        expect(phrase, text).to.be.a('string');
        expect(parseDatePhrase(phrase, '2026-12-09T10:00:00-03:00', 'America/Sao_Paulo'), phrase).to.not.equal(null);
      }
    });
  });

  describe('size', () => {
    const cases: [string, string | undefined][] = [
      ['porte pequeno', 'P'], ['é pequenininha', 'P'], ['mini', 'P'], ['toy', 'P'], ['porte p', 'P'],
      ['médio', 'M'], ['porte M', 'M'],
      ['grande', 'G'], ['grandão', 'G'], ['de grande porte', 'G'],
      ['gigante', 'GG'], ['muito grande', 'GG'], ['porte GG', 'GG'],
      ['em média 2 horas', undefined], ['tem vaga?', undefined],
    ];
    for (const [text, size] of cases) {
      it(`${JSON.stringify(text)} → ${size ?? 'no size'}`, () => expect(slots(text).size).to.equal(size));
    }
  });

  describe('species and breed', () => {
    const cases: [string, Partial<CustomerSlots>][] = [
      ['minha cachorrinha', { species: 'cão' }],
      ['cadela', { species: 'cão' }],
      ['meu dog', { species: 'cão' }],
      ['gatinha', { species: 'gato' }],
      ['felino', { species: 'gato' }],
      ['calopsita', { species: 'ave' }],
      ['hamster', { species: 'roedor' }],
      ['shitzu', { species: 'cão', breed: 'shih tzu' }],
      ['uma vira lata', { breed: 'vira-lata' }],
      ['gata vira-lata', { species: 'gato', breed: 'vira-lata' }],
      ['sao bernardo', { species: 'cão', breed: 'são bernardo' }],
      ['siamesa', { species: 'gato', breed: 'siamês' }],
      ['golden', { species: 'cão', breed: 'golden retriever' }],
      ['buldogue francês', { species: 'cão', breed: 'bulldog francês' }],
      ['lulu da pomerânia', { species: 'cão', breed: 'spitz alemão' }],
      ['o gato comeu veneno de rato', { species: 'gato' }],
    ];
    for (const [text, expected] of cases) {
      it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => {
        expect(pick(text, 'species', 'breed')).to.deep.equal(expected);
      });
    }
  });

  describe('age', () => {
    it('reads years and months, in digits or words', () => {
      expect(pick('uma gata de 3 anos', 'age_years')).to.deep.equal({ age_years: 3 });
      expect(pick('tem dois aninhos', 'age_years')).to.deep.equal({ age_years: 2 });
      expect(pick('filhote de 4 meses', 'age_months')).to.deep.equal({ age_months: 4 });
      expect(pick('1 ano e 2 meses', 'age_years', 'age_months')).to.deep.equal({ age_years: 1, age_months: 2 });
    });

    it('does not take a span of time for an age', () => {
      expect(pick('cliente há 2 anos', 'age_years')).to.deep.equal({});
      expect(pick('faz 3 meses que não vem', 'age_months')).to.deep.equal({});
      expect(pick('vacina de 2 em 2 meses', 'age_months')).to.deep.equal({});
    });
  });

  describe('pet name', () => {
    const cases: [string, string | undefined][] = [
      ['meu cachorro se chama Thor', 'Thor'],
      ['ela se chama pipoca', 'Pipoca'],
      ['o nome dele é BOLINHA', 'Bolinha'],
      ['o banho do thor ficou pronto?', 'Thor'],
      ['consulta pra Nina', 'Nina'],
      ['consulta para a nina', 'Nina'],
      ['que horas posso buscar a Luna?', 'Luna'],
      ['a Mel é uma gata', 'Mel'],
      ['tosa do McQueen', 'McQueen'],
      ['pra minha yorkshire Lola', 'Lola'],
      ['meu cachorro Thor precisa de banho', 'Thor'],
      // Not names.
      ['Quero marcar banho', undefined],
      ['banho pro meu dog', undefined],
      ['preciso cancelar o banho de amanhã', undefined],
      ['desmarca o horário da Tosa', undefined],
      ['meu nome é Ana', undefined],
      ['marca pra Sexta', undefined],
      ['Oi, Boa Tarde', undefined],
      ['Tenho um Golden Retriever', undefined],
      ['Me chamo Carla, quero marcar banho', undefined],
    ];
    for (const [text, name] of cases) {
      it(`${JSON.stringify(text)} → ${name ?? 'no name'}`, () => expect(extractPetName(text)).to.equal(name));
    }

    it('title-cases names typed all lower or upper case and keeps mixed case', () => {
      expect([titleCase('thor'), titleCase('THOR'), titleCase('McQueen'), titleCase('ágata')]).to.deep.equal([
        'Thor', 'Thor', 'McQueen', 'Ágata',
      ]);
    });
  });

  describe('service', () => {
    const cases: [string, string | undefined][] = [
      ['banho e tosa', 'banho e tosa'],
      ['banho com tosa', 'banho e tosa'],
      ['banho + tosa', 'banho e tosa'],
      ['tosa higiênica', 'tosa higiênica'],
      ['hidratação', 'hidratação'],
      ['cortar as unhas', 'corte de unhas'],
      ['consulta veterinária', 'consulta'],
      ['vet', 'consulta'],
      ['vacina antirrábica', 'vacina'],
      ['vcs buscam em casa?', 'leva e traz'],
      ['hotelzinho', 'hotel'],
      ['castração', 'castração'],
      ['banho e hidratação', 'banho'],
      ['tem vaga?', undefined],
    ];
    for (const [text, service] of cases) {
      it(`${JSON.stringify(text)} → ${service ?? 'no service'}`, () => expect(slots(text).service).to.equal(service));
    }
  });
});
