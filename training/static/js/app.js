/* Small enhancements only; every page works without this file.
   Read aloud: any element with data-read-aloud gets a button that reads it with the browser's
   speech synthesis, choosing an Indonesian voice when the computer has one. */
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
