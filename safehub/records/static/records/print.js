// The chronology's "Print" button: shown only where script runs (a file, not an inline
// handler, because the CSP allows scripts from this site only).
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
