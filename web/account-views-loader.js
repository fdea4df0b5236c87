// Opens the account views (web/src/account), loading their wasm the first
// time: Trunk builds the `account-views` bin as a classic script next to the
// page, which defines the global `wasm_bindgen` initialiser. The page's own
// download does not carry them.
(() => {
  let loading = null;
  const load = () => {
    loading ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = './account-views.js';
      script.onload = () => {
        // A classic script's top-level `let` is visible to later scripts by name.
        // eslint-disable-next-line no-undef
        wasm_bindgen({ module_or_path: './account-views_bg.wasm' }).then(() => resolve(wasm_bindgen), reject);
      };
      script.onerror = () => reject(new Error('account-views.js did not load'));
      document.head.append(script);
    }).catch((error) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  // `reply(text, step)` gets a scenario with steps added and the step to
  // select, or `reply(why, -1)` when the views could not load or open;
  // `about` is the tab to open (empty for the first) and what it is about,
  // separated by a newline.
  window.iamOpenAccount = (text, reply, about) => {
    const [view = '', subject = ''] = String(about ?? '').split('\n');
    load()
      .then((views) => views.open(text, reply, view, subject))
      .catch((error) => reply(String(error?.message ?? error), -1));
  };
})();
