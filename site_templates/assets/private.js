// Opens a page of the private site: asks for the team password once per browser session,
// decrypts the page (AES-GCM, key from PBKDF2-SHA256) with the browser's own WebCrypto and
// writes it in place. Material's search gets its decrypted index; exports are decrypted when
// their link is clicked. See builder/site/private.py for how the files were sealed.
(function () {
  "use strict";
  var sealed = JSON.parse(document.getElementById("portal-sealed").textContent);
  var storeName = "portal-site-key:" + sealed.salt;
  var form = document.getElementById("portal-unlock");
  var message = document.getElementById("portal-message");
  var encoder = new TextEncoder();

  function bytes(b64) {
    var text = atob(b64), out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  function b64(buffer) {
    var view = new Uint8Array(buffer), text = "";
    for (var i = 0; i < view.length; i++) text += String.fromCharCode(view[i]);
    return btoa(text);
  }
  function open(key, blob, path) {
    var data = blob instanceof Uint8Array ? blob : new Uint8Array(blob);
    return crypto.subtle.decrypt(
      { name: "AES-GCM", iv: data.slice(0, 12), additionalData: encoder.encode(path) }, key, data.slice(12));
  }
  function derive(password) {
    return crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveKey"])
      .then(function (base) {
        return crypto.subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt: bytes(sealed.salt), iterations: sealed.rounds },
          base, { name: "AES-GCM", length: 256 }, true, ["decrypt"]);
      });
  }
  function stored() {
    var raw = sessionStorage.getItem(storeName);
    if (!raw) return Promise.reject(new Error("no key"));
    return crypto.subtle.importKey("raw", bytes(raw), "AES-GCM", true, ["decrypt"]);
  }
  function site(path) { return new URL(sealed.root + path, location.href).href; }
  function fetchBytes(path) {
    return fetch(site(path)).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + path);
      return r.arrayBuffer();
    });
  }

  // Material asks for search/search_index.json with XMLHttpRequest: answer from the decrypted copy.
  function serveSearch(key) {
    var index = null, wanted = site("search/search_index.json");
    function decrypted() {
      index = index || fetchBytes("search/search_index.json").then(function (data) {
        return open(key, data, "search/search_index.json");
      }).then(function (plain) {
        return URL.createObjectURL(new Blob([plain], { type: "application/json" }));
      });
      return index;
    }
    var realOpen = XMLHttpRequest.prototype.open, realSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) {
      this._portalIndex = new URL(String(url), location.href).href === wanted;
      this._portalArgs = arguments;
      return realOpen.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
      if (!this._portalIndex) return realSend.apply(this, arguments);
      var request = this, args = Array.prototype.slice.call(this._portalArgs);
      decrypted().then(function (url) {
        args[1] = url;
        realOpen.apply(request, args);
        realSend.call(request);
      });
    };
  }

  // Exports are sealed files: decrypt and save when their link is clicked.
  function serveDownloads(key) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link) return;
      var url = new URL(link.getAttribute("href"), location.href);
      var root = new URL(sealed.root, location.href);
      if (url.origin !== root.origin || url.pathname.indexOf(root.pathname + "export/") !== 0) return;
      event.preventDefault();
      var path = decodeURIComponent(url.pathname.slice(root.pathname.length));
      fetchBytes(path).then(function (data) { return open(key, data, path); }).then(function (plain) {
        var save = document.createElement("a");
        save.href = URL.createObjectURL(new Blob([plain]));
        save.download = path.split("/").pop();
        document.body.appendChild(save);
        save.click();
        save.remove();
      });
    });
  }

  function loaded() {
    // document.open() replaces a page only once its parser is done; before that, write() would append.
    return new Promise(function (resolve) {
      if (document.readyState === "complete") resolve();
      else window.addEventListener("load", function () { resolve(); });
    });
  }

  function show(key) {
    return Promise.all([open(key, bytes(sealed.data), sealed.path), loaded()]).then(function (done) {
      var plain = done[0];
      serveSearch(key);
      var html = new TextDecoder().decode(plain);
      document.open();
      document.write(html);
      document.close();
      serveDownloads(key);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    message.textContent = "正在打开……";
    derive(document.getElementById("portal-password").value).then(function (key) {
      return open(key, bytes(sealed.data), sealed.path).then(function () {
        return crypto.subtle.exportKey("raw", key).then(function (raw) {
          sessionStorage.setItem(storeName, b64(raw));
          return show(key);
        });
      });
    }).catch(function () {
      message.textContent = "密码不对，请再试一次。";
    });
  });

  if (!window.crypto || !crypto.subtle) {
    message.textContent = "这个浏览器不能在这里解密：请用 https 地址打开网站，或换用新版浏览器。";
    form.querySelector("button").disabled = true;
    return;
  }
  stored().then(show).catch(function () { sessionStorage.removeItem(storeName); });
})();
