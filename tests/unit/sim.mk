## Unit tests of the simulator's generator and paging/filter/sort logic (issue 3).
