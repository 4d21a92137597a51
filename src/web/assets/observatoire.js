// Passerelle: the observatory's choropleth (progressive enhancement; the table below the map holds
// the same values and works without it). Loads the map library only on this page, then the
// outlines (a versioned URL the browser keeps) and the values of the table, and colours each
// territory by its decile: 5 classes from the least to the most fragile, hatched grey when absent.
// A territory's name and value show on hover or focus; a click opens its sheet.
(function () {
  'use strict';
  var box = document.getElementById('obs-carte');
  if (!box || !window.fetch) return;
  var status = box.querySelector('.map-status');
  var COLOURS = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];
  status.textContent = 'Chargement de la carte…';
  // The library, its stylesheet and the data are fetched at once; the map is drawn when all are there.
  var css = new Promise(function (resolve) {
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = box.getAttribute('data-leaflet-css');
    link.onload = resolve;
    link.onerror = resolve;
    document.head.appendChild(link);
  });
  var library = new Promise(function (resolve, reject) {
    var script = document.createElement('script');
    script.src = box.getAttribute('data-leaflet-js');
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });
  Promise.all([getJson(box.getAttribute('data-contours')), getJson(box.getAttribute('data-valeurs')), library, css]).then(draw, failed);

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }

  function failed() {
    status.textContent = 'La carte n’a pas pu être chargée. Le tableau ci-dessous donne les mêmes valeurs.';
  }

  function draw(results) {
    var outlines = results[0];
    var values = results[1].valeurs || {};
    var level = results[1].niveau;
    var L = window.L;
    box.classList.add('map-ready');
    var map = L.map(box.querySelector('.map-canvas'), { scrollWheelZoom: false, attributionControl: false, zoomSnap: 0.25 });
    var layer = L.geoJSON(outlines, {
      style: function (feature) {
        var v = values[feature.properties.code];
        var decile = v && v[1];
        if (!decile) return { color: '#4a4a4a', weight: 0.6, fillColor: '#bdbdbd', fillOpacity: 0.8, dashArray: '2 2' };
        return { color: '#4a4a4a', weight: 0.6, fillColor: COLOURS[Math.min(4, Math.floor((decile - 1) / 2))], fillOpacity: 0.85 };
      },
      onEachFeature: function (feature, shape) {
        var v = values[feature.properties.code];
        var text = feature.properties.nom + ' : ' + (v ? v[2] + (v[1] ? ' (décile ' + v[1] + ')' : '') : 'valeur absente');
        shape.bindTooltip(text, { sticky: true });
        shape.on('click', function () {
          window.location.href = '/observatoire/' + level + '/' + encodeURIComponent(feature.properties.code);
        });
      },
    }).addTo(map);
    // France as a whole: metropolitan France in view (overseas territories are in the table and a pan away).
    var bounds = box.getAttribute('data-france') ? L.latLngBounds([41.3, -5.2], [51.1, 9.6]) : layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
    else map.setView([46.6, 2.4], 5);
    var legend = box.querySelector('.obs-legend');
    if (legend) legend.hidden = false;
    status.textContent = '';
    box.setAttribute('data-territoires', String(outlines.features.length));
  }
})();
