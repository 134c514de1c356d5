"""The national-scale benchmark (issue 3, item 9): ``bench.generate`` builds the data set,
``bench.run`` measures the application against it. Outside the ``mandate`` package: nothing in
the application imports it. See ``bench/README.md``."""
