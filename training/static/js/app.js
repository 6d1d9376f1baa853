/* Small enhancements only; every page works without this file.
   Read aloud: any element with data-read-aloud gets a button that reads it (see setup).
   Autosave: see setupAutosave. */
(function () {
  "use strict";
  function pickVoice(lang) {
    if (!("speechSynthesis" in window)) { return null; }
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(lang) === 0) { return voices[i]; }
    }
    return null;
  }
  /* Read aloud with the browser's own voice for the language; without one, play the lesson's
     recording from the server (data-read-aloud-audio); without that, say why nothing is read
     (data-read-aloud-none). The button always returns to "Dengarkan" when reading ends or fails. */
  function setup() {
    var targets = document.querySelectorAll("[data-read-aloud]");
    var lang = (document.documentElement.lang || "id").toLowerCase();
    Array.prototype.forEach.call(targets, function (target) {
      var button = document.createElement("button");
      var note = document.createElement("p");
      var labelStart = target.getAttribute("data-read-aloud") || "Dengarkan";
      var labelStop = target.getAttribute("data-read-aloud-stop") || "Berhenti";
      var audioUrl = target.getAttribute("data-read-aloud-audio");
      var player = null;
      var reading = false;
      button.type = "button";
      button.className = "btn read-aloud";
      note.className = "hint read-aloud-note";
      note.setAttribute("role", "status");
      function idle() {
        reading = false;
        button.textContent = "\u25B6 " + labelStart;
      }
      function busy() {
        reading = true;
        button.textContent = "\u25A0 " + labelStop;
        note.textContent = "";
      }
      function cannotRead() {
        idle();
        note.textContent = target.getAttribute("data-read-aloud-none") || "";
      }
      function stop() {
        if (player) { player.pause(); player = null; }
        if ("speechSynthesis" in window) { window.speechSynthesis.cancel(); }
        idle();
      }
      function speak(voice) {
        var utterance = new SpeechSynthesisUtterance(target.innerText);
        utterance.lang = voice.lang;
        utterance.voice = voice;
        utterance.rate = 0.95;
        utterance.onend = idle;
        utterance.onerror = idle;
        window.speechSynthesis.speak(utterance);
        busy();
        window.setTimeout(function () {  /* nothing started: never leave the button on "Berhenti" */
          if (reading && !window.speechSynthesis.speaking && !window.speechSynthesis.pending) { idle(); }
        }, 3000);
      }
      function play() {
        player = new Audio(audioUrl);
        player.onended = idle;
        player.onerror = function () { player = null; cannotRead(); };
        busy();
        var started = player.play();
        if (started && started.catch) { started.catch(function () { player = null; cannotRead(); }); }
      }
      idle();
      button.addEventListener("click", function () {
        if (reading) { stop(); return; }
        var voice = pickVoice(lang === "en" ? "en" : "id");
        if (voice) { speak(voice); } else if (audioUrl && window.Audio) { play(); } else { cannotRead(); }
      });
      target.parentNode.insertBefore(button, target);
      target.parentNode.insertBefore(note, target);
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
