// Passerelle: progressive enhancement of the orientation slip (the page works without this script).
// Replaces "Pour imprimer : touches Ctrl et P" by a print button, and adds a button that copies
// the text to send.
(function () {
  'use strict';
  function button(label) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'button';
    b.textContent = label;
    return b;
  }

  var hint = document.getElementById('fiche-imprimer');
  if (hint && typeof window.print === 'function') {
    var print = button('Imprimer la fiche');
    print.addEventListener('click', function () { window.print(); });
    var holder = document.createElement('p');
    holder.className = 'no-print';
    holder.id = 'fiche-imprimer';
    holder.appendChild(print);
    hint.parentNode.replaceChild(holder, hint);
  }

  var text = document.getElementById('fiche-texte');
  if (!text) return;
  var copy = button('Copier le texte');
  copy.className = 'button secondary';
  var status = document.createElement('p');
  status.className = 'hint';
  status.setAttribute('role', 'status');
  text.parentNode.insertBefore(status, text.nextSibling);
  text.parentNode.insertBefore(copy, status);
  function copied() { status.textContent = 'Le texte est copié. Vous pouvez le coller dans un SMS ou un courriel.'; }
  function byHand() { status.textContent = 'Le texte n’a pas pu être copié. Sélectionnez-le, puis copiez-le.'; }
  copy.addEventListener('click', function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text.value).then(copied, fallback);
    } else {
      fallback();
    }
  });
  function fallback() {
    text.focus();
    text.select();
    try {
      if (document.execCommand('copy')) copied(); else byHand();
    } catch (e) {
      byHand();
    }
  }
})();
