// Passerelle: progressive enhancement of the search form (the form works without this script).
// Adds commune suggestions to "Où ?" and an "Autour de moi" button using the browser's position.
(function () {
  'use strict';
  var form = document.getElementById('recherche');
  var ou = document.getElementById('ou');
  if (!form || !ou || !window.fetch) return;

  // Suggestions of communes while typing, from the public API.
  var list = document.createElement('datalist');
  list.id = 'ou-suggestions';
  form.appendChild(list);
  ou.setAttribute('list', list.id);
  ou.setAttribute('autocomplete', 'off');
  var timer = 0;
  var pending = null;
  ou.addEventListener('input', function () {
    clearTimeout(timer);
    var q = ou.value.trim();
    if (q.length < 2 || /\(\d{5}\)$/.test(q)) return;
    timer = setTimeout(function () {
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      fetch('/api/v1/territoires/communes?limit=8&q=' + encodeURIComponent(q), pending ? { signal: pending.signal } : {})
        .then(function (response) { return response.ok ? response.json() : { data: [] }; })
        .then(function (body) {
          list.textContent = '';
          body.data.forEach(function (commune) {
            var option = document.createElement('option');
            var postcode = commune.codes_postaux && commune.codes_postaux[0];
            option.value = postcode ? commune.nom + ' (' + postcode + ')' : commune.nom;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a help, not a need */ });
    }, 200);
  });

  // "Autour de moi": the position goes in hidden fields lat and lon, rounded to about 100 m.
  if (!navigator.geolocation) return;
  var field = ou.parentNode;
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.textContent = 'Autour de moi';
  var status = document.createElement('p');
  status.className = 'hint';
  status.setAttribute('role', 'status');
  field.appendChild(button);
  field.appendChild(status);
  function hidden(name, value) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }
  function forgetPosition() {
    form.querySelectorAll('input[type="hidden"][name="lat"], input[type="hidden"][name="lon"]').forEach(function (input) {
      input.parentNode.removeChild(input);
    });
  }
  button.addEventListener('click', function () {
    status.textContent = 'Recherche de votre position…';
    navigator.geolocation.getCurrentPosition(function (position) {
      hidden('lat', position.coords.latitude.toFixed(3));
      hidden('lon', position.coords.longitude.toFixed(3));
      ou.value = ''; // a typed place would take precedence over the position
      status.textContent = 'Votre position est trouvée. Appuyez sur « Chercher ».';
    }, function () {
      forgetPosition();
      status.textContent = 'Votre position n’a pas pu être trouvée. Écrivez votre commune.';
    }, { timeout: 10000, maximumAge: 600000 });
  });
  ou.addEventListener('input', function () {
    if (form.querySelector('input[name="lat"]')) {
      forgetPosition();
      status.textContent = '';
    }
  });
})();
