// Kitchen Residents: small behaviours htmx does not cover. Loaded as a file because the
// Content-Security-Policy allows no inline script. Everything here is an extra: every page
// works without it.
(function () {
  "use strict";

  var POLL_MS = 30000;

  // Live pages (the chart, Tonight): while the page is visible, ask every 30 s when the
  // kitchen last synced; when that changes, re-render the page's live area in place,
  // keeping the chart's scroll position.
  var LIVE_IDS = ["chart", "tonight"];

  function liveArea() {
    for (var i = 0; i < LIVE_IDS.length; i++) {
      var area = document.getElementById(LIVE_IDS[i]);
      if (area) return area;
    }
    return null;
  }

  function refreshArea(area) {
    var scroller = area.querySelector(".chart-scroll");
    var left = scroller ? scroller.scrollLeft : 0;
    var top = scroller ? scroller.scrollTop : 0;
    var id = area.id;
    if (!window.htmx) return;
    window.htmx.ajax("GET", area.getAttribute("data-refresh-url"), { target: "#" + id, swap: "outerHTML" }).then(function () {
      var again = document.getElementById(id);
      var next = again && again.querySelector(".chart-scroll");
      if (next) {
        next.scrollLeft = left;
        next.scrollTop = top;
      }
    });
  }

  function checkForNewSync() {
    var area = liveArea();
    if (!area || document.visibilityState !== "visible" || !area.hasAttribute("data-status-url")) return;
    fetch(area.getAttribute("data-status-url"), { headers: { accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        var current = liveArea();
        if (status && current && (status.last_sync_at || "") !== current.getAttribute("data-last-sync")) refreshArea(current);
      })
      .catch(function () {
        // Offline for a moment: the next tick tries again.
      });
  }

  // A stay panel that just opened takes the focus, so screen readers and keyboards follow.
  document.addEventListener("htmx:after:settle", function () {
    var heading = document.querySelector("#stay-panel h2");
    if (heading && !heading.hasAttribute("data-focused")) {
      heading.setAttribute("tabindex", "-1");
      heading.setAttribute("data-focused", "");
      heading.focus();
    }
  });

  setInterval(checkForNewSync, POLL_MS);
  document.addEventListener("visibilitychange", checkForNewSync);

  function closePanel() {
    var panel = document.getElementById("stay-panel");
    if (panel) panel.innerHTML = "";
  }

  var panelEntry = false;

  window.addEventListener("popstate", function () {
    if (panelEntry && !(history.state && history.state.stayPanel)) {
      panelEntry = false;
      closePanel();
    }
  });

  // Tapping a stay opens it in the panel below the chart (a plain link without htmx) and
  // marks every stay of its group; tapping elsewhere clears the mark.
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var stay = target && target.closest("a.bar");
    if (stay && window.htmx && !event.metaKey && !event.ctrlKey) {
      event.preventDefault();
      window.htmx.ajax("GET", stay.getAttribute("href"), { target: "#stay-panel", swap: "innerHTML" });
      // An open panel is one step in the history, however many stays it shows in turn, so
      // the phone's Back closes it. The entry is marked as htmx's own, which htmx then
      // leaves as it is.
      if (!panelEntry) {
        history.pushState({ htmx: true, stayPanel: true }, "", location.href);
        panelEntry = true;
      }
    }
    var close = target && target.closest("[data-close-panel]");
    if (close && window.htmx) {
      event.preventDefault();
      if (panelEntry) history.back();
      else closePanel();
    }
    var bar = target && target.closest(".bar");
    var group = bar ? bar.getAttribute("data-group") : null;
    document.querySelectorAll(".bar.group-marked").forEach(function (marked) {
      marked.classList.remove("group-marked");
    });
    if (!group) return;
    document.querySelectorAll(".bar[data-group]").forEach(function (other) {
      if (other.getAttribute("data-group") === group) other.classList.add("group-marked");
    });
  });
})();
