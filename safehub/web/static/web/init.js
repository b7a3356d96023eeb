// Starts GOV.UK Frontend and MOJ Frontend; a file, not an inline script, because the CSP
// allows scripts from this site only. Module scripts run only in browsers that
// GOV.UK Frontend supports, which is what the class below tells it.
import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();

// Content swapped in by htmx (a job's result, say) gets its components started too;
// the page itself was started above.
document.body.addEventListener("htmx:load", (event) => {
  const element = event.detail.elt;
  if (element instanceof Element && element !== document.body) {
    initGovuk(element);
    initMoj(element);
  }
});

// A polled fragment that was redirected (the session ended, so the answer is the sign-in
// page) must not be swapped into the page: reload it whole, which signs in and comes back.
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const { xhr, requestConfig } = event.detail;
  if (!xhr.responseURL || !requestConfig) {
    return;
  }
  const asked = new URL(requestConfig.path, window.location.href).pathname;
  if (new URL(xhr.responseURL).pathname !== asked) {
    event.detail.shouldSwap = false;
    window.location.reload();
  }
});
