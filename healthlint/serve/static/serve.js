/* healthlint serve: the page where editors check an article before publishing.
   Served as a file (the page's Content-Security-Policy allows no inline script). It sends the
   article to the server's API with fetch and shows what comes back: the annotated article is HTML
   rendered and escaped on the server by the HTML report's own template; everything else is set
   as text (textContent), never as markup. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 700;
  var state = {
    filename: null,      // name of the dropped or opened file, reported in the results
    path: null,          // path inside the articles folder, when opened from there
    openedText: null,    // the text as opened from the folder, to tell whether it was edited
    sha256: null,        // hash of the file as opened, so a write never overwrites a newer version
    view: null,          // the last /api/view answer
    fixed: null,         // the last /api/fix answer
    sequence: 0,         // answers to older requests are dropped
    controller: null,
    timer: null,
    tab: 0
  };

  function $(id) { return document.getElementById(id); }

  function setStatus(text, kind) {
    var el = $("status");
    el.textContent = text;
    el.className = "status-line" + (kind ? " " + kind : "");
  }

  function headers(json) {
    var out = {};
    if (json) { out["Content-Type"] = "application/json"; }
    var token = $("token");
    if (token && token.value) { out.Authorization = "Bearer " + token.value; }
    return out;
  }

  function options() {
    return { readability: { "target-grade": parseInt($("grade").value, 10) } };
  }

  function payload(extra) {
    var body = { text: $("text").value, format: $("format").value, config: options() };
    if (state.filename) { body.filename = state.filename; }
    Object.keys(extra || {}).forEach(function (key) { body[key] = extra[key]; });
    return body;
  }

  function post(url, body, signal) {
    var init = { method: "POST", headers: headers(!(body instanceof FormData)), signal: signal,
                 body: body instanceof FormData ? body : JSON.stringify(body) };
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || ("HTTP " + response.status));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  // -- checking ------------------------------------------------------------------------------------

  function run(body) {
    if (state.controller) { state.controller.abort(); }
    var controller = window.AbortController ? new AbortController() : null;
    state.controller = controller;
    var sequence = ++state.sequence;
    setStatus("Checking…", "busy");
    return post("/api/view", body, controller ? controller.signal : undefined).then(function (view) {
      if (sequence !== state.sequence) { return null; }
      state.view = view;
      show(view);
      return view;
    }).catch(function (error) {
      if (error.name === "AbortError" || sequence !== state.sequence) { return null; }
      setStatus(error.message, "bad");
      return null;
    });
  }

  function check() {
    if (!$("text").value.trim()) { setStatus("Paste an article to check it."); return Promise.resolve(null); }
    syncWriteButton();
    return run(payload());
  }

  function schedule() {
    clearTimeout(state.timer);
    syncWriteButton();
    if (!$("live").checked) { return; }
    state.timer = setTimeout(check, DEBOUNCE_MS);
  }

  function summary(results) {
    var s = results.summary || {};
    var by = s.by_severity || {};
    return s.findings + " findings: " + (by.error || 0) + " errors, " + (by.warning || 0) + " warnings, " +
      (by.info || 0) + " info";
  }

  // -- showing a result ----------------------------------------------------------------------------

  function show(view) {
    var articles = view.articles || [];
    var tabs = $("tabs");
    tabs.textContent = "";
    tabs.hidden = articles.length < 2;
    if (state.tab >= articles.length) { state.tab = 0; }
    articles.forEach(function (article, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = (index + 1) + ". " + (article.title || "(untitled)") + " (" + article.findings + ")";
      button.className = index === state.tab ? "tab active" : "tab";
      button.addEventListener("click", function () { state.tab = index; show(view); });
      tabs.appendChild(button);
    });
    var result = $("result");
    var file = (view.results.files || [])[0] || {};
    if (!articles.length) {
      result.textContent = "";
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = file.error ? ("Not checked: " + file.error) : "No article found in this text.";
      result.appendChild(p);
    } else {
      // Rendered by the server with the HTML report's template; all article text escaped there.
      result.innerHTML = articles[state.tab].html;
      addFixButtons(result, articles[state.tab].fixes || {});
      setupFilters(result);
    }
    var fixes = articles.reduce(function (n, a) { return n + Object.keys(a.fixes || {}).length; }, 0);
    $("fix-all").disabled = fixes === 0;
    $("download").disabled = false;
    setStatus(summary(view.results) + (fixes ? " · " + fixes + " fixable" : ""), "done");
  }

  function diffInto(pre, text) {
    pre.textContent = "";
    text.split("\n").forEach(function (line, index, all) {
      if (index === all.length - 1 && line === "") { return; }
      var span = document.createElement("span");
      var first = line.charAt(0);
      span.className = line.indexOf("+++") === 0 || line.indexOf("---") === 0 ? "file" :
        first === "+" ? "add" : first === "-" ? "del" : first === "@" ? "hunk" : "ctx";
      span.textContent = line + "\n";
      pre.appendChild(span);
    });
  }

  function addFixButtons(root, fixes) {
    Array.prototype.forEach.call(root.querySelectorAll("li.finding"), function (item) {
      var fid = item.id.replace(/^item-/, "");
      var fix = fixes[fid];
      if (!fix) { return; }
      item.setAttribute("data-fixable", "yes");
      var bar = document.createElement("div");
      bar.className = "fix-bar";
      var preview = document.createElement("button");
      preview.type = "button";
      preview.className = "preview-fix";
      preview.textContent = "Preview fix";
      var apply = document.createElement("button");
      apply.type = "button";
      apply.className = "apply-fix";
      apply.textContent = fix.applicability === "unsafe" ? "Apply this unsafe fix" : "Apply this fix";
      if (fix.applicability === "unsafe") {
        apply.title = "Unsafe: --fix leaves it alone without --unsafe-fixes; look at the preview first";
      }
      var pre = document.createElement("pre");
      pre.className = "diff";
      pre.hidden = true;
      diffInto(pre, fix.diff);
      preview.addEventListener("click", function () {
        pre.hidden = !pre.hidden;
        preview.textContent = pre.hidden ? "Preview fix" : "Hide preview";
      });
      apply.addEventListener("click", function () { applyFix([fix.fingerprint]); });
      bar.appendChild(preview);
      bar.appendChild(apply);
      item.appendChild(bar);
      item.appendChild(pre);
    });
  }

  function setupFilters(root) {
    var items = root.querySelectorAll("li.finding");
    var checkSelect = $("f-check");
    var keep = checkSelect.value;
    while (checkSelect.options.length > 1) { checkSelect.remove(1); }
    var checks = {};
    Array.prototype.forEach.call(items, function (item) { checks[item.getAttribute("data-check")] = true; });
    Object.keys(checks).sort().forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      option.textContent = name;
      checkSelect.appendChild(option);
    });
    checkSelect.value = checks[keep] ? keep : "";
    $("filters").hidden = items.length === 0;
    applyFilters();
  }

  function applyFilters() {
    var check = $("f-check").value, severity = $("f-severity").value, fixable = $("f-fixable").checked;
    var items = $("result").querySelectorAll("li.finding");
    var shown = 0;
    Array.prototype.forEach.call(items, function (item) {
      var ok = (!check || item.getAttribute("data-check") === check) &&
        (!severity || item.getAttribute("data-severity") === severity) &&
        (!fixable || item.getAttribute("data-fixable") === "yes");
      item.hidden = !ok;
      if (ok) { shown += 1; }
    });
    $("f-count").textContent = shown + " of " + items.length + " findings";
  }

  // -- fixes ---------------------------------------------------------------------------------------

  function showFix(fix, title) {
    $("fix-panel").hidden = false;
    $("fix-title").textContent = title;
    $("fix-notes").textContent = (fix.fixed.length ? "Fixed: " + fix.fixed.join(", ") + ". " : "Nothing to fix. ") +
      (fix.notes || []).join(" ");
    diffInto($("fix-diff"), fix.diff || "");
  }

  function applyFix(only) {
    var extra = only ? { findings: only } : { unsafe: $("unsafe-fixes").checked };
    setStatus("Fixing…", "busy");
    return post("/api/fix", payload(extra)).then(function (fix) {
      state.fixed = fix;
      showFix(fix, only ? "Fix applied" : "All fixes applied");
      if (fix.changed) { $("text").value = fix.text; }
      return check();
    }).catch(function (error) { setStatus(error.message, "bad"); });
  }

  function download() {
    var ready = state.fixed && state.fixed.text === $("text").value ? Promise.resolve(state.fixed) :
      post("/api/fix", payload({ unsafe: $("unsafe-fixes").checked }))
        .then(function (fix) { state.fixed = fix; showFix(fix, "Fixed text"); return fix; });
    ready.then(function (fix) {
      var blob = new Blob([fix.text], { type: "text/plain;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fixedName();
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    }).catch(function (error) { setStatus(error.message, "bad"); });
  }

  function fixedName() {
    var ext = { md: ".md", html: ".html", txt: ".txt" }[$("format").value] || ".txt";
    var name = state.filename ? state.filename.split("/").pop() : "article" + ext;
    var dot = name.lastIndexOf(".");
    return (dot > 0 ? name.slice(0, dot) : name) + ".fixed" + (dot > 0 ? name.slice(dot) : ext);
  }

  // -- files: drop, pick, open from the articles folder ---------------------------------------------

  function adopt(view) {
    if (!view) { return; }
    $("text").value = view.text;
    $("format").value = { markdown: "md", html: "html", text: "txt" }[view.kind] || "md";
    state.filename = view.filename;
  }

  function upload(file) {
    var form = new FormData();
    form.append("file", file, file.name);
    form.append("config", JSON.stringify(options()));
    state.path = null;
    state.openedText = null;
    run(form).then(function (view) { adopt(view); syncWriteButton(); });
  }

  function openPath() {
    var path = $("path").value.trim();
    if (!path) { return Promise.resolve(null); }
    var typed = $("text").value;
    return run({ path: path, config: options() }).then(function (view) {
      // A view that comes back after the editor typed something else never overwrites it.
      if (!view || $("text").value !== typed) { return; }
      adopt(view);
      state.path = path;
      state.openedText = view.text;
      state.sha256 = view.sha256;
      syncWriteButton();
    });
  }

  function syncWriteButton() {
    var write = $("write");
    if (!write) { return; }
    var unchanged = state.path !== null && $("text").value === state.openedText;
    write.hidden = state.path === null;
    write.disabled = !unchanged;
    write.title = unchanged ? "Fix " + state.path + " in the articles folder" :
      "The text was edited since it was opened: download it instead";
  }

  function writeFile() {
    if (!state.path) { return; }
    setStatus("Writing…", "busy");
    post("/api/fix", { path: state.path, write: true, expected_sha256: state.sha256, config: options(),
                       unsafe: $("unsafe-fixes").checked })
      .then(function (fix) {
        // The file is opened again first, so "Written" means the page shows what is on disk.
        return openPath().then(function () {
          showFix(fix, fix.written ? "Written to " + state.path : "Nothing to write");
        });
      }).catch(function (error) { setStatus(error.message, "bad"); });
  }

  function loadArticleList() {
    var list = $("article-paths");
    if (!list) { return; }
    fetch("/api/articles", { headers: headers(false) }).then(function (r) { return r.ok ? r.json() : { articles: [] }; })
      .then(function (data) {
        (data.articles || []).forEach(function (path) {
          var option = document.createElement("option");
          option.value = path;
          list.appendChild(option);
        });
      }).catch(function () {});
  }

  // -- wiring --------------------------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    var token = $("token");
    if (token) {
      token.value = sessionStorage.getItem("healthlint-token") || "";
      token.addEventListener("change", function () {
        sessionStorage.setItem("healthlint-token", token.value);
        loadArticleList();
      });
    }
    $("input").addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(state.timer); check(); });
    $("text").addEventListener("input", schedule);
    $("grade").addEventListener("change", check);
    $("format").addEventListener("change", check);
    $("fix-all").addEventListener("click", function () { applyFix(null); });
    $("download").addEventListener("click", download);
    $("file").addEventListener("change", function () { if (this.files[0]) { upload(this.files[0]); } });
    ["f-check", "f-severity", "f-fixable"].forEach(function (id) { $(id).addEventListener("change", applyFilters); });
    if ($("open")) { $("open").addEventListener("click", openPath); }
    if ($("write")) { $("write").addEventListener("click", writeFile); }
    var drop = $("drop");
    drop.addEventListener("dragover", function (event) { event.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("over");
      var file = event.dataTransfer && event.dataTransfer.files[0];
      if (file) { upload(file); }
    });
    // A click on a finding shows where it is in the text (the marks carry the finding's id).
    $("result").addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest(".finding .goto") : null;
      if (!link) { return; }
      Array.prototype.forEach.call(document.querySelectorAll(".flash, .finding.active"), function (el) {
        el.classList.remove("flash"); el.classList.remove("active");
      });
      var target = document.getElementById(link.getAttribute("data-target"));
      if (target) { target.classList.add("flash"); }
      link.parentNode.classList.add("active");
    });
    loadArticleList();
  });
}());
