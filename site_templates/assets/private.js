// Opens a page of the private site: asks for the team password once per tab, decrypts the page
// (AES-GCM, key from PBKDF2-SHA256) with the browser's own WebCrypto and writes it in place.
// Material's search gets its decrypted index; exports are decrypted when their link is clicked.
// The key is a non-extractable CryptoKey in IndexedDB, under this tab's own id: no script can read
// its bytes, a new tab asks again, and 锁定 (on every page) removes it. A page opens only at the
// address it was sealed for: the address is the associated data of its encryption.
// See builder/site/private.py for how the files were sealed.
(function () {
  "use strict";
  var sealed = JSON.parse(document.getElementById("portal-sealed").textContent);
  for (var i = sessionStorage.length - 1; i >= 0; i--) {  // raw keys an earlier version kept here
    var name = sessionStorage.key(i);
    if (name && name.indexOf("portal-site-key:") === 0) sessionStorage.removeItem(name);
  }
  var TAB = "portal-tab";
  var tab = sessionStorage.getItem(TAB);
  if (!tab) {
    tab = b64(crypto.getRandomValues(new Uint8Array(12)));
    sessionStorage.setItem(TAB, tab);
  }
  var record = sealed.salt + "|" + tab;
  var rootPath = new URL(sealed.root, location.href).pathname;
  var here = addressed();
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
  // This page's path under the site's root, as the builder sealed it ("customers/c001/index.html").
  function addressed() {
    var path = decodeURIComponent(location.pathname), root = decodeURIComponent(rootPath);
    if (sealed.path === "404.html") return sealed.path;  // the host shows it at any missing address
    if (path.indexOf(root) !== 0) return null;
    path = path.slice(root.length);
    return path === "" || path.charAt(path.length - 1) === "/" ? path + "index.html" : path;
  }
  function derive(password) {
    return crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveKey"])
      .then(function (base) {
        return crypto.subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt: bytes(sealed.salt), iterations: sealed.rounds },
          base, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
      });
  }
  function keys(mode, action) {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open("portal-site", 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore("keys"); };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var db = opening.result, done = db.transaction("keys", mode), request = action(done.objectStore("keys"));
        done.oncomplete = function () { db.close(); resolve(request && request.result); };
        done.onerror = done.onabort = function () { db.close(); reject(done.error); };
      };
    });
  }
  function stored() {
    return keys("readonly", function (store) { return store.get(record); }).then(function (key) {
      if (!key) throw new Error("no key");
      return key;
    });
  }
  function keep(key) {
    return keys("readwrite", function (store) { return store.put(key, record); });
  }
  // 锁定: this site's keys go from every tab; the page asks for the password again.
  function lock() {
    var mine = IDBKeyRange.bound(sealed.salt + "|", sealed.salt + "|\uffff");
    keys("readwrite", function (store) { return store.delete(mine); }).then(function () {
      location.reload();
    });
  }
  function lockButton() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon portal-lock-button";
    button.title = button.ariaLabel = "锁定";
    button.setAttribute("aria-label", "锁定");
    button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M12 17a2 2 0 0 0 2-2 2 2 0 0 0-2-2 2 2 0 0 0-2 2 2 2 0 0 0 2 2m6-9a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V10a2 2 0 0 1 2-2h1V6a5 5 0 0 1 10 0v2h1m-6-5a3 3 0 0 0-3 3v2h6V6a3 3 0 0 0-3-3z"/></svg>';
    button.addEventListener("click", lock);
    var header = document.querySelector(".md-header__inner") || document.body;
    header.appendChild(button);
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
    return Promise.all([open(key, bytes(sealed.data), here), loaded()]).then(function (done) {
      var plain = done[0];
      serveSearch(key);
      var html = new TextDecoder().decode(plain);
      document.open();
      document.write(html);
      document.close();
      serveDownloads(key);
      // the written page is parsed on after its external scripts load: the header comes later
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", lockButton);
      else lockButton();
    });
  }

  var MOVED = "这个页面不在它原来的地址上，不能打开：请从网站首页进入。";
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (here !== sealed.path) {
      message.textContent = MOVED;
      return;
    }
    message.textContent = "正在打开……";
    derive(document.getElementById("portal-password").value).then(function (key) {
      return open(key, bytes(sealed.data), here).then(function () {
        return keep(key).then(function () { return show(key); });
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
  stored().then(show).catch(function () {
    if (here !== sealed.path) message.textContent = MOVED;
  });
})();
