/// The one script of the interface, served at `/assets/app.js`. Pages carry no inline script, so the
/// Content-Security-Policy allows scripts from this site only.
///
/// A form with `data-confirm="…"` asks before it is sent; the question is an attribute value, escaped like any
/// other, so apostrophes and quotes in a translation can no longer break the check. A button with `data-print`
/// prints the page (the printable quote).
enum PageScript {
    static let path = "/assets/app.js"

    static let javaScript = """
    "use strict";
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) { return; }
      var question = form.getAttribute("data-confirm");
      if (question !== null && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }, true);
    document.addEventListener("click", function (event) {
      var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
      if (target !== null) {
        event.preventDefault();
        window.print();
      }
    });
    """
}
