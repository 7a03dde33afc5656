// The test time left, in the question screen's status bar: counted down locally from the
// server's figure (read again after each change: time added by the invigilator included),
// with the minutes the invigilator granted, and spoken once when 10 minutes are left.

import { announce, h } from "../shared/dom.js";
import { clockWords } from "../shared/format.js";

const LOW_S = 600;

/** state: the candidate state ({time_left_s, added_s}). Returns {element, set(state), render()}. */
export function timeLeftDisplay(state) {
  const element = h("p", { class: "time-left" });
  let deadline = null; // performance.now() at which the test time reaches 0
  let addedS = 0; // seconds granted by the invigilator
  let announcedLow = false;
  let announcedOver = false;
  let first = true;

  function set(next) {
    const seconds = next.time_left_s;
    const more = !first && (next.added_s || 0) > addedS;
    first = false;
    addedS = next.added_s || 0;
    deadline = seconds === null || seconds === undefined ? null : performance.now() + seconds * 1000;
    if (more) { // the time was extended: say it again when it runs low or out
      announcedLow = seconds !== null && seconds !== undefined && seconds <= LOW_S;
      announcedOver = false;
    }
  }

  function render() {
    if (deadline === null) {
      element.textContent = "";
      return;
    }
    const seconds = (deadline - performance.now()) / 1000;
    if (seconds <= 0) {
      element.replaceChildren(h("strong", { text: "Temps écoulé\u00a0: le surveillant décide de la fin" }));
      element.dataset.state = "over";
      if (!announcedOver) announce("Temps écoulé\u00a0: le surveillant décide de la fin. Vous pouvez continuer à répondre.");
      announcedOver = true;
      return;
    }
    delete element.dataset.state;
    // Written as everywhere else ("1 h 45 min", "4 min 42 s"), which a screen reader also says well.
    element.replaceChildren("Temps restant\u00a0: ", h("strong", { text: clockWords(seconds) }));
    const added = Math.round(addedS / 60);
    if (added > 0) {
      element.append(h("span", { class: "time-added",
        text: `dont ${added}\u00a0min accordée${added > 1 ? "s" : ""} par le surveillant` }));
    }
    if (seconds <= LOW_S && !announcedLow) announce(`Il reste ${clockWords(seconds)}.`);
    announcedLow = announcedLow || seconds <= LOW_S;
  }

  set(state);
  return { element, set, render };
}
