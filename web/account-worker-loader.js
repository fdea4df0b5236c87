// Starts the account views' worker (web/src/bin/account-worker.rs): Trunk
// builds it as a classic-worker bundle next to the page.
importScripts('./account-worker.js');
wasm_bindgen({ module_or_path: './account-worker_bg.wasm' });
