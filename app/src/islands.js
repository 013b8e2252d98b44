// Wakes the islands of this page (see `IslandScript`): loads the bundle only when there is one.
const islands = document.querySelectorAll("leptos-island");
const done = () => document.body.setAttribute("data-hydrated", "true");
if (islands.length === 0) {
  done();
} else {
  import("{js}").then(async (mod) => {
    await mod.default({ module_or_path: "{wasm}" });
    mod.hydrate();
    for (const el of islands) {
      const wake = mod[el.dataset.component];
      if (wake) await wake(el);
      else console.warn("no island named", el.dataset.component);
    }
    done();
  });
}
