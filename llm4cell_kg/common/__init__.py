"""Shared leaves every layer uses: the IRI namespaces and the one prefix map, term helpers, atomic writes, the
progress counter and the click options several commands share."""
