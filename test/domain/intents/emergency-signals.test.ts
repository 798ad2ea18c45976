import { expect } from 'chai';
import { classifyCustomerMessage } from '../../../domain/intents/index.js';

/**
 * Emergency detection, both ways: the red flags that must reach a person now (with and
 * without accents, with typos and chat spelling), and the routine complaints a pet shop
 * hears every day, which book a consultation and must never silence the bot.
 */
const RED_FLAGS: readonly string[] = [
  'meu cachorro está convulsionando',
  'ela teve uma convulsão agora pouco',
  'minha gata teve convulsao',
  'o dog ta convulsinando, o que eu faço',
  'o Thor foi atropelado',
  'atropelaram meu gato agora',
  'meu cachorro foi atroplado na rua',
  'tá sangrando muito',
  'ta sangrano muito a pata',
  'sangramento na boca que não para',
  'acho que ele foi envenenado',
  'o vizinho envenenou meu cachorro',
  'comeu veneno de rato',
  'ele ingeriu raticida',
  'a cachorra comeu chocolate, quase uma barra inteira',
  'o gato não respira direito',
  'n ta respirando',
  'ele está sem respirar',
  'tá com falta de ar e a língua roxa',
  'meu cachorro ta engasgado com um osso',
  'ela engasgou e tá tossindo muito',
  'minha gata desmaiou',
  'o cachorro desmaio do nada',
  'ele está inconsciente',
  'parto complicado, a cachorra não consegue parir',
  'tem um filhote preso no parto',
  'ela está em trabalho de parto há horas',
  'ele não come há 3 dias',
  'sem beber água faz dois dias',
  'vomitando sangue',
  'foi picado por cobra',
  'caiu da janela do apartamento',
  'não consegue levantar as patas de trás',
  'SOCORRO meu cachorro',
  'é uma emergência!!',
  '🆘 me ajuda',
];

const ROUTINE: readonly string[] = [
  'não quer comer direito desde ontem',
  'nao quer comer direito desde ontem',
  'ele come pouco desde ontem',
  'não quer comer hoje',
  'não quer comer a ração nova',
  'tá com coceira',
  'meu cachorro está se coçando muito',
  'ela tá com pulga',
  'achei um carrapato nele',
  'vomitou uma vez',
  'a gata vomitou bola de pelo',
  'comeu grama e vomitou',
  'ta espirrando um pouco',
  'fez cocô mole hoje',
  'tá com diarreia leve',
  'ele tá mancando um pouquinho',
  'tá com mau hálito',
  'a orelha dele tá com cheiro ruim',
  'o olho tá remelando',
  'ela anda meio tristinha',
  'tosse de vez em quando',
  'tá soltando muito pelo',
  'quebrou a unha no passeio',
  'sangrou um pouquinho quando cortei a unha',
  'tem um machucadinho na pata',
  'tá bebendo muita água',
  'tem uma bolinha na pele',
  'preciso de um banho urgente pra amanhã',
  'preciso de um exame de sangue pro Bob',
  'quero marcar vacina',
  'ela tá no cio',
  'tô morrendo de saudade dele',
];

describe('emergency detection (red flags vs routine complaints)', () => {
  it('has at least twenty examples each way', () => {
    expect(RED_FLAGS.length).to.be.at.least(20);
    expect(ROUTINE.length).to.be.at.least(20);
  });

  for (const text of RED_FLAGS) {
    it(`${JSON.stringify(text)} is an emergency`, () => {
      expect(classifyCustomerMessage(text).slots.urgent).to.equal(true);
    });
  }

  for (const text of ROUTINE) {
    it(`${JSON.stringify(text)} is not an emergency`, () => {
      expect(classifyCustomerMessage(text).slots.urgent).to.equal(undefined);
    });
  }
});
