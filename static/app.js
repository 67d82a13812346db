// The shell's behaviour: Telegram's Mini App runtime (theme, insets, Back/Main/Secondary buttons,
// haptics, closing confirmation, automatic sign-in), times in the user's time zone, toasts, and
// a few htmx guards. Outside Telegram the Telegram part never runs and the pages are a website.
// Telegram's script is loaded (async) by the inline loader in views/layout.ts, which calls
// tbg.telegram() when it arrives; a client that injected window.Telegram already is used as is.
(function () {
  var root = document.documentElement;
  var tg = null;
  var started = false;

  // ---- colour contrast (WCAG 2.x) -------------------------------------------------------------
  function parse(c) {
    if (!c) return null;
    c = String(c).trim();
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c);
    if (m) {
      var h = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
      return [0, 2, 4].map(function (i) { return parseInt(h.substr(i, 2), 16); });
    }
    m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)/.exec(c);
    return m ? [+m[1], +m[2], +m[3]] : null;
  }
  function lum(c) {
    var a = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
  }
  function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function mix(a, b, t) { return a.map(function (v, i) { return Math.round(v + (b[i] - v) * t); }); }
  function hex(c) { return "#" + c.map(function (v) { return (v < 16 ? "0" : "") + v.toString(16); }).join(""); }
  /** The colour nearest to fg, moved toward `to`, that reads at 4.5:1 on every background. */
  function readable(fg, bgs, to) {
    for (var t = 0; t <= 1.001; t += 0.05) {
      var c = mix(fg, to, t);
      if (bgs.every(function (b) { return ratio(c, b) >= 4.5; })) return t === 0 ? null : hex(c);
    }
    return hex(to);
  }

  // ---- Telegram -------------------------------------------------------------------------------
  function applyTheme() {
    var p = tg.themeParams || {};
    for (var k in p) root.style.setProperty("--tg-theme-" + k.replace(/_/g, "-"), p[k]);
    var scheme = tg.colorScheme === "dark" ? "dark" : "light";
    root.style.setProperty("--tg-color-scheme", scheme);
    root.setAttribute("data-tg", scheme);
    // Themes are chosen by users and clients; keep our text readable whatever they chose.
    var text = parse(p.text_color) || (scheme === "dark" ? [236, 238, 241] : [22, 24, 29]);
    var bgs = [p.bg_color, p.secondary_bg_color, p.section_bg_color, p.bottom_bar_bg_color].map(parse).filter(Boolean);
    if (!bgs.length) bgs = [scheme === "dark" ? [26, 29, 36] : [255, 255, 255]];
    [["link", p.link_color], ["hint", p.hint_color], ["accent", p.accent_text_color || p.link_color], ["section-header", p.section_header_text_color || p.hint_color], ["destructive", p.destructive_text_color]].forEach(function (f) {
      var c = parse(f[1]);
      var fix = c && readable(c, bgs, text);
      fix ? root.style.setProperty("--fix-" + f[0], fix) : root.style.removeProperty("--fix-" + f[0]);
    });
    var btn = parse(p.button_color), btnText = parse(p.button_text_color) || [255, 255, 255];
    var fixBtn = btn && readable(btn, [btnText], lum(btnText) > 0.5 ? [0, 0, 0] : [255, 255, 255]);
    fixBtn ? root.style.setProperty("--fix-button", fixBtn) : root.style.removeProperty("--fix-button");
    try {
      if (tg.setHeaderColor && p.secondary_bg_color) tg.setHeaderColor(p.secondary_bg_color);
      if (tg.setBackgroundColor && p.secondary_bg_color) tg.setBackgroundColor(p.secondary_bg_color);
    } catch (e) {}
  }
  function applyInsets() {
    var set = function (prefix, s) {
      if (!s) return;
      ["top", "bottom", "left", "right"].forEach(function (side) { root.style.setProperty(prefix + side, (s[side] || 0) + "px"); });
    };
    set("--tg-safe-area-inset-", tg.safeAreaInset);
    set("--tg-content-safe-area-inset-", tg.contentSafeAreaInset);
    if (tg.viewportStableHeight) root.style.setProperty("--tg-viewport-stable-height", tg.viewportStableHeight + "px");
  }
  function haptic(kind) {
    if (!tg || !tg.HapticFeedback) return;
    if (kind === "select") tg.HapticFeedback.selectionChanged();
    else if (kind === "light") tg.HapticFeedback.impactOccurred("light");
    else tg.HapticFeedback.notificationOccurred(kind);
  }
  var at = function (v) { return tg && tg.isVersionAtLeast ? tg.isVersionAtLeast(v) : false; };

  // Back: walks the htmx history; from a page opened directly, goes to its place's first page.
  var depth = 0;
  function syncBack() {
    if (!tg || !tg.BackButton) return;
    var nav = document.getElementById("tabs");
    nav && nav.getAttribute("data-inner") === "1" ? tg.BackButton.show() : tg.BackButton.hide();
  }
  function back() {
    if (depth > 0) return history.back();
    var cur = document.querySelector("#tabs a[aria-current]");
    (cur || document.querySelector("#tabs a")).click();
  }

  // Main and Secondary buttons: the page marks its main action's button; Telegram's bottom button
  // presses it (and shows progress while its request runs). The in-page button is hidden meanwhile.
  var bound = { main: null, secondary: null };
  function syncButton(kind) {
    var tb = kind === "main" ? tg.MainButton : tg.SecondaryButton;
    if (!tb) return;
    var el = document.querySelector("#main [data-" + kind + "-button]");
    if (bound[kind]) { tb.offClick && tb.offClick(bound[kind]); bound[kind] = null; }
    if (!el) { tb.hide(); root.removeAttribute("data-tg-" + kind); return; }
    bound[kind] = function () { el.form && el.form.requestSubmit ? el.form.requestSubmit(el) : el.click(); };
    tb.setParams({ text: (el.getAttribute("data-label") || el.textContent).trim(), is_visible: true, is_active: true });
    tb.onClick(bound[kind]);
    root.setAttribute("data-tg-" + kind, "");
  }
  function syncButtons() { if (tg) { syncButton("main"); syncButton("secondary"); } }

  // Closing confirmation while a form has unsaved input.
  var dirty = false;
  function setDirty(v) {
    if (!tg || dirty === v) return;
    dirty = v;
    v ? tg.enableClosingConfirmation && tg.enableClosingConfirmation() : tg.disableClosingConfirmation && tg.disableClosingConfirmation();
  }

  // Opening the Mini App signs the user in with the launch's initData (checked by the server).
  // Posts the launch's initData to the sign-in route; resolves true when a session cookie was set
  // (the route answers with a redirect), false with the response otherwise.
  function telegramSignIn() {
    return fetch("/signin/telegram", {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "init_data=" + encodeURIComponent(tg.initData),
    }).then(function (r) {
      return { ok: r.type === "opaqueredirect" || (r.status >= 300 && r.status < 400) || r.status === 204, response: r };
    });
  }

  function autoSignIn() {
    if (!tg.initData || document.body.getAttribute("data-session")) return;
    var card = document.getElementById("telegram-signin");
    if (card) card.hidden = false;
    telegramSignIn().then(function (result) {
      var r = result.response;
      if (result.ok) {
        document.body.setAttribute("data-session", "1");
        haptic("success");
        // The sign-in page's job is done: go to the account. Elsewhere, show the page as the user now sees it.
        if (location.pathname === "/signin") location.replace("/account");
        else if (window.htmx) htmx.ajax("GET", location.pathname + location.search, { target: "#main", swap: "innerHTML" });
        return;
      }
      return r.text().then(function (t) {
        haptic("error");
        if (card) card.innerHTML = t; else tbg.toast("Telegram sign-in failed", "bad");
      });
    }, function () { haptic("error"); tbg.toast("Could not reach the pool to sign in", "bad"); });
  }

  function startTelegram() {
    var w = window.Telegram && window.Telegram.WebApp;
    if (started || !w || !w.initData) return;
    started = true;
    tg = w;
    root.removeAttribute("data-tg-pending");
    tg.ready();
    tg.expand();
    applyTheme();
    applyInsets();
    tg.onEvent("themeChanged", applyTheme);
    ["viewportChanged", "safeAreaChanged", "contentSafeAreaChanged", "fullscreenChanged"].forEach(function (e) { tg.onEvent(e, applyInsets); });
    // Full screen on phones, where Telegram's own header takes a large share of a small screen.
    if (/^(ios|android)$/.test(tg.platform || "") && at("8.0") && tg.requestFullscreen) tg.requestFullscreen();
    if (tg.BackButton) tg.BackButton.onClick(back);
    syncBack();
    syncButtons();
    autoSignIn();
    window.tbg.inTelegram = true;
  }

  // ---- times in the user's time zone ------------------------------------------------------------
  function zone() {
    try { return localStorage.getItem("tbg-tz") || undefined; } catch (e) { return undefined; }
  }
  function localise(scope) {
    var tz = zone();
    // An unknown zone name (set on another device, unknown to this browser) falls back to the browser's.
    var fmt = function (opts) { try { return new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: tz }, opts)); } catch (e) { return new Intl.DateTimeFormat(undefined, opts); } };
    var exact = fmt({ year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
    var dhm = fmt({ weekday: "short", hour: "2-digit", minute: "2-digit" }), md = fmt({ month: "short", day: "numeric" });
    (scope || document).querySelectorAll("time[datetime]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (isNaN(d)) return;
      var f = el.getAttribute("data-fmt");
      if (f === "dhm") el.textContent = dhm.format(d);
      else if (f === "md") el.textContent = md.format(d);
      else if (el.hasAttribute("data-abs")) el.textContent = exact.format(d);
      el.title = exact.format(d);
    });
  }
  // Touch screens have no hover: a tap on a relative time shows the exact one for a moment.
  document.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("time[data-rel]");
    if (!t || t.getAttribute("data-showing")) return;
    var rel = t.textContent;
    t.setAttribute("data-showing", "1");
    t.textContent = t.title;
    setTimeout(function () { t.textContent = rel; t.removeAttribute("data-showing"); }, 2500);
  });
  // What this device remembers for the user: their time zone setting and the address they follow.
  function rememberSettings(scope) {
    var s = scope || document;
    try {
      // Signed in on this device: an expired access cookie is renewed quietly (renewQuietly).
      // (The tab bar, re-sent with every htmx navigation, carries the hint after a sign-in by form.)
      if (document.querySelector("#tabs[data-session]")) document.body.setAttribute("data-session", "1");
      if (document.body.hasAttribute("data-session")) localStorage.setItem("tbg-signed-in", "1");
      var tz = s.querySelector("[data-timezone]");
      if (tz) localStorage.setItem("tbg-tz", tz.getAttribute("data-timezone"));
      var addr = s.querySelector("#main [data-testid=address]");
      if (addr) localStorage.setItem("tbg-address", addr.textContent.trim());
      // Home: today's numbers for the followed address replace the how-to-start card.
      // Signed in: the server answers with the user's own payout address (or how to link one).
      var mine = document.getElementById("your-mining"), a = localStorage.getItem("tbg-address");
      var signedIn = document.body.hasAttribute("data-session");
      if (mine && (a || signedIn) && !mine.hasAttribute("hx-get") && !mine.hasAttribute("data-followed") && window.htmx)
        htmx.ajax("GET", "/partials/mining-today" + (signedIn ? "" : "?address=" + encodeURIComponent(a)), { target: mine, swap: "outerHTML" });
    } catch (e) {}
  }

  // ---- the game: unread notifications on the Me tab, the badge celebration, Home's pool feed ----
  function unreadBadge() {
    var tabs = document.getElementById("tabs"), me = tabs && tabs.querySelector('a[data-tab="me"]');
    if (!me || !tabs.hasAttribute("data-session")) return;
    var shown = document.querySelector("#main [data-unread-count]");
    var set = function (n) {
      var b = me.querySelector(".tab-count");
      if (!n) { if (b) b.remove(); me.removeAttribute("aria-description"); return; }
      if (!b) { b = document.createElement("span"); b.className = "tab-count"; b.setAttribute("data-testid", "tab-unread"); me.appendChild(b); }
      b.textContent = n > 99 ? "99+" : String(n);
      me.setAttribute("aria-description", n + " unread notifications");
    };
    if (shown) { set(+shown.getAttribute("data-unread-count") || 0); return; }
    fetch("/partials/unread-count", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j) set(j.unread_count); }, function () {});
  }
  function celebrate() {
    var c = document.querySelector("#main [data-celebrate]:not([data-shown])");
    if (!c) return;
    c.setAttribute("data-shown", "1");
    haptic("success");
    var b = c.querySelector("[data-dismiss-celebration]");
    if (b) b.focus();
  }
  function poolFeed() {
    var f = document.getElementById("pool-feed");
    if (!f || f.hasAttribute("data-loaded") || f.hasAttribute("data-loading")) return;
    f.setAttribute("data-loading", "1");
    fetch("/partials/feed", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (t) { if (t && f.isConnected) { f.outerHTML = t; localise(document.getElementById("pool-feed")); } }, function () {});
  }
  function game() { try { unreadBadge(); celebrate(); poolFeed(); } catch (e) {} }
  /** A place with more sections than fit the width scrolls them: keep the current one in view. */
  function currentSection() {
    var a = document.querySelector("#main nav.tabs[aria-label=Sections] a[aria-current=page]");
    if (!a) return;
    var bar = a.parentElement;
    if (bar.scrollWidth <= bar.clientWidth) return;
    bar.scrollLeft = Math.max(0, a.offsetLeft - bar.offsetLeft - (bar.clientWidth - a.offsetWidth) / 2);
  }
  document.addEventListener("click", function (e) {
    var d = e.target.closest && e.target.closest("[data-dismiss-celebration]");
    if (d) { var c = d.closest("[data-celebrate]"); if (c) c.hidden = true; }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var c = document.querySelector("#main [data-celebrate]:not([hidden])");
    if (c) c.hidden = true;
  });

  // ---- htmx -----------------------------------------------------------------------------------
  document.addEventListener("htmx:pushedIntoHistory", function () { depth++; syncBack(); });
  window.addEventListener("popstate", function () { depth = Math.max(0, depth - 1); setTimeout(function () { syncBack(); syncButtons(); }, 0); });
  document.addEventListener("htmx:afterSettle", function (e) {
    rememberSettings(e.target);
    localise(e.target);
    if (e.target.id === "main" || e.target.id === "tabs") { setDirty(false); syncBack(); syncButtons(); game(); currentSection(); }
    // A form that swapped itself (a step of a flow) may carry a new main action: bind that one.
    else syncButtons();
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    // A link that answers JSON (an API) is not a page: open it as the browser would, not in the frame.
    var type = e.detail.xhr.getResponseHeader("content-type") || "";
    if (type.indexOf("json") >= 0 && e.detail.boosted) { e.detail.shouldSwap = false; location.href = e.detail.xhr.responseURL; }
  });
  document.addEventListener("htmx:beforeRequest", function (e) {
    var b = document.querySelector("#main [data-main-button]");
    if (tg && tg.MainButton && b && e.target.contains(b)) tg.MainButton.showProgress();
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (tg && tg.MainButton && tg.MainButton.hideProgress) tg.MainButton.hideProgress();
    var d = e.detail, verb = (d.requestConfig && d.requestConfig.verb) || "get";
    if (verb === "get") return;
    var failed = !d.successful || d.xhr.status >= 400 || /role="alert"/.test(d.xhr.responseText || "");
    haptic(failed ? "error" : "success");
    if (!failed) setDirty(false);
  });
  document.addEventListener("htmx:sendError", function () { haptic("error"); tbg.toast("Could not reach the pool. Check your connection.", "bad"); });
  document.addEventListener("input", function (e) { if (e.target.closest && e.target.closest("#main form")) setDirty(true); });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("#tabs a");
    if (a && a.getAttribute("aria-current") !== "page") haptic("select");
    // Inside Telegram a new tab is Telegram's in-app browser, opened the way the client expects.
    var ext = tg && tg.openLink && e.target.closest && e.target.closest("a[target=_blank]");
    // t.me links (the share sheet) stay inside Telegram; the rest open in the browser.
    if (ext) { e.preventDefault(); if (/^https:\/\/t\.me\//.test(ext.href) && tg.openTelegramLink) tg.openTelegramLink(ext.href); else tg.openLink(ext.href); }
  });

  window.tbg = {
    inTelegram: false,
    telegram: startTelegram,
    haptic: haptic,
    toast: function (text, kind) {
      var box = document.getElementById("toasts");
      if (!box) return;
      var t = document.createElement("div");
      t.className = "toast" + (kind ? " " + kind : "");
      t.setAttribute("role", kind === "bad" ? "alert" : "status");
      t.textContent = text;
      box.appendChild(t);
      setTimeout(function () { t.remove(); }, 4000);
    },
    copy: function (text, button) {
      var done = function () {
        if (button) { var old = button.textContent; button.textContent = "Copied"; setTimeout(function () { button.textContent = old; }, 1500); }
        haptic("success");
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, done);
      else {
        var t = document.createElement("textarea");
        t.value = text; document.body.appendChild(t); t.select();
        try { document.execCommand("copy"); } catch (e) {}
        t.remove(); done();
      }
    },
    // A step that needs a fresh sign-in (linking a payout address): inside Telegram the launch's
    // initData signs in again right here and the page reloads as it now is; in a browser, /signin.
    signInAgain: function (button) {
      if (!tg || !tg.initData) { location.href = "/signin"; return; }
      if (button) button.disabled = true;
      telegramSignIn().then(function (result) {
        if (result.ok) {
          haptic("success");
          if (window.htmx) htmx.ajax("GET", location.pathname + location.search, { target: "#main", swap: "innerHTML" });
          else location.reload();
          return;
        }
        haptic("error");
        if (button) button.disabled = false;
        tbg.toast("Telegram sign-in failed", "bad");
      }, function () { haptic("error"); if (button) button.disabled = false; tbg.toast("Could not reach the pool to sign in", "bad"); });
    },
  };


  // ---- the tap game (views/pages/tap.ts) -----------------------------------------------------
  // Optimistic: a tap spends energy and shows +N at once; the taps of the last second go to the
  // server as one batch (POST /api/v1/mining/tap), whose answer is the truth: energy, balance and
  // combo are set from it, plus what was tapped while it travelled. Crits come only from the server.
  function tapGame() {
    var DEC = 1000;
    return {
      energy: 0, maxEnergy: 0, regen: 0, balance: 0, perTap: 0, pending: 0, refills: 0, turbos: 0, turbo: false, combo: 1,
      root: null, queued: 0, inFlight: 0, timer: null, regenTimer: null, lastRegen: 0, failures: 0,
      init: function () {
        this.root = this.$el; // the component's element ($el elsewhere is the element of the handler)
        this.apply(JSON.parse(this.root.getAttribute("data-status")));
        var self = this;
        this.lastRegen = Date.now();
        this.regenTimer = setInterval(function () {
          var t = Date.now();
          self.energy = Math.min(self.maxEnergy, self.energy + (self.regen * (t - self.lastRegen)) / 1000);
          self.lastRegen = t;
        }, 200);
        this.timer = setInterval(function () { self.flush(); }, 1000);
      },
      destroy: function () { clearInterval(this.timer); clearInterval(this.regenTimer); this.flush(true); },
      fmt: function (units) {
        var neg = units < 0; units = Math.abs(Math.round(units));
        var whole = Math.floor(units / DEC), frac = units % DEC;
        var s = whole.toLocaleString("en-US") + (frac ? "." + String(frac).padStart(3, "0").replace(/0+$/, "") : "");
        return (neg ? "-" : "") + s;
      },
      apply: function (s) {
        this.maxEnergy = s.max_energy; this.regen = s.regen_per_second;
        this.energy = Math.max(0, s.energy - this.queued - this.inFlight);
        this.balance = s.balance.units + (this.queued + this.inFlight) * s.reward_per_tap.units;
        this.perTap = s.reward_per_tap.units;
        this.pending = s.proof_of_work.pending.units;
        this.refills = s.boosts.refills_left; this.turbos = s.boosts.turbos_left;
        this.turbo = !!s.turbo_until && Date.parse(s.turbo_until) > Date.parse(s.server_time);
        this.combo = s.combo && s.combo.live ? s.combo.multiplier : 1;
      },
      float: function (e, text, cls) {
        var box = this.root.querySelector(".tap-floats"), btn = this.root.querySelector(".tap-button");
        if (!box || !btn) return;
        var r = btn.getBoundingClientRect(), host = box.getBoundingClientRect();
        var x = e && e.clientX ? e.clientX : r.left + r.width / 2, y = e && e.clientY ? e.clientY : r.top + r.height / 3;
        var f = document.createElement("span");
        f.className = "tap-float" + (cls ? " " + cls : "");
        f.textContent = text;
        f.style.left = (x - host.left) + "px"; f.style.top = (y - host.top) + "px";
        box.appendChild(f);
        setTimeout(function () { f.remove(); }, 900);
      },
      tap: function (e) {
        if (this.energy < 1) { haptic("error"); this.float(e, "No energy", "bad"); return; }
        this.energy -= 1; this.queued += 1;
        var gain = this.perTap * this.combo * (this.turbo ? 3 : 1);
        this.balance += gain;
        this.float(e, "+" + this.fmt(gain));
        haptic("light");
        var btn = this.root.querySelector(".tap-button");
        if (btn) { btn.classList.remove("hit"); void btn.offsetWidth; btn.classList.add("hit"); }
      },
      send: function (url, body, keepalive) {
        var opts = { method: "POST", credentials: "same-origin", keepalive: !!keepalive, headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) };
        return fetch(url, opts).then(function (r) {
          if (r.status !== 401) return r;
          // The 15-minute access cookie ran out while playing: renew it once and send again.
          return fetch("/signin/renew?next=/play/tap", { credentials: "same-origin" }).then(function () { return fetch(url, opts); });
        });
      },
      flush: function (leaving) {
        if (this.inFlight || !this.queued) return;
        var self = this, count = this.queued;
        this.queued = 0; this.inFlight = count;
        var id = "b" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
        this.send("/api/v1/mining/tap", { count: count, client_time: Date.now(), batch_id: id }, leaving).then(function (r) {
          return r.json().then(function (j) { return { ok: r.ok, j: j }; });
        }).then(function (x) {
          self.inFlight = 0;
          if (!x.ok) throw new Error(x.j && x.j.error ? x.j.error.message : "refused");
          self.failures = 0;
          self.apply(x.j.status);
          if (x.j.crits > 0) { self.float(null, "Critical ×3 (" + x.j.crits + ")", "crit"); haptic("success"); }
          if (x.j.clamped.by_rate > 0) self.float(null, "Too fast", "bad");
        }).catch(function (err) {
          self.inFlight = 0;
          if (leaving) return;
          if (++self.failures === 1) tbg.toast("Taps not counted: " + err.message, "bad");
          fetch("/api/v1/mining/status", { credentials: "same-origin", headers: { accept: "application/json" } }).then(function (r) { return r.ok ? r.json() : null; }).then(function (s) { if (s) self.apply(s); }, function () {});
        });
      },
      post: function (url, body, done) {
        var self = this;
        this.flush();
        this.send(url, body).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); }).then(function (x) {
          if (!x.ok) { haptic("error"); tbg.toast(x.j && x.j.error ? x.j.error.message : "Refused", "bad"); return; }
          haptic("success");
          done.call(self, x.j);
        }, function () { haptic("error"); tbg.toast("Could not reach the pool. Check your connection.", "bad"); });
      },
      boost: function (type) { this.post("/api/v1/mining/boost", { type: type }, function (s) { this.apply(s); }); },
      claim: function () {
        this.post("/api/v1/mining/claim", {}, function (j) {
          this.balance = j.balance.units + this.queued * this.perTap; this.pending = 0;
          tbg.toast("+" + j.claimed.tokens + " tokens from your shares", "ok");
        });
      },
    };
  }
  document.addEventListener("alpine:init", function () { window.Alpine.data("tapGame", tapGame); });

  // htmx (deferred after this file) exists once the document is parsed.
  // The access cookie lives 15 minutes; the refresh cookie is only sent to /signin. A browser that
  // was signed in here and comes back later would see the public pages as a stranger (no own
  // dashboard): renew the session once, then show the page again as the user sees it. Inside
  // Telegram the launch's initData signs in instead (autoSignIn).
  function renewQuietly() {
    try {
      if (document.body.hasAttribute("data-session") || sessionStorage.getItem("tbg-tg") || !localStorage.getItem("tbg-signed-in")) return;
      if (/^\/signin/.test(location.pathname)) { localStorage.removeItem("tbg-signed-in"); return; }
    } catch (e) { return; }
    var here = location.pathname + location.search;
    fetch("/signin/renew?next=" + encodeURIComponent(here), { credentials: "same-origin" }).then(function (r) {
      // Renewed: redirected back here. Not: sent to /signin (the refresh cookie is gone or spent).
      if (new URL(r.url).pathname === "/signin") { localStorage.removeItem("tbg-signed-in"); return; }
      document.body.setAttribute("data-session", "1");
      if (window.htmx && location.pathname + location.search === here) htmx.ajax("GET", here, { target: "#main", swap: "innerHTML" });
    }, function () {});
  }

  document.addEventListener("DOMContentLoaded", function () { rememberSettings(); renewQuietly(); game(); currentSection(); });
  localise();
  startTelegram();
})();
