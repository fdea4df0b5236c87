// Opens a view loaded on demand (web/src/on_demand): the account views or
// the library. The first time, it loads their wasm: Trunk builds the `views`
// bin as a classic script next to the page, which defines the global
// `wasm_bindgen` initialiser. The page's own download does not carry them.
(() => {
  let loading = null;
  const load = () => {
    loading ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = './views.js';
      script.onload = () => {
        // A classic script's top-level `let` is visible to later scripts by name.
        // eslint-disable-next-line no-undef
        wasm_bindgen({ module_or_path: './views_bg.wasm' }).then(() => resolve(wasm_bindgen), reject);
      };
      script.onerror = () => reject(new Error('views.js did not load'));
      document.head.append(script);
    }).catch((error) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  // `reply(kind, text, detail)` gets what the view asks the page to do (see
  // `Command` in web/src/on_demand/mod.rs); `about` is the view, what it is
  // about and the id of the scenario shown, separated by newlines.
  window.iamOpenView = (text, reply, about) => {
    const [view = '', subject = '', scenario = ''] = String(about ?? '').split('\n');
    load()
      .then((views) => views.open(text, reply, view, subject, scenario))
      .catch((error) => reply('failed', String(error?.message ?? error), ''));
  };
})();
