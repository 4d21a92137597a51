// Passerelle: the map of the results (progressive enhancement; the list above works without it).
// Loads the map library only here, draws one marker per place listed, each linking to its page.
// Tiles come from the configured server (data-tuiles); without tiles the markers still show.
(function () {
  'use strict';
  var box = document.getElementById('carte');
  if (!box || !window.fetch) return;
  var places = JSON.parse(box.getAttribute('data-lieux') || '[]');
  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = box.getAttribute('data-leaflet-css');
  document.head.appendChild(css);
  var script = document.createElement('script');
  script.src = box.getAttribute('data-leaflet-js');
  script.onload = draw;
  script.onerror = function () { box.querySelector('.map-status').textContent = 'La carte n’a pas pu être chargée. La liste des lieux est plus bas.'; };
  document.head.appendChild(script);

  function draw() {
    var L = window.L;
    box.querySelector('.map-status').textContent = '';
    box.classList.add('map-ready');
    var map = L.map(box.querySelector('.map-canvas'), { scrollWheelZoom: false });
    var tiles = box.getAttribute('data-tuiles');
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 19, attribution: box.getAttribute('data-attribution') || '' }).addTo(map);
    }
    var bounds = [];
    places.forEach(function (p, i) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 9, color: '#000091', weight: 3, fillColor: '#fff', fillOpacity: 1 }).addTo(map);
      var link = document.createElement('a');
      link.href = '/lieux/' + p.id;
      link.textContent = (i + 1) + '. ' + p.nom;
      marker.bindPopup(link);
      bounds.push([p.lat, p.lon]);
    });
    var centre = box.getAttribute('data-centre');
    if (centre) {
      var c = centre.split(',').map(Number);
      L.circleMarker(c, { radius: 6, color: '#b3001b', weight: 3, fillOpacity: 1 }).addTo(map).bindTooltip('Votre recherche');
      bounds.push(c);
    }
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    else map.setView([46.6, 2.4], 5);
    box.setAttribute('data-markers', String(places.length));
  }
})();
