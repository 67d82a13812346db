// Glue between the pages and Telegram's Mini App runtime. Outside Telegram (initData === "")
// everything here is a no-op and the pages behave as a normal website.
(function () {
  var tg = window.Telegram && window.Telegram.WebApp;
  var inTelegram = !!(tg && tg.initData);
  var root = document.documentElement;

  function applyTheme() {
    var p = tg.themeParams || {};
    for (var k in p) root.style.setProperty("--tg-theme-" + k.replace(/_/g, "-"), p[k]);
    root.style.setProperty("--tg-color-scheme", tg.colorScheme);
    root.setAttribute("data-tg", tg.colorScheme);
  }
  function applyInsets() {
    var set = function (prefix, s) {
      if (!s) return;
      ["top", "bottom", "left", "right"].forEach(function (side) {
        root.style.setProperty(prefix + side, (s[side] || 0) + "px");
      });
    };
    set("--tg-safe-area-inset-", tg.safeAreaInset);
    set("--tg-content-safe-area-inset-", tg.contentSafeAreaInset);
    if (tg.viewportStableHeight) root.style.setProperty("--tg-viewport-stable-height", tg.viewportStableHeight + "px");
  }

  if (inTelegram) {
    tg.ready();
    tg.expand();
    applyTheme();
    applyInsets();
    tg.onEvent("themeChanged", applyTheme);
    ["viewportChanged", "safeAreaChanged", "contentSafeAreaChanged"].forEach(function (e) { tg.onEvent(e, applyInsets); });
    // Telegram's back button walks the htmx history; hidden on the first page.
    var depth = 0;
    var syncBack = function () { depth > 0 ? tg.BackButton.show() : tg.BackButton.hide(); };
    tg.BackButton.onClick(function () { history.back(); });
    document.addEventListener("htmx:pushedIntoHistory", function () { depth++; syncBack(); });
    window.addEventListener("popstate", function () { depth = Math.max(0, depth - 1); syncBack(); });
  }

  window.tbg = {
    inTelegram: inTelegram,
    copy: function (text, button) {
      var done = function () {
        if (button) { var old = button.textContent; button.textContent = "Copied"; setTimeout(function () { button.textContent = old; }, 1500); }
        if (inTelegram && tg.HapticFeedback) tg.HapticFeedback.notificationOccurred("success");
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, done);
      else {
        var t = document.createElement("textarea");
        t.value = text; document.body.appendChild(t); t.select();
        try { document.execCommand("copy"); } catch (e) {}
        t.remove(); done();
      }
    },
  };
})();
