/**
 * Cached names for ids: services, customers and their pets. Bookings and
 * conversations carry only ids; every screen shares one cache per session.
 */
export class Lookup {
  #api;
  #services;
  #contacts = new Map();
  #pets = new Map();

  constructor(api) {
    this.#api = api;
  }

  services(refresh = false) {
    if (!this.#services || refresh) {
      this.#services = this.#api.org('GET', '/services').then((r) => r.items).catch((e) => {
        this.#services = undefined;
        throw e;
      });
    }
    return this.#services;
  }

  async service(id) {
    return (await this.services()).find((s) => s.id === id) ?? (await this.services(true)).find((s) => s.id === id);
  }

  contact(id) {
    let p = this.#contacts.get(id);
    if (!p) {
      p = this.#api.org('GET', `/contacts/${id}`).catch((e) => {
        this.#contacts.delete(id);
        throw e;
      });
      this.#contacts.set(id, p);
    }
    return p;
  }

  pets(contactId, refresh = false) {
    let p = this.#pets.get(contactId);
    if (!p || refresh) {
      p = this.#api.org('GET', `/contacts/${contactId}/pets`).then((r) => r.items).catch((e) => {
        this.#pets.delete(contactId);
        throw e;
      });
      this.#pets.set(contactId, p);
    }
    return p;
  }

  async pet(contactId, petId) {
    const found = (await this.pets(contactId)).find((p) => p.id === petId);
    return found ?? (await this.pets(contactId, true)).find((p) => p.id === petId);
  }

  forgetContact(id) {
    this.#contacts.delete(id);
    this.#pets.delete(id);
  }

  /** Never throws: a name or a fallback, for labels. */
  async contactName(id) {
    try {
      const c = await this.contact(id);
      return c.name || c.phone;
    } catch {
      return 'Cliente';
    }
  }
}
