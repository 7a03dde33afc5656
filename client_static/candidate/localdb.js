// What the page keeps in IndexedDB: the answers not yet acknowledged by the room server (in
// the order they were given) and the files of the current and next questions. IndexedDB
// survives a reload and works over plain HTTP. Where it cannot be opened (a locked-down
// browser), the page keeps them in memory: a reload would then lose what was not sent.

const NAME = "roomserver-candidate";
const VERSION = 1;
const ANSWERS = "answers";
const FILES = "files";

let opening = null;
const memory = { [ANSWERS]: new Map(), [FILES]: new Map(), seq: 0 };

function open() {
  if (!opening) {
    opening = new Promise((resolve) => {
      try {
        const request = indexedDB.open(NAME, VERSION);
        request.onupgradeneeded = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains(ANSWERS)) db.createObjectStore(ANSWERS, { keyPath: "seq", autoIncrement: true });
          if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES, { keyPath: "key" });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
        request.onblocked = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
  }
  return opening;
}

/** Run fn(store) in a transaction; resolves with the request's result once it is committed. */
async function run(storeName, mode, fn) {
  const db = await open();
  if (!db) return fn(null);
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    let result;
    const request = fn(tx.objectStore(storeName));
    if (request) request.onsuccess = () => { result = request.result; };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Keep an answer until the server acknowledges it. Resolves once it is written (before it is sent). */
export function addAnswer(entry) {
  return run(ANSWERS, "readwrite", (store) => {
    if (!store) {
      memory.seq += 1;
      memory[ANSWERS].set(memory.seq, { ...entry, seq: memory.seq });
      return null;
    }
    return store.add(entry);
  });
}

/** The answers kept for `owner`, oldest first. */
export async function answers(owner) {
  const all = await run(ANSWERS, "readonly", (store) => (store ? store.getAll() : null));
  const list = all || [...memory[ANSWERS].values()];
  return list.filter((entry) => entry.owner === owner).sort((a, b) => a.seq - b.seq);
}

export function removeAnswer(seq) {
  return run(ANSWERS, "readwrite", (store) => {
    if (!store) {
      memory[ANSWERS].delete(seq);
      return null;
    }
    return store.delete(seq);
  });
}

export async function putFile(key, blob) {
  return run(FILES, "readwrite", (store) => {
    if (!store) {
      memory[FILES].set(key, { key, blob });
      return null;
    }
    return store.put({ key, blob });
  });
}

/** A file kept ahead (a Blob), or null. */
export async function getFile(key) {
  const found = await run(FILES, "readonly", (store) => (store ? store.get(key) : null));
  const entry = found || memory[FILES].get(key);
  return entry ? entry.blob : null;
}

/** Forget the files of questions no longer current or next. */
export async function keepFiles(keys) {
  const wanted = new Set(keys);
  const all = await run(FILES, "readonly", (store) => (store ? store.getAllKeys() : null));
  const stale = (all || [...memory[FILES].keys()]).filter((key) => !wanted.has(key));
  for (const key of stale) {
    await run(FILES, "readwrite", (store) => {
      if (!store) {
        memory[FILES].delete(key);
        return null;
      }
      return store.delete(key);
    });
  }
}
