/**
 * Loads the WebAssembly engine.
 *
 * In Node the CommonJS build reads the `.wasm` file next to it synchronously
 * while the module loads, so everything is usable at once. In browsers the
 * `web` build must fetch and instantiate the file, which is asynchronous:
 * `sign()` waits for it by itself, and `ready()` lets an application start
 * it early (or point it at another URL) before calling `signSync()`.
 *
 * Other modules import the engine's glue (`sigv4kit_wasm.js`) themselves and
 * read its exports by name, not through a re-export from here: a bundler then
 * keeps only the exports the glue reads (scripts/bundle-web.cjs).
 */
import * as engine from './sigv4kit_wasm.js';

/** What `ready()` accepts: where the `.wasm` file is, or its bytes or compiled module. */
export type WasmSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;

type Init = (options?: { module_or_path?: WasmSource | Promise<WasmSource> }) => Promise<unknown>;

// The web build's default export initializes it; the Node build has none
// (CommonJS interop may put the module object itself there).
const init = (engine as unknown as { default?: unknown }).default;
let loaded = typeof init !== 'function';
let loading: Promise<void> | undefined;

/**
 * Resolves once the WebAssembly engine is ready. In Node it already is. In
 * browsers the first call starts loading `sigv4kit_wasm_bg.wasm` from next to
 * this module, or from `source` when given (a URL, a `Response`, bytes or a
 * compiled `WebAssembly.Module`); later calls return the same promise.
 */
export function ready(source?: WasmSource): Promise<void> {
  if (loaded) return Promise.resolve();
  if (!loading) {
    const options = source === undefined ? undefined : { module_or_path: source };
    loading = (init as Init)(options).then(
      () => {
        loaded = true;
      },
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    );
  }
  return loading;
}

/** Whether synchronous calls can run now. */
export function isReady(): boolean {
  return loaded;
}

/**
 * Throws unless the engine is ready: for the synchronous entry points. A
 * plain `Error`, not a `SigV4Error`: nothing is wrong with the input, the
 * call came too early.
 */
export function assertReady(what: string): void {
  if (!loaded) {
    throw new Error(`${what} needs the WebAssembly engine loaded: await ready() first (only browsers load it asynchronously)`);
  }
}

/**
 * Throws unless the loaded engine exports `name`: the plain browser engine
 * leaves out what most pages never call (403 diagnosis, the POST-policy
 * presigner), and the `sigv4kit/full` entry's engine carries it. A plain
 * `Error`, as for an unready engine: the input is fine, the import is not.
 * wasm-bindgen's glue exports its functions before the engine loads, so this
 * answers at once.
 */
export function assertInEngine(name: keyof Engine, what: string, entry: string): void {
  engineExport(name, what, entry);
}

type Engine = typeof engine;

/**
 * The engine's export `name`, or `undefined` where this engine leaves it
 * out. Looked up by a computed name, so that bundlers (webpack, Rollup) do
 * not warn that the plain engine lacks a name the glue mentions. (A computed
 * read keeps every export of the engine's glue in a bundle: the browser
 * bundles are made by scripts/bundle-web.cjs, which knows its engine and
 * turns this read into plain ones.)
 */
export function optionalExport<K extends keyof Engine>(name: K): Engine[K] | undefined {
  const value = (engine as unknown as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as Engine[K]) : undefined;
}

/** The engine's export `name`, or the error of `assertInEngine`. */
export function engineExport<K extends keyof Engine>(name: K, what: string, entry: string): Engine[K] {
  const value = optionalExport(name);
  if (value === undefined) {
    throw new Error(`${what} is not in this build's engine (the plain browser build leaves it out to stay small): import it from '${entry}'`);
  }
  return value;
}

let memory: WebAssembly.Memory | undefined;
let bytes = new Uint8Array(0);
let words = new Uint32Array(0);
// Whether growing the memory detaches its old buffer (a real
// `WebAssembly.Memory` does): then an empty view means "stale", which is
// cheaper to test than reading `memory.buffer` (a call into the engine's
// host) on every signature. wasm2js' memory (`sigv4kit/js`) copies into a
// new buffer and leaves the old one attached, so it is compared by identity.
let detaches = false;

function refresh(): void {
  if (memory === undefined) {
    memory = engine.engineMemory() as WebAssembly.Memory;
    detaches = typeof WebAssembly === 'object' && memory instanceof WebAssembly.Memory;
  }
  if (detaches ? bytes.byteLength === 0 : bytes.buffer !== memory.buffer) {
    bytes = new Uint8Array(memory.buffer);
    words = new Uint32Array(memory.buffer);
  }
}

/**
 * The engine's memory as bytes: requests are written into it in place.
 * Call again after any engine call, which may grow (and so replace) it.
 */
export function memoryBytes(): Uint8Array {
  refresh();
  return bytes;
}

/** The engine's memory as `u32`s: the result tables the engine returns. */
export function memoryWords(): Uint32Array {
  refresh();
  return words;
}
