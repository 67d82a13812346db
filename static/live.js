// Live pages: one WebSocket (/api/ws, seed 003 §7) per page load keeps the dashboard's hashrate,
// its workers' online state and a live share feed current for the signed-in owner, shows a
// banner when the pool finds a block, counts notifications and re-reads a Ranks page when the
// boards change — without polling. While the
// socket is down, the pages' own htmx polling runs as before (it is skipped only while the
// socket covers that data, and an event on the socket refreshes it instead); the socket reconnects with exponential backoff (1 s → 60 s, jittered).
(function () {
  "use strict";
  var ws = null;
  var me = { connected: false, signedIn: false, address: null };
  var attempt = 0;
  var timer = null;
  var rates = {};
  var unread = 0;
  // The stats block's counters (shares today, bests, rejects) come from the server: an event on
  // the socket asks for a fresh block, at most once per REFRESH_MS (the old polling period).
  var REFRESH_MS = 15000;
  var lastRefresh = 0, refreshTimer = null;
  function refreshSoon() {
    if (refreshTimer) return;
    var wait = Math.max(0, lastRefresh + REFRESH_MS - Date.now());
    refreshTimer = setTimeout(function () {
      refreshTimer = null;
      var el = ownStats();
      if (!el || !window.htmx) return;
      lastRefresh = Date.now();
      htmx.trigger(el, "tbg-refresh");
    }, wait);
  }

  // The same forms as the server's (src/mining/hashrate.ts formatHashrate, views/format.ts formatDifficulty).
  function hashrate(h) {
    var u = ["H/s", "KH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"], i = 0, v = isFinite(h) && h > 0 ? h : 0;
    while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
    return (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + " " + u[i];
  }
  function difficulty(d) {
    if (!isFinite(d) || d <= 0) return "0";
    var u = ["", "K", "M", "G", "T", "P", "E"], i = 0;
    while (d >= 1000 && i < u.length - 1) { d /= 1000; i++; }
    if (i === 0) return d >= 100 ? d.toFixed(0) : String(Number(d.toPrecision(3)));
    return (d >= 100 ? d.toFixed(0) : d >= 10 ? d.toFixed(1) : d.toFixed(2)) + u[i];
  }

  /** The dashboard on screen, when it is the signed-in user's own (the socket carries only theirs). */
  function ownStats() {
    var el = document.querySelector("[data-live-address]");
    return el && me.connected && me.address && el.getAttribute("data-live-address") === me.address ? el : null;
  }

  /** The live parts of the page follow the socket's state: shown when it covers them. */
  function refresh() {
    var own = ownStats();
    document.querySelectorAll("[data-live-shares]").forEach(function (el) { el.hidden = !own; });
    document.documentElement.toggleAttribute("data-live", me.connected);
  }

  function onShare(d) {
    var list = document.querySelector("[data-live-shares] ol");
    if (!list || !ownStats()) return;
    var li = document.createElement("li");
    li.className = d.accepted ? "" : "bad";
    li.textContent = (d.worker || "(default)") + " · " + difficulty(d.difficulty) + (d.accepted ? "" : " · " + (d.reject_reason || "rejected")) + (d.is_block ? " · BLOCK" : "");
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 10) list.lastChild.remove();
    var empty = document.querySelector("[data-live-shares] .muted");
    if (empty) empty.remove();
  }

  function onWorker(type, d) {
    if (!ownStats()) return;
    var row = document.querySelector('[data-live-worker="' + CSS.escape(d.worker) + '"]');
    if (type === "hashrate") {
      rates[d.worker] = d.hashrate_5m;
      // The total is written once every worker on the page has reported (a partial sum would dip).
      var total = 0, all = true;
      document.querySelectorAll("[data-live-worker]").forEach(function (r) { var w = r.getAttribute("data-live-worker"); if (w in rates) total += rates[w]; else all = false; });
      var h = document.querySelector('[data-testid="hashrate"]');
      if (h && all) h.textContent = hashrate(total);
      var cell = row && row.querySelector("[data-live-rate]");
      if (cell) cell.textContent = hashrate(d.hashrate_5m);
      return;
    }
    var chip = row && row.querySelector(".chip");
    if (!chip) return;
    var online = type === "worker_online";
    chip.className = "chip " + (online ? "ok" : "bad");
    chip.textContent = online ? "online" : "offline";
  }

  function onBlock(d) {
    var b = document.getElementById("live-banner");
    if (!b) return;
    b.textContent = (d.is_mine ? "You found block " : "The pool found block ") + d.block_height + "! (" + d.finder + ")";
    b.hidden = false;
    setTimeout(function () { b.hidden = true; }, 60000);
  }

  function onNotification(type, d) {
    if (type === "notification") {
      unread++;
      document.querySelectorAll("[data-notification-count]").forEach(function (el) { el.textContent = String(unread); el.hidden = false; });
      if (window.tbg) tbg.toast(d.title || "New notification");
    } else if (window.tbg && type === "badge_earned") tbg.toast("Badge earned: " + d.badge_slug);
    else if (window.tbg && type === "level_up") tbg.toast("Level " + d.new_level + ": " + d.title);
  }

  function onMessage(e) {
    var m;
    try { m = JSON.parse(e.data); } catch (err) { return; }
    if (m.type === "ping") return ws.send('{"type":"pong"}');
    if (m.type === "welcome") {
      me.signedIn = m.signed_in; me.address = m.address; me.connected = true; attempt = 0;
      ws.send(JSON.stringify({ action: "subscribe", channels: m.signed_in ? ["shares", "workers", "blocks", "notifications", "leaderboard"] : ["blocks", "leaderboard"] }));
      return refresh();
    }
    if (m.channel === "shares" || (m.channel === "workers" && m.type !== "hashrate")) refreshSoon();
    if (m.channel === "shares" && m.type === "share_submitted") onShare(m.data);
    else if (m.channel === "workers") onWorker(m.type, m.data);
    else if (m.channel === "blocks" && m.type === "block_found") onBlock(m.data);
    else if (m.channel === "notifications") onNotification(m.type, m.data);
    else if (m.channel === "leaderboard") onBoards();
  }

  /** A Ranks page on screen re-reads itself when the boards were refreshed or my rank moved. */
  function onBoards() {
    if (!/^\/ranks(\/|$)/.test(location.pathname) || !window.htmx) return;
    htmx.ajax("GET", location.pathname + location.search, { target: "#main", swap: "innerHTML" });
  }

  function connect() {
    timer = null;
    if (!("WebSocket" in window)) return;
    try { ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/ws"); } catch (e) { return retry(); }
    ws.onmessage = onMessage;
    ws.onclose = function (e) {
      me.connected = false; ws = null; refresh();
      // 4001: the access token expired; renew the session quietly (as app.js does), then reconnect.
      if (e.code === 4001) fetch("/signin/renew?next=%2F", { credentials: "same-origin" }).then(retry, retry);
      else retry();
    };
  }

  function retry() {
    if (timer) return;
    var delay = Math.min(60000, 1000 * Math.pow(2, attempt++)) * (0.5 + Math.random() / 2);
    timer = setTimeout(connect, delay);
  }

  // Polling stays the fallback: a refresh the socket already covers is skipped while it is up.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var el = e.detail && e.detail.elt;
    if (!el || !el.hasAttribute || !el.hasAttribute("data-live-address")) return;
    // The socket's own refresh goes through; the timed one is skipped while the socket covers the block.
    var cause = e.detail.requestConfig && e.detail.requestConfig.triggeringEvent;
    if (cause && cause.type === "tbg-refresh") return;
    if (ownStats() === el) e.preventDefault();
  });
  document.addEventListener("htmx:afterSettle", function () { rates = {}; refresh(); });
  /** True while an event-driven refresh of the stats block is waiting for its turn. */
  me.refreshPending = function () { return refreshTimer !== null; };
  window.tbgLive = me;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", connect);
  else connect();
})();
