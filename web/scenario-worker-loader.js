// Starts the evaluation worker (web/src/worker): Trunk builds `scenario-worker`
// as a classic-worker bundle next to the page; this passes its wasm as the
// single object the initialiser expects.
importScripts('./scenario-worker.js');
wasm_bindgen({ module_or_path: './scenario-worker_bg.wasm' });
