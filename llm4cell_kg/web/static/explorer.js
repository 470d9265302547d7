// The query editor: YASGUI (vendored under /static/yasgui) on this server's /sparql, with the canned queries as
// examples. Nothing is fetched from another host: the class/property autocompleters (which call an online
// vocabulary service) are removed, and the page's Content-Security-Policy allows only this origin.
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("example-data").textContent);
  // the package's one prefix map (common/prefixes.py), longest IRI prefix first: result IRIs show as the CURIEs
  // the CLI prints (model:scgpt, UBERON:0002048), each still linking to its IRI or page
  var prefixes = JSON.parse(document.getElementById("prefix-data").textContent);
  // Result cells: the graph's IRIs link to this explorer's pages (/model/scgpt, /task/annotation ...), and typed
  // literals (numbers, booleans, years, strings) show as their value, without the "..."^^xsd:type decoration.
  var Table = Yasgui.Yasr.plugins.table;
  var OURS = /href=(['"])https:\/\/w3id\.org\/llm4cell\/(model|dataset|family|task|modality|grounding|domain|dimension|venue|publication|resource)\/([^'"\/#]+)\1/;
  var VALUE_TYPES = /XMLSchema#(integer|int|long|short|decimal|double|float|boolean|gYear|date|dateTime|string|nonNegativeInteger|positiveInteger)$/;
  if (Table && Table.prototype) {
    var link = Table.prototype.getUriLinkFromBinding;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      return link.call(this, binding, prefixes).replace(OURS, 'href="/$2/$3"');
    };
    var literal = Table.prototype.formatLiteral;
    Table.prototype.formatLiteral = function (binding, prefixes) {
      if (binding.datatype && !binding["xml:lang"] && VALUE_TYPES.test(binding.datatype)) {
        var span = document.createElement("span");
        span.textContent = binding.value;
        return span.innerHTML;
      }
      return literal.call(this, binding, prefixes);
    };
  }
  var byName = {};
  examples.forEach(function (e) { byName[e.name] = e; });
  var endpoint = window.location.origin + "/sparql";
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (n) {
    return n !== "class" && n !== "property";
  });
  var first = byName["agentic-annotation"] || examples[0];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: null,
    yasr: { prefixes: prefixes },
    populateFromUrl: false,
    yasqe: { value: first ? first.query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" }
  });
  window.llm4cellYasgui = yasgui;
  var select = document.getElementById("examples");

  function load(name, run) {
    var e = byName[name];
    if (!e) { return; }
    var tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(e.query);
    tab.setName(e.title);
    if (run) { tab.query(); }
  }

  select.addEventListener("change", function () { load(select.value, false); });
  document.getElementById("run-example").addEventListener("click", function () {
    if (select.value) { load(select.value, true); } else { yasgui.getTab().query(); }
  });
  var hash = decodeURIComponent(window.location.hash.slice(1));
  if (byName[hash]) { select.value = hash; load(hash, true); }
})();
