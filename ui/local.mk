## The curses dashboard (ui/): linked with src/main.c into ./thingtop.

thingtop_SOURCES += ui/ui.c ui/ui.h ui/keys.c ui/keys.h ui/theme.c ui/theme.h
