// Progress for the export form (progressive enhancement: without JavaScript the form posts
// and the browser saves the file). Fetches the same post, shows how much has arrived, then
// saves it under the server's file name. An answer that is not a file (a refusal sends the
// browser back to the settings page with the reason) is shown as that page.
const form = document.getElementById("export-form");
const status = document.getElementById("export-status");
const bar = document.getElementById("export-bar");
const lang = document.documentElement.lang || "en";
const size = (n) =>
  (n / 1e6).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + " MB";
const say = (text) => { status.hidden = false; status.textContent = text; };
if (form && status && bar && window.fetch && window.ReadableStream) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    bar.hidden = false;
    bar.removeAttribute("value");
    say(form.dataset.preparing);
    try {
      const res = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
      });
      const disposition = res.headers.get("content-disposition") || "";
      if (!res.ok || !disposition.startsWith("attachment")) {
        window.location.assign(res.url);
        return;
      }
      const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "posvet-export";
      const total = Number(res.headers.get("content-length")) || 0;
      if (total) bar.max = total;
      const reader = res.body.getReader();
      const parts = [];
      let received = 0;
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        received += value.length;
        if (total) bar.value = received;
        // A live region read out at most every half megabyte.
        if (received - shown >= 5e5) {
          shown = received;
          say(form.dataset.received.replace("{size}", size(received)));
        }
      }
      const url = URL.createObjectURL(new Blob(parts, { type: res.headers.get("content-type") || "" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      bar.max = 1;
      bar.value = 1;
      say(form.dataset.done.replace("{name}", name).replace("{size}", size(received)));
    } catch (e) {
      say(form.dataset.failed);
    } finally {
      button.disabled = false;
    }
  });
}
