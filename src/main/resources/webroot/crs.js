/*
 * WGS-84 <-> GCJ-02 for drawing stations on a GCJ-02 base map (Amap) and for reading taps on it.
 * The same algorithm as the server's org.yizhan.geo.ChinaCrs; MapPageBrowserIT checks that both
 * give the same answers. Positions outside the box around China are not offset.
 */
(function () {
  'use strict';

  const A = 6378245.0;
  const EE = 0.00669342162296594323;

  function outsideChina(lon, lat) {
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
  }

  function waves(x) {
    return ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  }

  function latitudeTerm(x, y) {
    let t = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    t += waves(x);
    t += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
    t += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320.0 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
    return t;
  }

  function longitudeTerm(x, y) {
    let t = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    t += waves(x);
    t += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
    t += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
    return t;
  }

  /** [lon, lat] in WGS-84 to [lon, lat] in GCJ-02. */
  function wgsToGcj(lon, lat) {
    if (outsideChina(lon, lat)) {
      return [lon, lat];
    }
    const x = lon - 105.0;
    const y = lat - 35.0;
    const radLat = (lat / 180.0) * Math.PI;
    const s = Math.sin(radLat);
    const m = 1 - EE * s * s;
    const sqrtM = Math.sqrt(m);
    const dLat = (latitudeTerm(x, y) * 180.0) / (((A * (1 - EE)) / (m * sqrtM)) * Math.PI);
    const dLon = (longitudeTerm(x, y) * 180.0) / ((A / sqrtM) * Math.cos(radLat) * Math.PI);
    return [lon + dLon, lat + dLat];
  }

  /** [lon, lat] in GCJ-02 back to WGS-84, by fixed-point iteration to about a millimetre. */
  function gcjToWgs(lon, lat) {
    if (outsideChina(lon, lat)) {
      return [lon, lat];
    }
    let wLon = lon;
    let wLat = lat;
    for (let i = 0; i < 30; i++) {
      const g = wgsToGcj(wLon, wLat);
      const eLon = g[0] - lon;
      const eLat = g[1] - lat;
      wLon -= eLon;
      wLat -= eLat;
      if (Math.abs(eLon) < 1e-11 && Math.abs(eLat) < 1e-11) {
        break;
      }
    }
    return [wLon, wLat];
  }

  window.YzCrs = { wgsToGcj: wgsToGcj, gcjToWgs: gcjToWgs };
})();
