// The calm banner shown while the room server cannot be reached, and taken down when it can.

import { ERROR } from "./constants.js";

export class ConnectionBanner {
  /** element: a role="status" container present in the page from the start. */
  constructor(element, { lostText, serverText }) {
    this.element = element;
    this.lostText = lostText;
    this.serverText = serverText;
    this.down = false;
    this.hideTimer = null;
  }

  lost(error) {
    clearTimeout(this.hideTimer);
    const serverSide = error && error.status >= 500 && error.code !== ERROR.BAD_RESPONSE;
    const text = serverSide ? this.serverText : this.lostText;
    if (!this.down || this.element.textContent !== text) this.element.textContent = text;
    this.element.dataset.state = "lost";
    this.down = true;
  }

  restored() {
    if (!this.down) return;
    this.down = false;
    this.element.textContent = "Connexion rétablie.";
    this.element.dataset.state = "ok";
    // The element stays in the page (a live region must exist before it speaks); empty, it takes no room.
    this.hideTimer = setTimeout(() => {
      this.element.textContent = "";
      delete this.element.dataset.state;
    }, 4000);
  }
}
