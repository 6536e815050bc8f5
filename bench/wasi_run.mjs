// Runs a wasm32-wasi program under Node's WebAssembly + WASI (make bench).
// usage: node bench/wasi_run.mjs prog.wasm [args...]
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
const wasi = new WASI({ version: 'preview1', args: process.argv.slice(2), env: {}, preopens: { '/': process.cwd() } });
const mod = await WebAssembly.compile(readFileSync(process.argv[2]));
const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
process.exitCode = wasi.start(inst);
