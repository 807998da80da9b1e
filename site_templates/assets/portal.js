// The days from the reader's today to a date a page names (builder/site/render.py, `countdown`):
// written here, so that the page itself stays the same from one day to the next.
(function () {
  "use strict";
  function today() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }
  function days(iso) {
    var parts = iso.split("-");
    return Math.round((Date.UTC(+parts[0], parts[1] - 1, +parts[2]) - today()) / 86400000);
  }
  function fill() {
    var spans = document.querySelectorAll(".portal-countdown[data-day]");
    for (var i = 0; i < spans.length; i++) {
      var left = days(spans[i].getAttribute("data-day")), lead = spans[i].getAttribute("data-lead");
      var said = left < 0 ? "已逾期 " + -left + " 天" : left === 0 ? "就是今天" : "还有 " + left + " 天";
      spans[i].textContent = "（" + (lead ? lead + "，" : "") + said + "）";
      spans[i].className = "portal-countdown" + (left < 0 ? " portal-warn" : "");
    }
  }
  // a month of logs: the day picked is the day shown
  function pick(event) {
    if (event.target.classList && event.target.classList.contains("portal-day-picker")) {
      location.hash = event.target.value;
    }
  }
  document.addEventListener("change", pick);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
})();
