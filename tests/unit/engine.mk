## Unit tests of the engines (auth, paging, errors, model, fetch thread) against a real thingtop-sim.
