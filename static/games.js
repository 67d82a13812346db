// Mini-games: the server decides each play's outcome from the player's own numbers
// (POST /api/v1/games/sessions); this only animates towards it — requestAnimationFrame on
// CSS/SVG, Telegram haptics through app.js, and the final state at once for reduced motion.
// Loaded by each game page; one delegated click handler however often htmx brings the page.
(function () {
  if (window.tbgGames) return;
  window.tbgGames = true;
  var reduced = function () { return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches); };
  var haptic = function (kind) { if (window.tbg && window.tbg.haptic) window.tbg.haptic(kind); };
  var ease = function (p) { return 1 - Math.pow(1 - p, 3); };
  function tween(ms, step, done) {
    if (reduced()) { step(1); done(); return; }
    var start = null;
    function frame(t) {
      if (start === null) start = t;
      var p = Math.min(1, (t - start) / ms);
      step(p);
      if (p < 1) requestAnimationFrame(frame); else done();
    }
    requestAnimationFrame(frame);
  }
  var PLACE = ["none", "1st", "2nd", "3rd"];
  var animate = {
    hammer: function (root, r, done) {
      var puck = root.querySelector("[data-g=puck]");
      var h = r.reveal.height;
      tween(1400, function (p) { puck.setAttribute("y", (186 - 166 * h * ease(p)).toFixed(1)); }, function () {
        if (h >= 1) root.classList.add("rang");
        done();
      });
    },
    horse_race: function (root, r, done) {
      var box = root.querySelector("[data-g=lanes]");
      box.textContent = "";
      var horses = r.reveal.horses.map(function (h) {
        var lane = document.createElement("div");
        lane.className = "lane";
        var name = document.createElement("span");
        name.className = "lane-name";
        name.textContent = h.place + ". " + h.name;
        var horse = document.createElement("span");
        horse.className = "horse";
        lane.appendChild(name);
        lane.appendChild(horse);
        box.appendChild(lane);
        return { el: horse, d: h.distance };
      });
      tween(2200, function (p) { horses.forEach(function (h) { h.el.style.left = (ease(p) * h.d * 88).toFixed(2) + "%"; }); }, done);
    },
    slots: function (root, r, done) {
      var reels = root.querySelectorAll("[data-g=reel] span");
      var v = r.reveal;
      var finals = [v.rank === null ? "—" : "#" + v.rank, v.lottery_week === null ? "—" : PLACE[v.lottery_place], String(v.tickets)];
      // The spin only shows digits passing by; where each reel stops was decided by the server.
      tween(1800, function (p) {
        for (var i = 0; i < reels.length; i++) {
          var stopAt = 0.5 + i * 0.25;
          reels[i].textContent = p >= stopAt ? finals[i] : String(Math.floor(p * 60 + i * 3) % 10);
        }
      }, function () {
        for (var i = 0; i < reels.length; i++) reels[i].textContent = finals[i];
        done();
      });
    },
    scratch: function (root, r, done) {
      var v = r.reveal;
      root.querySelector("[data-g=under] span").textContent = (v.lottery_week === null ? "No draw yet" : v.lottery_place > 0 ? PLACE[v.lottery_place] + " place!" : "No prize") + " · " + (v.rank === null ? "unranked" : "#" + v.rank);
      var cover = root.querySelector("[data-g=cover]");
      tween(1200, function (p) { cover.style.opacity = String(1 - p); }, function () { cover.style.visibility = "hidden"; done(); });
    },
  };
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-game-play]");
    if (!button) return;
    var root = button.closest(".game");
    var out = root.querySelector("[data-testid=game-result]");
    button.disabled = true;
    out.textContent = "";
    root.removeAttribute("data-played");
    haptic("light");
    fetch("/api/v1/games/sessions", {
      method: "POST", credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ game: button.getAttribute("data-game-play") }),
    })
      .then(function (res) { return res.json().then(function (j) { if (!res.ok) throw new Error((j.error && j.error.message) || "the pool refused"); return j; }); })
      .then(function (r) {
        animate[r.game](root, r, function () {
          out.textContent = r.summary;
          root.setAttribute("data-played", String(r.id));
          button.disabled = false;
          haptic("success");
        });
      })
      .catch(function (err) {
        button.disabled = false;
        out.textContent = "Could not play: " + err.message;
        haptic("error");
      });
  });
})();
