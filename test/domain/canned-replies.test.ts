import { expect } from 'chai';
import { DEMO_CANNED_REPLIES } from '../../app/seed-demo.js';
import { cannedReplyValues, fillCannedReply, unknownPlaceholders, variableNamed, variablesOf } from '../../domain/canned-replies.js';

const TZ = 'America/Sao_Paulo';

describe('canned replies: variables filled from the open conversation', () => {
  it('names a variable without case, accents or surrounding space, and nothing else', () => {
    expect(variableNamed('cliente')).to.equal('cliente');
    expect(variableNamed(' Serviço ')).to.equal('servico');
    expect(variableNamed('PET')).to.equal('pet');
    expect(variableNamed('nome')).to.equal(undefined);
    expect(variableNamed('pets')).to.equal(undefined);
  });

  it('lists the variables a template uses once, in order, and the placeholders it names wrongly', () => {
    const template = 'Oi {cliente}! {Pet} está pronto. {pet} te espera na {loja}, {nome}. {nome} {x y}';
    expect(variablesOf(template)).to.deep.equal(['cliente', 'pet', 'loja']);
    expect(unknownPlaceholders(template)).to.deep.equal(['{nome}', '{x y}']);
    expect(unknownPlaceholders('Sem variáveis, só { chaves soltas e {}')).to.deep.equal([]);
  });

  it('fills the pet\'s name, the customer\'s first name and the shop', () => {
    const values = cannedReplyValues({ shopName: 'Pet Shop Demo', customerName: 'Ana Souza', petNames: ['Thor'], timezone: TZ });
    expect(fillCannedReply('Oi, {cliente}! {pet} já está pronto aqui na {loja}. 🐾', values)).to.deep.equal({
      text: 'Oi, Ana! Thor já está pronto aqui na Pet Shop Demo. 🐾', missing: [],
    });
  });

  it('takes the pet, service, day and hour of the next booking, in the shop\'s zone', () => {
    const values = cannedReplyValues({
      shopName: 'Pet Shop Demo', customerName: 'Ana', petNames: ['Thor', 'Mel'], timezone: TZ,
      nextBooking: { serviceName: 'Banho', petName: 'Mel', startsAt: '2026-12-02T13:30:00Z' },
    });
    expect(fillCannedReply('{servico} de {pet} em {data}, às {hora}.', values).text).to.equal('Banho de Mel em quarta-feira, 02/12, às 10h30.');
  });

  it('names every pet when no booking picks one', () => {
    const values = cannedReplyValues({ shopName: 'Loja', customerName: 'Ana', petNames: ['Thor', 'Mel', 'Bob'], timezone: TZ });
    expect(fillCannedReply('{pet}', values).text).to.equal('Thor, Mel e Bob');
  });

  it('leaves a variable without a value as written, and says which are missing', () => {
    const values = cannedReplyValues({ shopName: 'Loja', customerName: null, petNames: [], timezone: TZ });
    expect(fillCannedReply('Oi {Cliente}! {pet} em {data} na {loja}. {pet}', values)).to.deep.equal({
      text: 'Oi {Cliente}! {pet} em {data} na Loja. {pet}', missing: ['cliente', 'pet', 'data'],
    });
  });

  it('never reads a value as a pattern: "$&" and braces in names stay as they are', () => {
    const values = cannedReplyValues({ shopName: 'Loja $& {pet}', customerName: '$1 Ana', petNames: ['{cliente}'], timezone: TZ });
    expect(fillCannedReply('{cliente} / {pet} / {loja}', values).text).to.equal('$1 / {cliente} / Loja $& {pet}');
  });

  it('ships demo replies that use only known variables', () => {
    for (const reply of DEMO_CANNED_REPLIES) expect(unknownPlaceholders(reply.text), reply.title).to.deep.equal([]);
  });
});
