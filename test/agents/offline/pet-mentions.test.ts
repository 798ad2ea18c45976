import { expect } from 'chai';

import { completeMention, mergeMentions, petMentionsOf } from '../../../agents/offline/pet-mentions.js';

const read = (text: string) => petMentionsOf(text).map(completeMention);

describe('pet mentions: the pets one message talks about, each with its own facts', () => {
  it('reads a lower-case name anywhere in a messy sentence, with the breed, its usual size and the sex', () => {
    expect(read('minha shih tzu luna ta fedendo kkkk')).to.deep.equal([{ nome: 'Luna', especie: 'cão', raca: 'shih tzu', porte: 'P', sexo: 'fêmea' }]);
    expect(read('meu gato frajola precisa de banho')).to.deep.equal([{ nome: 'Frajola', especie: 'gato', sexo: 'macho' }]);
  });

  it('keeps the facts of a clause with the pet before it when nothing contradicts them', () => {
    expect(read('meu cachorro se chama Thor, é um vira-lata de porte médio')).to.deep.equal([
      { nome: 'Thor', especie: 'cão', raca: 'vira-lata', porte: 'M', sexo: 'macho' },
    ]);
  });

  it('splits several pets and never gives one pet the facts of another', () => {
    expect(read('tenho um golden chamado Thor e uma gata siamesa, a Mel')).to.deep.equal([
      { nome: 'Thor', especie: 'cão', raca: 'golden retriever', porte: 'G', sexo: 'macho' },
      { especie: 'gato', raca: 'siamês', sexo: 'fêmea', nome: 'Mel', porte: 'P' },
    ]);
    expect(read('o thor é grande e a mel pequena').map((p) => [p.nome, p.porte])).to.deep.equal([['Thor', 'G'], ['Mel', 'P']]);
    expect(read('meu dog bidu e minha gata mel').map((p) => [p.nome, p.especie])).to.deep.equal([['Bidu', 'cão'], ['Mel', 'gato']]);
    expect(read('tenho um cachorro e um gato').map((p) => p.especie)).to.deep.equal(['cão', 'gato']);
  });

  it('shares what is said of all of them: "dois cachorros, thor e luna, os dois porte medio"', () => {
    expect(read('quero cadastrar meus dois cachorros, thor e luna, os dois porte medio').map((p) => [p.nome, p.especie, p.porte])).to.deep.equal([
      ['Thor', 'cão', 'M'],
      ['Luna', 'cão', 'M'],
    ]);
  });

  it('leaves the size to ask when the breed varies (poodle, vira-lata) and the sex when the name is unisex', () => {
    expect(read('minha poodle kika')).to.deep.equal([{ nome: 'Kika', especie: 'cão', raca: 'poodle', sexo: 'fêmea' }]);
    expect(read('o pipoca é um vira lata')[0]).to.not.have.property('porte');
    expect(read('quero cadastrar paçoca')[0]).to.not.have.property('sexo');
  });

  it('finds no pet in a message without one', () => {
    expect(petMentionsOf('quero agendar banho amanhã às 10h')).to.deep.equal([]);
    expect(petMentionsOf('pote de mel')).to.deep.equal([]);
  });

  it('merges an answer into the pet in focus, a new name into a new pet, and a plural fact into all', () => {
    const thor = { nome: 'Thor', raca: 'golden retriever', porte: 'G' as const };
    expect(mergeMentions([thor], [{ nome: 'Mel', especie: 'gato' }])).to.deep.equal([thor, { nome: 'Mel', especie: 'gato' }]);
    expect(mergeMentions([{ nome: 'Thor' }], [{ porte: 'M' }])).to.deep.equal([{ nome: 'Thor', porte: 'M' }]);
    expect(mergeMentions([{ nome: 'Simba' }, { nome: 'Nala' }], petMentionsOf('pequenos'))).to.deep.equal([
      { nome: 'Simba', porte: 'P' },
      { nome: 'Nala', porte: 'P' },
    ]);
  });
});
