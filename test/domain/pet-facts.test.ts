import { expect } from 'chai';

import { countQuestion } from '../../agents/offline/question-repeats.js';
import { USUAL_BREED_SIZE, usualSizeOfBreed } from '../../domain/breed-sizes.js';
import { extractBreed } from '../../domain/intents/species-breed-slots.js';
import { isCommonPetName, sexOfName } from '../../domain/pet-names.js';
import { isPetSize } from '../../domain/pet-size.js';
import { agree, ofPet, sexCueOf } from '../../domain/pet-sex.js';
import { isPetKindWord } from '../../domain/intents/species-breed-slots.js';

describe('breed sizes', () => {
  it('gives the usual size of common Brazilian breeds', () => {
    expect(usualSizeOfBreed('golden retriever')).to.equal('G');
    expect(usualSizeOfBreed('shih tzu')).to.equal('P');
    expect(usualSizeOfBreed('beagle')).to.equal('M');
    expect(usualSizeOfBreed('são bernardo')).to.equal('GG');
  });

  it('has no size for breeds that vary, so it is asked', () => {
    for (const breed of ['poodle', 'vira-lata', 'schnauzer', 'chow chow', undefined]) expect(usualSizeOfBreed(breed)).to.equal(undefined);
  });

  it('is keyed by the breed names the message reader produces, each a real size', () => {
    for (const [breed, size] of Object.entries(USUAL_BREED_SIZE)) {
      expect(extractBreed(breed.normalize('NFD').replace(/\p{M}/gu, ''))?.name, breed).to.equal(breed);
      expect(isPetSize(size)).to.equal(true);
    }
  });
});

describe('pet sex and pt-BR agreement', () => {
  const cue = (text: string, name?: string) => sexCueOf(text, name, isPetKindWord);

  it('reads the sex from feminine animal words, macho/fêmea, the article before the name and a possessive before a breed', () => {
    expect(cue('minha cachorra pipoca', 'Pipoca')).to.equal('fêmea');
    expect(cue('é fêmea')).to.equal('fêmea');
    expect(cue('é macho')).to.equal('macho');
    expect(cue('banho da Mel', 'Mel')).to.equal('fêmea');
    expect(cue('banho do Cacau', 'Cacau')).to.equal('macho');
    expect(cue('minha shih tzu', undefined)).to.equal('fêmea');
  });

  it('does not take the generic masculine animal word for a sex ("é cachorro ou gato?" — "gato")', () => {
    expect(cue('gato')).to.equal(undefined);
    expect(cue('meu pet Luna', 'Luna')).to.equal(undefined);
  });

  it('knows the usual sex of common names, and none for unisex ones', () => {
    expect(sexOfName('Luna')).to.equal('fêmea');
    expect(sexOfName('thor')).to.equal('macho');
    expect(sexOfName('Pipoca')).to.equal(undefined);
    expect(sexOfName('Xpto')).to.equal(undefined);
    expect(isCommonPetName('pipoca')).to.equal(true);
  });

  it('writes the agreement', () => {
    expect(agree('fêmea', 'cadastrado', 'cadastrada')).to.equal('cadastrada');
    expect(agree(null, 'cadastrado', 'cadastrada')).to.equal('cadastrado');
    expect(ofPet('Mel', 'fêmea')).to.equal('da Mel');
    expect(ofPet('Thor', 'macho')).to.equal('do Thor');
    expect(ofPet('Pipoca', null)).to.equal('de Pipoca');
  });
});

describe('question repeats', () => {
  it('asks, then rephrases, then offers the team; other questions count apart', () => {
    const first = countQuestion(undefined, 'when');
    expect(first.attempt).to.equal('ask');
    const second = countQuestion(first.asked, 'when');
    expect(second.attempt).to.equal('rephrase');
    expect(countQuestion(second.asked, 'when').attempt).to.equal('offer_team');
    expect(countQuestion(second.asked, 'service').attempt).to.equal('ask');
  });
});
