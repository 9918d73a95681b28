## Dashboard end-to-end tests in tmux against thingtop-sim (issues 5 and 7).
