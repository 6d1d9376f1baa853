/* Small enhancements only; every page works without this file.
   Read aloud: any element with data-read-aloud gets a button that reads it with the browser's
   speech synthesis, choosing an Indonesian voice when the computer has one.
   Autosave: see setupAutosave. */
(function () {
  "use strict";
  function pickVoice(lang) {
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(lang) === 0) { return voices[i]; }
    }
    return null;
  }
  function setup() {
    if (!("speechSynthesis" in window)) { return; }
    var targets = document.querySelectorAll("[data-read-aloud]");
    var lang = (document.documentElement.lang || "id").toLowerCase();
    Array.prototype.forEach.call(targets, function (target) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn read-aloud";
      var labelStart = target.getAttribute("data-read-aloud") || "Dengarkan";
      var labelStop = target.getAttribute("data-read-aloud-stop") || "Berhenti";
      button.textContent = "\u25B6 " + labelStart;
      button.addEventListener("click", function () {
        if (window.speechSynthesis.speaking) {
          window.speechSynthesis.cancel();
          button.textContent = "\u25B6 " + labelStart;
          return;
        }
        var utterance = new SpeechSynthesisUtterance(target.innerText);
        utterance.lang = lang === "en" ? "en-US" : "id-ID";
        var voice = pickVoice(lang === "en" ? "en" : "id");
        if (voice) { utterance.voice = voice; }
        utterance.rate = 0.95;
        utterance.onend = function () { button.textContent = "\u25B6 " + labelStart; };
        window.speechSynthesis.speak(utterance);
        button.textContent = "\u25A0 " + labelStop;
      });
      target.parentNode.insertBefore(button, target);
    });
  }
  /* Autosave: a form with data-autosave="URL" posts its fields there every 20 s while its text
     changed, so a session that ends while the learner thinks loses little. The server answers
     JSON with the words to show in the element named by data-autosave-status. */
  function setupAutosave() {
    if (!window.fetch || !window.FormData) { return; }
    var forms = document.querySelectorAll("form[data-autosave]");
    Array.prototype.forEach.call(forms, function (form) {
      var status = document.getElementById(form.getAttribute("data-autosave-status"));
      var box = form.querySelector("textarea");
      if (!box) { return; }
      var saved = box.value;
      var timer = window.setInterval(function () {
        if (box.value === saved) { return; }
        var sending = box.value;
        window.fetch(form.getAttribute("data-autosave"), {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: {"X-Requested-With": "fetch"}, redirect: "manual"
        }).then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") !== 0) { throw new Error("no session"); }
          return response.json();
        }).then(function (answer) {
          if (answer.saved) { saved = sending; }
          if (status) { status.textContent = answer.saved || answer.error || ""; }
        }).catch(function () {
          window.clearInterval(timer);  /* signed out: the "Simpan draf" button still works after signing in */
          if (status && form.getAttribute("data-autosave-ended")) { status.textContent = form.getAttribute("data-autosave-ended"); }
        });
      }, 20000);
    });
  }
  function start() {
    setup();
    setupAutosave();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
